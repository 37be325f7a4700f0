import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import * as tfl from '@tensorflow/tfjs-layers';
import { l1 } from '@regularizers/builtin';
import type { TrainingPosition } from '@regularizers/core';
import { layers } from '@regularizers/tfjs-adapter';
import { ProximalL1, proximalL1 } from './index.js';

/** Soft threshold: sign(w)·max(|w| − t, 0). */
const softThreshold = (w: number, t: number) => Math.sign(w) * Math.max(Math.abs(w) - t, 0);

describe('proximalL1', () => {
  it('soft-thresholds after each SGD step by the learning rate times l1, as a plain loop does', () => {
    const strengths = (position: TrainingPosition) => [0.5, 1, 2][position.step] ?? 0;
    const optimizer = proximalL1(tf.train.sgd(0.1), { l1: strengths });
    expect(optimizer).toBeInstanceOf(ProximalL1);
    const initial = [1, -0.3, 0.04, -0.12, 0.5];
    const gradients = [
      [0.5, -1, 0.1, 0.2, -0.3],
      [0.1, 0.2, -0.3, 0.4, 0.5],
      [-0.2, 0.3, 0.05, -0.1, 0.2],
    ];
    const w = tf.variable(tf.tensor1d(initial), true, 'prox/w');
    const expected = [...initial];
    gradients.forEach((gradient, step) => {
      const g = tf.tensor1d(gradient);
      optimizer.applyGradients([{ name: 'prox/w', tensor: g }]);
      g.dispose();
      const threshold = 0.1 * strengths({ step, epoch: 0 });
      expected.forEach((value, i) => {
        expected[i] = softThreshold(value - 0.1 * (gradient[i] ?? 0), threshold);
      });
      Array.from(w.dataSync()).forEach((value, i) =>
        expect(value).toBeCloseTo(expected[i] ?? NaN, 6),
      );
    });
    expect(Array.from(w.dataSync()).filter((value) => value === 0).length).toBe(
      expected.filter((value) => value === 0).length,
    );
    w.dispose();
    optimizer.dispose();
  });

  it('reaches exact zeros where L1 in the loss leaves weights hovering near them', async () => {
    const x = tf.randomNormal([64, 20], 0, 1, 'float32', 7);
    const y = tf.matMul(x, tf.tensor2d([[2], [-1.5], ...Array.from({ length: 18 }, () => [0])]));
    const kernelOf = async (proximal: boolean) => {
      const model = tfl.sequential({
        layers: [
          layers.dense({
            units: 1,
            inputShape: [20],
            useBias: false,
            kernelInitializer: tfl.initializers.randomNormal({ stddev: 0.5, seed: 8 }),
            ...(!proximal && { kernelRegularizer: l1(0.05) }),
          }),
        ],
      });
      const sgd = tf.train.sgd(0.05);
      const optimizer = proximal ? proximalL1(sgd, { l1: 0.05 }) : sgd;
      model.compile({ optimizer, loss: 'meanSquaredError' });
      await model.fit(x, y, { epochs: 30, batchSize: 16, shuffle: false });
      const kernel = Array.from(model.getWeights()[0]?.dataSync() ?? []);
      optimizer.dispose();
      model.dispose();
      return kernel;
    };
    const [inLoss, proximal] = [await kernelOf(false), await kernelOf(true)];
    const zeros = (kernel: number[]) => kernel.filter((value) => value === 0).length;
    const nearZero = (kernel: number[]) => kernel.filter((value) => Math.abs(value) < 0.01).length;
    expect(zeros(proximal)).toBeGreaterThanOrEqual(15); // the 18 useless inputs, nearly all
    expect(zeros(inLoss)).toBe(0);
    expect(nearZero(inLoss)).toBeGreaterThanOrEqual(10); // hovering
    expect(Math.abs((proximal[0] ?? 0) - 2)).toBeLessThan(0.1);
    tf.dispose([x, y]);
  });

  it('leaves excluded variables alone, and no tensor behind over 100 steps', () => {
    const optimizer = proximalL1(tf.train.sgd(0.1), { l1: 1, exclude: /bias$/ });
    const [kernel, bias] = ['prox/kernel', 'prox/bias'].map((name) =>
      tf.variable(tf.fill([4], 0.05), true, name),
    ) as [tf.Variable, tf.Variable];
    const loss = (): tf.Scalar => tf.mul(0, tf.add(tf.sum(kernel), tf.sum(bias)));
    optimizer.minimize(loss);
    expect(Array.from(kernel.dataSync())).toEqual([0, 0, 0, 0]);
    expect(Array.from(bias.dataSync())).toEqual([0.05, 0.05, 0.05, 0.05].map(Math.fround));
    const before = tf.memory().numTensors;
    for (let step = 1; step < 100; step++) optimizer.minimize(loss);
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([kernel, bias]);
    optimizer.dispose();
  });
});
