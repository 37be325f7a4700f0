import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import * as tfl from '@tensorflow/tfjs-layers';
import { l1, l2 } from '@regularizers/builtin';
import { sumAbs, sumSquares } from '@regularizers/core/testing';
import { layers, model, sequential } from './index.js';
import {
  expectClose,
  meanSquaredError,
  oneBatch,
  predictValues,
  totalLosses,
  weightValues,
} from './test-reference.js';
import { saveAndLoad } from './testing.js';

// Our model classes (sequential(), model(), and every model tfjs loads while the adapter is
// imported), against plain loops: evaluate() and val_loss include every penalty, computed in
// inference mode on each batch and averaged by batch size; fit logs regularization_loss; a shared
// layer's weights count once. Keras's own numbers for the same rules: keras-parity/.

const init = (seed: number) => tfl.initializers.randomNormal({ mean: 0.1, stddev: 0.5, seed });
const X = [
  [0.5, -1, 2],
  [1.5, 0.25, -0.5],
  [-2, 1, 0.75],
  [0.3, -0.6, 1.2],
  [1, 1, -1],
];
const Y = [
  [1, -1],
  [0, 2],
  [-1, 0.5],
  [0.5, 0.5],
  [2, -2],
];

/** A dense layer with a kernel L2 and an activity L1, in one of our Sequential models. */
function denseModel(): { model: tfl.Sequential; dense: tfl.layers.Layer } {
  const dense = layers.dense({
    units: 2,
    inputShape: [3],
    kernelInitializer: init(1),
    biasInitializer: init(2),
    kernelRegularizer: l2(0.3),
    activityRegularizer: l1(0.2),
  });
  return { model: sequential({ layers: [dense] }), dense };
}

/** Keras's evaluation of `denseModel`: per batch, MSE + kernel + activity / size; by-size mean. */
function expectedEvaluation(predictions: Float32Array, kernel: Float32Array, batchSize: number) {
  const kernelPenalty = 0.3 * sumSquares(kernel);
  const targets = Y.flat();
  let loss = 0;
  let penalty = 0;
  for (let start = 0; start < X.length; start += batchSize) {
    const rows = Math.min(batchSize, X.length - start);
    const p = predictions.subarray(start * 2, (start + rows) * 2);
    const activity = (0.2 * sumAbs(p)) / rows;
    loss +=
      rows *
      (meanSquaredError(p, targets.slice(start * 2, (start + rows) * 2)) +
        kernelPenalty +
        activity);
    penalty += rows * (kernelPenalty + activity);
  }
  return { loss: loss / X.length, penalty: penalty / X.length };
}

