import { RegularizerError } from './regularizer-error.js';

const marker = Symbol.for('@regularizers/core.error.InvalidArgumentError');

/**
 * A constructor or function argument has a bad value or an unknown name. Nothing was built.
 *
 * @example
 * ```ts
 * import { InvalidArgumentError, checkFactor } from '@regularizers/core';
 *
 * try {
 *   checkFactor('l1', -1);
 * } catch (error) {
 *   if (InvalidArgumentError.isInstance(error)) console.error(error.argument); // 'l1'
 * }
 * ```
 */
export class InvalidArgumentError extends RegularizerError {
  private readonly [marker] = true;
  override name = 'InvalidArgumentError';

  /**
   * @param argument - the argument's name, as the caller wrote it.
   * @param message - the whole message: what was wrong, the value received, and what to do.
   * @param options - `{ cause }`: the error that led to this one, if any.
   */
  constructor(
    readonly argument: string,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }

  /**
   * True for an {@link InvalidArgumentError} from any installed copy of core.
   *
   * @param error - anything caught.
   */
  static override isInstance(error: unknown): error is InvalidArgumentError {
    return RegularizerError.hasMarker(error, marker);
  }
}
