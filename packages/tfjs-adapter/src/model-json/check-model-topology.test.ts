import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { registerRegularizer, unregisterRegularizer } from '@regularizers/core';
import type { JsonValue, RegularizerConfig } from '@regularizers/core';
import * as tfl from '@tensorflow/tfjs-layers';
import '@regularizers/builtin';
import { checkModelTopology } from './check-model-topology.js';
import { layers } from '../index.js';
import type { RegularizedLayer, RegularizerBridge } from '../index.js';
import { modelFromKerasJSON } from './model-from-keras-json.js';
import { ModelJsonError } from './model-json-error.js';
import { normalizeKerasJson } from './normalize-keras-json.js';
import { MAX_MODEL_JSON_DEPTH, readModelJson } from './read-model-json.js';

// Every refusal happens before anything is built: no tensor is allocated, and the message names
// the offending layer, key or value.

let tensorsBefore = 0;
beforeEach(() => {
  tensorsBefore = tf.memory().numTensors;
});
afterEach(() => {
  expect(tf.memory().numTensors).toBe(tensorsBefore);
});

/** Normalizes and checks, as `modelFromKerasJSON` does before building. */
function check(json: unknown): void {
  checkModelTopology(normalizeKerasJson(json));
}

/** Asserts that loading `json` is refused with a ModelJsonError whose message matches. */
async function expectRefused(json: unknown, message: RegExp): Promise<ModelJsonError> {
  expect(() => {
    check(json);
  }).toThrow(message);
  const error: unknown = await modelFromKerasJSON(json).then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(ModelJsonError.isInstance(error)).toBe(true);
  expect((error as ModelJsonError).message).toMatch(message);
  return error as ModelJsonError;
}

/** A Keras 2 Sequential of the given layers. */
function sequential(...layers: JsonValue[]): JsonValue {
  return { class_name: 'Sequential', config: { name: 'seq', layers } };
}

function dense(name: string, extra: Record<string, JsonValue> = {}): JsonValue {
  return {
    class_name: 'Dense',
    config: { name, units: 1, batch_input_shape: [null, 2], ...extra },
  };
}

/** A Keras 2 functional model whose layers are `[class, name, inbound references]`. */
function functional(
  layers: Array<[string, string, JsonValue[][]]>,
  outputs: JsonValue[] = [[layers[layers.length - 1]?.[1] ?? 'none', 0, 0]],
): JsonValue {
  return {
    class_name: 'Model',
    config: {
      name: 'graph',
      layers: layers.map(([className, name, nodes]): JsonValue => {
        const config: JsonValue =
          className === 'InputLayer' ? { name, batch_input_shape: [null, 2] } : { name, units: 1 };
        return { class_name: className, config, name, inbound_nodes: nodes };
      }),
      input_layers: [['in', 0, 0]],
      output_layers: outputs,
    },
  };
}

describe('error class', () => {
  it('is a RegularizerError recognised across copies', () => {
    const error = new ModelJsonError('x');
    expect(ModelJsonError.isInstance(error)).toBe(true);
    expect(ModelJsonError.isInstance(new Error('x'))).toBe(false);
    expect(error.name).toBe('ModelJsonError');
  });
});

