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

/** The base class of every error thrown by the regularizers packages. */
export class RegularizerError extends Error {
  private readonly [regularizerErrorMarker] = true;
  override name = 'RegularizerError';

  /** True for any regularizers error, from any installed copy of core. */
  static isInstance(error: unknown): error is RegularizerError {
    return hasMarker(error, regularizerErrorMarker);
  }
}

const invalidArgumentMarker = marker('InvalidArgumentError');

/** A constructor or function argument has a bad value or an unknown name. Nothing was built. */
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

/** A registration was refused: a bad name, a name already taken, or a target with no name. The registry is unchanged. */
export class RegistrationError extends RegularizerError {
  private readonly [registrationMarker] = true;
  override name = 'RegistrationError';

  /** True for a {@link RegistrationError} from any installed copy of core. */
  static override isInstance(error: unknown): error is RegistrationError {
    return hasMarker(error, registrationMarker);
  }
}

const unknownRegularizerMarker = marker('UnknownRegularizerError');

/** A name that nothing is registered under. The message lists the names that are. */
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

/** A regularizer cannot be written in a form that loads back: it is unregistered, or its config is not JSON. */
export class SerializationError extends RegularizerError {
  private readonly [serializationMarker] = true;
  override name = 'SerializationError';

  /** True for a {@link SerializationError} from any installed copy of core. */
  static override isInstance(error: unknown): error is SerializationError {
    return hasMarker(error, serializationMarker);
  }
}

const deserializationMarker = marker('DeserializationError');

/** An identifier or JSON object that does not describe a regularizer. Nothing was built. */
export class DeserializationError extends RegularizerError {
  private readonly [deserializationMarker] = true;
  override name = 'DeserializationError';

  /** True for a {@link DeserializationError} from any installed copy of core. */
  static override isInstance(error: unknown): error is DeserializationError {
    return hasMarker(error, deserializationMarker);
  }
}

const penaltyMarker = marker('PenaltyError');

/** A penalty was called on something that is not a tensor, or returned something that is not a number or a tensor. */
export class PenaltyError extends RegularizerError {
  private readonly [penaltyMarker] = true;
  override name = 'PenaltyError';

  /** True for a {@link PenaltyError} from any installed copy of core. */
  static override isInstance(error: unknown): error is PenaltyError {
    return hasMarker(error, penaltyMarker);
  }
}

const conformanceMarker = marker('ConformanceError');

/** A conformance check from `@regularizers/core/testing` failed. The message says which check and why. */
export class ConformanceError extends RegularizerError {
  private readonly [conformanceMarker] = true;
  override name = 'ConformanceError';

  /** True for a {@link ConformanceError} from any installed copy of core. */
  static override isInstance(error: unknown): error is ConformanceError {
    return hasMarker(error, conformanceMarker);
  }
}
