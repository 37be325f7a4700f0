import { describe, expect, it } from 'vitest';
import {
  ConformanceError,
  DeserializationError,
  InvalidArgumentError,
  PenaltyError,
  RegistrationError,
  RegularizerError,
  SerializationError,
  UnknownRegularizerError,
} from './index.js';

const cause = new TypeError('the first failure');

/** One error of each class, each built with a cause, with the class and its name. */
const errors = [
  [RegularizerError, 'RegularizerError', new RegularizerError('m', { cause })],
  [InvalidArgumentError, 'InvalidArgumentError', new InvalidArgumentError('l1', 'm', { cause })],
  [RegistrationError, 'RegistrationError', new RegistrationError('m', { cause })],
  [
    UnknownRegularizerError,
    'UnknownRegularizerError',
    new UnknownRegularizerError('L3', ['L1'], 'm', { cause }),
  ],
  [SerializationError, 'SerializationError', new SerializationError('m', { cause })],
  [DeserializationError, 'DeserializationError', new DeserializationError('m', { cause })],
  [PenaltyError, 'PenaltyError', new PenaltyError('m', { cause })],
  [ConformanceError, 'ConformanceError', new ConformanceError('m', { cause })],
] as const;

describe('the error classes', () => {
  it.each(errors)('%o is named, keeps its cause, and is a RegularizerError', (_, name, error) => {
    expect(error.name).toBe(name);
    expect(error.message).toBe('m');
    expect(error.cause).toBe(cause);
    expect(RegularizerError.isInstance(error)).toBe(true);
  });

  it('recognise their own instances and no other class', () => {
    for (const [errorClass, name] of errors) {
      for (const [, otherName, other] of errors) {
        const expected = otherName === name || name === 'RegularizerError';
        expect(errorClass.isInstance(other), `${name}.isInstance(${otherName})`).toBe(expected);
      }
    }
  });

  it('keep the arguments they name', () => {
    expect(new InvalidArgumentError('l1', 'm').argument).toBe('l1');
    const unknown = new UnknownRegularizerError('L3', ['L1', 'L2'], 'm');
    expect([unknown.requested, unknown.registeredNames]).toEqual(['L3', ['L1', 'L2']]);
  });

  it('refuse what is not an error of theirs', () => {
    for (const value of [null, undefined, 'RegistrationError', new Error('m'), {}]) {
      expect(RegularizerError.isInstance(value)).toBe(false);
      expect(RegistrationError.isInstance(value)).toBe(false);
    }
  });

  it('recognise an object branded by another installed copy, by its Symbol.for marker', () => {
    const fromAnotherCopy = {
      [Symbol.for('@regularizers/core.error.RegularizerError')]: true,
      [Symbol.for('@regularizers/core.error.PenaltyError')]: true,
    };
    expect(PenaltyError.isInstance(fromAnotherCopy)).toBe(true);
    expect(RegularizerError.isInstance(fromAnotherCopy)).toBe(true);
    expect(SerializationError.isInstance(fromAnotherCopy)).toBe(false);
  });
});
