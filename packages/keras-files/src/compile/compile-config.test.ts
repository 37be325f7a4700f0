import { describe, expect, it } from 'vitest';
import '@tensorflow/tfjs-backend-cpu';
import '@regularizers/custom-examples';
import { loadKerasModel } from '../index.js';
import { fixturePath } from '../test-fixtures.js';
import { kerasLoss, kerasMetric } from './keras-losses.js';
import { kerasOptimizer } from './keras-optimizer.js';

describe('kerasOptimizer', () => {
  it.each([
    ['adam', 'Adam', { learningRate: 0.001, beta1: 0.9, beta2: 0.999, epsilon: 1e-7 }],
    [
      {
        class_name: 'Adam',
        config: { learning_rate: 0.002, beta_1: 0.8, beta_2: 0.99, epsilon: 1e-6 },
      },
      'Adam',
      { learningRate: 0.002, beta1: 0.8, beta2: 0.99, epsilon: 1e-6 },
    ],
    [
      { class_name: 'Custom>Adam', config: { learning_rate: 0.01 } },
      'Adam',
      { learningRate: 0.01 },
    ],
    ['sgd', 'SGD', { learningRate: 0.01 }],
    [
      { class_name: 'SGD', config: { learning_rate: 0.1, momentum: 0.9, nesterov: true } },
      'Momentum',
      { learningRate: 0.1, momentum: 0.9, useNesterov: true },
    ],
    [
      {
        class_name: 'RMSprop',
        config: { learning_rate: 0.01, rho: 0.8, momentum: 0.1, epsilon: 1e-6, centered: true },
      },
      'RMSProp',
      { learningRate: 0.01, decay: 0.8, momentum: 0.1, epsilon: 1e-6, centered: true },
    ],
    [
      { class_name: 'Adagrad', config: { learning_rate: 0.05 } },
      'Adagrad',
      { learningRate: 0.05, initialAccumulatorValue: 0.1 },
    ],
    ['adadelta', 'Adadelta', { learningRate: 0.001, rho: 0.95, epsilon: 1e-7 }],
    ['adamax', 'Adamax', { learningRate: 0.001, beta1: 0.9, beta2: 0.999, epsilon: 1e-7 }],
  ])("%j is tfjs's %s with the same options", (json, className, config) => {
    const { optimizer, skipped } = kerasOptimizer(json);
    expect(optimizer?.getClassName()).toBe(className);
    expect(optimizer?.getConfig()).toMatchObject(config);
    expect(skipped).toEqual([]);
    optimizer?.dispose();
  });

  it('leaves out what tfjs optimizers cannot do, saying so', () => {
    const { optimizer, skipped } = kerasOptimizer({
      class_name: 'Adam',
      config: {
        learning_rate: 0.001,
        weight_decay: null,
        clipnorm: 1,
        use_ema: false,
        amsgrad: true,
        decay: 0,
      },
    });
    expect(optimizer?.getClassName()).toBe('Adam');
    expect(skipped).toEqual([
      "The optimizer Adam's clipnorm (gradient clipping by norm) is left out: TensorFlow.js optimizers have no such option.",
      "The optimizer Adam's amsgrad (AMSGrad) is left out: TensorFlow.js optimizers have no such option.",
    ]);
    optimizer?.dispose();
    const adagrad = kerasOptimizer({ class_name: 'Adagrad', config: { epsilon: 1e-3 } });
    expect(adagrad.skipped).toEqual([
      "The optimizer Adagrad's epsilon of 0.001 is left out: TensorFlow.js's uses 1e-7.",
    ]);
    adagrad.optimizer?.dispose();
  });

  it('has no optimizer for a class tfjs lacks, or a learning-rate schedule', () => {
    expect(kerasOptimizer({ class_name: 'AdamW', config: {} })).toEqual({
      optimizer: undefined,
      skipped: [expect.stringMatching(/^The optimizer AdamW has no TensorFlow.js counterpart/)],
    });
    const schedule = { class_name: 'ExponentialDecay', config: { initial_learning_rate: 0.1 } };
    expect(
      kerasOptimizer({ class_name: 'SGD', config: { learning_rate: schedule } }).skipped,
    ).toEqual([expect.stringMatching(/learning-rate schedule/)]);
  });
});

