import { RegularizerError } from '@regularizers/core';

const modelJsonErrorMarker = Symbol.for('@regularizers/tfjs-adapter.error.ModelJsonError');

/**
 * A Keras or TensorFlow.js model file that cannot be loaded, refused before anything is built: no
 * tensor is allocated and nothing is registered. It exists so that callers can tell a bad or
 * unsupported model file (a `Lambda` layer, a custom class, a hostile or corrupted topology) from
 * a bug, and so that the message names the real cause instead of whatever tfjs trips on later.
 * Like every error of the regularizers packages, it carries a `Symbol.for` marker, so its static
 * `isInstance` works across duplicate installs, where `instanceof` would not.
 *
 * @example
 * ```ts
 * import { ModelJsonError, modelFromKerasJSON } from '@regularizers/tfjs-adapter';
 *
 * try {
 *   await modelFromKerasJSON({ class_name: 'Sequential', config: { layers: [{ class_name: 'Lambda', config: {} }] } });
 * } catch (error) {
 *   if (ModelJsonError.isInstance(error)) console.error(error.message); // names the Lambda layer
 * }
 * ```
 */
export class ModelJsonError extends RegularizerError {
  private readonly [modelJsonErrorMarker] = true;
  override name = 'ModelJsonError';

  /**
   * True for a {@link ModelJsonError} from any installed copy of the adapter.
   *
   * @param error - anything caught.
   */
  static override isInstance(error: unknown): error is ModelJsonError {
    return RegularizerError.hasMarker(error, modelJsonErrorMarker);
  }
}
