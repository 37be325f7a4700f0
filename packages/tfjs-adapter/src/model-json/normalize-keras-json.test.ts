import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerRegularizer, unregisterRegularizer } from '@regularizers/core';
import type { JsonValue, RegularizerConfig } from '@regularizers/core';
import * as tf from '@tensorflow/tfjs-core';
import type { Scalar, Tensor } from '@tensorflow/tfjs-core';
import '@regularizers/builtin';
import { ModelJsonError } from './model-json-error.js';
import { normalizeKerasJson } from './normalize-keras-json.js';

// Each normalisation on a small hand-written model, with the exact topology expected.

/** A Keras 2 Sequential holding one layer. */
function sequential(layer: JsonValue): JsonValue {
  return { class_name: 'Sequential', config: { name: 'seq', layers: [layer] } };
}

/** A Dense layer config with one regularizer slot set. */
function denseWith(slot: string, value: JsonValue): JsonValue {
  return { class_name: 'Dense', config: { name: 'd', units: 2, [slot]: value } };
}

/** The regularizer that {@link denseWith} put in `kernel_regularizer`, once normalized. */
function kernelRegularizerOf(value: JsonValue): unknown {
  const topology = normalizeKerasJson(sequential(denseWith('kernel_regularizer', value)));
  const layers = topology.config.layers as Array<{ config: Record<string, unknown> }>;
  return layers[0]?.config.kernel_regularizer;
}

/** Freezes a JSON value all the way down, so that any write to it throws. */
function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const item of Object.values(value)) deepFreeze(item);
    Object.freeze(value);
  }
  return value;
}

class MyReg {
  static readonly className = 'MyReg';
  constructor(readonly config: RegularizerConfig = {}) {}
  apply(x: Tensor): Scalar {
    return tf.sum(tf.abs(x));
  }
  getConfig(): RegularizerConfig {
    return { ...this.config };
  }
}

