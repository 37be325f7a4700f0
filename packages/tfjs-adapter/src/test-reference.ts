// Reference computations for the adapter's tests: plain loops over values read back from tfjs,
// and small readers that dispose what they read. Not part of the package (tsconfig.build.json
// leaves test-*.ts out).
import { expect } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';

/** Mean squared error over every element, as tfjs's `meanSquaredError` averaged over the batch. */
export function meanSquaredError(predicted: ArrayLike<number>, target: ArrayLike<number>): number {
  expect(predicted.length).toBe(target.length);
  let total = 0;
  for (let i = 0; i < predicted.length; i++) {
    total += ((predicted[i] ?? Number.NaN) - (target[i] ?? Number.NaN)) ** 2;
  }
  return total / predicted.length;
}

/** `actual` equals `expected` to `relative` (1e-5 by default), relative to the expectation. */
export function expectClose(actual: number, expected: number, relative = 1e-5): void {
  expect(Number.isFinite(expected)).toBe(true);
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(
    relative * Math.max(1, Math.abs(expected)),
  );
}

/** The values of the layer's weight whose `originalName` ends with `/name`. */
export function weightValues(layer: tfl.layers.Layer, name: string): Float32Array {
  const matching = layer.weights.filter((weight) => weight.originalName.endsWith(`/${name}`));
  expect(matching).toHaveLength(1);
  return (matching[0] as tfl.LayerVariable).read().dataSync() as Float32Array;
}

/** The model's penalties, summed, with everything disposed. */
export function totalLosses(model: tfl.LayersModel): { count: number; total: number } {
  const losses = model.calculateLosses();
  const total = losses.length === 0 ? 0 : tf.tidy(() => tf.addN(losses).dataSync()[0] ?? NaN);
  tf.dispose(losses);
  return { count: losses.length, total };
}

/** Predictions' values, with the prediction disposed. */
export function predictValues(model: tfl.LayersModel, x: tf.Tensor): Float32Array {
  const prediction = model.predict(x) as tf.Tensor;
  const values = prediction.dataSync() as Float32Array;
  prediction.dispose();
  return values;
}

/**
 * A dataset of one batch, as `fitDataset` and `evaluateDataset` read one: each pass gives fresh
 * copies of `xs` and `ys`, which tfjs disposes.
 */
export function oneBatch(
  xs: tf.Tensor,
  ys: tf.Tensor,
): Parameters<tfl.LayersModel['evaluateDataset']>[0] {
  return {
    iterator: () => {
      let done = false;
      return Promise.resolve({
        next: () => {
          const value = done ? null : { xs: xs.clone(), ys: ys.clone() };
          done = true;
          return Promise.resolve({ value, done: value === null });
        },
      });
    },
  } as unknown as Parameters<tfl.LayersModel['evaluateDataset']>[0];
}
