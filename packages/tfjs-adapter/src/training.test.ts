import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import * as tfl from '@tensorflow/tfjs-layers';
import { L1, L1L2, L2, OrthogonalRegularizer, l1, l2 } from '@regularizers/builtin';
import { sumAbs, sumSquares } from '@regularizers/core/testing';
import { layers } from './index.js';
import {
  expectClose,
  meanSquaredError,
  predictValues,
  totalLosses,
  weightValues,
} from './test-reference.js';
import { saveAndLoad, saveToMemory } from './testing.js';

// ---------------------------------------------------------------------------------------------
// Independent reference computations: plain loops over values read back from tfjs (sumAbs and
// sumSquares come from @regularizers/core/testing, the others from test-reference.ts).

/** Row-major `a (n×k) · b (k×m)`, with plain loops. */
function matmul(a: ArrayLike<number>, b: ArrayLike<number>, n: number, k: number, m: number) {
  const out = new Float64Array(n * m);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < m; j++) {
      let total = 0;
      for (let p = 0; p < k; p++) total += (a[i * k + p] ?? NaN) * (b[p * m + j] ?? NaN);
      out[i * m + j] = total;
    }
  }
  return out;
}

/** Row-major transpose of an `n×m` matrix. */
function transpose(a: ArrayLike<number>, n: number, m: number) {
  const out = new Float64Array(n * m);
  for (let i = 0; i < n; i++) for (let j = 0; j < m; j++) out[j * n + i] = a[i * m + j] ?? NaN;
  return out;
}

const init = (seed: number) => tfl.initializers.randomNormal({ mean: 0.1, stddev: 0.5, seed });

const X = [
  [0.5, -1, 2],
  [1.5, 0.25, -0.5],
  [-2, 1, 0.75],
  [0.3, -0.6, 1.2],
];
const Y = [
  [1, -1],
  [0, 2],
  [-1, 0.5],
  [0.5, 0.5],
];

// ---------------------------------------------------------------------------------------------

