import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import * as tfl from '@tensorflow/tfjs-layers';
import { registerRegularizer, unregisterRegularizer } from '@regularizers/core';
import type { RegularizerConfig } from '@regularizers/core';
import { l1l2, l2 } from '@regularizers/builtin';
import type { Scalar, Tensor } from '@tensorflow/tfjs-core';
import { ModelJsonError, layers, modelFromKerasJSON, modelToKerasJSON } from '../index.js';
import type { JsonObject } from './json-object.js';

// modelToKerasJSON writes what Keras 3.15 writes in config.json (the shapes below are Keras's own,
// as in packages/keras-files/fixtures); that keras.saving.load_model reads it back is checked by
// hand with tools/keras-referee/keras-files.py --check, for every fixture.

/** A plugin whose registered name and config do not survive tfjs's case conversion unaided. */
class ScaledAbs {
  static readonly className = 'ScaledAbs';
  constructor(readonly config: RegularizerConfig = {}) {}
  apply(x: Tensor): Scalar {
    return tf.mul(tf.sum(tf.abs(x)), Number(this.config.scale ?? 1));
  }
  getConfig(): RegularizerConfig {
    return { ...this.config };
  }
}

beforeAll(() => {
  registerRegularizer(ScaledAbs, { package: 'My_pkg' });
});
afterAll(() => {
  unregisterRegularizer('My_pkg>ScaledAbs');
});

/** `json.config.layers[index]`, typed for the test. */
function layerOf(json: JsonObject, index: number): JsonObject {
  return ((json.config as JsonObject).layers as JsonObject[])[index] as JsonObject;
}

function configOf(layer: JsonObject): JsonObject {
  return layer.config as JsonObject;
}

describe('a Sequential model', () => {
  const build = () =>
    tfl.sequential({
      name: 'two_dense',
      layers: [
        layers.dense({
          inputShape: [4],
          units: 3,
          kernelRegularizer: l2({ l2: 0.01 }),
          biasRegularizer: 'l1',
          activityRegularizer: l1l2({ l1: 0.001, l2: 0.002 }),
          kernelInitializer: 'glorotNormal',
        }),
        layers.dense({ units: 2, kernelRegularizer: new ScaledAbs({ scale: 2, mode: 'L1Mode' }) }),
      ],
    });

  it('is a keras Sequential whose first layer is the InputLayer, as Keras writes it', () => {
    const model = build();
    const json = modelToKerasJSON(model);
    expect(json).toMatchObject({
      module: 'keras',
      class_name: 'Sequential',
      registered_name: null,
    });
    expect(layerOf(json, 0)).toEqual({
      module: 'keras.layers',
      class_name: 'InputLayer',
      config: { batch_shape: [null, 4], dtype: 'float32', name: 'two_dense_input' },
      registered_name: null,
    });
    expect(layerOf(json, 1)).toMatchObject({ module: 'keras.layers', class_name: 'Dense' });
    expect(configOf(layerOf(json, 1))).not.toHaveProperty('batch_input_shape');
    model.dispose();
  });

  it("writes every regularizer in Keras 3's shape: built-ins under keras.regularizers, plugins by registered name", () => {
    const model = build();
    const [first, second] = [
      configOf(layerOf(modelToKerasJSON(model), 1)),
      configOf(layerOf(modelToKerasJSON(model), 2)),
    ];
    expect(first.kernel_regularizer).toEqual({
      module: 'keras.regularizers',
      class_name: 'L2',
      config: { l2: 0.01 },
      registered_name: null,
    });
    expect(first.bias_regularizer).toEqual({
      module: 'keras.regularizers',
      class_name: 'L1',
      config: { l1: 0.01 },
      registered_name: null,
    });
    expect(first.activity_regularizer).toMatchObject({
      class_name: 'L1L2',
      config: { l1: 0.001, l2: 0.002 },
    });
    expect(second.kernel_regularizer).toEqual({
      module: null,
      class_name: 'ScaledAbs',
      config: { scale: 2, mode: 'L1Mode' },
      registered_name: 'My_pkg>ScaledAbs',
    });
    model.dispose();
  });

  it("writes initializers as Keras objects; tfjs's truncated normal is Keras's truncated_normal", () => {
    const model = build();
    expect(configOf(layerOf(modelToKerasJSON(model), 1)).kernel_initializer).toEqual({
      module: 'keras.initializers',
      class_name: 'VarianceScaling',
      config: { scale: 1, mode: 'fan_avg', distribution: 'truncated_normal', seed: null },
      registered_name: null,
    });
    model.dispose();
  });

  it('is read back by modelFromKerasJSON into the same architecture and penalties', async () => {
    const model = build();
    const again = await modelFromKerasJSON(modelToKerasJSON(model));
    again.setWeights(model.getWeights());
    const x = tf.tensor2d([[1, -2, 3, -4]]);
    const [first, second] = [model.predict(x) as tf.Tensor, again.predict(x) as tf.Tensor];
    expect(Array.from(second.dataSync())).toEqual(Array.from(first.dataSync()));
    const penalties = [model, again].map((m) =>
      tf.tidy(() => tf.addN(m.calculateLosses()).dataSync()[0]),
    );
    expect(penalties[1]).toBe(penalties[0]);
    tf.dispose([x, first, second]);
    model.dispose();
    again.dispose();
  });
});

