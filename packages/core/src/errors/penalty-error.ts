import { RegularizerError } from './regularizer-error.js';

const marker = Symbol.for('@regularizers/core.error.PenaltyError');

/**
 * A penalty was called on something that is not a tensor, or returned something that is not a
 * number or a tensor.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { PenaltyError, computePenalty } from '@regularizers/core';
 *
 * try {
 *   computePenalty(() => 'large' as never, tf.ones([2]));
 * } catch (error) {
 *   if (PenaltyError.isInstance(error)) console.error(error.message); // The penalty of … must be …
 * }
 * ```
 */
export class PenaltyError extends RegularizerError {
  private readonly [marker] = true;
  override name = 'PenaltyError';

  /**
   * True for a {@link PenaltyError} from any installed copy of core.
   *
   * @param error - anything caught.
   */
  static override isInstance(error: unknown): error is PenaltyError {
    return RegularizerError.hasMarker(error, marker);
  }
}
