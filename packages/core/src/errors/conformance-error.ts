import { RegularizerError } from './regularizer-error.js';

const marker = Symbol.for('@regularizers/core.error.ConformanceError');

/**
 * A conformance check from `@regularizers/core/testing` failed. The message says which check and
 * why.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { ConformanceError } from '@regularizers/core';
 * import { checkFiniteScalar } from '@regularizers/core/testing';
 *
 * try {
 *   checkFiniteScalar((x: tf.Tensor) => tf.abs(x)); // not a scalar
 * } catch (error) {
 *   if (ConformanceError.isInstance(error)) console.error(error.message);
 * }
 * ```
 */
export class ConformanceError extends RegularizerError {
  private readonly [marker] = true;
  override name = 'ConformanceError';

  /**
   * True for a {@link ConformanceError} from any installed copy of core.
   *
   * @param error - anything caught.
   */
  static override isInstance(error: unknown): error is ConformanceError {
    return RegularizerError.hasMarker(error, marker);
  }
}
