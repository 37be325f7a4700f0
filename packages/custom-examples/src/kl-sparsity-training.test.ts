// Behaviour: KLSparsity pulls the mean activation of a sigmoid code layer toward rho. A seeded
// autoencoder, trained through the adapter with and without the penalty.
import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import * as tfl from '@tensorflow/tfjs-layers';
import { layers } from '@regularizers/tfjs-adapter';
import { KLSparsity } from './kl-sparsity.js';
import { seededUniform } from './test-random.js';

const INPUTS = 8;
const UNITS = 16;
const SAMPLES = 128;
const RHO = 0.05;

/** Trains an 8-16-8 autoencoder and returns the mean activation of each code unit on the data. */
async function trainedUnitMeans(regularizer: KLSparsity | null): Promise<number[]> {
  const uniform = seededUniform(3);
  const x = tf.tensor2d(
    Array.from({ length: SAMPLES }, () => Array.from({ length: INPUTS }, () => uniform())),
  );
  const code = layers.dense({
    units: UNITS,
    inputShape: [INPUTS],
    activation: 'sigmoid',
    kernelInitializer: tfl.initializers.glorotUniform({ seed: 1 }),
    activityRegularizer: regularizer,
  });
  const model = tfl.sequential({
    layers: [
      code,
      tfl.layers.dense({
        units: INPUTS,
        kernelInitializer: tfl.initializers.glorotUniform({ seed: 2 }),
      }),
    ],
  });
  const optimizer = tf.train.adam(0.05);
  model.compile({ optimizer, loss: 'meanSquaredError' });
  await model.fit(x, x, { epochs: 100, batchSize: SAMPLES, shuffle: false });
  const means = tf.tidy(() => Array.from(tf.mean(code.apply(x) as tf.Tensor, 0).dataSync()));
  model.dispose();
  optimizer.dispose(); // not owned by the model, which was given an instance
  x.dispose();
  return means;
}

const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;

describe('KLSparsity in training', () => {
  it('moves the mean activation of every code unit to rho', { timeout: 30_000 }, async () => {
    const before = tf.memory().numTensors;
    const plain = await trainedUnitMeans(null);
    const sparse = await trainedUnitMeans(new KLSparsity({ rho: RHO, beta: 3 }));

    // Without the penalty the code is dense: units average around 0.5.
    expect(mean(plain)).toBeGreaterThan(0.3);
    // With it, the average is at rho, and so is every unit.
    expect(Math.abs(mean(sparse) - RHO)).toBeLessThan(0.01);
    for (const unitMean of sparse) expect(Math.abs(unitMean - RHO)).toBeLessThan(0.02);
    expect(Math.abs(mean(plain) - RHO)).toBeGreaterThan(20 * Math.abs(mean(sparse) - RHO));
    expect(tf.memory().numTensors).toBe(before);
  });
});
