import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import * as tfl from '@tensorflow/tfjs-layers';
import { l2 } from '@regularizers/builtin';
import { ModelJsonError, layers, modelFromKerasJSON } from './index.js';

// Building, calling and disposing our layers gives back every tensor and variable, including what
// stock tfjs-layers 4.22 leaves behind: the 4 tensors of an LSTM's or ConvLSTM2D's unit-forget-bias
// initializer, the dropout masks a recurrent cell keeps between calls, and a stateful layer's
// states. The counts are compared with the ones taken before each test.

let tensorsBefore = 0;
let variablesBefore = 0;
beforeEach(() => {
  tensorsBefore = tf.memory().numTensors;
  variablesBefore = liveVariables();
});
afterEach(() => {
  expect(tf.memory().numTensors).toBe(tensorsBefore);
  expect(liveVariables()).toBe(variablesBefore);
});

/** How many variables the engine holds (LayerVariables hold one each). */
function liveVariables(): number {
  return Object.keys(tf.engine().state.registeredVariables).length;
}

/** Builds `layer` on a symbolic input, calls it once in training mode, and disposes it. */
function buildCallDispose(layer: tfl.layers.Layer, shape: number[]): void {
  layer.apply(tfl.input({ batchShape: shape }));
  tf.tidy(() => {
    layer.apply(tf.ones(shape), { training: true });
  });
  layer.dispose();
}

describe('recurrent layers free what tfjs keeps', () => {
  it.each<[string, () => tfl.layers.Layer]>([
    ['lstm', () => layers.lstm({ units: 3, unitForgetBias: true })],
    ['lstm with dropout', () => layers.lstm({ units: 3, dropout: 0.5, recurrentDropout: 0.5 })],
    ['gru with dropout', () => layers.gru({ units: 3, dropout: 0.5, recurrentDropout: 0.5 })],
    [
      'simpleRNN with dropout',
      () => layers.simpleRNN({ units: 3, dropout: 0.5, recurrentDropout: 0.5 }),
    ],
    [
      'bidirectional lstm with dropout and unitForgetBias',
      () =>
        layers.bidirectional({
          layer: layers.lstm({
            units: 3,
            unitForgetBias: true,
            dropout: 0.5,
            recurrentDropout: 0.5,
          }),
        }),
    ],
    ['stateful lstm', () => layers.lstm({ units: 3, stateful: true, kernelRegularizer: l2(0.1) })],
  ])('%s: build, a training call and dispose', (_, make) => {
    buildCallDispose(make(), [2, 4, 5]);
  });

  it('convLstm2d with unitForgetBias and dropout: build, a training call and dispose', () => {
    buildCallDispose(
      layers.convLstm2d({ filters: 2, kernelSize: 2, unitForgetBias: true, dropout: 0.5 }),
      [1, 2, 3, 3, 1],
    );
  });
});

describe('models', () => {
  const lstmThenBatchNorm = (third: Record<string, unknown>) => ({
    class_name: 'Sequential',
    config: {
      layers: [
        {
          class_name: 'LSTM',
          config: {
            units: 4,
            batch_input_shape: [null, 5, 3],
            unit_forget_bias: true,
            dropout: 0.2,
            return_sequences: true,
          },
        },
        { class_name: 'BatchNormalization', config: {} },
        third,
      ],
    },
  });

  it('a load that fails after an LSTM and a BatchNormalization were built leaves nothing', async () => {
    const error: unknown = await modelFromKerasJSON(
      lstmThenBatchNorm({ class_name: 'Conv2D', config: { filters: 2, kernel_size: [3, 3] } }),
    ).catch((reason: unknown) => reason);
    expect(ModelJsonError.isInstance(error)).toBe(true);
  });

  it('a loaded model that was trained gives everything back on dispose', async () => {
    const model = await modelFromKerasJSON(
      lstmThenBatchNorm({ class_name: 'Dense', config: { units: 1 } }),
    );
    model.compile({ optimizer: 'sgd', loss: 'meanSquaredError' });
    const [x, y] = [tf.ones([2, 5, 3]), tf.ones([2, 5, 1])];
    await model.trainOnBatch(x, y);
    tf.dispose([x, y]);
    model.dispose();
  });

  it('a Sequential model holding a functional model gives the inner weights back on dispose', async () => {
    const inner = {
      class_name: 'Model',
      config: {
        name: 'inner',
        layers: [
          {
            class_name: 'InputLayer',
            name: 'inner_in',
            config: { name: 'inner_in', batch_input_shape: [null, 4] },
            inbound_nodes: [],
          },
          {
            class_name: 'Dense',
            name: 'inner_dense',
            config: { name: 'inner_dense', units: 2 },
            inbound_nodes: [[['inner_in', 0, 0, {}]]],
          },
        ],
        input_layers: [['inner_in', 0, 0]],
        output_layers: [['inner_dense', 0, 0]],
      },
    };
    const model = await modelFromKerasJSON({
      class_name: 'Sequential',
      config: {
        layers: [
          {
            class_name: 'Dense',
            config: { name: 'first', units: 4, batch_input_shape: [null, 3] },
          },
          inner,
          { class_name: 'Dense', config: { name: 'last', units: 1 } },
        ],
      },
    });
    expect(model.countParams()).toBe(3 * 4 + 4 + 4 * 2 + 2 + 2 * 1 + 1);
    model.dispose();
  });

  it('a functional model that calls a layer twice gives its weights back on dispose', async () => {
    const dense = (name: string, ...calls: Array<[string, number]>) => ({
      class_name: 'Dense',
      name,
      config: { name, units: 4 },
      inbound_nodes: calls.map(([input, node]) => [[input, node, 0, {}]]),
    });
    const model = await modelFromKerasJSON({
      class_name: 'Model',
      config: {
        name: 'siamese',
        layers: [
          {
            class_name: 'InputLayer',
            name: 'in',
            config: { name: 'in', batch_input_shape: [null, 4] },
            inbound_nodes: [],
          },
          dense('shared', ['in', 0], ['shared', 0]), // called twice, on its own output
          dense('out', ['shared', 1]),
        ],
        input_layers: [['in', 0, 0]],
        output_layers: [['out', 0, 0]],
      },
    });
    expect(model.countParams()).toBe(2 * (4 * 4 + 4));
    model.dispose();
  });
});
