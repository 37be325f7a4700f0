import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@regularizers/custom-examples'; // registers Examples>GroupLasso, the fixtures' plugin
import { loadKerasModel } from './index.js';
import { EXPECTED, fixturePath, inputTensors, relativeDifference } from './test-fixtures.js';

// Every fixture of ../fixtures, written by real Keras 3.15.1 (tools/keras-referee/keras-files.py),
// loaded with loadKerasModel from its path: it predicts what Keras predicted (within 1e-5,
// relative), its penalties sum to Keras's sum(model.losses) after that call (1e-5), it fine-tunes
// with fit (one step changes its weights and penalty), and disposing it frees every tensor.

const TOLERANCE = 1e-5;

/**
 * tfjs 4.22's MomentumOptimizer (Keras's SGD with momentum) frees its momentum in dispose() but
 * not the learning-rate scalar of the SGD optimizer it extends: one tensor per optimizer.
 */
const LEFT_BY_TFJS: Readonly<Record<string, number>> = {
  'conv2d_functional.keras': 1,
  'conv2d_functional.h5': 1,
};

describe.each(Object.entries(EXPECTED))('%s', (file, expected) => {
  it(`predicts and penalises as Keras, and fine-tunes (${expected.description})`, async () => {
    const before = tf.memory().numTensors;
    const { model, compiled } = await loadKerasModel(fixturePath(file));
    const inputs = inputTensors(expected);
    const predicted = model.predict(inputs);
    const outputs = Array.isArray(predicted) ? predicted : [predicted];
    outputs.forEach((output, index) => {
      const wanted = [expected.predictions[index]].flat(Infinity) as number[];
      expect(relativeDifference(output.dataSync(), wanted), `output ${index}`).toBeLessThanOrEqual(
        TOLERANCE,
      );
    });
    const penalty = tf.tidy(() => tf.addN(model.calculateLosses()).dataSync()[0] ?? NaN);
    expect(Math.abs(penalty - expected.penalty)).toBeLessThanOrEqual(
      TOLERANCE * Math.max(Math.abs(expected.penalty), 1e-2),
    );

    // Fine-tune: targets are other samples' predictions, valid for every loss of the fixtures.
    if (!compiled) model.compile({ optimizer: 'sgd', loss: 'meanSquaredError' });
    const targets = outputs.map((output) => tf.reverse(output, 0));
    const weightsBefore = model.trainableWeights.map((weight) => weight.read().dataSync().slice());
    const history = await model.fit(inputs, targets, { epochs: 1, batchSize: 8 });
    expect(Number.isFinite(history.history.loss?.[0])).toBe(true);
    const moved = model.trainableWeights.some((weight, index) =>
      weight
        .read()
        .dataSync()
        .some((value, at) => value !== weightsBefore[index]?.[at]),
    );
    expect(moved, 'a training step changes the weights').toBe(true);

    tf.dispose([...inputs, ...outputs, ...targets]);
    model.optimizer.dispose();
    model.dispose();
    expect(tf.memory().numTensors - before).toBe(LEFT_BY_TFJS[file] ?? 0);
  });
});
