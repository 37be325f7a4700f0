// The optimizer cases of issue 12: the cost of @regularizers/weight-decay's optimizers against the
// tfjs optimizers they extend, on the MLP of the training cases (784-256-256-10, no regularizer).
// `baseline` is tfjs's own optimizer and `ours` ours, each on its own copy of the model with the
// same initial weights, interleaved in one process. Two views of each: a whole `fit` epoch (the
// targets: AdamW ≤ 1.10× Adam, proximal L1 ≤ 1.10× SGD), and the optimizer step alone
// (`applyGradients` with fixed gradients for every weight), where the extra work is not diluted.
import * as tf from '@tensorflow/tfjs-core';
import { adamw, proximalL1 } from '@regularizers/weight-decay';
import { MLP, backendTitle, mlpData, mlpModel } from './training-cases.js';

const LEARNING_RATE = 0.01;
const QUICK_ROUNDS = { warmupRounds: 1, rounds: 1 };

const PAIRS = {
  adamw: {
    title: "adamw (Keras 3's AdamW, weight decay 0.004) against tf.train.adam",
    baseline: () => tf.train.adam(LEARNING_RATE),
    ours: () => adamw({ learningRate: LEARNING_RATE }),
  },
  'proximal-l1': {
    title: 'proximalL1(sgd, { l1: 1e-4 }) against tf.train.sgd',
    baseline: () => tf.train.sgd(LEARNING_RATE),
    ours: () => proximalL1(tf.train.sgd(LEARNING_RATE), { l1: 1e-4 }),
  },
};

/** Describes the cases, for the results file. */
export const OPTIMIZER_SETUP = {
  model: `MLP ${MLP.units.join('-')}, no regularizer, ${MLP.samples} samples, batch ${MLP.batchSize}`,
  learningRate: LEARNING_RATE,
  pairs: Object.fromEntries(Object.entries(PAIRS).map(([key, pair]) => [key, pair.title])),
};

/** The cases, in run order. */
export function optimizerCases() {
  return Object.entries(PAIRS).flatMap(([key, pair]) => [fitCase(key, pair), stepCase(key, pair)]);
}

/** Two copies of the MLP with the same weights, compiled with the baseline and ours. */
function pairOfModels(pair) {
  const models = {};
  const optimizers = {};
  for (const side of ['baseline', 'ours']) {
    models[side] = mlpModel('none', MLP);
    optimizers[side] = pair[side]();
    models[side].compile({ optimizer: optimizers[side], loss: 'categoricalCrossentropy' });
  }
  models.ours.setWeights(models.baseline.getWeights());
  return { models, optimizers };
}

function fitCase(key, pair) {
  return {
    kind: 'timing',
    key: `cpu-training-${key}`,
    title: `Training, ${backendTitle('cpu')} backend: one fit epoch of the MLP, ${pair.title}`,
    backend: 'cpu',
    // An epoch takes seconds and the difference is a few milliseconds a step: nine rounds, so that
    // a shared machine's noise does not decide the median.
    warmupRounds: 1,
    rounds: 9,
    quickRounds: QUICK_ROUNDS,
    valueLabel: 'epoch loss',
    setup: () => ({ ...mlpData(MLP), ...pairOfModels(pair) }),
    contenders: Object.fromEntries(
      ['baseline', 'ours'].map((side) => [
        side,
        async ({ x, y, models }) => {
          const history = await models[side].fit(x, y, {
            epochs: 1,
            batchSize: MLP.batchSize,
            shuffle: false,
            verbose: 0,
          });
          return history.history.loss[0];
        },
      ]),
    ),
    teardown: ({ x, y, models, optimizers }) => {
      for (const side of ['baseline', 'ours']) {
        models[side].dispose();
        optimizers[side].dispose();
      }
      tf.dispose([x, y]);
    },
  };
}

function stepCase(key, pair) {
  return {
    kind: 'timing',
    key: `cpu-optimizer-step-${key}`,
    title: `Optimizer step alone, ${backendTitle('cpu')} backend: applyGradients on the MLP's weights, ${pair.title}`,
    backend: 'cpu',
    warmupRounds: 5,
    rounds: 40,
    valueLabel: 'first weight',
    setup: () => {
      const { models, optimizers } = pairOfModels(pair);
      const gradients = {};
      for (const side of ['baseline', 'ours']) {
        gradients[side] = models[side].trainableWeights.map((weight, i) => ({
          name: weight.read().name,
          tensor: tf.randomNormal(weight.shape, 0, 0.01, 'float32', i),
        }));
      }
      return { models, optimizers, gradients };
    },
    contenders: Object.fromEntries(
      ['baseline', 'ours'].map((side) => [
        side,
        ({ models, optimizers, gradients }) => {
          optimizers[side].applyGradients(gradients[side]);
          return models[side].trainableWeights[0].read().dataSync()[0];
        },
      ]),
    ),
    teardown: ({ models, optimizers, gradients }) => {
      for (const side of ['baseline', 'ours']) {
        tf.dispose(gradients[side].map(({ tensor }) => tensor));
        models[side].dispose();
        optimizers[side].dispose();
      }
    },
  };
}
