// Helpers shared by the tests: reading a penalty as a number, and plain-loop reference formulas.
import { expect } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import type { Regularizer } from '@regularizers/core';

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

/** `KL(rho || q)` for Bernoulli distributions, in plain JavaScript. */
export function bernoulliKL(rho: number, q: number): number {
  return rho * Math.log(rho / q) + (1 - rho) * Math.log((1 - rho) / (1 - q));
}

/**
 * The documented KLSparsity penalty of a batch `[n, units]`, in plain loops: `beta * sum_j
 * KL(rho || mean_j)`, with each mean clipped to [1e-6, 1 - 1e-6]. This is the standard
 * sparse-autoencoder scale, the one the training loss should see.
 */
export function standardKLPenalty(activations: number[][], rho: number, beta: number): number {
  const units = activations[0]?.length ?? 0;
  let total = 0;
  for (let j = 0; j < units; j++) {
    let sum = 0;
    for (const row of activations) sum += row[j] ?? Number.NaN;
    const mean = Math.min(Math.max(sum / activations.length, 1e-6), 1 - 1e-6);
    total += bernoulliKL(rho, mean);
  }
  return beta * total;
}
