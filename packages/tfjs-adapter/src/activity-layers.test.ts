import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import * as tfl from '@tensorflow/tfjs-layers';
import { l1, l2 } from '@regularizers/builtin';
import { InvalidArgumentError } from '@regularizers/core';
import { sumAbs, sumSquares } from '@regularizers/core/testing';
import { layers, modelFromKerasJSON, sequential } from './index.js';
import type { RegularizerSlotValue } from './index.js';
import { layerClasses } from './layer-classes.js';
import { layerTable } from './layer-table.js';
import { expectClose } from './test-reference.js';
import { saveAndLoad } from './testing.js';

// Keras's base Layer takes an activity_regularizer, so every layer does; tfjs's stores it and
// never applies it. Here: every layer class without weights of its own, built through `layers.*`,
// applies it (Keras semantics: the penalty of its output divided by the batch size); the layers
// that cannot (RNN cells, input layers) refuse it by name; and every layer class tfjs registers is
// one of ours, so loaded models behave the same.

type Args = { activityRegularizer?: RegularizerSlotValue };
const normal =
  (...shape: number[]) =>
  () =>
    tf.randomNormal(shape, 0, 1, 'float32', 11);
const pair =
  (...shape: number[]) =>
  () => [tf.randomNormal(shape, 0, 1, 'float32', 12), tf.randomNormal(shape, 0, 1, 'float32', 13)];

/** Every factory of a layer without weights of its own: how to build it, and an input. */
const ACTIVITY_ONLY: Record<
  string,
  {
    build: (args: Args) => tfl.layers.Layer;
    input: () => tf.Tensor | tf.Tensor[];
    /** Tensors stock tfjs leaks per eager call: Masking's mask, ThresholdedReLU's intermediates. */
    keptByTfjs?: number;
  }
