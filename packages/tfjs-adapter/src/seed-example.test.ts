import { expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { l1, l2 } from '@regularizers/builtin';
import { layers } from './index.js';

it("runs the Keras page's example: kernel 0.25 + activity 25 / batch 5 = 5.25", () => {
  const before = tf.memory().numTensors;
  const layer = layers.dense({
    units: 5,
    kernelInitializer: 'ones',
    kernelRegularizer: l1({ l1: 0.01 }),
    activityRegularizer: l2({ l2: 0.01 }),
  });
  const values = tf.tidy(() => {
    layer.apply(tf.mul(tf.ones([5, 5]), 2));
    const losses = layer.calculateLosses();
    return [...losses.map((loss) => loss.dataSync()[0]), tf.addN(losses).dataSync()[0]];
  });
  // Independently: the kernel is 25 ones, so 0.01 * 25; every output is 2 * 5 = 10, so
  // 0.01 * 25 outputs * 100, divided by the batch of 5.
  const kernelTerm = 0.01 * 25;
  const activityTerm = (0.01 * 25 * 10 * 10) / 5;
  expect(values[0]).toBeCloseTo(kernelTerm, 6);
  expect(values[1]).toBeCloseTo(activityTerm, 5);
  expect(values[2]).toBeCloseTo(5.25, 5);
  layer.dispose();
  expect(tf.memory().numTensors).toBe(before);
});
