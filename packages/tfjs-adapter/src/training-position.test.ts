import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import * as tfl from '@tensorflow/tfjs-layers';
import { l1 } from '@regularizers/builtin';
import { ExponentialDecay, PiecewiseConstantDecay } from '@regularizers/core';
import type { FactorValue, TrainingPosition } from '@regularizers/core';
import {
  RegularizerBridge,
  layers,
  modelFromKerasJSON,
  sequential,
  setTrainingPosition,
} from './index.js';
import type { RegularizedLayer } from './index.js';
import { saveAndLoad, saveToMemory } from './testing.js';

const X = [
  [0.5, -1],
  [1.5, 0.25],
  [-2, 1],
  [0.1, 0.2],
];
const Y = [1, -1, 0.5, 2];
const W0 = [0.3, -0.6];
const LEARNING_RATE = 0.1;

/**
 * y = x·w, no bias, L1 on w with `factor`; SGD on the mean squared error. In tfjs's Sequential, or
 * in the adapter's (whose training step counts penalties at the model level).
 */
function linearModel(factor: FactorValue, makeSequential = tfl.sequential): tfl.Sequential {
  const model = makeSequential({
    layers: [
      layers.dense({
        units: 1,
        inputShape: [2],
        useBias: false,
        kernelInitializer: tfl.initializers.zeros(),
        kernelRegularizer: l1(factor),
      }),
    ],
  });
  model.setWeights([tf.tensor2d(W0, [2, 1])]);
  model.compile({ optimizer: tf.train.sgd(LEARNING_RATE), loss: 'meanSquaredError' });
  return model;
}

/**
 * The same training in plain arithmetic: for each batch, w ← w − lr·(2/n·Xᵀ(Xw − y) + l1·sign(w)),
 * with l1 the schedule's value at that step and epoch.
 */
function plainTraining(epochs: number, batchSize: number, factor: (p: TrainingPosition) => number) {
  const w = [...W0];
  let step = 0;
  for (let epoch = 0; epoch < epochs; epoch++) {
    for (let start = 0; start < X.length; start += batchSize, step++) {
      const rows = X.slice(start, start + batchSize);
      const gradient = [0, 0];
      rows.forEach((row, i) => {
        const error =
          (row[0] ?? 0) * (w[0] ?? 0) + (row[1] ?? 0) * (w[1] ?? 0) - (Y[start + i] ?? 0);
        for (let j = 0; j < 2; j++)
          gradient[j] = (gradient[j] ?? 0) + (2 / rows.length) * error * (row[j] ?? 0);
      });
      const strength = factor({ step, epoch });
      for (let j = 0; j < 2; j++) {
        w[j] = (w[j] ?? 0) - LEARNING_RATE * ((gradient[j] ?? 0) + strength * Math.sign(w[j] ?? 0));
      }
    }
  }
  return w;
}

async function fit(model: tfl.LayersModel, epochs: number, batchSize: number, initialEpoch = 0) {
  const [x, y] = [tf.tensor2d(X), tf.tensor2d(Y, [4, 1])];
  await model.fit(x, y, { epochs, batchSize, initialEpoch, shuffle: false });
  tf.dispose([x, y]);
  return model.getWeights()[0]?.dataSync() ?? [];
}

const decay = () =>
  new ExponentialDecay({ initialLearningRate: 0.5, decaySteps: 2, decayRate: 0.5 });
const byEpoch = () =>
  new PiecewiseConstantDecay({ boundaries: [0, 1], values: [0, 0.3, 0.05], per: 'epoch' });

