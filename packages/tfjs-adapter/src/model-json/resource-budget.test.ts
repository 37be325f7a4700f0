import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import * as tfl from '@tensorflow/tfjs-layers';
import { InvalidArgumentError } from '@regularizers/core';
import type { JsonValue } from '@regularizers/core';
import { DEFAULT_RESOURCE_BUDGET, ModelJsonError, modelFromKerasJSON } from '../index.js';
import type { JsonObject } from './json-object.js';

// The resource budget refuses, before anything is built, a file that would make the loader
// allocate more than it allows; a refused load allocates nothing, and returns at once.

let tensorsBefore = 0;
beforeEach(() => {
  tensorsBefore = tf.memory().numTensors;
});
afterEach(() => {
  expect(tf.memory().numTensors).toBe(tensorsBefore);
});

function sequential(...layers: Array<[string, JsonObject]>): JsonObject {
  return {
    class_name: 'Sequential',
    config: {
      name: 'seq',
      layers: layers.map(([className, config], index) => ({
        class_name: className,
        config: { name: `layer_${index}`, ...config },
      })),
    },
  };
}

async function refusal(json: JsonValue, options?: Parameters<typeof modelFromKerasJSON>[1]) {
  const error: unknown = await modelFromKerasJSON(json, options).then(
    (model) => {
      model.dispose();
      return undefined;
    },
    (reason: unknown) => reason,
  );
  expect(ModelJsonError.isInstance(error)).toBe(true);
  return (error as ModelJsonError).message;
}

const fourUnits: [string, JsonObject] = ['Dense', { units: 4, batch_input_shape: [null, 8] }];

describe('the default budget', () => {
  it('is 2^27 parameters in all and 2^26 elements in one weight', () => {
    expect(DEFAULT_RESOURCE_BUDGET).toEqual({
      maxParameters: 134_217_728,
      maxWeightElements: 67_108_864,
    });
  });

  it.each([
    [
      'units: 1e9 on a Dense after 4 units',
      sequential(fourUnits, ['Dense', { units: 1e9 }]),
      /The kernel of layer "layer_1" would hold 4,000,000,000 elements \(shape \[4, 1000000000\]\), more than the 67,108,864 one weight may hold \(maxWeightElements\)\. .*modelFromKerasJSON\(json, \{ maxWeightElements: 4000000000 \}\)/,
    ],
    [
      'units: 3e7 on a Dense after 4 units',
      sequential(fourUnits, ['Dense', { units: 3e7 }]),
      /The kernel of layer "layer_1" would hold 120,000,000 elements/,
    ],
    [
      'kernel_size: [65536] on a Conv1D',
      sequential([
        'Conv1D',
        { filters: 128, kernel_size: [65536], batch_input_shape: [null, 70000, 16] },
      ]),
      /The kernel of layer "layer_0" would hold 134,217,728 elements \(shape \[65536, 16, 128\]\)/,
    ],
    [
      'batch_input_shape: [null, 65536, 65536], flattened into a Dense',
      sequential(['Flatten', { batch_input_shape: [null, 65536, 65536] }], ['Dense', { units: 1 }]),
      /The kernel of layer "layer_1" would hold 4,294,967,296 elements \(shape \[4294967296, 1\]\)/,
    ],
    [
      'an Embedding of a billion rows in a nested model',
      sequential(fourUnits, [
        'Sequential',
        {
          layers: [
            {
              class_name: 'Embedding',
              config: {
                name: 'table',
                input_dim: 1e9,
                output_dim: 8,
                batch_input_shape: [null, 4],
              },
            },
          ],
        },
      ]),
      /The embeddings of layer "table" in model "layer_1" would hold 8,000,000,000 elements/,
    ],
  ])('refuses %s before anything is built', async (_, json, message) => {
    const start = performance.now();
    expect(await refusal(json)).toMatch(message);
    expect(performance.now() - start).toBeLessThan(1000);
  });

  it('refuses a model whose weights are each within the budget but not together', async () => {
    const layers: Array<[string, JsonObject]> = [
      ['Dense', { units: 8000, batch_input_shape: [null, 8000] }],
    ];
    for (let i = 0; i < 3; i++) layers.push(['Dense', { units: 8000 }]);
    expect(await refusal(sequential(...layers))).toMatch(
      /The model's weights would hold 256,032,000 elements, more than the 134,217,728 a model may hold \(maxParameters\); the largest layers: layer "layer_0" \(64,008,000\), .*modelFromKerasJSON\(json, \{ maxParameters: 256032000 \}\)/,
    );
  });
});

