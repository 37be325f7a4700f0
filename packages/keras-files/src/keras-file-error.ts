import { RegularizerError } from '@regularizers/core';

const kerasFileErrorMarker = Symbol.for('@regularizers/keras-files.error.KerasFileError');

/**
 * A Keras file that cannot be read or written: not a `.keras` archive or an HDF5 model, unsafe
 * (a zip entry with a path trick, a size over the limit), or whose weights do not fit the model
 * its config describes (a missing, extra or misshapen weight, named with its layer). Loading
 * refuses before the model is returned, and frees every tensor it made. A model config that
 * cannot be built is a `ModelJsonError` of `@regularizers/tfjs-adapter` instead, as it is for
 * `modelFromKerasJSON`. Like every error of the regularizers packages, it carries a `Symbol.for`
 * marker, so `isInstance` works across duplicate installs, where `instanceof` would not.
 *
 * @example
 * ```ts
 * import { KerasFileError, loadKerasModel } from '@regularizers/keras-files';
 *
 * try {
 *   await loadKerasModel(new Uint8Array([1, 2, 3]));
 * } catch (error) {
 *   if (KerasFileError.isInstance(error)) console.error(error.message); // not a Keras file
 * }
 * ```
 */
export class KerasFileError extends RegularizerError {
  private readonly [kerasFileErrorMarker] = true;
  override name = 'KerasFileError';

  /**
   * True for a {@link KerasFileError} from any installed copy of the package.
   *
   * @param error - anything caught.
   */
  static override isInstance(error: unknown): error is KerasFileError {
    return RegularizerError.hasMarker(error, kerasFileErrorMarker);
  }
}
