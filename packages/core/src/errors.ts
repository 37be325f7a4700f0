/**
 * Every error the regularizers packages throw. Each class carries a `Symbol.for` marker, so its
 * static `isInstance` works across duplicate installs of `@regularizers/core`, where `instanceof`
 * would not.
 */

function marker(name: string): symbol {
  return Symbol.for(`@regularizers/core.error.${name}`);
}

function hasMarker(value: unknown, symbol: symbol): boolean {
  return (
    typeof value === 'object' &&
    value !== null &&
    (value as Record<symbol, unknown>)[symbol] === true
  );
}

const regularizerErrorMarker = marker('RegularizerError');

/**
 * The base class of every error thrown by the regularizers packages.
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
  private readonly [regularizerErrorMarker] = true;
  override name = 'RegularizerError';

  /** True for any regularizers error, from any installed copy of core. */
  static isInstance(error: unknown): error is RegularizerError {
    return hasMarker(error, regularizerErrorMarker);
  }
}

const invalidArgumentMarker = marker('InvalidArgumentError');

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
  private readonly [invalidArgumentMarker] = true;
  override name = 'InvalidArgumentError';

  /**
   * @param argument - the argument's name, as the caller wrote it.
   * @param message - the whole message: what was wrong, the value received, and what to do.
   */
  constructor(
    readonly argument: string,
    message: string,
  ) {
    super(message);
  }

  /** True for an {@link InvalidArgumentError} from any installed copy of core. */
  static override isInstance(error: unknown): error is InvalidArgumentError {
    return hasMarker(error, invalidArgumentMarker);
  }
}

const registrationMarker = marker('RegistrationError');

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
  private readonly [registrationMarker] = true;
  override name = 'RegistrationError';

  /** True for a {@link RegistrationError} from any installed copy of core. */
  static override isInstance(error: unknown): error is RegistrationError {
    return hasMarker(error, registrationMarker);
  }
}

const unknownRegularizerMarker = marker('UnknownRegularizerError');

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
  private readonly [unknownRegularizerMarker] = true;
  override name = 'UnknownRegularizerError';

  /**
   * @param requested - the name that was looked up.
   * @param registeredNames - every name registered at the time, for the message and for callers.
   */
  constructor(
    readonly requested: string,
    readonly registeredNames: readonly string[],
    message: string,
  ) {
    super(message);
  }

  /** True for an {@link UnknownRegularizerError} from any installed copy of core. */
  static override isInstance(error: unknown): error is UnknownRegularizerError {
    return hasMarker(error, unknownRegularizerMarker);
  }
}

const serializationMarker = marker('SerializationError');

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
  private readonly [serializationMarker] = true;
  override name = 'SerializationError';

  /** True for a {@link SerializationError} from any installed copy of core. */
  static override isInstance(error: unknown): error is SerializationError {
    return hasMarker(error, serializationMarker);
  }
}

const deserializationMarker = marker('DeserializationError');

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
  private readonly [deserializationMarker] = true;
  override name = 'DeserializationError';

  /** True for a {@link DeserializationError} from any installed copy of core. */
  static override isInstance(error: unknown): error is DeserializationError {
    return hasMarker(error, deserializationMarker);
  }
}

const penaltyMarker = marker('PenaltyError');

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
  private readonly [penaltyMarker] = true;
  override name = 'PenaltyError';

  /** True for a {@link PenaltyError} from any installed copy of core. */
  static override isInstance(error: unknown): error is PenaltyError {
    return hasMarker(error, penaltyMarker);
  }
}

const conformanceMarker = marker('ConformanceError');

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
  private readonly [conformanceMarker] = true;
  override name = 'ConformanceError';

  /** True for a {@link ConformanceError} from any installed copy of core. */
  static override isInstance(error: unknown): error is ConformanceError {
    return hasMarker(error, conformanceMarker);
  }
}