describe('regularizers, in every Keras shape', () => {
  beforeAll(() => {
    registerRegularizer(MyReg, { package: 'my_pkg' });
  });
  afterAll(() => {
    unregisterRegularizer('my_pkg>MyReg');
  });

  it('keeps the Keras 2 and tfjs shape', () => {
    expect(kernelRegularizerOf({ class_name: 'L2', config: { l2: 0.009999999776482582 } })).toEqual(
      { class_name: 'L2', config: { l2: 0.009999999776482582 } },
    );
    expect(kernelRegularizerOf({ class_name: 'L1L2', config: { l1: 0, l2: 0.01 } })).toEqual({
      class_name: 'L1L2',
      config: { l1: 0, l2: 0.01 },
    });
  });

  it("drops tf.keras 2.10's shared_object_id", () => {
    expect(
      kernelRegularizerOf({ class_name: 'L2', config: { l2: 0.01 }, shared_object_id: 43 }),
    ).toEqual({ class_name: 'L2', config: { l2: 0.01 } });
  });

  it("drops Keras 3's module and registered_name", () => {
    expect(
      kernelRegularizerOf({
        module: 'keras.regularizers',
        class_name: 'L1L2',
        config: { l1: 0.1, l2: 0.2 },
        registered_name: null,
      }),
    ).toEqual({ class_name: 'L1L2', config: { l1: 0.1, l2: 0.2 } });
  });

  it('writes the canonical registered name', () => {
    expect(kernelRegularizerOf({ class_name: 'l2', config: { l2: 0.5 } })).toEqual({
      class_name: 'L2',
      config: { l2: 0.5 },
    });
    expect(kernelRegularizerOf({ class_name: 'orthogonal_regularizer', config: {} })).toEqual({
      class_name: 'OrthogonalRegularizer',
      config: {},
    });
  });

  it('tries registered_name before class_name, and encodes for the case conversion', () => {
    expect(
      kernelRegularizerOf({
        module: 'my_module',
        class_name: 'MyReg',
        config: { mode: 'L1Mode', factor: 2 },
        registered_name: 'my_pkg>MyReg',
      }),
    ).toEqual({
      // "_" would be camelCased away by tfjs; "L1Mode" would come back as "l1Mode".
      class_name: 'my~pkg>MyReg',
      config: { mode: 'rgzenc0x4c314d6f6465', factor: 2 },
    });
  });

  it('reads back, unchanged, what tfjs saved with this adapter (already encoded)', () => {
    expect(
      kernelRegularizerOf({ class_name: 'my~pkg>MyReg', config: { mode: 'rgzenc0x4c314d6f6465' } }),
    ).toEqual({ class_name: 'my~pkg>MyReg', config: { mode: 'rgzenc0x4c314d6f6465' } });
  });

  it('reads the Keras 3 function form', () => {
    expect(
      kernelRegularizerOf({
        module: 'builtins',
        class_name: 'function',
        config: 'my_pkg>MyReg',
        registered_name: 'function',
      }),
    ).toEqual({ class_name: 'my~pkg>MyReg', config: {} });
  });

  it('passes an unknown name through, for the checks to name', () => {
    expect(
      kernelRegularizerOf({ class_name: 'MyL1Regularizer', config: { factor: 0.01 } }),
    ).toEqual({ class_name: 'MyL1Regularizer', config: { factor: 0.01 } });
  });

  it('keeps names tfjs keeps, and writes the others as what they build', () => {
    expect(kernelRegularizerOf('l2')).toBe('l2');
    expect(kernelRegularizerOf('L1L2')).toBe('L1L2');
    expect(kernelRegularizerOf('l1_l2')).toEqual({
      class_name: 'L1L2',
      config: { l1: 0.01, l2: 0.01 },
    });
  });

  it('reads a missing config as {} and keeps null slots', () => {
    expect(kernelRegularizerOf({ class_name: 'L2' })).toEqual({ class_name: 'L2', config: {} });
    expect(kernelRegularizerOf(null)).toBeNull();
  });

  it('normalizes every slot, including those of wrapped layers', () => {
    const topology = normalizeKerasJson(
      sequential({
        class_name: 'Bidirectional',
        config: {
          name: 'bi',
          layer: {
            module: 'keras.layers',
            class_name: 'LSTM',
            config: {
              name: 'lstm',
              units: 2,
              recurrent_regularizer: { class_name: 'l1', config: { l1: 0.1 }, shared_object_id: 3 },
              activity_regularizer: { class_name: 'L2', config: { l2: 1 }, registered_name: null },
            },
            registered_name: null,
          },
        },
      }),
    );
    expect(topology.config.layers).toEqual([
      {
        class_name: 'Bidirectional',
        config: {
          name: 'bi',
          layer: {
            class_name: 'LSTM',
            config: {
              name: 'lstm',
              units: 2,
              recurrent_regularizer: { class_name: 'L1', config: { l1: 0.1 } },
              activity_regularizer: { class_name: 'L2', config: { l2: 1 } },
            },
          },
        },
      },
    ]);
  });
});

