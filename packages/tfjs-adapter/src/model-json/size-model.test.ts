import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import type * as tfl from '@tensorflow/tfjs-layers';
import type { JsonValue } from '@regularizers/core';
import { modelFromKerasJSON } from '../index.js';
import type { JsonObject } from './json-object.js';
import { normalizeKerasJson } from './normalize-keras-json.js';
import { sizeModel } from './size-model.js';

// The sizes sizeModel computes from a config, against the weights tfjs creates when it builds the
// same config: every shape rule, through Sequential and functional graphs and nested models.

type Layer = [className: string, config: JsonObject];

function sequential(...layers: Layer[]): JsonObject {
  return {
    class_name: 'Sequential',
    config: {
      name: 'seq',
      layers: layers.map(([className, config], index) => ({
        class_name: className,
        config: { name: `${className.toLowerCase()}_${index}`, ...config },
      })),
    },
  };
}

/**
 * A functional model: `[class, name, config, inputs]`, `inputs` naming layers, at their node 0
 * or, as `"name@1"`, at another node (a nested model's call is its node 1).
 */
function functional(
  layers: Array<[string, string, JsonObject, string[]]>,
  inputs: string[],
  outputs: string[],
): JsonObject {
  const ref = (input: string): JsonValue[] => {
    const [name = '', node = '0'] = input.split('@');
    return [name, Number(node), 0];
  };
  return {
    class_name: 'Model',
    config: {
      name: 'graph',
      layers: layers.map(([className, name, config, from]) => ({
        class_name: className,
        name,
        config: { name, ...config },
        inbound_nodes: from.length === 0 ? [] : [from.map((input) => [...ref(input), {}])],
      })),
      input_layers: inputs.map(ref),
      output_layers: outputs.map(ref),
    },
  };
}

/** Every weight shape of a model, nested models' included, as sortable strings. */
function builtShapes(model: tfl.LayersModel): string[] {
  return model.weights.map((weight) => JSON.stringify(weight.shape)).sort();
}

/** The weight shapes sizeModel expects, states aside, and the layers it could not size. */
function sizedShapes(topology: JsonObject) {
  const { layers, unsized, invalid } = sizeModel(
    normalizeKerasJson(topology) as unknown as JsonObject,
  );
  const weights = layers.flatMap((layer) => layer.weights);
  return {
    shapes: weights
      .filter(({ name }) => name !== 'state')
      .map(({ shape }) => JSON.stringify(shape))
      .sort(),
    states: weights.filter(({ name }) => name === 'state').map(({ shape }) => shape),
    unsized,
    invalid,
  };
}