describe('schedules in fit', () => {
  const byStepFormula = (p: TrainingPosition) => 0.5 * 0.5 ** (p.step / 2);
  const byEpochFormula = (p: TrainingPosition) => (p.epoch <= 0 ? 0 : p.epoch <= 1 ? 0.3 : 0.05);
  it.each([
    ['by step', decay, byStepFormula, tfl.sequential],
    ['by epoch', byEpoch, byEpochFormula, tfl.sequential],
    ["by step, in the adapter's sequential()", decay, byStepFormula, sequential],
  ])(
    'follow the schedule %s at every batch, as a plain loop does',
    async (_unit, schedule, formula, makeSequential) => {
      const model = linearModel(schedule(), makeSequential);
      const trained = await fit(model, 4, 2);
      const expected = plainTraining(4, 2, formula);
      expect(Math.abs((trained[0] ?? 0) - (expected[0] ?? 0))).toBeLessThan(1e-5);
      expect(Math.abs((trained[1] ?? 0) - (expected[1] ?? 0))).toBeLessThan(1e-5);
      model.dispose();
    },
  );

  it("carry on across fit calls, from the optimizer's step count and fit's initialEpoch", async () => {
    const once = linearModel(byEpoch());
    const twice = linearModel(byEpoch());
    const inOneGo = await fit(once, 3, 2);
    await fit(twice, 1, 2);
    const inTwoGoes = await fit(twice, 3, 2, 1);
    expect(inTwoGoes).toEqual(inOneGo);
    const steps = linearModel(decay());
    await fit(steps, 1, 2);
    await fit(steps, 1, 2);
    expect(steps.optimizer.iterations).toBe(4);
    const expected = plainTraining(2, 2, (p) => 0.5 * 0.5 ** (p.step / 2));
    expect(Math.abs((steps.getWeights()[0]?.dataSync()[0] ?? 0) - (expected[0] ?? 0))).toBeLessThan(
      1e-5,
    );
    for (const model of [once, twice, steps]) model.dispose();
  });

  it('follow setTrainingPosition in a loop of your own', async () => {
    const model = linearModel(decay());
    const [x, y] = [tf.tensor2d(X), tf.tensor2d(Y, [4, 1])];
    for (let epoch = 0; epoch < 3; epoch++) {
      setTrainingPosition(model, { step: model.optimizer.iterations, epoch });
      await model.trainOnBatch(x, y);
    }
    const expected = plainTraining(3, 4, (p) => 0.5 * 0.5 ** (p.step / 2));
    const trained = model.getWeights()[0]?.dataSync() ?? [];
    expect(Math.abs((trained[0] ?? 0) - (expected[0] ?? 0))).toBeLessThan(1e-5);
    tf.dispose([x, y]);
    model.dispose();
  });

  it('leave no tensor behind over 100 steps', async () => {
    const model = linearModel(decay());
    await fit(model, 1, 1);
    const before = tf.memory().numTensors;
    await fit(model, 25, 1);
    expect(model.optimizer.iterations).toBe(104);
    expect(tf.memory().numTensors).toBe(before);
    model.dispose();
  });
});

describe('a model with scheduled factors', () => {
  it('saves a schedule object and loads it back (tf.loadLayersModel, modelFromKerasJSON), following it', async () => {
    const model = linearModel(decay());
    await fit(model, 1, 2);
    const { loaded: fromSave, artifacts } = await saveAndLoad(model);
    const fromFile = await modelFromKerasJSON(JSON.stringify(artifacts.modelTopology));
    for (const loaded of [fromSave, fromFile]) {
      setTrainingPosition(loaded, { step: 6, epoch: 0 });
      const bridge = (loaded.layers[0] as tfl.layers.Layer & RegularizedLayer).regularizerFor(
        'kernelRegularizer',
      );
      if (!(bridge instanceof RegularizerBridge)) throw new Error('expected our bridge');
      expect(bridge.getConfig()).toEqual({
        l1: {
          className: 'ExponentialDecay',
          config: {
            initialLearningRate: 0.5,
            decaySteps: 2,
            decayRate: 0.5,
            staircase: false,
            per: 'step',
          },
        },
      });
      expect((bridge.regularizer as { l1?: number }).l1).toBe(0.0625);
      loaded.dispose();
    }
    model.dispose();
  });

  it('says which layer, slot and factor cannot be saved when a factor follows a function', async () => {
    const model = linearModel(({ epoch }: TrainingPosition) => 0.1 * epoch);
    await expect(saveToMemory(model)).rejects.toThrow(
      /^Cannot save the regularizer in Dense layer "dense_Dense\d+", kernelRegularizer: Cannot save l1: it follows a function/,
    );
    model.dispose();
  });
});
