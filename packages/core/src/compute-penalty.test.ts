import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { computePenalty, floatInput } from './compute-penalty.js';
import { Strength } from './test-plugins.js';
import { sumSquares } from './reference-penalties.js';

let tensorsBefore: number;
beforeEach(() => {
  tensorsBefore = tf.memory().numTensors;
});
afterEach(() => {
  expect(tf.memory().numTensors).toBe(tensorsBefore);
});

function valueOf(penalty: tf.Scalar): { value: number; dtype: string; rank: number } {
  const result = {
    value: penalty.dataSync()[0] ?? Number.NaN,
    dtype: penalty.dtype,
    rank: penalty.rank,
  };
  penalty.dispose();
  return result;
}

describe('computePenalty', () => {
  const values = [0.5, -1.5, 2, -3];

  it('calls a regularizer object and keeps only the result', () => {
    const x = tf.tensor1d(values);
    const penalty = valueOf(computePenalty(new Strength({ strength: 0.1 }), x));
    x.dispose();
    expect(penalty).toEqual({
      value: expect.closeTo(0.1 * sumSquares(values), 5) as number,
      dtype: 'float32',
      rank: 0,
    });
  });

  it('disposes the intermediates a careless function leaves behind', () => {
    const x = tf.tensor1d(values);
    const careless = (input: tf.Tensor) => {
      const doubled = tf.mul(input, 2); // never disposed by the function itself
      return tf.sum(doubled);
    };
    expect(valueOf(computePenalty(careless, x)).value).toBeCloseTo(
      2 * values.reduce((a, b) => a + b),
      5,
    );
    x.dispose();
  });

  it('turns a number into a float32 scalar', () => {
    const x = tf.tensor1d(values);
    expect(valueOf(computePenalty(() => 2.5, x))).toEqual({
      value: 2.5,
      dtype: 'float32',
      rank: 0,
    });
    x.dispose();
  });

  it('sums a non-scalar result, as Keras does when it adds losses', () => {
    const x = tf.tensor2d([
      [1, 2],
      [3, 4],
    ]);
    expect(valueOf(computePenalty((input) => tf.square(input), x))).toEqual({
      value: 30,
      dtype: 'float32',
      rank: 0,
    });
    x.dispose();
  });

  it('casts an integer input to float32 before the penalty sees it', () => {
    const x = tf.tensor1d([1, -2, 3], 'int32');
    let seen = '';
    const penalty = computePenalty((input) => {
      seen = input.dtype;
      return tf.sum(tf.div(input, 2));
    }, x);
    expect(seen).toBe('float32');
    expect(valueOf(penalty).value).toBeCloseTo(1, 6); // (1 - 2 + 3) / 2 in float arithmetic
    x.dispose();
  });

  it('casts an integer result to float32', () => {
    const x = tf.tensor1d([1, 2, 3], 'int32');
    expect(valueOf(computePenalty(() => tf.scalar(7, 'int32'), x))).toEqual({
      value: 7,
      dtype: 'float32',
      rank: 0,
    });
    x.dispose();
  });

  it('lets NaN through rather than hiding it', () => {
    const x = tf.tensor1d([Number.NaN, 1]);
    expect(valueOf(computePenalty(new Strength({ strength: 1 }), x)).value).toBeNaN();
    x.dispose();
  });
});

describe('floatInput', () => {
  it('returns a float32 tensor unchanged and casts other dtypes', () => {
    const x = tf.tensor1d([1, 2]);
    expect(floatInput('Test', x)).toBe(x);
    const ints = tf.tensor1d([1, 2], 'int32');
    const bools = tf.tensor1d([true, false], 'bool');
    tf.tidy(() => {
      expect(Array.from(floatInput('Test', ints).dataSync())).toEqual([1, 2]);
      expect(floatInput('Test', bools).dtype).toBe('float32');
    });
    tf.dispose([x, ints, bools]);
  });

  it('names the owner and what it received', () => {
    expect(() => floatInput('L1', 'weights')).toThrow(
      /^L1 must be applied to a tensor. Received: "weights"/,
    );
  });
});