describe('names that would reach Object.prototype', () => {
  it.each([
    ['__proto__', /class name "__proto__" of layer "d"/],
    ['constructor', /class name "constructor" of layer "d"/],
    ['toString', /class name "toString" of layer "d"/],
    ['has_own_property', /class name "has_own_property" of layer "d"/], // tfjs camelCases it
  ])('refuses the layer class %s', async (className, message) => {
    await expectRefused(
      sequential({ class_name: className, config: { name: 'd', units: 1 } }),
      message,
    );
  });

  it('refuses them as regularizer, activation and initializer names, and as layer names', async () => {
    await expectRefused(
      sequential(dense('d', { kernel_regularizer: { class_name: 'constructor', config: {} } })),
      /kernel_regularizer class name "constructor" of layer "d"/,
    );
    await expectRefused(
      sequential(dense('d', { bias_regularizer: 'value_of' })),
      /bias_regularizer "value_of" of layer "d"/,
    );
    await expectRefused(
      sequential(dense('d', { activation: '__proto__' })),
      /activation "__proto__" of layer "d"/,
    );
    await expectRefused(
      sequential(dense('d', { kernel_initializer: { class_name: 'isPrototypeOf', config: {} } })),
      /kernel_initializer class name "isPrototypeOf" of layer "d"/,
    );
    await expectRefused(
      functional([
        ['InputLayer', 'in', []],
        ['Dense', 'constructor', [[['in', 0, 0, {}]]]],
      ]),
      /layer name "constructor"/,
    );
  });

  it('refuses a __proto__ key, and Object.prototype stays clean', async () => {
    const text = `{"class_name": "Sequential", "config": {"layers": [{"class_name": "Dense", "config": {"name": "d", "units": 1, "__proto__": {"polluted": true}}}]}}`;
    await expectRefused(text, /"__proto__" key at config\.layers\[0\]\.config/);
    await expectRefused(JSON.parse(text), /"__proto__" key at config\.layers\[0\]\.config/);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('configs that must be objects', () => {
  it('refuses a layer config that is an array, naming the layer', async () => {
    await expectRefused(
      {
        class_name: 'Model',
        config: {
          name: 'graph',
          layers: [{ class_name: 'Dense', config: [1, 2], name: 'd', inbound_nodes: [] }],
          input_layers: [],
          output_layers: [],
        },
      },
      /config of layer "d" must be an object\. Received: \[1, 2\]\./,
    );
  });

  it('refuses a regularizer config that is an array, naming the layer and the key', async () => {
    await expectRefused(
      sequential(dense('d', { kernel_regularizer: { class_name: 'L2', config: [0.01] } })),
      /kernel_regularizer of layer "d" \("L2"\) must have an object as its config\. Received: config=\[0\.01\]\./,
    );
  });

  it('refuses a regularizer that is neither a name nor an object', async () => {
    await expectRefused(
      sequential(dense('d', { activity_regularizer: 0.01 })),
      /activity_regularizer of layer "d" must be a regularizer name or a \{ class_name, config \} object\. Received: 0\.01/,
    );
  });

  it('refuses a layer or model name that is not a string', async () => {
    // tfjs calls name.match() on it.
    await expectRefused(
      sequential(dense('d', { name: { class_name: 'Dense', config: {} } })),
      /The name of layer #0 \(Dense\) of the model must be a string\. Received: \{ class_name: "Dense", config: \{\} \}\./,
    );
    await expectRefused(
      { class_name: 'Sequential', config: { name: 7, layers: [dense('d')] } },
      /The name of the model must be a string\. Received: 7\./,
    );
  });

  it('refuses a layer name tfjs cannot name weights after, before a tensor is made', async () => {
    // tfjs names each weight and input "<layer>/…" and refuses such a name deep inside a build,
    // with "Not a valid tensor name": the check says which layer and what the rule is, first.
    for (const name of ['dens\x80', 'my dense', '_dense']) {
      const error = await expectRefused(
        sequential(dense(name)),
        /is refused: TensorFlow\.js accepts only names that start with a letter or digit/,
      );
      expect(error.message).toContain(`The layer name ${JSON.stringify(name)} of layer`);
    }
    expect(() => {
      check(sequential(dense('dense-1.a_b/c')));
    }).not.toThrow();
  });

  it('refuses an input shape that is not a list of sizes', async () => {
    // tfjs calls shape.some() on it, or builds a shape of whatever it holds.
    const cases: Array<[string, JsonValue]> = [
      ['batch_input_shape', true],
      ['batch_input_shape', [null, '4']],
      ['input_shape', [2.5]],
      ['batch_size', 'x'],
    ];
    for (const [key, value] of cases) {
      await expectRefused(
        sequential(dense('d', { [key]: value })),
        new RegExp(`The ${key} of layer "d" must be `),
      );
    }
  });

  it('refuses an initializer config that is not an object', async () => {
    await expectRefused(
      sequential(dense('d', { kernel_initializer: { class_name: 'Zeros', config: 'x' } })),
      /kernel_initializer of layer "d" \("Zeros"\) must have an object as its config/,
    );
  });
});

describe('graphs', () => {
  it('refuses a layer that depends on itself', async () => {
    await expectRefused(
      functional([
        ['InputLayer', 'in', []],
        ['Dense', 'loop', [[['loop', 0, 0, {}]]]],
      ]),
      /circular: layer "loop" depends on itself \("loop" → "loop"\)/,
    );
  });

  it('refuses a cycle through other layers', async () => {
    await expectRefused(
      functional([
        ['InputLayer', 'in', []],
        ['Dense', 'a', [[['c', 0, 0, {}]]]],
        ['Dense', 'b', [[['a', 0, 0, {}]]]],
        ['Dense', 'c', [[['b', 0, 0, {}]]]],
      ]),
      /circular: layer "a" depends on itself \("a" → "c" → "b" → "a"\)/,
    );
  });

  it('accepts a layer shared at two depths, which is not a cycle', () => {
    expect(() => {
      check(
        functional(
          [
            ['InputLayer', 'in', []],
            ['Dense', 'shared', [[['in', 0, 0, {}]], [['other', 0, 0, {}]]]],
            ['Dense', 'other', [[['shared', 0, 0, {}]]]],
          ],
          [['shared', 1, 0]],
        ),
      );
    }).not.toThrow();
  });

  it('refuses a call on no input, which tfjs would wait for forever', async () => {
    await expectRefused(
      functional([
        ['InputLayer', 'in', []],
        ['Dense', 'd', [[]]],
      ]),
      /Inbound node 0 of layer "d" calls the layer on no input/,
    );
  });

  it('refuses a layer of a functional model without a list of inbound_nodes', async () => {
    await expectRefused(
      {
        class_name: 'Model',
        config: {
          name: 'graph',
          layers: [
            { class_name: 'InputLayer', name: 'in', config: { batch_input_shape: [null, 2] } },
          ],
          input_layers: [['in', 0, 0]],
          output_layers: [['in', 0, 0]],
        },
      },
      /The inbound_nodes of layer "in" must be a list\. Received: undefined\./,
    );
  });

  it('refuses a reference to an output a layer does not have', async () => {
    await expectRefused(
      functional([
        ['InputLayer', 'in', []],
        ['Dense', 'd', [[['in', 0, 1, {}]]]],
      ]),
      /Inbound node 0 of layer "d" refers to output 1 of layer "in", which has 1 output\(s\)/,
    );
    await expectRefused(
      functional(
        [
          ['InputLayer', 'in', []],
          ['Dense', 'd', [[['in', 0, 0, {}]]]],
        ],
        [['d', 0, 65536]],
      ),
      /The output_layers of the model refers to output 65536 of layer "d", which has 1 output\(s\)/,
    );
  });

  it('refuses a call that no output depends on, which Keras never writes', async () => {
    // tfjs would make the call, and the layer would keep a reference that dispose() never frees.
    await expectRefused(
      functional([
        ['InputLayer', 'in', []],
        ['Dense', 'd', [[['in', 0, 0, {}]], [['in', 0, 0, {}]]]],
      ]),
      /Inbound node 1 of layer "d" is a call of the layer that no output of the model depends on: Keras never writes one, so the file is damaged/,
    );
    await expectRefused(
      functional([
        ['InputLayer', 'in', []],
        ['Dense', 'unused', [[['in', 0, 0, {}]]]],
        ['Dense', 'd', [[['in', 0, 0, {}]]]],
      ]),
      /Inbound node 0 of layer "unused" is a call of the layer that no output of the model depends on/,
    );
  });

  it('refuses a reference to a layer that does not exist', async () => {
    await expectRefused(
      functional([
        ['InputLayer', 'in', []],
        ['Dense', 'd', [[['ghost', 0, 0, {}]]]],
      ]),
      /Inbound node 0 of layer "d" refers to layer "ghost", which does not exist in the model/,
    );
    await expectRefused(
      functional(
        [
          ['InputLayer', 'in', []],
          ['Dense', 'd', [[['in', 0, 0, {}]]]],
        ],
        [['nowhere', 0, 0]],
      ),
      /output_layers of the model refers to layer "nowhere"/,
    );
  });

  it('refuses a reference to a call that does not exist, on which tfjs would wait forever', async () => {
    await expectRefused(
      functional([
        ['InputLayer', 'in', []],
        ['Dense', 'd', [[['in', 0, 0, {}]]]],
        ['Dense', 'e', [[['d', 3, 0, {}]]]],
      ]),
      /refers to node 3 of layer "d", which has only 1 node\(s\)/,
    );
  });

  it("refuses a layer name copied into another layer's config", async () => {
    const model = functional([
      ['InputLayer', 'in', []],
      ['Dense', 'd', [[['in', 0, 0, {}]]]],
      ['Dense', 'e', [[['d', 0, 0, {}]]]],
    ]) as { config: { layers: Array<{ config: { name: string } }> } };
    const [, , copy] = model.config.layers;
    if (copy !== undefined) copy.config.name = 'd';
    await expectRefused(model, /The model has two layers named "d"/);
  });

  it('refuses two layers with one name', async () => {
    await expectRefused(
      functional([
        ['InputLayer', 'in', []],
        ['Dense', 'd', [[['in', 0, 0, {}]]]],
        ['Dense', 'd', [[['in', 0, 0, {}]]]],
      ]),
      /The model has two layers named "d"/,
    );
  });
});

describe('nesting depth', () => {
  /** `{"a": {"a": … 1 …}}`, `depth` levels deep, built without recursion. */
  function deepObject(depth: number): JsonValue {
    let value: JsonValue = 1;
    for (let i = 0; i < depth; i++) value = { a: value };
    return value;
  }

  it('refuses a regularizer config a million levels deep, as an object', async () => {
    const json = sequential(
      dense('d', { kernel_regularizer: { class_name: 'L2', config: deepObject(1_000_000) } }),
    );
    await expectRefused(
      json,
      /nested more than 256 levels deep \(at config\.layers\[0\]\.config\.kernel_regularizer\.config(\.a)+\)/,
    );
  });

  it('refuses it as a string too, whether or not JSON.parse can read it', async () => {
    const depth = 1_000_000;
    const text = `{"class_name": "Sequential", "config": {"layers": [{"class_name": "Dense", "config": {"name": "d", "kernel_regularizer": {"class_name": "L2", "config": ${'{"a": '.repeat(depth)}1${'}'.repeat(depth)}}}}]}}`;
    await expectRefused(text, /nested (more than 256 levels deep|too deeply for JSON\.parse)/);
  });

  it('explains a RangeError from JSON.parse', () => {
    // V8's JSON.parse is iterative today; other engines (and older V8s) overflow their stack.
    const parse = vi.spyOn(JSON, 'parse').mockImplementation(() => {
      throw new RangeError('Maximum call stack size exceeded');
    });
    try {
      expect(() => normalizeKerasJson('[[[[1]]]]')).toThrow(
        /nested too deeply for JSON\.parse to read it \(Maximum call stack size exceeded\)/,
      );
    } finally {
      parse.mockRestore();
    }
  });

  it('accepts the bound exactly, and refuses one level more', () => {
    // The root is level 1; each {"a": …} adds one.
    expect(() => readModelJson(deepObject(MAX_MODEL_JSON_DEPTH))).not.toThrow();
    expect(() => readModelJson(deepObject(MAX_MODEL_JSON_DEPTH + 1))).toThrow(ModelJsonError);
  });

  it('refuses a cyclic object built in JavaScript, and values that are not JSON', async () => {
    const cyclic: Record<string, unknown> = { class_name: 'Sequential' };
    cyclic.config = cyclic;
    await expectRefused(cyclic, /nested more than 256 levels deep/);
    await expectRefused(
      sequential(dense('d', { activation: (() => 'relu') as unknown as JsonValue })),
      /holds a function at config\.layers\[0\]\.config\.activation: only JSON values/,
    );
    await expectRefused(
      sequential(dense('d', { units: new Date() as unknown as JsonValue })),
      /holds an instance of Date at config\.layers\[0\]\.config\.units/,
    );
  });
});

describe('unknown classes, in the order that names the real cause', () => {
  const customRegularizer = { class_name: 'MyL1Regularizer', config: { factor: 0.01 } };

  it('names a Lambda layer first, as Python code that cannot load', async () => {
    const error = await expectRefused(
      sequential(dense('d', { activation: 'my_softplus', kernel_regularizer: customRegularizer }), {
        class_name: 'Lambda',
        config: { name: 'space_to_depth', function: ['4wEAAAAAAAAA', null, null] },
      }),
      /Layer "space_to_depth" is a Lambda layer: it holds Python code .* cannot be loaded in TensorFlow\.js/,
    );
    expect(error.message).not.toMatch(/regulari[sz]er/i);
  });

  it('names a custom layer, and how to register it', async () => {
    const error = await expectRefused(
      sequential(
        dense('d', { activation: 'my_softplus', kernel_regularizer: customRegularizer }),
        { class_name: 'FixedDropout', config: { name: 'drop1', rate: 0.2 } },
        { class_name: 'FixedDropout', config: { name: 'drop2', rate: 0.2 } },
      ),
      /custom layer classes that TensorFlow\.js does not have: "FixedDropout" \(layer "drop1", layer "drop2"\).*tf\.serialization\.registerClass/,
    );
    expect(error.message).not.toMatch(/regulari[sz]er/i);
  });

  it('then names unknown activations, initializers and constraints', async () => {
    const error = await expectRefused(
      sequential(
        dense('d', {
          activation: 'my_softplus',
          kernel_initializer: 'my_glorot_initializer',
          kernel_constraint: 'my_positive_weights',
          bias_initializer: { class_name: 'MyInit', config: {} },
          kernel_regularizer: customRegularizer,
        }),
      ),
      /layer "d": activation "my_softplus", kernel_initializer "my_glorot_initializer", kernel_constraint "my_positive_weights", bias_initializer "MyInit"\. They are custom Python objects.*"mySoftplus"/,
    );
    expect(error.message).not.toMatch(/regulari[sz]er/i);
  });

  it('names a class of another kind where a layer belongs', async () => {
    // tfjs would add an initializer or a regularizer to the model as a layer, and crash.
    await expectRefused(
      sequential(dense('d'), { class_name: 'Orthogonal', config: { name: 'o', gain: 1 } }),
      /Layer "o" has the class_name "Orthogonal", which TensorFlow\.js has as a class that is not a layer/,
    );
    await expectRefused(
      sequential({
        class_name: 'Bidirectional',
        config: {
          name: 'b',
          layer: { class_name: 'L2', config: { l2: 0.1 } },
          batch_input_shape: [null, 2, 2],
        },
      }),
      /Layer of layer "b" has the class_name "L2", which TensorFlow\.js has as a class that is not a layer/,
    );
  });

  it('names a class of another kind in an activation, initializer or constraint slot', async () => {
    // tfjs would build a model, a layer or an initializer there, and crash on using it.
    for (const [slot, value, kind, what] of [
      [
        'kernel_initializer',
        { class_name: 'Model', config: { seed: null } },
        'initializer',
        'Model',
      ],
      ['bias_initializer', { class_name: 'Functional', config: {} }, 'initializer', 'Functional'],
      ['activation', 'Sequential', 'activation', 'Sequential'],
      [
        'kernel_constraint',
        { class_name: 'GlorotUniform', config: {} },
        'constraint',
        'GlorotUniform',
      ],
      ['kernel_initializer', 'Dense', 'initializer', 'Dense'],
      ['kernel_initializer', { class_name: 'L2', config: {} }, 'initializer', 'L2'],
    ] as const) {
      await expectRefused(
        sequential(dense('d', { [slot]: value })),
        new RegExp(
          `The ${slot} of layer "d" is "${what}", which TensorFlow\\.js has as a class that is not an ${kind}`,
        ),
      );
    }
  });

  it('knows the identifiers tfjs has, in Keras spelling', () => {
    expect(() => {
      check(
        sequential(
          dense('d', {
            activation: 'hard_sigmoid',
            kernel_initializer: 'glorot_uniform',
            bias_initializer: { class_name: 'Zeros', config: {} },
            kernel_constraint: 'max_norm',
            bias_constraint: { class_name: 'NonNeg', config: {} },
          }),
        ),
      );
    }).not.toThrow();
  });

  it('names unknown regularizers last, listing the registered names and how to register', async () => {
    const error = await expectRefused(
      sequential(dense('d', { kernel_regularizer: customRegularizer })),
      /regularizers that are not registered: "MyL1Regularizer" \(kernel_regularizer of layer "d"\)\. Registered names: L1, L1L2, L2, .*orthogonal_regularizer, regularizer\..*registerRegularizer\(MyL1Regularizer\).*registerRegularizer\(MyRegularizer, \{ package: 'MyPackage' \}\)/,
    );
    expect(error.message).toContain('@regularizers/core');
  });

  it('suggests the package of a Keras 3 registered_name', async () => {
    await expectRefused(
      sequential(
        dense('d', {
          bias_regularizer: {
            module: 'my_module',
            class_name: 'GroupLasso',
            config: {},
            registered_name: 'Examples>GroupLasso',
          },
        }),
      ),
      /"Examples>GroupLasso" \(bias_regularizer of layer "d"\).*registerRegularizer\(GroupLasso, \{ package: 'Examples' \}\)/,
    );
  });

  it('refuses a dtype policy tfjs cannot compute in', async () => {
    await expectRefused(
      sequential(
        dense('d', {
          dtype: { class_name: 'QuantizedDTypePolicy', config: { name: 'int8_from_float32' } },
        }),
      ),
      /layer "d" has the dtype policy "QuantizedDTypePolicy"/i,
    );
  });
});

describe('modelFromKerasJSON', () => {
  it('builds a checked model', async () => {
    const model = await modelFromKerasJSON(
      sequential(dense('d', { kernel_regularizer: { class_name: 'l2', config: { l2: 0.5 } } })),
    );
    expect(model.layers.map((layer) => layer.name)).toEqual(['d']);
    model.dispose();
  });

  it('loads back a model that tfjs saved with this adapter, custom regularizer included', async () => {
    class Shrink {
      static readonly className = 'Shrink';
      constructor(readonly config: RegularizerConfig = {}) {}
      apply(x: tf.Tensor): tf.Scalar {
        return tf.mul(tf.sum(tf.abs(x)), Number(this.config.factor ?? 1));
      }
      getConfig(): RegularizerConfig {
        return { ...this.config };
      }
    }
    registerRegularizer(Shrink, { package: 'my_pkg' });
    try {
      const original = tfl.sequential({
        layers: [
          layers.dense({
            units: 2,
            inputShape: [3],
            kernelRegularizer: new Shrink({ factor: 0.5, mode: 'L1Mode' }),
          }),
        ],
      });
      const saved = original.toJSON(undefined, false);
      original.dispose();
      const model = await modelFromKerasJSON(saved);
      const layer = model.layers[0] as unknown as RegularizedLayer;
      const bridge = layer.regularizerFor('kernelRegularizer') as RegularizerBridge | null;
      expect(bridge?.regularizer).toBeInstanceOf(Shrink);
      expect(bridge?.regularizer.getConfig?.()).toEqual({ factor: 0.5, mode: 'L1Mode' });
      model.dispose();
    } finally {
      unregisterRegularizer('my_pkg>Shrink');
    }
  });

  it('wraps what tfjs itself refuses, and disposes the weights it had made', async () => {
    // Passes the checks, but tfjs refuses a Permute whose dims are not a permutation: the Dense
    // has already made its weights when tfjs finds out.
    const error: unknown = await modelFromKerasJSON(
      sequential(dense('d'), { class_name: 'Permute', config: { name: 'p', dims: [1, 1] } }),
    ).then(
      (model) => {
        model.dispose();
        return undefined;
      },
      (reason: unknown) => reason,
    );
    expect(ModelJsonError.isInstance(error)).toBe(true);
    expect((error as Error).message).toMatch(
      /^TensorFlow\.js could not build the Sequential model "seq" of this model file, although it passed the checks: .*dims/i,
    );
    expect((error as Error).cause).toBeInstanceOf(Error);
  });
});
