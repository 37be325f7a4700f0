import { describe, expect, it } from 'vitest';
import { checkArguments, checkFactor, checkOneOf } from './validation.js';
import { InvalidArgumentError } from './errors/index.js';

describe('checkFactor', () => {
  it.each([0, 1e-10, 0.01, 1, 1e6, 3.4028234663852886e38])('accepts %s', (value) => {
    expect(checkFactor('l1', value)).toBe(value);
  });

  it('uses the Keras wording, naming the argument and the value', () => {
    expect(() => checkFactor('l1', -1)).toThrow(
      'Invalid value for argument l1: expected a non-negative finite number. Received: l1=-1',
    );
  });

  it.each([1e308, 3.5e38, Number.MAX_VALUE])(
    'refuses %s, which float32 would make Infinity',
    (value) => {
      expect(Math.fround(value)).toBe(Infinity);
      expect(() => checkFactor('l2', value)).toThrow(
        `Invalid value for argument l2: expected a non-negative number that fits in float32, at most 3.4028234663852886e+38 (a larger one becomes Infinity in the penalty). Received: l2=${String(value)}`,
      );
    },
  );

  it('records the argument on the error', () => {
    try {
      checkFactor('factor', Number.NaN);
    } catch (error) {
      expect(InvalidArgumentError.isInstance(error)).toBe(true);
      expect((error as InvalidArgumentError).argument).toBe('factor');
    }
    expect.assertions(2);
  });
});

describe('checkOneOf', () => {
  it('returns an allowed value and lists the choices otherwise', () => {
    expect(checkOneOf('mode', 'columns', ['rows', 'columns'])).toBe('columns');
    expect(() => checkOneOf('mode', 'diagonal', ['rows', 'columns'])).toThrow(
      'Invalid value for argument mode: expected one of "rows", "columns". Received: mode="diagonal"',
    );
  });
});

describe('checkArguments', () => {
  it('treats an absent config as empty and returns a present one', () => {
    expect(checkArguments('L1', undefined, ['l1'])).toEqual({});
    expect(checkArguments('L1', { l1: 0.5 }, ['l1'])).toEqual({ l1: 0.5 });
  });

  it('rejects unknown arguments and non-objects', () => {
    expect(() => checkArguments('L1', { l2: 0.1 }, ['l1'])).toThrow(
      'Unknown argument l2 for L1, which takes l1. Received: l2=0.1',
    );
    expect(() => checkArguments('Plain', { a: 1 }, [])).toThrow(/which takes no arguments/);
    expect(() => checkArguments('L1', 0.1, ['l1'])).toThrow(
      'L1 expects a config object such as { l1: … }. Received: 0.1',
    );
  });
});