describe('Keras 3 and mixed precision idioms', () => {
  it('renames batch_shape to batch_input_shape', () => {
    const topology = normalizeKerasJson(
      sequential({
        class_name: 'InputLayer',
        config: { batch_shape: [null, 3], dtype: 'float32', sparse: false, name: 'in' },
      }),
    );
    expect(topology.config.layers).toEqual([
      {
        class_name: 'InputLayer',
        config: { batch_input_shape: [null, 3], dtype: 'float32', sparse: false, name: 'in' },
      },
    ]);
  });

  it('turns dtype policies into dtype strings tfjs has', () => {
    const dtypes: Array<[JsonValue, string]> = [
      [
        {
          module: 'keras',
          class_name: 'DTypePolicy',
          config: { name: 'float32' },
          registered_name: null,
        },
        'float32',
      ],
      [{ class_name: 'Policy', config: { name: 'mixed_float16' } }, 'float32'],
      [
        { class_name: 'Policy', config: { name: 'mixed_float16' }, shared_object_id: 13 },
        'float32',
      ],
      [{ class_name: 'DTypePolicy', config: { name: 'mixed_bfloat16' } }, 'float32'],
      [{ class_name: 'FloatDTypePolicy', config: { name: 'float16' } }, 'float32'],
      ['float64', 'float32'],
      ['int64', 'int32'],
      ['int32', 'int32'],
    ];
    for (const [dtype, expected] of dtypes) {
      const topology = normalizeKerasJson(
        sequential({ class_name: 'Dense', config: { name: 'd', units: 1, dtype } }),
      );
      expect(topology.config.layers).toEqual([
        { class_name: 'Dense', config: { name: 'd', units: 1, dtype: expected } },
      ]);
    }
  });

  it("renames Keras's LecunNormal and LecunUniform to tfjs's spelling", () => {
    const topology = normalizeKerasJson(
      sequential({
        class_name: 'Dense',
        config: {
          name: 'd',
          kernel_initializer: { class_name: 'LecunNormal', config: { seed: null } },
          bias_initializer: 'lecun_uniform',
        },
      }),
    );
    expect(topology.config.layers).toEqual([
      {
        class_name: 'Dense',
        config: {
          name: 'd',
          kernel_initializer: { class_name: 'LeCunNormal', config: { seed: null } },
          bias_initializer: 'LeCunUniform',
        },
      },
    ]);
  });

  it('drops module, registered_name and build_config everywhere, and renames Functional', () => {
    const topology = normalizeKerasJson({
      module: 'keras',
      class_name: 'Functional',
      config: {
        name: 'f',
        trainable: true,
        layers: [
          {
            module: 'keras.layers',
            class_name: 'InputLayer',
            config: { batch_shape: [null, 2], dtype: 'float32', name: 'in' },
            registered_name: null,
            name: 'in',
            inbound_nodes: [],
          },
          {
            module: 'keras.layers',
            class_name: 'Dense',
            config: {
              name: 'd',
              units: 1,
              kernel_initializer: {
                module: 'keras.initializers',
                class_name: 'GlorotUniform',
                config: { seed: null },
                registered_name: null,
              },
            },
            registered_name: null,
            build_config: { input_shape: [null, 2] },
            name: 'd',
            inbound_nodes: [
              {
                args: [
                  {
                    class_name: '__keras_tensor__',
                    config: { shape: [null, 2], dtype: 'float32', keras_history: ['in', 0, 0] },
                  },
                ],
                kwargs: {},
              },
            ],
          },
        ],
        input_layers: [['in', 0, 0]],
        output_layers: [['d', 0, 0]],
      },
      registered_name: 'Functional',
      build_config: { input_shape: null },
      compile_config: { optimizer: 'adam', loss: 'mse' },
    });
    expect(topology).toEqual({
      class_name: 'Model',
      config: {
        name: 'f',
        trainable: true,
        layers: [
          {
            class_name: 'InputLayer',
            config: { batch_input_shape: [null, 2], dtype: 'float32', name: 'in' },
            name: 'in',
            inbound_nodes: [],
          },
          {
            class_name: 'Dense',
            config: {
              name: 'd',
              units: 1,
              kernel_initializer: { class_name: 'GlorotUniform', config: { seed: null } },
            },
            name: 'd',
            inbound_nodes: [[['in', 0, 0, {}]]],
          },
        ],
        input_layers: [['in', 0, 0]],
        output_layers: [['d', 0, 0]],
      },
    });
  });
});

/** A Keras 3 `__keras_tensor__` argument coming from `[layer, node, tensor]`. */
function kerasTensor(layer: string, node: number, tensor: number): JsonValue {
  return {
    class_name: '__keras_tensor__',
    config: { shape: [null, 2], dtype: 'float32', keras_history: [layer, node, tensor] },
  };
}

/** A layer of a functional model. */
function functionalLayer(
  className: string,
  name: string,
  inboundNodes: JsonValue[],
  config: JsonValue = { name },
): JsonValue {
  return { class_name: className, config, name, inbound_nodes: inboundNodes };
}

/** The `inbound_nodes` of each layer of a normalized functional model, by layer name. */
function inboundNodesOf(json: JsonValue): Record<string, unknown> {
  const layers = normalizeKerasJson(json).config.layers as Array<Record<string, unknown>>;
  return Object.fromEntries(layers.map((layer) => [String(layer.name), layer.inbound_nodes]));
}