describe('kerasLoss and kerasMetric', () => {
  it.each([
    ['mse', 'meanSquaredError'],
    ['mean_absolute_error', 'meanAbsoluteError'],
    [
      {
        class_name: 'BinaryCrossentropy',
        config: { from_logits: false, label_smoothing: 0, axis: -1, reduction: 'auto' },
      },
      'binaryCrossentropy',
    ],
    [
      {
        module: 'keras.losses',
        class_name: 'KLDivergence',
        config: { reduction: 'sum_over_batch_size' },
      },
      'kullbackLeiblerDivergence',
    ],
    ['log_cosh', 'logcosh'],
  ])("the loss %j is tfjs's %s", (json, name) => {
    expect(kerasLoss(json)).toEqual({ value: name });
  });

  it('has no loss tfjs lacks, nor one with options tfjs does not take', () => {
    expect(kerasLoss('huber')).toEqual({
      reason: 'The loss "huber" has no TensorFlow.js counterpart.',
    });
    expect(
      kerasLoss({ class_name: 'CategoricalCrossentropy', config: { from_logits: true } }),
    ).toEqual({
      reason:
        'The loss CategoricalCrossentropy with from_logits=true has no TensorFlow.js counterpart.',
    });
  });

  it.each([
    ['accuracy', 'accuracy'],
    ['mae', 'mae'],
    [
      { class_name: 'BinaryAccuracy', config: { name: 'binary_accuracy', threshold: 0.5 } },
      'binaryAccuracy',
    ],
    [
      { class_name: 'MeanMetricWrapper', config: { name: 'acc', fn: 'categorical_accuracy' } },
      'categoricalAccuracy',
    ],
  ])("the metric %j is tfjs's %s", (json, name) => {
    expect(kerasMetric(json)).toEqual({ value: name });
  });

  it('has no metric tfjs lacks, nor one with another threshold', () => {
    expect(kerasMetric('auc')).toEqual({
      reason: 'The metric "auc" has no TensorFlow.js counterpart.',
    });
    expect(kerasMetric({ class_name: 'BinaryAccuracy', config: { threshold: 0.7 } })).toEqual({
      reason: 'The metric BinaryAccuracy with threshold=0.7 has no TensorFlow.js counterpart.',
    });
  });
});

describe("the fixtures' compile configs", () => {
  it.each([
    ['dense_sequential.keras', 'Adam', 'categoricalCrossentropy', ['loss', 'acc']],
    ['conv2d_functional.keras', 'Momentum', 'meanSquaredError', ['loss', 'mae']],
    ['embedding_lstm.keras', 'RMSProp', 'binaryCrossentropy', ['loss', 'acc']],
    ['recurrent_stack.h5', 'Adagrad', 'meanAbsoluteError', ['loss']],
    [
      'tfkeras2.6.0_embedding_lstm_training_config.h5',
      'Adam',
      'binaryCrossentropy',
      ['loss', 'binaryAccuracy'],
    ],
  ])('%s compiles with %s and %s', async (file, optimizer, loss, metrics) => {
    const { model, compiled, skipped } = await loadKerasModel(fixturePath(file));
    expect(compiled).toBe(true);
    expect(skipped.slice(1)).toEqual([]); // the first says the optimizer's state is not loaded
    expect(model.optimizer.getClassName()).toBe(optimizer);
    expect(model.loss).toBe(loss);
    expect(model.metricsNames).toEqual(metrics);
    model.optimizer.dispose();
    model.dispose();
  });

  it('compiles a model with two outputs with a loss and metrics each', async () => {
    const { model } = await loadKerasModel(fixturePath('nested_shared.keras'));
    expect(model.loss).toEqual(['meanSquaredError', 'categoricalCrossentropy']);
    expect(model.metricsNames).toEqual([
      'loss',
      'score_loss',
      'label_loss',
      'score_mae',
      'label_acc',
    ]);
    model.optimizer.dispose();
    model.dispose();
  });

  it.each([
    [
      'normalization_prelu.keras',
      /^The loss "huber" has no TensorFlow.js counterpart. So the model is not compiled: call model.compile\(\) with a loss TensorFlow.js has.$/,
    ],
    ['bidirectional_lstm.keras', /^The optimizer AdamW has no TensorFlow.js counterpart/],
  ])('leaves %s uncompiled, saying why', async (file, reason) => {
    const { model, compiled, skipped } = await loadKerasModel(fixturePath(file));
    expect(compiled).toBe(false);
    expect(skipped.slice(1)).toEqual([expect.stringMatching(reason)]);
    model.dispose();
  });
});