> = {
  activation: {
    build: (a) => layers.activation({ activation: 'tanh', ...a }),
    input: normal(3, 4),
  },
  flatten: { build: (a) => layers.flatten(a), input: normal(2, 3, 2) },
  reshape: { build: (a) => layers.reshape({ targetShape: [6], ...a }), input: normal(2, 3, 2) },
  permute: { build: (a) => layers.permute({ dims: [2, 1], ...a }), input: normal(2, 3, 2) },
  repeatVector: { build: (a) => layers.repeatVector({ n: 2, ...a }), input: normal(3, 4) },
  masking: { build: (a) => layers.masking(a), input: normal(2, 3, 2), keptByTfjs: 1 },
  dropout: { build: (a) => layers.dropout({ rate: 0.5, ...a }), input: normal(3, 4) },
  spatialDropout1d: {
    build: (a) => layers.spatialDropout1d({ rate: 0.5, ...a }),
    input: normal(2, 3, 2),
  },
  gaussianNoise: { build: (a) => layers.gaussianNoise({ stddev: 0.1, ...a }), input: normal(3, 4) },
  gaussianDropout: {
    build: (a) => layers.gaussianDropout({ rate: 0.1, ...a }),
    input: normal(3, 4),
  },
  alphaDropout: { build: (a) => layers.alphaDropout({ rate: 0.1, ...a }), input: normal(3, 4) },
  add: { build: (a) => layers.add(a), input: pair(3, 4) },
  multiply: { build: (a) => layers.multiply(a), input: pair(3, 4) },
  average: { build: (a) => layers.average(a), input: pair(3, 4) },
  maximum: { build: (a) => layers.maximum(a), input: pair(3, 4) },
  minimum: { build: (a) => layers.minimum(a), input: pair(3, 4) },
  concatenate: { build: (a) => layers.concatenate(a), input: pair(3, 4) },
  dot: { build: (a) => layers.dot({ axes: 1, ...a }), input: pair(3, 4) },
  reLU: { build: (a) => layers.reLU(a), input: normal(3, 4) },
  leakyReLU: { build: (a) => layers.leakyReLU(a), input: normal(3, 4) },
  elu: { build: (a) => layers.elu(a), input: normal(3, 4) },
  thresholdedReLU: {
    build: (a) => layers.thresholdedReLU({ theta: 0.1, ...a }),
    input: normal(3, 4),
    keptByTfjs: 2,
  },
  softmax: { build: (a) => layers.softmax(a), input: normal(3, 4) },
  zeroPadding2d: {
    build: (a) => layers.zeroPadding2d({ padding: 1, ...a }),
    input: normal(2, 3, 3, 2),
  },
  cropping2D: { build: (a) => layers.cropping2D({ cropping: 1, ...a }), input: normal(2, 4, 4, 2) },
  upSampling2d: {
    build: (a) => layers.upSampling2d({ size: [2, 2], ...a }),
    input: normal(2, 2, 2, 2),
  },
  maxPooling1d: {
    build: (a) => layers.maxPooling1d({ poolSize: 2, ...a }),
    input: normal(2, 4, 3),
  },
  maxPooling2d: {
    build: (a) => layers.maxPooling2d({ poolSize: 2, ...a }),
    input: normal(2, 4, 4, 2),
  },
  maxPooling3d: {
    build: (a) => layers.maxPooling3d({ poolSize: 2, ...a }),
    input: normal(2, 4, 4, 4, 1),
  },
  averagePooling1d: {
    build: (a) => layers.averagePooling1d({ poolSize: 2, ...a }),
    input: normal(2, 4, 3),
  },
  averagePooling2d: {
    build: (a) => layers.averagePooling2d({ poolSize: 2, ...a }),
    input: normal(2, 4, 4, 2),
  },
  averagePooling3d: {
    build: (a) => layers.averagePooling3d({ poolSize: 2, ...a }),
    input: normal(2, 4, 4, 4, 1),
  },
  globalAveragePooling1d: {
    build: (a) => layers.globalAveragePooling1d(a),
    input: normal(2, 4, 3),
  },
  globalAveragePooling2d: {
    build: (a) => layers.globalAveragePooling2d(a),
    input: normal(2, 3, 3, 2),
  },
  globalMaxPooling1d: { build: (a) => layers.globalMaxPooling1d(a), input: normal(2, 4, 3) },
  globalMaxPooling2d: { build: (a) => layers.globalMaxPooling2d(a), input: normal(2, 3, 3, 2) },
  rescaling: {
    build: (a) => layers.rescaling({ scale: 2, offset: 0.5, ...a }),
    input: normal(3, 4),
  },
  centerCrop: {
    build: (a) => layers.centerCrop({ height: 2, width: 2, ...a }),
    input: normal(2, 4, 4, 2),
  },
  resizing: {
    build: (a) => layers.resizing({ height: 3, width: 3, ...a }),
    input: normal(2, 4, 4, 2),
  },
  categoryEncoding: {
    build: (a) => layers.categoryEncoding({ numTokens: 5, outputMode: 'multiHot', ...a }),
    input: () =>
      tf.tensor2d(
        [
          [0, 1, 4],
          [3, 2, 2],
        ],
        [2, 3],
        'int32',
      ),
  },
  randomWidth: {
    build: (a) => layers.randomWidth({ factor: 0.2, ...a }),
    input: normal(2, 4, 4, 2),
  },
  timeDistributed: {
    build: (a) => layers.timeDistributed({ layer: layers.dense({ units: 2 }), ...a }),
    input: normal(2, 3, 4),
  },
  rnn: {
    build: (a) => layers.rnn({ cell: layers.simpleRNNCell({ units: 3 }), ...a }),
    input: normal(2, 3, 2),
  },
};

