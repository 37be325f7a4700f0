import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import '@tensorflow/tfjs-backend-cpu';
import { ExponentialDecay, SerializationError } from '@regularizers/core';
import {
  AdamW,
  DecoupledWeightDecay,
  ProximalL1,
  adamw,
  proximalL1,
  withWeightDecay,
} from './index.js';
import { saveAndLoadWithOptimizer, smallModel, train, weightsOf } from './test-models.js';

const decay = () =>
  new ExponentialDecay({ initialLearningRate: 0.05, decaySteps: 3, decayRate: 0.5 });

describe('a model saved with its optimizer', () => {
  it.each([
    [
      'adamw',
      () =>
        adamw({
          learningRate: decay(),
          weightDecay: 0.1,
          exclude: ['bias', /^dense_Dense\d+\/ker/],
        }),
      AdamW,
    ],
    [
      'withWeightDecay(adam)',
      () => withWeightDecay(tf.train.adam(0.02), { weightDecay: decay(), exclude: 'moving_*' }),
      DecoupledWeightDecay,
    ],
    [
      'proximalL1(momentum)',
      () => proximalL1(tf.train.momentum(0.05, 0.9), { l1: 0.3, exclude: [/bias/i] }),
      ProximalL1,
    ],
  ])('%s loads back and resumes exactly where the original goes on', async (_name, make, Class) => {
    const original = smallModel(make());
    await train(original, 2);
    const { loaded, artifacts } = await saveAndLoadWithOptimizer(original);
    const slots = async (model: tfl.LayersModel) =>
      (await model.optimizer.getWeights()).map(({ tensor }) => Array.from(tensor.dataSync()));
    expect(await slots(loaded)).toEqual(await slots(original));
    expect(loaded.optimizer).toBeInstanceOf(Class);
    expect(loaded.optimizer.iterations).toBe(4);
    expect(artifacts.weightSpecs?.filter((spec) => spec.group === 'optimizer').length).toBe(
      (await original.optimizer.getWeights()).length,
    );
    await train(original, 2, 2);
    await train(loaded, 2, 2);
    const [expected, actual] = [weightsOf(original), weightsOf(loaded)];
    actual.forEach((value, i) => expect(value).toBeCloseTo(expected[i] ?? Number.NaN, 6));
    expect(loaded.optimizer.getConfig()).toEqual(original.optimizer.getConfig());
    original.optimizer.dispose();
    loaded.optimizer.dispose();
    original.dispose();
    loaded.dispose();
  });

  it('says which argument cannot be saved: a function schedule, or a function rule', async () => {
    for (const optimizer of [
      adamw({ weightDecay: ({ epoch }) => 0.01 * epoch }),
      withWeightDecay(tf.train.sgd(0.1), {
        weightDecay: 0.1,
        exclude: (name) => name.endsWith('bias'),
      }),
    ]) {
      const model = smallModel(optimizer);
      await expect(saveAndLoadWithOptimizer(model)).rejects.toThrow(SerializationError);
      await expect(saveAndLoadWithOptimizer(model)).rejects.toThrow(
        /^Cannot save (weightDecay: it follows a function|exclude\[0\]: it is a function)/,
      );
      optimizer.dispose();
      model.dispose();
    }
  });
});
