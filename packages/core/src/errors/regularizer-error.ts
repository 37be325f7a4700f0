const marker = Symbol.for('@regularizers/core.error.RegularizerError');

/**
 * The base class of every error thrown by the regularizers packages.
 *
 * Each error class carries its own `Symbol.for` marker, set on every instance, and its static
 * `isInstance` checks for that marker. `instanceof` fails across two installed copies of
 * `@regularizers/core` (each has its own classes); the markers are global, so `isInstance` does
 * not. A subclass declares its marker and a one-line `isInstance` that calls {@link hasMarker}.
 * Every constructor takes `Error`'s options, `{ cause }`, to keep the error that led to this one.
 *
 * @example
 * ```ts
 * import { RegularizerError, getRegularizer } from '@regularizers/core';
 *
 * try {
 *   getRegularizer('no_such_regularizer');
 * } catch (error) {
 *   // isInstance, not instanceof: it also recognises errors from another installed copy of core.
 *   if (RegularizerError.isInstance(error)) console.error(error.message);
 * }
 * ```
 */
export class RegularizerError extends Error {
  private readonly [marker] = true;
  override name = 'RegularizerError';

  /**
   * @param message - the whole message: what was wrong, the value received, and what to do.
   * @param options - `{ cause }`: the error that led to this one, if any.
   */
  // Error's own constructor, declared to document its parameters for every error class.
  // eslint-disable-next-line @typescript-eslint/no-useless-constructor
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
  }

  /**
   * True for any regularizers error, from any installed copy of core.
   *
   * @param error - anything caught.
   */
  static isInstance(error: unknown): error is RegularizerError {
    return RegularizerError.hasMarker(error, marker);
  }

  /**
   * Whether `value` carries the marker `symbol`: the brand check behind every `isInstance`.
   *
   * @param value - anything caught.
   * @param symbol - the class's `Symbol.for` marker.
   */
  protected static hasMarker(value: unknown, symbol: symbol): boolean {
    return (
      typeof value === 'object' &&
      value !== null &&
      (value as Record<symbol, unknown>)[symbol] === true
    );
  }
}
