// Behaviour: GroupLasso on the rows of a first-layer kernel selects features. A seeded regression
// with 20 inputs, of which 3 matter, trained by full-batch gradient descent through the adapter.
import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import * as tfl from '@tensorflow/tfjs-layers';
import { layers } from '@regularizers/tfjs-adapter';
import { GroupLasso } from './group-lasso.js';
import { seededNormal } from './test-random.js';

const FEATURES = 20;
const OUTPUTS = 3;
const SAMPLES = 50;
const RELEVANT = [2, 9, 15];
/** The true weights of the relevant features (rows) on the three outputs. */
const COEFFICIENTS = [
  [2, -1.5, 1],
  [-1, 2, 1.5],
  [1.5, 1, -2],
];
/**
 * Below it a row counts as pruned. Gradient descent leaves a zeroed group hovering within about
 * learning rate * factor * sqrt(3) ≈ 0.017 of zero, and the unregularized fit keeps every
 * irrelevant row well above it (the noise alone gives them norms around 0.35).
 */
const THRESHOLD = 0.05;

/** y = x[:, RELEVANT] · COEFFICIENTS + unit Gaussian noise, from a fixed seed. */
function regressionData(): { x: tf.Tensor2D; y: tf.Tensor2D } {
  const normal = seededNormal(7);
  const x = Array.from({ length: SAMPLES }, () => Array.from({ length: FEATURES }, () => normal()));
  const y = x.map((row) =>
    Array.from(
      { length: OUTPUTS },
      (_, k) =>
        RELEVANT.reduce(
          (sum, feature, i) => sum + (row[feature] ?? 0) * (COEFFICIENTS[i]?.[k] ?? 0),
          0,
        ) + normal(),
    ),
  );
  return { x: tf.tensor2d(x), y: tf.tensor2d(y) };
}

/** Trains one Dense layer and returns the L2 norm of each kernel row (one per input feature). */
async function trainedRowNorms(regularizer: GroupLasso | null): Promise<number[]> {
  const { x, y } = regressionData();
  const model = tfl.sequential({
    layers: [
      layers.dense({
        units: OUTPUTS,
        inputShape: [FEATURES],
        kernelInitializer: tfl.initializers.glorotUniform({ seed: 1 }),
        kernelRegularizer: regularizer,
      }),
    ],
  });
  const optimizer = tf.train.sgd(0.05);
  model.compile({ optimizer, loss: 'meanSquaredError' });
  await model.fit(x, y, { epochs: 300, batchSize: SAMPLES, shuffle: false });
  const kernel = model.layers[0]?.getWeights()[0];
  if (kernel === undefined) throw new Error('the Dense layer has no kernel');
  const norms = tf.tidy(() => Array.from(tf.norm(kernel, 'euclidean', 1).dataSync()));
  model.dispose();
  optimizer.dispose(); // not owned by the model, which was given an instance
  tf.dispose([x, y]);
  return norms;
}

const split = (norms: number[]) => ({
  relevant: norms.filter((_, feature) => RELEVANT.includes(feature)),
  irrelevant: norms.filter((_, feature) => !RELEVANT.includes(feature)),
});

describe('GroupLasso in training', () => {
  it(
    'zeroes the 17 irrelevant rows and keeps the 3 relevant ones',
    { timeout: 30_000 },
    async () => {
      const before = tf.memory().numTensors;
      const plain = split(await trainedRowNorms(null));
      const sparse = split(await trainedRowNorms(new GroupLasso({ factor: 0.2, axis: 'rows' })));

      // With the penalty: every irrelevant row is pruned, every relevant row clearly survives.
      expect(sparse.irrelevant).toHaveLength(17);
      for (const norm of sparse.irrelevant) expect(norm).toBeLessThan(THRESHOLD);
      for (const norm of sparse.relevant) expect(norm).toBeGreaterThan(1);

      // Without it, no irrelevant row shrinks below the threshold: the penalty did the pruning.
      for (const norm of plain.irrelevant) expect(norm).toBeGreaterThan(THRESHOLD);
      const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;
      expect(mean(plain.irrelevant)).toBeGreaterThan(10 * mean(sparse.irrelevant));
      expect(tf.memory().numTensors).toBe(before);
    },
  );
});
