import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { penaltyOf } from './penalty-of.js';
import { sumAbs, sumSquares } from './reference-penalties.js';
import { ConformanceError } from './errors/index.js';
import { Strength, my_regularizer } from './test-plugins.js';

describe('penaltyOf', () => {
  it('reads the penalty of a regularizer object and of a plain function, leaving no tensor', () => {
    const before = tf.memory().numTensors;
    expect(
      penaltyOf(new Strength({ strength: 2 }), [
        [1, -2],
        [3, 0.5],
      ]),
    ).toBeCloseTo(2 * (1 + 4 + 9 + 0.25), 5);
    expect(penaltyOf(my_regularizer, 3)).toBeCloseTo(9e-3, 8);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('builds the input with the dtype asked for', () => {
    const dtypes: string[] = [];
    const recording = (x: tf.Tensor) => {
      dtypes.push(x.dtype);
      return tf.sum(tf.cast(x, 'float32'));
    };
    expect(penaltyOf(recording, [1, 2, 3], 'int32')).toBe(6);
    expect(dtypes).toEqual(['int32']);
  });

  it('gives NaN and Infinity back as they are', () => {
    const sum = (x: tf.Tensor) => tf.sum(x);
    expect(penaltyOf(sum, [1, Number.NaN])).toBeNaN();
    expect(penaltyOf(sum, [1, Infinity])).toBe(Infinity);
  });

  it.each([
    ['a number', () => 3, /it returned 3\.$/],
    ['a tensor of rank 1', (x: tf.Tensor) => tf.abs(x), /it returned a tensor of shape \[2\]\.$/],
    ['an int32 scalar', () => tf.scalar(1, 'int32'), /it returned dtype int32\.$/],
  ])('refuses %s, naming the regularizer, and leaves no tensor', (_, penalty, message) => {
    const before = tf.memory().numTensors;
    const named = { apply: penalty } as unknown as Strength;
    expect(() => penaltyOf(named, [1, -2])).toThrow(ConformanceError);
    expect(() => penaltyOf(penalty as never, [1, -2])).toThrow(
      /failed "returns a float32 scalar" in penaltyOf: it returned/,
    );
    expect(() => penaltyOf(penalty as never, [1, -2])).toThrow(message);
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('the plain-loop references', () => {
  it('sum |v| and v² over arrays and typed arrays', () => {
    expect(sumAbs([1, -2, 3.5])).toBe(6.5);
    expect(sumSquares([1, -2, 3.5])).toBe(17.25);
    expect(sumAbs(new Float32Array([-0.5, 0.25]))).toBe(0.75);
    expect(sumSquares(new Float32Array([-0.5, 0.25]))).toBe(0.3125);
    expect([sumAbs([]), sumSquares([])]).toEqual([0, 0]);
  });

  it('count a hole as NaN, so that a wrong length cannot pass', () => {
    expect(sumAbs({ length: 2, 0: 1 })).toBeNaN();
    expect(sumSquares({ length: 2, 0: 1 })).toBeNaN();
  });
});
