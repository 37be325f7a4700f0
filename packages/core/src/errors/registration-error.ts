import { RegularizerError } from './regularizer-error.js';

const marker = Symbol.for('@regularizers/core.error.RegistrationError');

/**
 * A registration was refused: a bad name, a name already taken, or a target with no name. The
 * registry is unchanged.
 *
 * @example
 * ```ts
 * import { RegistrationError, registerRegularizer } from '@regularizers/core';
 *
 * try {
 *   registerRegularizer((x) => x, { name: 'two words' });
 * } catch (error) {
 *   if (RegistrationError.isInstance(error)) console.error(error.message); // Invalid regularizer name …
 * }
 * ```
 */
export class RegistrationError extends RegularizerError {
  private readonly [marker] = true;
  override name = 'RegistrationError';

  /**
   * True for a {@link RegistrationError} from any installed copy of core.
   *
   * @param error - anything caught.
   */
  static override isInstance(error: unknown): error is RegistrationError {
    return RegularizerError.hasMarker(error, marker);
  }
}