describe('evaluate() of our models', () => {
  it.each([5, 2])(
    'with batch size %i is the MSE plus every penalty, batch by batch, averaged by batch size',
    (batchSize) => {
      const before = tf.memory().numTensors;
      const { model: built, dense } = denseModel();
      built.compile({ optimizer: 'sgd', loss: 'meanSquaredError' });
      const [x, y] = [tf.tensor2d(X), tf.tensor2d(Y)];
      const evaluated = built.evaluate(x, y, { batchSize }) as tf.Scalar;
      const expected = expectedEvaluation(
        predictValues(built, x),
        weightValues(dense, 'kernel'),
        batchSize,
      );
      expectClose(evaluated.dataSync()[0] ?? NaN, expected.loss);
      tf.dispose([x, y, evaluated]);
      built.dispose();
      expect(tf.memory().numTensors).toBe(before);
    },
  );

  it("returns tfjs's shapes: a scalar, or the loss then each metric as metricsNames says", () => {
    const before = tf.memory().numTensors;
    const { model: built } = denseModel();
    built.compile({ optimizer: 'sgd', loss: 'meanSquaredError', metrics: ['mse'] });
    const [x, y] = [tf.tensor2d(X), tf.tensor2d(Y)];
    const evaluated = built.evaluate(x, y) as tf.Scalar[];
    expect(built.metricsNames).toEqual(['loss', 'mse']);
    expect(evaluated).toHaveLength(2);
    const mse = meanSquaredError(predictValues(built, x), Y.flat());
    expectClose(evaluated[1]?.dataSync()[0] ?? NaN, mse);
    expect(evaluated[0]?.dataSync()[0]).toBeGreaterThan(mse);
    tf.dispose([x, y, ...evaluated]);
    built.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('of a model with two outputs gives the total loss, then each output loss (tfjs 4.22 gives a running sum)', () => {
    const before = tf.memory().numTensors;
    const input = tfl.input({ shape: [3] });
    const first = layers.dense({
      units: 2,
      kernelInitializer: init(1),
      kernelRegularizer: l2(0.1),
    });
    const second = layers.dense({ units: 2, kernelInitializer: init(2) });
    const built = model({
      inputs: input,
      outputs: [first.apply(input), second.apply(input)] as tfl.SymbolicTensor[],
    });
    built.compile({ optimizer: 'sgd', loss: 'meanSquaredError' });
    const [x, y] = [tf.tensor2d(X), tf.tensor2d(Y)];
    const evaluated = built.evaluate(x, [y, y]) as tf.Scalar[];
    const [p1, p2] = (built.predict(x) as tf.Tensor[]).map((p) => {
      const values = p.dataSync() as Float32Array;
      p.dispose();
      return values;
    });
    const [loss1, loss2] = [p1, p2].map((p) => meanSquaredError(p ?? [], Y.flat())) as [
      number,
      number,
    ];
    const penalty = 0.1 * sumSquares(weightValues(first, 'kernel'));
    expect(built.metricsNames).toHaveLength(3);
    const expected = [loss1 + loss2 + penalty, loss1, loss2];
    evaluated.forEach((value, i) => {
      expectClose(value.dataSync()[0] ?? NaN, expected[i] ?? NaN);
    });
    tf.dispose([x, y, ...evaluated]);
    built.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('fit() of our models', () => {
  it.each([5, 2])(
    'with batch size %i logs regularization_loss and val_regularization_loss, averaged by batch size, and val_loss with them',
    async (batchSize) => {
      const before = tf.memory().numTensors;
      const optimizer = tf.train.sgd(0); // the weights stay fixed
      const { model: built, dense } = denseModel();
      built.compile({ optimizer, loss: 'meanSquaredError' });
      const [x, y] = [tf.tensor2d(X), tf.tensor2d(Y)];
      const history = await built.fit(x, y, {
        epochs: 1,
        batchSize,
        shuffle: false,
        validationData: [x, y],
      });
      const expected = expectedEvaluation(
        predictValues(built, x),
        weightValues(dense, 'kernel'),
        batchSize,
      );
      const logged = (key: string) => Number(history.history[key]?.[0]);
      // Training and validation see the same data and weights, and a dense layer has no mode.
      for (const prefix of ['', 'val_']) {
        expectClose(logged(`${prefix}loss`), expected.loss);
        expectClose(logged(`${prefix}regularization_loss`), expected.penalty);
      }
      tf.dispose([x, y]);
      built.dispose();
      optimizer.dispose();
      expect(tf.memory().numTensors).toBe(before);
    },
  );

  it('of a dataset logs them too', async () => {
    const before = tf.memory().numTensors;
    const optimizer = tf.train.sgd(0);
    const { model: built, dense } = denseModel();
    built.compile({ optimizer, loss: 'meanSquaredError' });
    const [x, y] = [tf.tensor2d(X), tf.tensor2d(Y)];
    const history = await built.fitDataset(oneBatch(x, y), {
      epochs: 2,
      validationData: oneBatch(x, y),
      callbacks: { onEpochEnd: () => Promise.resolve() },
    });
    const expected = expectedEvaluation(predictValues(built, x), weightValues(dense, 'kernel'), 5);
    for (const key of ['loss', 'regularization_loss', 'val_loss', 'val_regularization_loss']) {
      expect(history.history[key], key).toHaveLength(2);
    }
    expectClose(Number(history.history.val_regularization_loss?.[1]), expected.penalty);
    expectClose(Number(history.history.val_loss?.[1]), expected.loss);
    expectClose(Number(history.history.regularization_loss?.[1]), expected.penalty);
    tf.dispose([x, y]);
    built.dispose();
    optimizer.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it("leaves trainOnBatch's result as tfjs returns it", async () => {
    const { model: built } = denseModel();
    built.compile({ optimizer: 'sgd', loss: 'meanSquaredError' });
    const [x, y] = [tf.tensor2d(X), tf.tensor2d(Y)];
    expect(typeof (await built.trainOnBatch(x, y))).toBe('number');
    tf.dispose([x, y]);
    built.dispose();
  });

  it('keeps the tensor count over 20 epochs with validation data, and over evaluate()', async () => {
    const { model: built } = denseModel();
    built.compile({ optimizer: 'adam', loss: 'meanSquaredError' });
    const [x, y] = [tf.tensor2d(X), tf.tensor2d(Y)];
    // The first epoch creates the optimizer's state; the layer keeps its latest activity penalty.
    await built.fit(x, y, { epochs: 1, batchSize: 2, validationData: [x, y] });
    const before = tf.memory().numTensors;
    const history = await built.fit(x, y, { epochs: 20, batchSize: 2, validationData: [x, y] });
    expect(history.history.val_regularization_loss).toHaveLength(20);
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose(built.evaluate(x, y, { batchSize: 2 }));
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([x, y]);
    built.dispose();
  });
});

describe('a layer called at two call sites of our functional model', () => {
  it('counts its weights once and its activity once per call, where tf.model() counts its weights twice', () => {
    const before = tf.memory().numTensors;
    const shared = layers.dense({
      units: 3,
      kernelInitializer: init(1),
      kernelRegularizer: l2(0.3),
      activityRegularizer: l2(0.1),
    });
    const input = tfl.input({ shape: [3] });
    const output = shared.apply(shared.apply(input)) as tfl.SymbolicTensor;
    const ours = model({ inputs: input, outputs: output });
    const stock = tfl.model({ inputs: input, outputs: output });
    const x = tf.tensor2d(X);
    const first = shared.apply(x) as tf.Tensor;
    const second = shared.apply(first) as tf.Tensor;
    const kernel = 0.3 * sumSquares(weightValues(shared, 'kernel'));
    const activity = (0.1 * (sumSquares(first.dataSync()) + sumSquares(second.dataSync()))) / 5;
    tf.dispose(ours.apply(x) as tf.Tensor);
    expect(totalLosses(ours).count).toBe(3);
    expectClose(totalLosses(ours).total, kernel + activity);
    // tfjs visits the layer once per call site, and counts its kernel and both activity penalties.
    expect(totalLosses(stock).count).toBe(6);
    tf.dispose([x, first, second]);
    ours.dispose(); // tfjs counts one reference to the layer per call site, one per model here
    stock.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('a frozen model inside ours', () => {
  it('adds no weight penalty, and its BatchNormalization runs in inference mode while training', async () => {
    const before = tf.memory().numTensors;
    const norm = layers.batchNormalization({ gammaRegularizer: l2(0.5) });
    const inner = sequential({
      layers: [layers.dense({ units: 2, inputShape: [3], kernelRegularizer: l2(0.5) }), norm],
    });
    inner.trainable = false;
    // Functional: tfjs's Sequential grafts a model added as its first layer into its own graph.
    const input = tfl.input({ shape: [3] });
    const top = layers.dense({ units: 2 }).apply(inner.apply(input)) as tfl.SymbolicTensor;
    const outer = model({ inputs: input, outputs: top });
    outer.compile({ optimizer: tf.train.sgd(0.1), loss: 'meanSquaredError' });
    const statistics = () =>
      norm
        .getWeights()
        .slice(2)
        .map((w) => Array.from(w.dataSync()));
    const initial = statistics();
    const [x, y] = [tf.tensor2d(X), tf.tensor2d(Y)];
    const history = await outer.fit(x, y, { epochs: 2, batchSize: 5 });
    expect(statistics()).toEqual(initial);
    expect(history.history.regularization_loss).toEqual([0, 0]);
    expect(totalLosses(outer).count).toBe(0);
    tf.dispose([x, y]);
    outer.optimizer.dispose();
    outer.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('stock tfjs models', () => {
  it('keep tfjs behaviour: tf.sequential() evaluates without penalties and logs none', async () => {
    const before = tf.memory().numTensors;
    const dense = layers.dense({ units: 2, inputShape: [3], kernelRegularizer: l2(0.3) });
    const stock = tfl.sequential({ layers: [dense] });
    stock.compile({ optimizer: tf.train.sgd(0), loss: 'meanSquaredError' });
    const [x, y] = [tf.tensor2d(X), tf.tensor2d(Y)];
    const evaluated = stock.evaluate(x, y) as tf.Scalar;
    expectClose(
      evaluated.dataSync()[0] ?? NaN,
      meanSquaredError(predictValues(stock, x), Y.flat()),
    );
    const history = await stock.fit(x, y, { epochs: 1 });
    expect(Object.keys(history.history)).toEqual(['loss']);
    tf.dispose([x, y, evaluated]);
    stock.optimizer.dispose();
    stock.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('are ours once saved and loaded back while the adapter is imported', async () => {
    const before = tf.memory().numTensors;
    const stock = tfl.sequential({
      layers: [layers.dense({ units: 2, inputShape: [3], kernelRegularizer: l2(0.3) })],
    });
    const { loaded } = await saveAndLoad(stock);
    loaded.compile({ optimizer: 'sgd', loss: 'meanSquaredError' });
    const [x, y] = [tf.tensor2d(X), tf.tensor2d(Y)];
    const evaluated = loaded.evaluate(x, y) as tf.Scalar;
    const mse = meanSquaredError(predictValues(loaded, x), Y.flat());
    const penalty = 0.3 * sumSquares(weightValues(loaded.layers[0] as tfl.layers.Layer, 'kernel'));
    expectClose(evaluated.dataSync()[0] ?? NaN, mse + penalty);
    tf.dispose([x, y, evaluated]);
    stock.dispose();
    loaded.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});
