import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
// The package entry registers the gradient.
import './index.js';

// The gradient of conv3dTranspose, against central finite differences of the op itself.

/** Central differences of `f` at `x`, one element at a time (the loss is linear in each). */
function numericGradient(f: (x: tf.Tensor) => number, x: tf.Tensor, step = 1e-2): number[] {
  const values = Array.from(x.dataSync());
  return values.map((_, i) => {
    const shifted = (delta: number) => {
      const copy = [...values];
      copy[i] = (copy[i] ?? NaN) + delta;
      return tf.tidy(() => f(tf.tensor(copy, x.shape)));
    };
    return (shifted(step) - shifted(-step)) / (2 * step);
  });
}

describe('the gradient of conv3dTranspose', () => {
  it.each([
    [1, 'valid'],
    [2, 'same'],
    [2, 'valid'],
  ] as const)(
    'with strides %i and padding %s matches finite differences for the input and the filter',
    (strides, pad) => {
      const before = tf.memory().numTensors;
      const x = tf.randomNormal<tf.Rank.R5>([1, 2, 2, 2, 2], 0, 1, 'float32', 1);
      const filter = tf.randomNormal<tf.Rank.R5>([2, 2, 2, 3, 2], 0, 1, 'float32', 2);
      // Each spatial side of 2 grows to 2 * strides (same) or (2 - 1) * strides + 2 (valid).
      const side = pad === 'same' ? 2 * strides : strides + 2;
      const outputShape: [number, number, number, number, number] = [1, side, side, side, 3];
      const weights = tf.randomNormal(outputShape, 0, 1, 'float32', 3);
      const loss = (input: tf.Tensor, kernel: tf.Tensor) =>
        tf.sum(
          tf.mul(
            tf.conv3dTranspose(
              input as tf.Tensor5D,
              kernel as tf.Tensor5D,
              outputShape,
              strides,
              pad,
            ),
            weights,
          ),
        );
      const [dx, dFilter] = tf.grads((input: tf.Tensor, kernel: tf.Tensor) => loss(input, kernel))([
        x,
        filter,
      ]);
      const numericX = numericGradient((v) => loss(v, filter).dataSync()[0] ?? NaN, x);
      const numericFilter = numericGradient((v) => loss(x, v).dataSync()[0] ?? NaN, filter);
      const close = (actual: tf.Tensor | undefined, expected: number[]) => {
        const got = Array.from(actual?.dataSync() ?? []);
        expect(got).toHaveLength(expected.length);
        got.forEach((value, i) => {
          expect(Math.abs(value - (expected[i] ?? NaN))).toBeLessThan(2e-2);
        });
      };
      close(dx, numericX);
      close(dFilter, numericFilter);
      tf.dispose([x, filter, weights, dx, dFilter] as tf.Tensor[]);
      expect(tf.memory().numTensors).toBe(before);
    },
  );
});
