import { RegularizerError } from './regularizer-error.js';

const marker = Symbol.for('@regularizers/core.error.UnknownRegularizerError');

/**
 * A name that nothing is registered under. The message lists the names that are.
 *
 * @example
 * ```ts
 * import { UnknownRegularizerError, deserializeRegularizer } from '@regularizers/core';
 *
 * try {
 *   deserializeRegularizer({ class_name: 'MyL1Regularizer', config: { factor: 0.01 } });
 * } catch (error) {
 *   if (UnknownRegularizerError.isInstance(error)) console.error(error.registeredNames);
 * }
 * ```
 */
export class UnknownRegularizerError extends RegularizerError {
  private readonly [marker] = true;
  override name = 'UnknownRegularizerError';

  /**
   * @param requested - the name that was looked up.
   * @param registeredNames - every name registered at the time, for the message and for callers.
   * @param message - the whole message, listing the registered names.
   * @param options - `{ cause }`: the error that led to this one, if any.
   */
  constructor(
    readonly requested: string,
    readonly registeredNames: readonly string[],
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }

  /**
   * True for an {@link UnknownRegularizerError} from any installed copy of core.
   *
   * @param error - anything caught.
   */
  static override isInstance(error: unknown): error is UnknownRegularizerError {
    return RegularizerError.hasMarker(error, marker);
  }
}