const ZOO: Array<[string, JsonObject]> = [
  [
    '1D convolutions and pooling',
    sequential(
      [
        'Conv1D',
        {
          filters: 4,
          kernel_size: [3],
          strides: 2,
          padding: 'same',
          batch_input_shape: [null, 20, 3],
        },
      ],
      ['MaxPooling1D', { pool_size: 2 }],
      ['Conv1D', { filters: 5, kernel_size: 3, dilation_rate: 2, use_bias: false }],
      ['AveragePooling1D', { pool_size: [2], strides: 1, padding: 'same' }],
      ['Flatten', {}],
      ['Dense', { units: 5 }],
    ),
  ],
  [
    '2D convolutions, padding, cropping, up-sampling, normalization and PReLU',
    sequential(
      [
        'Conv2D',
        { filters: 6, kernel_size: [3, 3], strides: [2, 1], batch_input_shape: [null, 17, 13, 3] },
      ],
      [
        'ZeroPadding2D',
        {
          padding: [
            [1, 2],
            [0, 3],
          ],
        },
      ],
      ['SeparableConv2D', { filters: 4, kernel_size: 3, depth_multiplier: 2 }],
      [
        'DepthwiseConv2D',
        { kernel_size: 3, depth_multiplier: 3, padding: 'same', use_bias: false },
      ],
      ['Cropping2D', { cropping: 1 }],
      ['UpSampling2D', { size: [2, 3] }],
      ['MaxPooling2D', { pool_size: [2, 2], strides: [1, 2] }],
      ['Conv2DTranspose', { filters: 5, kernel_size: 3, strides: 2 }],
      ['BatchNormalization', { axis: -1, center: false }],
      ['PReLU', { shared_axes: [1, 2] }],
      ['LayerNormalization', { axis: [-1] }],
      ['Flatten', {}],
      ['Dense', { units: 3 }],
    ),
  ],
  [
    'channels-first convolutions and global pooling',
    sequential(
      [
        'Conv2D',
        {
          filters: 4,
          kernel_size: 2,
          data_format: 'channels_first',
          batch_input_shape: [null, 3, 9, 9],
        },
      ],
      ['AveragePooling2D', { pool_size: 2, data_format: 'channels_first' }],
      ['GlobalAveragePooling2D', { data_format: 'channels_first' }],
      ['Dense', { units: 2 }],
    ),
  ],
  [
    '3D convolutions',
    sequential(
      ['Conv3D', { filters: 2, kernel_size: [2, 2, 2], batch_input_shape: [null, 6, 6, 6, 2] }],
      ['MaxPooling3D', { pool_size: [2, 2, 2] }],
      ['Conv3DTranspose', { filters: 3, kernel_size: 2, strides: 2, padding: 'same' }],
      ['Flatten', {}],
      ['Dense', { units: 2 }],
    ),
  ],
  [
    'embedding, recurrent layers, wrappers and reshaping',
    sequential(
      [
        'Embedding',
        { input_dim: 50, output_dim: 6, input_length: 7, batch_input_shape: [null, 7] },
      ],
      ['LSTM', { units: 5, return_sequences: true, unit_forget_bias: true }],
      ['GRU', { units: 4, return_sequences: true, reset_after: false }],
      ['SimpleRNN', { units: 3, return_sequences: true }],
      [
        'Bidirectional',
        { layer: { class_name: 'LSTM', config: { units: 2, return_sequences: true } } },
      ],
      [
        'Bidirectional',
        {
          merge_mode: 'sum',
          layer: { class_name: 'GRU', config: { units: 3, reset_after: false } },
        },
      ],
      ['RepeatVector', { n: 4 }],
      ['TimeDistributed', { layer: { class_name: 'Dense', config: { units: 2 } } }],
      ['Permute', { dims: [2, 1] }],
      ['Reshape', { target_shape: [8] }],
      ['Dense', { units: 1 }],
    ),
  ],
  [
    'ConvLSTM2D',
    sequential(
      [
        'ConvLSTM2D',
        { filters: 2, kernel_size: 3, padding: 'same', batch_input_shape: [null, 3, 8, 8, 1] },
      ],
      ['Flatten', {}],
      ['Dense', { units: 1 }],
    ),
  ],
  [
    'a functional graph with merges and a shared layer',
    functional(
      [
        ['InputLayer', 'a', { batch_input_shape: [null, 4] }, []],
        ['InputLayer', 'b', { batch_input_shape: [null, 6] }, []],
        ['Dense', 'da', { units: 3 }, ['a']],
        ['Dense', 'db', { units: 3 }, ['b']],
        ['Add', 'add', {}, ['da', 'db']],
        ['Multiply', 'mul', {}, ['da', 'add']],
        ['Concatenate', 'cat', { axis: -1 }, ['mul', 'db', 'b']],
        ['Dot', 'dot', { axes: 1 }, ['da', 'db']],
        ['Concatenate', 'all', {}, ['cat', 'dot']],
        ['Dense', 'out', { units: 2 }, ['all']],
      ],
      ['a', 'b'],
      ['out'],
    ),
  ],
  [
    'a functional model nested in a Sequential, after its first layer',
    sequential(
      ['Dense', { units: 4, batch_input_shape: [null, 3] }],
      [
        'Model',
        (
          functional(
            [
              ['InputLayer', 'inner_in', { batch_input_shape: [null, 4] }, []],
              ['Dense', 'inner_dense', { units: 5 }, ['inner_in']],
            ],
            ['inner_in'],
            ['inner_dense'],
          ) as { config: JsonObject }
        ).config,
      ],
      ['Dense', { units: 2 }],
    ),
  ],
  [
    'a plain RNN of stacked cells',
    sequential(
      [
        'RNN',
        {
          batch_input_shape: [null, 5, 4],
          cell: {
            class_name: 'StackedRNNCells',
            config: {
              cells: [
                { class_name: 'LSTMCell', config: { units: 3 } },
                { class_name: 'SimpleRNNCell', config: { units: 2 } },
              ],
            },
          },
        },
      ],
      ['Dense', { units: 1 }],
    ),
  ],
  [
    'a Sequential nested in a functional model, called on another shape',
    functional(
      [
        ['InputLayer', 'in', { batch_input_shape: [null, 4, 3] }, []],
        [
          'Sequential',
          'inner',
          {
            layers: [
              {
                class_name: 'Dense',
                config: { name: 'd1', units: 5, batch_input_shape: [null, null, 3] },
              },
            ],
          },
          ['in'],
        ],
        ['Flatten', 'flat', {}, ['inner@1']],
        ['Dense', 'out', { units: 2 }, ['flat']],
      ],
      ['in'],
      ['out'],
    ),
  ],
];

describe('sizeModel', () => {
  it.each(ZOO)('sizes %s as tfjs builds it', async (_, topology) => {
    const before = tf.memory().numTensors;
    const model = await modelFromKerasJSON(topology);
    const { shapes, unsized, invalid } = sizedShapes(topology);
    expect([...unsized, ...invalid]).toEqual([]);
    expect(shapes).toEqual(builtShapes(model));
    model.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it("counts a stateful recurrent layer's states, allocated when it is built", () => {
    const topology = sequential([
      'LSTM',
      { units: 3, stateful: true, batch_input_shape: [2, 5, 4] },
    ]);
    expect(sizedShapes(topology).states).toEqual([
      [2, 3],
      [2, 3],
    ]);
  });

  it('reports a layer after a class it has no rule for as unsized, with the cause', () => {
    const topology = sequential(
      ['Dense', { units: 4, batch_input_shape: [null, 3] }],
      ['MyCustomLayer', {}],
      ['Dense', { units: 2 }],
      ['Embedding', { input_dim: 10, output_dim: 3 }],
    );
    const { shapes, unsized } = sizedShapes(topology);
    expect(unsized).toEqual([
      {
        where: 'layer "dense_2"',
        reason:
          'its input is unknown: layer "mycustomlayer_1" (MyCustomLayer) is a class whose output shape the budget cannot compute',
      },
    ]);
    // The embedding's table does not depend on its input, and is sized.
    expect(shapes).toEqual(['[10,3]', '[3,4]', '[4]']);
  });

  it('reports a size tfjs would not read as one (a string, a fraction) as invalid', () => {
    for (const units of ['1000000000', 2.5, -3]) {
      const { invalid } = sizedShapes(
        sequential(['Dense', { units, batch_input_shape: [null, 3] }]),
      );
      expect(invalid.length).toBeGreaterThan(0);
      expect(invalid[0]?.reason).toMatch(/its units is .*not a whole number/);
    }
  });
});
