// Reference inputs of keras-semantics.md §7, and a helper to read a penalty, for the tests.
import { expect } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import type { Regularizer } from '@regularizers/core';

/** M of §7: sum|M| = 13.6 and sum M² = 14.96. */
export const M = [
  [0.1, -0.2, 0.3, -0.4],
  [0.5, 0.6, -0.7, 0.8],
  [-0.9, 1, 1.1, -1.2],
  [1.3, -1.4, 1.5, 1.6],
];

/** X of §7, whose rows and columns differ in length, with a zero-free first row. */
export const X = [
  [1, 1, 1, 1],
  [2, 0, 0, 0],
  [0, 0, 3, 1],
];

/** Applies a regularizer to a fresh tensor and returns the penalty as a number, leaving no tensor behind. */
export function penaltyOf(
  regularizer: Regularizer,
  values: tf.TensorLike,
  dtype: tf.DataType = 'float32',
): number {
  return tf.tidy(() => {
    const penalty = regularizer.apply(tf.tensor(values, undefined, dtype));
    expect(penalty.rank).toBe(0);
    expect(penalty.dtype).toBe('float32');
    return penalty.dataSync()[0] ?? Number.NaN;
  });
}
