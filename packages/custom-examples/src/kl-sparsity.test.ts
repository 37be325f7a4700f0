import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import * as tfl from '@tensorflow/tfjs-layers';
import { InvalidArgumentError } from '@regularizers/core';
import { layers } from '@regularizers/tfjs-adapter';
import { KLSparsity } from './kl-sparsity.js';
import { penaltyOf } from '@regularizers/core/testing';
import { bernoulliKL, standardKLPenalty } from './test-penalty.js';
import { seededNormal } from './test-random.js';

beforeAll(async () => {
  await import('@tensorflow/tfjs-layers'); // registers tfjs's gradients, which this penalty uses
});

const A = [
  [0.1, 0.9, 0.02],
  [0.3, 0.7, 0.04],
  [0.2, 0.8, 0.06],
  [0.0, 0.6, 0.08],
];

describe('KLSparsity', () => {
  it('gives the batch size times beta * sum_j KL(rho || mean_j)', () => {
    const regularizer = new KLSparsity({ rho: 0.05, beta: 3 });
    // Means 0.15, 0.75, 0.05: the last unit is on target and adds nothing.
    const expected = 3 * (bernoulliKL(0.05, 0.15) + bernoulliKL(0.05, 0.75));
    expect(standardKLPenalty(A, 0.05, 3)).toBeCloseTo(expected, 10);
    expect(penaltyOf(regularizer, A)).toBeCloseTo(4 * expected, 4);
  });

  it('is 0 when every unit is on target', () => {
    expect(penaltyOf(new KLSparsity({ rho: 0.2 }), tf.fill([5, 3], 0.2).arraySync())).toBeCloseTo(
      0,
      5,
    );
  });

  it('averages over the batch and every position, per unit of the last axis', () => {
    // [batch 2, positions 3, units 2]: unit 0 averages 0.1 and 0.3, unit 1 averages 0.6.
    const x = [
      [
        [0.1, 0.6],
        [0.3, 0.6],
        [0.1, 0.6],
      ],
      [
        [0.3, 0.6],
        [0.1, 0.6],
        [0.3, 0.6],
      ],
    ];
    const expected = 2 * 0.5 * (bernoulliKL(0.1, 0.2) + bernoulliKL(0.1, 0.6));
    expect(penaltyOf(new KLSparsity({ rho: 0.1, beta: 0.5 }), x)).toBeCloseTo(expected, 5);
  });

  it('reads a rank-1 tensor as a batch of one unit, and a scalar as one activation', () => {
    expect(penaltyOf(new KLSparsity({ rho: 0.1 }), [0.1, 0.3, 0.2])).toBeCloseTo(
      3 * bernoulliKL(0.1, 0.2),
      5,
    );
    expect(penaltyOf(new KLSparsity({ rho: 0.1 }), 0.4)).toBeCloseTo(bernoulliKL(0.1, 0.4), 5);
  });

  it('gives 0 on an empty batch, with a zero gradient', () => {
    const before = tf.memory().numTensors;
    const regularizer = new KLSparsity();
    const [penalty, gradient] = tf.tidy(() => {
      const empty = tf.zeros([0, 4]);
      return [
        regularizer.apply(empty).dataSync()[0],
        tf.grad((x: tf.Tensor) => regularizer.apply(x))(empty).shape,
      ];
    });
    expect(penalty).toBe(0);
    expect(gradient).toEqual([0, 4]);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('clips the means away from 0 and 1, so dead and saturated units stay finite', () => {
    const regularizer = new KLSparsity({ rho: 0.05 });
    const dead = penaltyOf(regularizer, tf.zeros([2, 3]).arraySync());
    const saturated = penaltyOf(regularizer, tf.ones([2, 3]).arraySync());
    // Relative comparisons: 1 - 1e-6 is rounded in float32, and the logarithm near 0 is steep.
    expect(dead / (2 * 3 * bernoulliKL(0.05, 1e-6))).toBeCloseTo(1, 3);
    expect(saturated / (2 * 3 * bernoulliKL(0.05, 1 - 1e-6))).toBeCloseTo(1, 2);
    expect(Number.isFinite(dead) && Number.isFinite(saturated)).toBe(true);
  });

  it('has a gradient that matches finite differences', () => {
    const regularizer = new KLSparsity({ rho: 0.05, beta: 2 });
    const gradient = tf.tidy(
      () =>
        tf
          .grad((x: tf.Tensor) => regularizer.apply(x))(tf.tensor2d(A))
          .arraySync() as number[][],
    );
    const epsilon = 1e-4;
    for (const [i, j] of [
      [0, 0],
      [1, 1],
      [3, 2],
    ] as const) {
      const shifted = (delta: number) =>
        A.map((row, r) => row.map((value, c) => (r === i && c === j ? value + delta : value)));
      const numeric =
        (4 * standardKLPenalty(shifted(epsilon), 0.05, 2) -
          4 * standardKLPenalty(shifted(-epsilon), 0.05, 2)) /
        (2 * epsilon);
      expect(gradient[i]?.[j]).toBeCloseTo(numeric, 2);
    }
  });

  it('returns exactly its constructor arguments as config, and defaults to rho 0.05, beta 1', () => {
    expect(new KLSparsity().getConfig()).toEqual({ rho: 0.05, beta: 1 });
    expect(new KLSparsity({ rho: 0.1, beta: 3 }).getConfig()).toEqual({ rho: 0.1, beta: 3 });
  });

  it('refuses a rho outside (0, 1), a bad beta and unknown arguments', () => {
    for (const rho of [0, 1, 1.5]) {
      expect(() => new KLSparsity({ rho })).toThrow(
        `Invalid value for argument rho: expected a number strictly between 0 and 1. Received: rho=${rho}`,
      );
    }
    expect(() => new KLSparsity({ rho: -0.1 })).toThrow(InvalidArgumentError);
    expect(() => new KLSparsity({ rho: Number.NaN })).toThrow(InvalidArgumentError);
    expect(() => new KLSparsity({ beta: -1 })).toThrow(
      'Invalid value for argument beta: expected a non-negative finite number. Received: beta=-1',
    );
    expect(() => new KLSparsity({ sparsity: 0.1 } as never)).toThrow(
      'Unknown argument sparsity for KLSparsity, which takes rho, beta',
    );
  });
});

describe('KLSparsity as an activity regularizer, through the adapter', () => {
  /** A sigmoid Dense layer with KLSparsity, its outputs on a batch, and the loss it adds. */
  function activityLoss(inputs: number[][]): { outputs: number[][]; loss: number } {
    const layer = layers.dense({
      units: 5,
      activation: 'sigmoid',
      kernelInitializer: tfl.initializers.glorotUniform({ seed: 11 }),
      biasInitializer: tfl.initializers.constant({ value: -1 }),
      activityRegularizer: new KLSparsity({ rho: 0.05, beta: 3 }),
    });
    const result = tf.tidy(() => {
      const outputs = layer.apply(tf.tensor2d(inputs)) as tf.Tensor;
      const losses = layer.calculateLosses();
      expect(losses).toHaveLength(1); // the activity penalty only: no weight regularizers
      return {
        outputs: outputs.arraySync() as number[][],
        loss: tf.addN(losses).dataSync()[0] ?? Number.NaN,
      };
    });
    layer.dispose();
    return result;
  }

  const normal = seededNormal(5);
  const rows = Array.from({ length: 64 }, () => Array.from({ length: 4 }, () => normal()));

  it.each([1, 8, 64])(
    'adds exactly beta * sum_j KL(rho || mean_j) to the loss at batch size %i',
    (batchSize) => {
      const before = tf.memory().numTensors;
      const { outputs, loss } = activityLoss(rows.slice(0, batchSize));
      expect(outputs).toHaveLength(batchSize);
      const expected = standardKLPenalty(outputs, 0.05, 3);
      expect(expected).toBeGreaterThan(0.1);
      expect(loss).toBeCloseTo(expected, 4);
      expect(tf.memory().numTensors).toBe(before);
    },
  );

  it('adds the same loss for a batch and for that batch repeated 8 times', () => {
    const batch = rows.slice(0, 8);
    const repeated = Array.from({ length: 8 }, () => batch).flat();
    expect(activityLoss(repeated).loss).toBeCloseTo(activityLoss(batch).loss, 4);
  });
});
