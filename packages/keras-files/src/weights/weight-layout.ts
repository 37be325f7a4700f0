/* Keras: keras/src/layers/ (each class's build and save_own_variables) and keras/src/saving/saving_lib.py */
import type { JsonValue } from '@regularizers/core';

type JsonObject = { [key: string]: JsonValue };

/** Some of a layer's variables, as Keras 3 saves them together under `<at>/vars/<index>`. */
export interface VariableGroup {
  /** Where under the layer's own path: `''`, `'cell'`, `'forward_layer/cell'`, `'layer'`. */
  readonly at: string;
  /** For a `Bidirectional` layer: the copy of its wrapped layer that holds them in tfjs. */
  readonly direction?: 'forward' | 'backward';
  /** The Keras variable names, in the order of their indices. */
  readonly names: readonly string[];
}

/** How Keras 3 saves the variables of one layer class, and what tfjs calls them. */
export interface LayerLayout {
  /** The layer's variables, by where Keras keeps them. */
  readonly groups: readonly VariableGroup[];
  /** Keras variable names that tfjs spells differently (Keras 3's `DepthwiseConv2D` kernel). */
  readonly tfjsNames: Readonly<Record<string, string>>;
}

type Layout = (config: JsonObject) => LayerLayout | undefined;

const flag = (config: JsonObject, key: string): boolean => config[key] !== false;
const own = (...names: (string | false)[]): LayerLayout => ({
  groups: [{ at: '', names: names.filter((name): name is string => name !== false) }],
  tfjsNames: {},
});
const kernelBias: Layout = (config) => own('kernel', flag(config, 'use_bias') && 'bias');
const recurrent: Layout = (config) => ({
  groups: [
    {
      at: 'cell',
      names: ['kernel', 'recurrent_kernel', ...(flag(config, 'use_bias') ? ['bias'] : [])],
    },
  ],
  tfjsNames: {},
});
const normalization = (config: JsonObject, moving: readonly string[]): LayerLayout =>
  own(flag(config, 'scale') && 'gamma', flag(config, 'center') && 'beta', ...moving);

/**
 * Every Keras layer class with variables that tfjs-layers also has: the names Keras 3 gives them,
 * in the order it saves them (its `build` order, or its `save_own_variables`), and the conditions
 * in the config that leave one out. Adding a class is one entry, checked by the fixtures of
 * `keras-files.test.ts`, which record where Keras put each variable.
 */
const LAYOUTS: Readonly<Record<string, Layout>> = {
  Dense: kernelBias,
  Conv1D: kernelBias,
  Conv2D: kernelBias,
  Conv3D: kernelBias,
  Conv2DTranspose: kernelBias,
  Conv3DTranspose: kernelBias,
  DepthwiseConv2D: (config) => ({
    ...own('kernel', flag(config, 'use_bias') && 'bias'),
    tfjsNames: { kernel: 'depthwise_kernel' },
  }),
  SeparableConv2D: (config) =>
    own('depthwise_kernel', 'pointwise_kernel', flag(config, 'use_bias') && 'bias'),
  Embedding: () => own('embeddings'),
  BatchNormalization: (config) => normalization(config, ['moving_mean', 'moving_variance']),
  LayerNormalization: (config) => normalization(config, []),
  PReLU: () => own('alpha'),
  SimpleRNN: recurrent,
  LSTM: recurrent,
  GRU: recurrent,
  ConvLSTM2D: recurrent,
  Bidirectional: (config) => {
    const wrapped = wrappedLayout(config);
    if (wrapped === undefined) return undefined;
    const copy = (direction: 'forward' | 'backward'): VariableGroup[] =>
      wrapped.groups.map((group) => ({
        ...group,
        at: joinPath(`${direction}_layer`, group.at),
        direction,
      }));
    return { groups: [...copy('forward'), ...copy('backward')], tfjsNames: wrapped.tfjsNames };
  },
  TimeDistributed: (config) => {
    const wrapped = wrappedLayout(config);
    return wrapped === undefined
      ? undefined
      : {
          groups: wrapped.groups.map((group) => ({ ...group, at: joinPath('layer', group.at) })),
          tfjsNames: wrapped.tfjsNames,
        };
  },
};

/**
 * How Keras 3 saves the variables of a layer of class `className` with this `config`, or
 * `undefined` for a class this package has no layout for (a custom layer).
 */
export function kerasLayerLayout(className: string, config: JsonValue): LayerLayout | undefined {
  const layout = Object.hasOwn(LAYOUTS, className) ? LAYOUTS[className] : undefined;
  return layout?.(isObject(config) ? config : {});
}

/** The tfjs name of the Keras variable `kerasName` of a layer of class `className`. */
export function tfjsWeightName(className: string, kerasName: string): string {
  const names = kerasLayerLayout(className, {})?.tfjsNames ?? {};
  return Object.hasOwn(names, kerasName) ? (names[kerasName] ?? kerasName) : kerasName;
}

/** The layout of the layer a wrapper's config holds under `layer`. */
function wrappedLayout(config: JsonObject): LayerLayout | undefined {
  const layer = config.layer;
  if (!isObject(layer) || typeof layer.class_name !== 'string') return undefined;
  return kerasLayerLayout(layer.class_name, layer.config ?? {});
}

/** `a/b`, or whichever is not empty. */
export function joinPath(first: string, second: string): string {
  return first === '' ? second : second === '' ? first : `${first}/${second}`;
}

function isObject(value: JsonValue | undefined): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
