import { RegularizerError } from './regularizer-error.js';

const marker = Symbol.for('@regularizers/core.error.DeserializationError');

/**
 * An identifier or JSON object that does not describe a regularizer. Nothing was built.
 *
 * @example
 * ```ts
 * import { DeserializationError, getRegularizer } from '@regularizers/core';
 *
 * try {
 *   getRegularizer(42 as never);
 * } catch (error) {
 *   if (DeserializationError.isInstance(error)) console.error(error.message); // Could not interpret …
 * }
 * ```
 */
export class DeserializationError extends RegularizerError {
  private readonly [marker] = true;
  override name = 'DeserializationError';

  /**
   * True for a {@link DeserializationError} from any installed copy of core.
   *
   * @param error - anything caught.
   */
  static override isInstance(error: unknown): error is DeserializationError {
    return RegularizerError.hasMarker(error, marker);
  }
}