describe('the options', () => {
  const small = sequential(['Dense', { units: 3, batch_input_shape: [null, 4] }]);

  it('lower or raise each limit', async () => {
    expect(await refusal(small, { maxWeightElements: 11 })).toMatch(
      /kernel of layer "layer_0" would hold 12 elements \(shape \[4, 3\]\), more than the 11 one weight may hold/,
    );
    expect(await refusal(small, { maxParameters: 14 })).toMatch(
      /would hold 15 elements, more than the 14/,
    );
    const model = await modelFromKerasJSON(small, { maxParameters: 15, maxWeightElements: 12 });
    expect(model.countParams()).toBe(15);
    model.dispose();
  });

  it.each([0, -1, NaN, '5', null])('refuses a limit of %j, naming the option', async (value) => {
    const error: unknown = await modelFromKerasJSON(small, {
      maxParameters: value as number,
    }).catch((reason: unknown) => reason);
    expect(InvalidArgumentError.isInstance(error)).toBe(true);
    expect((error as InvalidArgumentError).argument).toBe('maxParameters');
    expect((error as Error).message).toMatch(/maxParameters option must be a number above 0/);
  });
});

describe('layers whose output the file makes impossible', () => {
  it.each([
    [
      'a Concatenate axis outside its inputs',
      'Concatenate',
      { axis: 1e9 },
      /its axis 1000000000 is not an axis of a shape of rank 2/,
    ],
    [
      'a PReLU shared axis outside its input',
      'PReLU',
      { shared_axes: [1e9] },
      /its shared axis 1000000000 is not an axis/,
    ],
    [
      'a Flatten of a rank-2 input with a string size',
      'Reshape',
      { target_shape: ['4'] },
      /its target_shape is "4", not a whole number/,
    ],
  ])(
    'refuses %s, which tfjs would make a huge shape of or fail on',
    async (_, className, config, reason) => {
      const message = await refusal(sequential(fourUnits, [className, config]));
      expect(message).toMatch(/^Layer "layer_1" cannot be built as the file writes it: /);
      expect(message).toMatch(reason);
    },
  );
});

describe('layers it cannot size', () => {
  class Doubler extends tfl.layers.Layer {
    static readonly className = 'BudgetTestDoubler';
    override computeOutputShape(shape: tfl.Shape | tfl.Shape[]): tfl.Shape | tfl.Shape[] {
      const [batch, width] = shape as tfl.Shape;
      return [batch ?? null, 2 * (width ?? 0)];
    }
    override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
      const input = Array.isArray(inputs) ? inputs[0] : inputs;
      return tf.concat([input as tf.Tensor, input as tf.Tensor], -1);
    }
  }
  tf.serialization.registerClass(Doubler);

  it('refuses a Dense after a custom layer, unless the budget is off', async () => {
    const json = sequential(fourUnits, ['BudgetTestDoubler', {}], ['Dense', { units: 2 }]);
    expect(await refusal(json)).toMatch(
      /The size of the weights of layer "layer_2" cannot be computed from the file, so the resource budget cannot vouch for it: its input is unknown: layer "layer_1" \(BudgetTestDoubler\) is a class whose output shape the budget cannot compute\. .*modelFromKerasJSON\(json, \{ maxParameters: Infinity, maxWeightElements: Infinity \}\)/,
    );
    const model = await modelFromKerasJSON(json, {
      maxParameters: Infinity,
      maxWeightElements: Infinity,
    });
    expect(model.countParams()).toBe(8 * 4 + 4 + 8 * 2 + 2);
    model.dispose();
  });

  it('loads a custom layer whose output no weight depends on', async () => {
    const model = await modelFromKerasJSON(sequential(fourUnits, ['BudgetTestDoubler', {}]));
    model.dispose();
  });
});

describe("tfjs's own loaders", () => {
  const hostile = sequential(fourUnits, ['Dense', { units: 1e9 }]);

  const functional: JsonObject = {
    class_name: 'Model',
    config: {
      name: 'graph',
      layers: [
        {
          class_name: 'InputLayer',
          name: 'in',
          config: { name: 'in', batch_input_shape: [null, 4] },
          inbound_nodes: [],
        },
        {
          class_name: 'Dense',
          name: 'big',
          config: { name: 'big', units: 1e9 },
          inbound_nodes: [[['in', 0, 0, {}]]],
        },
      ],
      input_layers: [['in', 0, 0]],
      output_layers: [['big', 0, 0]],
    },
  };

  it.each([
    ['Sequential', hostile],
    ['functional', functional],
  ])(
    'apply the default budget to a %s model, through the adapter’s model classes',
    async (_, json) => {
      const error: unknown = await tfl.models
        .modelFromJSON({ modelTopology: json })
        .catch((reason: unknown) => reason);
      expect(ModelJsonError.isInstance(error)).toBe(true);
      expect((error as Error).message).toMatch(/would hold 4,000,000,000 elements/);
    },
  );
});