describe('Keras 3 inbound nodes', () => {
  it('turns __keras_tensor__ arguments into [layer, node, tensor, {}], dropping kwargs', () => {
    const json = {
      class_name: 'Functional',
      config: {
        name: 'f',
        layers: [
          functionalLayer('InputLayer', 'a', []),
          functionalLayer('InputLayer', 'b', []),
          functionalLayer('Dense', 'd', [
            { args: [kerasTensor('a', 0, 0)], kwargs: { training: false, mask: null } },
          ]),
          // A merge layer gets one list argument holding every input.
          functionalLayer('Add', 'add', [
            { args: [[kerasTensor('d', 0, 0), kerasTensor('b', 0, 0)]], kwargs: {} },
          ]),
        ],
        input_layers: [
          ['a', 0, 0],
          ['b', 0, 0],
        ],
        output_layers: ['add', 0, 0], // Keras 3 writes a single output bare
      },
    };
    expect(inboundNodesOf(json)).toEqual({
      a: [],
      b: [],
      d: [[['a', 0, 0, {}]]],
      add: [
        [
          ['d', 0, 0, {}],
          ['b', 0, 0, {}],
        ],
      ],
    });
    expect(normalizeKerasJson(json).config.output_layers).toEqual([['add', 0, 0]]);
  });

  it("shifts references to a nested model's calls by one, as tfjs counts its own node 0", () => {
    const inner = {
      name: 'inner',
      layers: [
        functionalLayer('InputLayer', 'inner_in', []),
        functionalLayer('Dense', 'inner_d', [
          { args: [kerasTensor('inner_in', 0, 0)], kwargs: {} },
        ]),
      ],
      input_layers: [['inner_in', 0, 0]],
      output_layers: [['inner_d', 0, 0]],
    };
    const json = {
      class_name: 'Functional',
      config: {
        name: 'outer',
        layers: [
          functionalLayer('InputLayer', 'in', []),
          functionalLayer(
            'Functional',
            'inner',
            [
              { args: [kerasTensor('in', 0, 0)], kwargs: { training: false } },
              { args: [kerasTensor('in', 0, 0)], kwargs: {} },
            ],
            inner,
          ),
          functionalLayer('Dense', 'd', [{ args: [kerasTensor('inner', 0, 0)], kwargs: {} }]),
        ],
        input_layers: [['in', 0, 0]],
        output_layers: [
          ['d', 0, 0],
          ['inner', 1, 0],
        ],
      },
    };
    const topology = normalizeKerasJson(json);
    expect(inboundNodesOf(json)).toEqual({
      in: [],
      inner: [[['in', 0, 0, {}]], [['in', 0, 0, {}]]],
      d: [[['inner', 1, 0, {}]]],
    });
    expect(topology.config.output_layers).toEqual([
      ['d', 0, 0],
      ['inner', 2, 0],
    ]);
    // The nested model's own graph is normalized too, and its layers are not shifted.
    const layers = topology.config.layers as Array<Record<string, unknown>>;
    expect(layers[1]).toEqual({
      class_name: 'Model',
      config: {
        name: 'inner',
        layers: [
          {
            class_name: 'InputLayer',
            config: { name: 'inner_in' },
            name: 'inner_in',
            inbound_nodes: [],
          },
          {
            class_name: 'Dense',
            config: { name: 'inner_d' },
            name: 'inner_d',
            inbound_nodes: [[['inner_in', 0, 0, {}]]],
          },
        ],
        input_layers: [['inner_in', 0, 0]],
        output_layers: [['inner_d', 0, 0]],
      },
      name: 'inner',
      inbound_nodes: [[['in', 0, 0, {}]], [['in', 0, 0, {}]]],
    });
  });

  it('leaves Keras 2 references alone, where callers already reference node 1', () => {
    const json = {
      class_name: 'Model',
      config: {
        name: 'outer',
        layers: [
          functionalLayer('InputLayer', 'in', []),
          functionalLayer('Model', 'inner', [[['in', 0, 0, {}]]], {
            name: 'inner',
            layers: [functionalLayer('InputLayer', 'inner_in', [])],
            input_layers: [['inner_in', 0, 0]],
            output_layers: [['inner_in', 0, 0]],
          }),
          functionalLayer('Dense', 'd', [[['inner', 1, 0, { training: false }]]]),
        ],
        input_layers: [['in', 0, 0]],
        output_layers: [['d', 0, 0]],
      },
    };
    expect(inboundNodesOf(json)).toEqual({
      in: [],
      inner: [[['in', 0, 0, {}]]],
      d: [[['inner', 1, 0, { training: false }]]],
    });
  });
});