describe('the training loss', () => {
  it.each([
    [4, 1],
    [2, 2],
  ])(
    'with batch size %i (%i step(s)) is the data loss + weight penalties + activity penalty / batch, once per step',
    async (batchSize, steps) => {
      const before = tf.memory().numTensors;
      const optimizer = tf.train.sgd(0); // the weights stay fixed
      const dense = layers.dense({
        units: 2,
        inputShape: [3],
        kernelInitializer: init(1),
        biasInitializer: init(2),
        kernelRegularizer: l2(0.3),
        activityRegularizer: l1(0.2),
      });
      const model = tfl.sequential({ layers: [dense] });
      model.compile({ optimizer, loss: 'meanSquaredError' });
      const x = tf.tensor2d(X);
      const y = tf.tensor2d(Y);
      const history = await model.fit(x, y, { epochs: 1, batchSize, shuffle: false });
      const reported = history.history.loss?.[0] as number;

      const kernelPenalty = 0.3 * sumSquares(weightValues(dense, 'kernel'));
      const predictions = predictValues(model, x);
      const targets = y.dataSync();
      let expected = 0;
      const rows = batchSize * 2;
      for (let step = 0; step < steps; step++) {
        const p = predictions.subarray(step * rows, (step + 1) * rows);
        const t = targets.subarray(step * rows, (step + 1) * rows);
        expected += meanSquaredError(p, t) + kernelPenalty + (0.2 * sumAbs(p)) / batchSize;
      }
      expected /= steps; // the epoch's loss is the mean over its equal-sized batches
      expectClose(reported, expected);

      tf.dispose([x, y]);
      model.dispose();
      optimizer.dispose();
      expect(tf.memory().numTensors).toBe(before);
    },
  );

  it('of an LSTM with kernelRegularizer l2(10) exceeds the unregularized loss by 10 * sum(kernel²); stock tfjs adds nothing', async () => {
    const before = tf.memory().numTensors;
    const optimizer = tf.train.sgd(0);
    const x = tf.tidy(() => tf.randomNormal([3, 4, 2], 0, 1, 'float32', 11));
    const y = tf.tidy(() => tf.randomNormal([3, 2], 0, 1, 'float32', 12));
    const ours = tfl.sequential({
      layers: [layers.lstm({ units: 2, inputShape: [4, 2], kernelRegularizer: l2(10) })],
    });
    const unregularized = tfl.sequential({
      layers: [layers.lstm({ units: 2, inputShape: [4, 2] })],
    });
    const stock = tfl.sequential({
      layers: [
        tfl.layers.lstm({
          units: 2,
          inputShape: [4, 2],
          kernelRegularizer: tfl.regularizers.l2({ l2: 10 }),
        }),
      ],
    });
    unregularized.setWeights(ours.getWeights());
    stock.setWeights(ours.getWeights());
    const losses: number[] = [];
    for (const model of [ours, unregularized, stock]) {
      model.compile({ optimizer, loss: 'meanSquaredError' });
      losses.push((await model.trainOnBatch(x, y)) as number);
    }
    const [withPenalty = NaN, without = NaN, stockLoss = NaN] = losses;

    const kernel = weightValues(ours.layers[0] as tfl.layers.Layer, 'kernel');
    expect(kernel).toHaveLength(2 * 8);
    const penalty = 10 * sumSquares(kernel);
    expect(penalty).toBeGreaterThan(1);
    expectClose(withPenalty - without, penalty);
    expectClose(withPenalty, without + penalty);
    // The stock gap: the penalty stays on the LSTM's cell, and the loss does not see it.
    expect(Math.abs(stockLoss - without)).toBeLessThan(1e-6);

    tf.dispose([x, y]);
    for (const model of [ours, unregularized, stock]) model.dispose();
    optimizer.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('differentiates the recurrent penalties: with a zero data loss, sgd moves an LSTM kernel by the L2 gradient and its recurrent kernel by the L1 gradient', async () => {
    const before = tf.memory().numTensors;
    const learningRate = 0.01;
    const optimizer = tf.train.sgd(learningRate);
    const lstm = layers.lstm({
      units: 2,
      inputShape: [4, 2],
      kernelInitializer: init(1),
      recurrentInitializer: init(2),
      biasInitializer: init(3),
      kernelRegularizer: l2(10),
      recurrentRegularizer: l1(0.5),
    });
    const model = tfl.sequential({ layers: [lstm] });
    const zeroLoss = (yTrue: tf.Tensor, yPred: tf.Tensor) =>
      tf.mul(0, tf.mean(tf.square(tf.sub(yTrue, yPred)), -1));
    model.compile({ optimizer, loss: zeroLoss });
    const kernel = Float64Array.from(weightValues(lstm, 'kernel'));
    const recurrent = Float64Array.from(weightValues(lstm, 'recurrent_kernel'));
    const bias = Float64Array.from(weightValues(lstm, 'bias'));
    const x = tf.tidy(() => tf.randomNormal([3, 4, 2], 0, 1, 'float32', 11));
    const y = tf.zeros([3, 2]);
    const loss = (await model.trainOnBatch(x, y)) as number;
    tf.dispose([x, y]);

    expectClose(loss, 10 * sumSquares(kernel) + 0.5 * sumAbs(recurrent));
    const newKernel = weightValues(lstm, 'kernel');
    kernel.forEach((value, i) => {
      expect(Math.abs((newKernel[i] ?? NaN) - value * (1 - learningRate * 2 * 10))).toBeLessThan(
        1e-6,
      );
    });
    const newRecurrent = weightValues(lstm, 'recurrent_kernel');
    recurrent.forEach((value, i) => {
      const expected = value - learningRate * 0.5 * Math.sign(value);
      expect(Math.abs((newRecurrent[i] ?? NaN) - expected)).toBeLessThan(1e-6);
    });
    expect(Array.from(weightValues(lstm, 'bias'))).toEqual(Array.from(Float32Array.from(bias)));

    model.dispose();
    optimizer.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});

// ---------------------------------------------------------------------------------------------

type Graph = 'tf.sequential' | 'tf.model';
type Method = 'fit' | 'fitDataset' | 'trainOnBatch';

/** dense1 → dense2 with an activity regularizer, as a Sequential or a functional model. */
function activityModel(graph: Graph, activity: number | null): tfl.LayersModel {
  const dense1 = layers.dense({ units: 3, kernelInitializer: init(1), biasInitializer: init(2) });
  const dense2 = layers.dense({
    units: 2,
    kernelInitializer: init(3),
    biasInitializer: init(4),
    ...(activity === null ? {} : { activityRegularizer: l2(activity) }),
  });
  if (graph === 'tf.sequential') {
    return tfl.sequential({
      layers: [tfl.layers.inputLayer({ inputShape: [3] }), dense1, dense2],
    });
  }
  const input = tfl.input({ shape: [3] });
  const output = dense2.apply(dense1.apply(input)) as tfl.SymbolicTensor;
  return tfl.model({ inputs: input, outputs: output });
}

/**
 * A one-batch dataset with fresh tensors on each pass (fitDataset disposes them). tfjs-layers only
 * needs `iterator()` and `next()`; `tf.data` lives in @tensorflow/tfjs-data, not a dependency.
 */
function oneBatchDataset(xs: number[][], ys: number[][]) {
  return {
    size: 1,
    iterator: () => {
      let done = false;
      return Promise.resolve({
        next: () => {
          if (done) return Promise.resolve({ value: null, done: true });
          done = true;
          return Promise.resolve({
            value: { xs: tf.tensor2d(xs), ys: tf.tensor2d(ys) },
            done: false,
          });
        },
      });
    },
  };
}

async function trainOnce(model: tfl.LayersModel, method: Method): Promise<number> {
  if (method === 'trainOnBatch') {
    const [x, y] = [tf.tensor2d(X), tf.tensor2d(Y)];
    const loss = (await model.trainOnBatch(x, y)) as number;
    tf.dispose([x, y]);
    return loss;
  }
  if (method === 'fit') {
    const [x, y] = [tf.tensor2d(X), tf.tensor2d(Y)];
    const history = await model.fit(x, y, { epochs: 1, batchSize: 4 });
    tf.dispose([x, y]);
    return history.history.loss?.[0] as number;
  }
  const dataset = oneBatchDataset(X, Y) as unknown as Parameters<tfl.LayersModel['fitDataset']>[0];
  const history = await model.fitDataset(dataset, { epochs: 1 });
  return history.history.loss?.[0] as number;
}

describe('activity regularizers in training', () => {
  const graphs: Graph[] = ['tf.sequential', 'tf.model'];
  const methods: Method[] = ['fit', 'fitDataset', 'trainOnBatch'];
  it.each(graphs.flatMap((graph) => methods.map((method) => [method, graph] as const)))(
    'count in %s of a %s graph: loss = data loss + activity penalty / batch',
    async (method, graph) => {
      const before = tf.memory().numTensors;
      const optimizer = tf.train.sgd(0);
      const model = activityModel(graph, 0.5);
      model.compile({ optimizer, loss: 'meanSquaredError' });
      const reported = await trainOnce(model, method);

      const x = tf.tensor2d(X);
      const predictions = predictValues(model, x);
      x.dispose();
      const targets = Y.flat();
      const expected = meanSquaredError(predictions, targets) + (0.5 * sumSquares(predictions)) / 4;
      expectClose(reported, expected);
      // The data loss alone is clearly different, so the activity term is really there.
      expect(Math.abs(reported - meanSquaredError(predictions, targets))).toBeGreaterThan(0.01);

      model.dispose();
      optimizer.dispose();
      expect(tf.memory().numTensors).toBe(before);
    },
  );

  it("keeps only the last eager call's penalty, for the layer and for its model", () => {
    const before = tf.memory().numTensors;
    const model = activityModel('tf.model', 0.5);
    const layer = model.layers[2] as tfl.layers.Layer;
    const first = tf.tensor2d(X); // batch 4
    const second = tf.tensor2d([[1, 2, 3]]); // batch 1
    predictValues(model, first);
    const last = predictValues(model, second);
    const expected = (0.5 * sumSquares(last)) / 1;

    const layerLosses = layer.calculateLosses();
    expect(layerLosses).toHaveLength(1);
    expectClose(layerLosses[0]?.dataSync()[0] ?? NaN, expected);
    tf.dispose(layerLosses);
    const { count, total } = totalLosses(model);
    expect(count).toBe(1);
    expectClose(total, expected);

    // A direct eager call of the layer replaces it too.
    const direct = tf.tensor2d([
      [0.1, 0.2, 0.3],
      [-1, 0, 1],
      [2, 2, 2],
    ]);
    const output = layer.apply(direct) as tf.Tensor;
    const afterDirect = layer.calculateLosses();
    expect(afterDirect).toHaveLength(1);
    expectClose(afterDirect[0]?.dataSync()[0] ?? NaN, (0.5 * sumSquares(output.dataSync())) / 3);

    tf.dispose([first, second, direct, output, ...afterDirect]);
    model.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it.each([
    ['with', 0.5],
    ['without', null],
  ])(
    'trained on a zero data loss %s an activity regularizer on dense2, dense1 moves by the penalty gradient',
    async (_label, activity) => {
      const before = tf.memory().numTensors;
      const learningRate = 0.1;
      const optimizer = tf.train.sgd(learningRate);
      const dense1 = layers.dense({ units: 3, useBias: false, kernelInitializer: init(1) });
      const dense2 = layers.dense({
        units: 2,
        useBias: false,
        kernelInitializer: init(3),
        ...(activity === null ? {} : { activityRegularizer: l2(activity) }),
      });
      const model = tfl.sequential({
        layers: [tfl.layers.inputLayer({ inputShape: [3] }), dense1, dense2],
      });
      // Zero, but connected to the predictions, so tfjs finds a path to every weight.
      const zeroLoss = (yTrue: tf.Tensor, yPred: tf.Tensor) =>
        tf.mul(0, tf.mean(tf.square(tf.sub(yTrue, yPred)), -1));
      model.compile({ optimizer, loss: zeroLoss });
      const w1 = Float64Array.from(weightValues(dense1, 'kernel')); // 3×3
      const w2 = Float64Array.from(weightValues(dense2, 'kernel')); // 3×2
      const xValues = X.flat(); // 4×3

      const [x, y] = [tf.tensor2d(X), tf.tensor2d(Y)];
      const loss = (await model.trainOnBatch(x, y)) as number;
      tf.dispose([x, y]);

      // Independently: H = X W1, P = H W2, penalty = a * sum(P²) / B, so
      // dPenalty/dW2 = (2a/B) Hᵀ P and dPenalty/dW1 = (2a/B) Xᵀ (P W2ᵀ).
      const hidden = matmul(xValues, w1, 4, 3, 3);
      const predictions = matmul(hidden, w2, 4, 3, 2);
      const a = activity ?? 0;
      expectClose(loss, (a * sumSquares(predictions)) / 4);
      const scale = (2 * a) / 4;
      const gradW2 = matmul(transpose(hidden, 4, 3), predictions, 3, 4, 2);
      const gradW1 = matmul(
        transpose(xValues, 4, 3),
        matmul(predictions, transpose(w2, 3, 2), 4, 2, 3),
        3,
        4,
        3,
      );
      const newW1 = weightValues(dense1, 'kernel');
      const newW2 = weightValues(dense2, 'kernel');
      let moved = 0;
      for (let i = 0; i < 9; i++) {
        const expected = (w1[i] ?? NaN) - learningRate * scale * (gradW1[i] ?? NaN);
        expect(Math.abs((newW1[i] ?? NaN) - expected)).toBeLessThan(1e-5);
        moved += Math.abs((newW1[i] ?? NaN) - (w1[i] ?? NaN));
      }
      for (let i = 0; i < 6; i++) {
        const expected = (w2[i] ?? NaN) - learningRate * scale * (gradW2[i] ?? NaN);
        expect(Math.abs((newW2[i] ?? NaN) - expected)).toBeLessThan(1e-5);
      }
      if (activity === null) expect(moved).toBe(0);
      else expect(moved).toBeGreaterThan(1e-3);

      model.dispose();
      optimizer.dispose();
      expect(tf.memory().numTensors).toBe(before);
    },
  );
});

// ---------------------------------------------------------------------------------------------

function namedPenalty(x: tf.Tensor): tf.Tensor {
  return tf.mul(1e-3, tf.sum(tf.abs(x)));
}

/** A model with every kind of regularizer: L1, L2, L1L2, Orthogonal, a function, activity, recurrent. */
function everyKindModel(): tfl.Sequential {
  return tfl.sequential({
    layers: [
      layers.lstm({
        units: 4,
        inputShape: [3, 2],
        kernelRegularizer: new L1L2({ l1: 0.01, l2: 0.01 }),
        recurrentRegularizer: new L2({ l2: 0.01 }),
      }),
      layers.dense({
        units: 4,
        kernelRegularizer: new L1({ l1: 0.01 }),
        activityRegularizer: new L2({ l2: 0.01 }),
      }),
      layers.dense({
        units: 4,
        kernelRegularizer: new OrthogonalRegularizer({ factor: 0.1 }),
        biasRegularizer: namedPenalty,
        biasInitializer: 'ones',
      }),
      layers.dense({
        units: 1,
        kernelRegularizer: (x: tf.Tensor) => tf.mul(0.01, tf.sum(tf.square(x))),
        activityRegularizer: l1(0.01),
      }),
    ],
  });
}

/** A model of two dense layers with registered regularizers only, so it saves. */
function savableModel(): tfl.Sequential {
  return tfl.sequential({
    layers: [
      layers.dense({
        units: 3,
        inputShape: [3],
        kernelRegularizer: new L1L2({ l1: 0.01, l2: 0.02 }),
        biasInitializer: 'ones',
        biasRegularizer: l2(0.5),
        activityRegularizer: new L1({ l1: 0.1 }),
      }),
      layers.dense({
        units: 2,
        kernelRegularizer: new OrthogonalRegularizer({ factor: 0.5, mode: 'columns' }),
      }),
    ],
  });
}

describe('no leaks', () => {
  it('(a) 20 epochs of fit with every kind of regularizer keep the tensor count', async () => {
    const model = everyKindModel();
    model.compile({ optimizer: 'adam', loss: 'meanSquaredError' });
    const x = tf.tidy(() => tf.randomNormal([8, 3, 2], 0, 1, 'float32', 21));
    const y = tf.tidy(() => tf.randomNormal([8, 1], 0, 1, 'float32', 22));
    // The first fit creates the optimizer's state, and each activity-regularized layer keeps its
    // latest penalty.
    const first = await model.fit(x, y, { epochs: 1, batchSize: 4 });
    const before = tf.memory().numTensors;
    const history = await model.fit(x, y, { epochs: 20, batchSize: 4 });
    expect(tf.memory().numTensors).toBe(before);

    // Every regularizer counts: LSTM kernel and recurrent, 2 per dense layer.
    const { count } = totalLosses(model);
    expect(count).toBe(8);
    const losses = [...(first.history.loss ?? []), ...(history.history.loss ?? [])] as number[];
    expect(losses).toHaveLength(21);
    for (const loss of losses) expect(Number.isFinite(loss)).toBe(true);
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([x, y]);
    model.dispose();
  });

  it('(b) 100 eager calls of a layer with an activity regularizer keep the tensor count', () => {
    const layer = layers.dense({
      units: 3,
      activityRegularizer: l2(0.1),
      kernelInitializer: init(1),
    });
    tf.tidy(() => {
      layer.apply(tf.ones([2, 4]));
    });
    const before = tf.memory().numTensors;
    let last: Float32Array = new Float32Array();
    for (let i = 0; i < 100; i++) {
      tf.tidy(() => {
        const output = layer.apply(tf.fill([1 + (i % 3), 4], i / 10)) as tf.Tensor;
        last = output.dataSync() as Float32Array;
      });
    }
    expect(tf.memory().numTensors).toBe(before);
    const losses = layer.calculateLosses();
    expect(losses).toHaveLength(1);
    expectClose(losses[0]?.dataSync()[0] ?? NaN, (0.1 * sumSquares(last)) / (1 + (99 % 3)));
    tf.dispose(losses);
    expect(tf.memory().numTensors).toBe(before);
    layer.dispose();
  });

  it('(c) a save and load round trip, with both models disposed, keeps the tensor count', async () => {
    const before = tf.memory().numTensors;
    const model = savableModel();
    const { loaded } = await saveAndLoad(model);

    // The loaded model penalizes its own (identical) weights and outputs as the original does.
    const x = tf.tensor2d(X.slice(0, 2));
    for (const m of [model, loaded]) {
      const output = predictValues(m, x);
      const [first, second] = m.layers as [tfl.layers.Layer, tfl.layers.Layer];
      const kernel = weightValues(first, 'kernel');
      let expected = 0.01 * sumAbs(kernel) + 0.02 * sumSquares(kernel);
      expected += 0.5 * sumSquares(weightValues(first, 'bias'));
      const hidden = tf.tidy(() => (first.apply(x) as tf.Tensor).dataSync());
      expected += (0.1 * sumAbs(hidden)) / 2;
      // Orthogonal, columns: normalize the columns of the 3×2 kernel, mean |cosine| of the one pair.
      const k2 = weightValues(second, 'kernel');
      let dot = 0;
      let n0 = 0;
      let n1 = 0;
      for (let r = 0; r < 3; r++) {
        const [c0 = NaN, c1 = NaN] = [k2[r * 2], k2[r * 2 + 1]];
        dot += c0 * c1;
        n0 += c0 * c0;
        n1 += c1 * c1;
      }
      expected += 0.5 * (Math.abs(dot) / Math.sqrt(n0 * n1));
      expect(output).toHaveLength(4);
      const { count, total } = totalLosses(m);
      expect(count).toBe(4);
      expectClose(total, expected);
    }
    expect(Array.from(weightValues(loaded.layers[0] as tfl.layers.Layer, 'kernel'))).toEqual(
      Array.from(weightValues(model.layers[0] as tfl.layers.Layer, 'kernel')),
    );
    x.dispose();
    model.dispose();
    loaded.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  /** The saved artifacts of `model`, with the kernel regularizer of layer `index` unknown. */
  async function brokenArtifacts(
    model: tfl.LayersModel,
    index: number,
  ): Promise<tf.io.ModelArtifacts> {
    const artifacts = await saveToMemory(model);
    model.dispose();
    const topology = JSON.parse(JSON.stringify(artifacts.modelTopology)) as {
      config: { layers: { class_name: string; config: Record<string, unknown> }[] };
    };
    const denseLayers = topology.config.layers.filter((layer) => layer.class_name === 'Dense');
    const target = denseLayers[index];
    expect(target?.config.kernel_regularizer).not.toBeNull();
    if (target !== undefined) {
      target.config.kernel_regularizer = { class_name: 'NoSuchRegularizer', config: {} };
    }
    return { ...artifacts, modelTopology: topology };
  }

  function functionalModel(): tfl.LayersModel {
    const input = tfl.input({ shape: [3] });
    const hidden = layers
      .dense({ units: 3, kernelRegularizer: l2(0.1) })
      .apply(input) as tfl.SymbolicTensor;
    const output = layers
      .dense({ units: 2, kernelRegularizer: l2(0.2) })
      .apply(hidden) as tfl.SymbolicTensor;
    return tfl.model({ inputs: input, outputs: output });
  }

  it.each([
    ['the first layer of a Sequential', savableModel, 0],
    ['the second layer of a functional model', functionalModel, 1],
  ])(
    '(d) a failed load (unknown kernel_regularizer in %s) keeps the tensor count',
    async (_where, build, index) => {
      const artifacts = await brokenArtifacts(build(), index);
      const before = tf.memory().numTensors;
      await expect(tfl.loadLayersModel(tf.io.fromMemory(artifacts))).rejects.toThrow(
        /kernelRegularizer.*Unknown regularizer "NoSuchRegularizer"/,
      );
      expect(tf.memory().numTensors).toBe(before);
    },
  );

  // Stock Sequential.fromConfig builds each layer as soon as it is read, so a later layer's
  // failure would strand the earlier layers' weights; the adapter's Sequential checks first.
  it('(d) a failed load (unknown kernel_regularizer in the second layer of a Sequential) keeps the tensor count', async () => {
    const artifacts = await brokenArtifacts(savableModel(), 1);
    const before = tf.memory().numTensors;
    await expect(tfl.loadLayersModel(tf.io.fromMemory(artifacts))).rejects.toThrow(
      /kernelRegularizer.*Unknown regularizer "NoSuchRegularizer"/,
    );
    expect(tf.memory().numTensors).toBe(before);
  });
});