/** The layer's total penalty after one eager call, with its output's values. */
function penaltyOfCall(layer: tfl.layers.Layer, input: tf.Tensor | tf.Tensor[]) {
  const output = layer.apply(input) as tf.Tensor;
  const losses = layer.calculateLosses();
  const total = losses.length === 0 ? 0 : tf.tidy(() => tf.addN(losses).dataSync()[0] ?? NaN);
  const values = output.dataSync();
  const batch = output.shape[0];
  tf.dispose([output, ...losses, ...[input].flat()]);
  return { count: losses.length, total, values, batch };
}

describe('an activity regularizer on a layer without weights', () => {
  it('covers every such factory of `layers`', () => {
    const activityOnly = Object.values(layerTable)
      .filter((row) => Object.keys(row.weightSlots).length === 0 && !('refusedSlots' in row))
      .map((row) => row.factory);
    expect(Object.keys(ACTIVITY_ONLY).sort()).toEqual(activityOnly.sort());
  });

  it.each(Object.entries(ACTIVITY_ONLY))(
    '%s applies it: l1 of the output divided by the batch size; none without one',
    (_name, { build, input, keptByTfjs = 0 }) => {
      const before = tf.memory().numTensors;
      const layer = build({ activityRegularizer: l1(0.3) });
      const call = penaltyOfCall(layer, input());
      expect(call.count).toBe(1);
      expect(sumAbs(call.values)).toBeGreaterThan(0);
      expectClose(call.total, (0.3 * sumAbs(call.values)) / call.batch);
      layer.dispose();
      const plain = build({});
      expect(penaltyOfCall(plain, input()).count).toBe(0);
      plain.dispose();
      expect(tf.memory().numTensors).toBe(before + 2 * keptByTfjs);
    },
  );
});