describe('file forms', () => {
  const toJson = {
    class_name: 'Sequential',
    config: {
      name: 'seq',
      layers: [
        { class_name: 'Dense', config: { name: 'd', units: 1, batch_input_shape: [null, 3] } },
      ],
    },
    keras_version: '2.4.0',
    backend: 'tensorflow',
  };
  const expected = {
    class_name: 'Sequential',
    config: toJson.config,
    keras_version: '2.4.0',
    backend: 'tensorflow',
  };

  it('reads a Keras model.to_json(), as an object or a string', () => {
    expect(normalizeKerasJson(toJson)).toEqual(expected);
    expect(normalizeKerasJson(JSON.stringify(toJson))).toEqual(expected);
  });

  it('reads a tfjs-converter model.json, with or without model_config', () => {
    const manifest = [{ paths: ['group1-shard1of1.bin'], weights: [] }];
    expect(
      normalizeKerasJson({
        format: 'layers-model',
        generatedBy: 'keras v2.4.0',
        convertedBy: 'TensorFlow.js Converter v4.22.0',
        modelTopology: {
          keras_version: '2.4.0',
          backend: 'tensorflow',
          model_config: { class_name: toJson.class_name, config: toJson.config },
          training_config: { loss: 'mse', optimizer_config: { class_name: 'Adam', config: {} } },
        },
        weightsManifest: manifest,
      }),
    ).toEqual(expected);
    expect(normalizeKerasJson({ modelTopology: toJson, weightsManifest: manifest })).toEqual(
      expected,
    );
  });

  it('reads the Keras 2.0 Sequential whose config is a list of layers', () => {
    expect(
      normalizeKerasJson({
        class_name: 'Sequential',
        config: [
          { class_name: 'Dense', config: { name: 'd1', units: 2, batch_input_shape: [null, 3] } },
          { class_name: 'Dense', config: { name: 'd2', units: 1, batch_input_shape: [null, 3] } },
        ],
        keras_version: '2.0.8',
      }),
    ).toEqual({
      class_name: 'Sequential',
      config: {
        layers: [
          { class_name: 'Dense', config: { name: 'd1', units: 2, batch_input_shape: [null, 3] } },
          // Keras reads batch_input_shape on the first layer only; tfjs would warn on this one.
          { class_name: 'Dense', config: { name: 'd2', units: 1 } },
        ],
      },
      keras_version: '2.0.8',
    });
  });

  it('never modifies its input', () => {
    const input = deepFreeze({
      modelTopology: {
        model_config: {
          class_name: 'Functional',
          config: {
            name: 'f',
            layers: [
              {
                class_name: 'InputLayer',
                config: {
                  batch_shape: [null, 2],
                  name: 'in',
                  dtype: { class_name: 'DTypePolicy', config: { name: 'float32' } },
                },
                name: 'in',
                inbound_nodes: [],
              },
              {
                class_name: 'Dense',
                config: {
                  name: 'd',
                  kernel_regularizer: {
                    module: 'keras.regularizers',
                    class_name: 'l2',
                    config: { l2: 1 },
                    registered_name: null,
                  },
                },
                name: 'd',
                inbound_nodes: [{ args: [kerasTensor('in', 0, 0)], kwargs: {} }],
              },
            ],
            input_layers: ['in', 0, 0],
            output_layers: ['d', 0, 0],
          },
        },
      },
    });
    const before = JSON.stringify(input);
    const topology = normalizeKerasJson(input);
    expect(JSON.stringify(input)).toBe(before);
    expect(topology.class_name).toBe('Model');
  });

  it('refuses what is not a model file', () => {
    expect(() => normalizeKerasJson({ weightsManifest: [] })).toThrow(ModelJsonError);
    expect(() => normalizeKerasJson({ weightsManifest: [] })).toThrow(
      /not a Keras or TensorFlow\.js model file.*Received: \{ weightsManifest: \[\] \}\./,
    );
    expect(() => normalizeKerasJson('{"class_name": ')).toThrow(/not valid JSON/);
    expect(() => normalizeKerasJson([1, 2])).toThrow(/not a Keras or TensorFlow\.js model file/);
    expect(() => normalizeKerasJson({ class_name: 'Dense', config: { units: 1 } })).toThrow(
      /root is a "Dense", not a Sequential or functional model/,
    );
  });
});
