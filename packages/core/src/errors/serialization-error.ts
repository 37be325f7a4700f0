import { RegularizerError } from './regularizer-error.js';

const marker = Symbol.for('@regularizers/core.error.SerializationError');

/**
 * A regularizer cannot be written in a form that loads back: it is unregistered, or its config is
 * not JSON.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { SerializationError, serializeRegularizer } from '@regularizers/core';
 *
 * try {
 *   serializeRegularizer((x: tf.Tensor) => tf.sum(x)); // an unregistered function
 * } catch (error) {
 *   if (SerializationError.isInstance(error)) console.error(error.message); // … registerRegularizer …
 * }
 * ```
 */
export class SerializationError extends RegularizerError {
  private readonly [marker] = true;
  override name = 'SerializationError';

  /**
   * True for a {@link SerializationError} from any installed copy of core.
   *
   * @param error - anything caught.
   */
  static override isInstance(error: unknown): error is SerializationError {
    return RegularizerError.hasMarker(error, marker);
  }
}