describe('a TimeDistributed layer, as in Keras 3', () => {
  it("applies its own activity regularizer, counts the wrapped layer's weights, and not the wrapped layer's activity regularizer", () => {
    const before = tf.memory().numTensors;
    const inner = layers.dense({
      units: 2,
      kernelInitializer: 'ones',
      kernelRegularizer: l2(1),
      activityRegularizer: l2(100),
    });
    const wrapper = layers.timeDistributed({ layer: inner, activityRegularizer: l2(0.1) });
    const call = penaltyOfCall(wrapper, tf.ones([2, 3, 4]));
    // Kernel ones(4, 2): 1 * 8. Output: every value is 4, 2 × 3 × 2 of them, over a batch of 2.
    expect(call.count).toBe(2);
    expectClose(call.total, 8 + (0.1 * sumSquares(call.values)) / 2);
    expectClose(call.total, 8 + (0.1 * 16 * 12) / 2);
    wrapper.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it("still applies the wrapped layer's activity regularizer where that layer is called on its own", () => {
    const before = tf.memory().numTensors;
    const inner = layers.dense({ units: 2, kernelInitializer: 'ones', activityRegularizer: l2(1) });
    const wrapper = layers.timeDistributed({ layer: inner });
    expect(penaltyOfCall(wrapper, tf.ones([2, 3, 4])).count).toBe(0);
    const direct = penaltyOfCall(inner, tf.ones([2, 4]));
    expectClose(direct.total, (4 * 16) / 2);
    wrapper.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});

/** A factory called past its types, as JavaScript or a model file would. */
const untyped = (factory: unknown) => factory as (args: object) => unknown;

describe('layers that cannot apply an activity regularizer', () => {
  it.each([
    [
      'simpleRNNCell',
      () => untyped(layers.simpleRNNCell)({ units: 2, name: 'c', activityRegularizer: l2() }),
    ],
    ['gruCell', () => untyped(layers.gruCell)({ units: 2, name: 'c', activityRegularizer: l2() })],
    [
      'lstmCell',
      () => untyped(layers.lstmCell)({ units: 2, name: 'c', activityRegularizer: l2() }),
    ],
    [
      'convLstm2dCell',
      () =>
        layers.convLstm2dCell({
          filters: 2,
          kernelSize: 2,
          name: 'c',
          activityRegularizer: l2(),
        } as never),
    ],
    [
      'stackedRNNCells',
      () => untyped(layers.stackedRNNCells)({ cells: [], name: 'c', activityRegularizer: l2() }),
    ],
    [
      'inputLayer',
      () => untyped(layers.inputLayer)({ inputShape: [2], name: 'c', activityRegularizer: l2() }),
    ],
  ])('%s refuses one, naming the layer and saying where it goes', (_name, build) => {
    const before = tf.memory().numTensors;
    expect(build).toThrow(/layer "c" has no activityRegularizer: .*(RNN layer|layer after it)/);
    expect(build).toThrow(expect.objectContaining({ argument: 'activityRegularizer' }) as Error);
    expect(build).toThrow(InvalidArgumentError);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('refuses one in a model file, before anything is built', async () => {
    const before = tf.memory().numTensors;
    const cell = {
      class_name: 'GRUCell',
      config: { units: 2, activity_regularizer: { class_name: 'L2', config: { l2: 0.1 } } },
    };
    const json = {
      class_name: 'Sequential',
      config: {
        layers: [{ class_name: 'RNN', config: { batch_input_shape: [null, 3, 2], cell } }],
      },
    };
    await expect(modelFromKerasJSON(json)).rejects.toThrow(
      /GRUCell layer .*has no activityRegularizer/,
    );
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('the cells of an RNN layer', () => {
  it('count their weights with the RNN layer, stacked or not', () => {
    const before = tf.memory().numTensors;
    const cells = [
      layers.gruCell({ units: 2, kernelInitializer: 'ones', kernelRegularizer: l2(0.5) }),
      layers.simpleRNNCell({
        units: 3,
        recurrentInitializer: 'ones',
        recurrentRegularizer: l1(0.1),
      }),
    ];
    const model = sequential({ layers: [layers.rnn({ cell: cells, inputShape: [3, 2] })] });
    const losses = model.calculateLosses();
    // GRU kernel ones(2, 6): 0.5 * 12; SimpleRNN recurrent kernel ones(3, 3): 0.1 * 9.
    expectClose(
      tf.tidy(() => tf.addN(losses).dataSync()[0] ?? NaN),
      6 + 0.9,
    );
    tf.dispose(losses);
    model.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('every layer class tfjs-layers registers', () => {
  it('loads as ours, so that model files get Keras semantics', () => {
    const classes = tf.serialization.SerializationMap.getMap().classNameMap;
    const stockLayers = Object.entries(classes).filter(
      ([name, [cls]]) =>
        (cls as unknown as { prototype: unknown }).prototype instanceof tfl.layers.Layer &&
        !['Model', 'Functional', 'Sequential'].includes(name),
    );
    expect(stockLayers.length).toBeGreaterThan(60);
    for (const [name, [cls]] of stockLayers) {
      expect(cls, name).toBe(layerClasses[name as keyof typeof layerClasses]);
    }
  });

  it('keeps its activity regularizer through a save and a load', async () => {
    const before = tf.memory().numTensors;
    const model = sequential({
      layers: [
        layers.dense({ units: 4, inputShape: [3] }),
        layers.reshape({ targetShape: [2, 2], activityRegularizer: l2(0.1) }),
        layers.flatten({ activityRegularizer: l1(0.2) }),
      ],
    });
    const x = tf.tidy(() => tf.randomNormal([5, 3], 0, 1, 'float32', 3));
    const { loaded } = await saveAndLoad(model);
    const penalty = (m: tfl.LayersModel) => {
      tf.dispose(m.predict(x));
      const losses = m.calculateLosses();
      const total = tf.tidy(() => tf.addN(losses).dataSync()[0] ?? NaN);
      tf.dispose(losses);
      return { count: losses.length, total };
    };
    const original = penalty(model);
    expect(original.count).toBe(2);
    expect(penalty(loaded)).toEqual(original);
    tf.dispose(x);
    model.dispose();
    loaded.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});