describe('a functional model with a nested model called twice', () => {
  const build = () => {
    const inner = tfl.sequential({
      name: 'encoder',
      layers: [layers.dense({ inputShape: [4], units: 3, kernelRegularizer: l2({ l2: 0.01 }) })],
    });
    const left = tfl.input({ shape: [4], name: 'left' });
    const right = tfl.input({ shape: [4], name: 'right' });
    const merged = tfl.layers
      .concatenate({ name: 'merged' })
      .apply([inner.apply(left), inner.apply(right)] as tfl.SymbolicTensor[]);
    const output = layers.dense({ units: 1, name: 'out' }).apply(merged) as tfl.SymbolicTensor;
    return tfl.model({ inputs: [left, right], outputs: output, name: 'twice' });
  };

  it("is a Functional, with Keras 3's calls, counting the nested model's calls from 0", () => {
    const model = build();
    const json = modelToKerasJSON(model);
    expect(json).toMatchObject({
      module: 'keras.src.models.functional',
      class_name: 'Functional',
      registered_name: 'Functional',
    });
    const config = json.config as JsonObject;
    expect(config.input_layers).toEqual([
      ['left', 0, 0],
      ['right', 0, 0],
    ]);
    expect(config.output_layers).toEqual(['out', 0, 0]); // one output: bare, as Keras writes it
    const merged = (config.layers as JsonObject[]).find((layer) => layer.name === 'merged');
    expect(merged?.inbound_nodes).toEqual([
      {
        args: [
          [0, 1].map((call) => ({
            class_name: '__keras_tensor__',
            config: { shape: [null, 3], dtype: 'float32', keras_history: ['encoder', call, 0] },
          })),
        ],
        kwargs: {},
      },
    ]);
    const encoder = (config.layers as JsonObject[]).find((layer) => layer.name === 'encoder');
    expect(encoder).toMatchObject({ module: 'keras', class_name: 'Sequential' });
    model.dispose();
  });

  it('is read back by modelFromKerasJSON, which counts the nested calls as tfjs does', async () => {
    const model = build();
    const again = await modelFromKerasJSON(modelToKerasJSON(model));
    again.setWeights(model.getWeights());
    const inputs = [
      tf.ones([2, 4]),
      tf.tensor2d([
        [1, 2, 3, 4],
        [-1, 0, 1, 2],
      ]),
    ];
    const [first, second] = [
      model.predict(inputs) as tf.Tensor,
      again.predict(inputs) as tf.Tensor,
    ];
    expect(Array.from(second.dataSync())).toEqual(Array.from(first.dataSync()));
    tf.dispose([...inputs, first, second]);
    model.dispose();
    again.dispose();
  });
});

describe('layers whose tfjs config differs from Keras 3', () => {
  it("writes a tfjs GRU's reset_after: false, since Keras 3's default is true", () => {
    const model = tfl.sequential({ layers: [layers.gru({ inputShape: [3, 2], units: 2 })] });
    expect(configOf(layerOf(modelToKerasJSON(model), 1)).reset_after).toBe(false);
    model.dispose();
  });

  it("leaves a Bidirectional layer's weight slots to the layer it wraps", () => {
    const model = tfl.sequential({
      layers: [
        layers.bidirectional({
          inputShape: [3, 2],
          layer: tfl.layers.lstm({ units: 2 }),
          activityRegularizer: l2({ l2: 0.1 }),
        }),
      ],
    });
    const config = configOf(layerOf(modelToKerasJSON(model), 1));
    expect(config).not.toHaveProperty('kernel_regularizer');
    expect(config.activity_regularizer).toMatchObject({ class_name: 'L2' });
    expect(config.layer).toMatchObject({ module: 'keras.layers', class_name: 'LSTM' });
    model.dispose();
  });
});

it('refuses a model whose regularizer is not registered, saying why', () => {
  const unregistered = { apply: (x: Tensor): Scalar => tf.sum(x) };
  const model = tfl.sequential({
    name: 'anonymous',
    layers: [layers.dense({ inputShape: [2], units: 1, kernelRegularizer: unregistered })],
  });
  expect(() => modelToKerasJSON(model)).toThrow(ModelJsonError);
  expect(() => modelToKerasJSON(model)).toThrow(
    /"anonymous" cannot be written as Keras JSON: .*not registered/,
  );
  model.dispose();
});
