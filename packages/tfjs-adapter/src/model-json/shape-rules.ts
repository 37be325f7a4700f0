/* tfjs-layers 4.22: layers/core.ts, embeddings.ts, merge.ts, normalization.ts, advanced_activations.ts, wrappers.ts */
import { CONV_SHAPE_RULES, only, withBias } from './conv-shape-rules.js';
import { Unsizable, axisOf, countOf, knownDim } from './layer-config-reader.js';
import type { JsonValue } from '@regularizers/core';
import type { Dim, LayerConfigReader, Shape } from './layer-config-reader.js';
import { RECURRENT_SHAPE_RULES } from './recurrent-shape-rules.js';
import type { ShapeRule } from './shape-rule.js';

// The shape rules of every other tfjs layer class that a weight's size can depend on, and the one
// table the resource budget reads (with the convolution and recurrent families).

/** Layers whose output has the shape of their input, and no weights. */
const SAME_SHAPE = [
  'Activation',
  'ActivityRegularization',
  'AlphaDropout',
  'Dropout',
  'ELU',
  'GaussianDropout',
  'GaussianNoise',
  'LeakyReLU',
  'Masking',
  'ReLU',
  'Rescaling',
  'Softmax',
  'SpatialDropout1D',
  'ThresholdedReLU',
];
const sameShape: ShapeRule = { outputs: (_, inputs) => [only(inputs)] };

/** Keras's normalization axis: one integer, or a list of them (BatchNormalization reads one). */
function axesOf(layer: LayerConfigReader, input: Shape): number[] {
  const value = layer.raw('axis');
  const axes = Array.isArray(value) ? value : [value ?? -1];
  return axes.map((axis) => knownDim(input, axisOf(axis, input.length, 'axis')));
}

const dense: ShapeRule = {
  weights: (layer, inputs) => {
    const units = layer.count('units');
    const kernel = { name: 'kernel', shape: [knownDim(only(inputs), -1), units] };
    return withBias(layer, [kernel], units);
  },
  outputs: (layer, inputs) => [[...only(inputs).slice(0, -1), layer.count('units')]],
};

const embedding: ShapeRule = {
  weights: (layer) => [
    { name: 'embeddings', shape: [layer.count('input_dim'), layer.count('output_dim')] },
  ],
  outputs: (layer, inputs) => {
    const input = only(inputs);
    const lengthValue = layer.raw('input_length');
    const lengths: Dim[] =
      lengthValue === null
        ? input.slice(1)
        : (Array.isArray(lengthValue) ? lengthValue : [lengthValue]).map((length, axis) =>
            length === null ? (input[axis + 1] ?? null) : countOf(length, 'input_length'),
          );
    return [[input[0] ?? null, ...lengths, layer.count('output_dim')]];
  },
};

const batchNormalization: ShapeRule = {
  weights: (layer, inputs) => {
    const [size = 0] = axesOf(layer, only(inputs));
    const shape = [size];
    return [
      ...(layer.flag('scale', true) ? [{ name: 'gamma', shape }] : []),
      ...(layer.flag('center', true) ? [{ name: 'beta', shape }] : []),
      { name: 'moving_mean', shape },
      { name: 'moving_variance', shape },
    ];
  },
  outputs: (_, inputs) => [only(inputs)],
};

const layerNormalization: ShapeRule = {
  weights: (layer, inputs) => {
    const shape = axesOf(layer, only(inputs));
    return [
      ...(layer.flag('scale', true) ? [{ name: 'gamma', shape }] : []),
      ...(layer.flag('center', true) ? [{ name: 'beta', shape }] : []),
    ];
  },
  outputs: (_, inputs) => [only(inputs)],
};

/** PReLU: one alpha per input element, shared along `shared_axes` (counted from 1). */
const prelu: ShapeRule = {
  weights: (layer, inputs) => {
    const input = only(inputs);
    const shape = input.slice(1).map((_, axis) => knownDim(input, axis + 1));
    const shared = layer.raw('shared_axes');
    for (const axis of shared === null ? [] : Array.isArray(shared) ? shared : [shared]) {
      // tfjs sets paramShape[axis - 1]: a negative one has no effect, one past the end grows it.
      const index = countOrNegative(axis) - 1;
      if (index >= shape.length) throw new Unsizable(`its shared axis ${index + 1} is not an axis`);
      if (index >= 0) shape[index] = 1;
    }
    return [{ name: 'alpha', shape }];
  },
  outputs: (_, inputs) => [only(inputs)],
};

function countOrNegative(value: JsonValue): number {
  return typeof value === 'number' && value < 0 ? value : countOf(value, 'shared_axes');
}

const flatten: ShapeRule = {
  outputs: (_, inputs) => {
    const input = only(inputs);
    const rest = input.slice(1).map((_, axis) => knownDim(input, axis + 1));
    return [[input[0] ?? null, rest.reduce((product, dim) => product * dim, 1)]];
  },
};

/** Reshape keeps a -1 when any input dimension is unknown, as tfjs does. */
const reshape: ShapeRule = {
  outputs: (layer, inputs) => {
    const input = only(inputs);
    const target = layer.raw('target_shape');
    if (!Array.isArray(target)) throw new Unsizable('its target_shape is not a list');
    const dims = target.map((dim) => (dim === -1 ? -1 : countOf(dim, 'target_shape')));
    if (input.some((dim) => dim === null || dim < 0)) return [[input[0] ?? null, ...dims]];
    const size = input.slice(1).reduce<number>((product, dim) => product * (dim ?? 1), 1);
    const known = dims.reduce((product, dim) => (dim === -1 ? product : product * dim), 1);
    if (known === 0 || size % known !== 0) throw new Unsizable('its target_shape does not fit');
    return [[input[0] ?? null, ...dims.map((dim) => (dim === -1 ? size / known : dim))]];
  },
};

const permute: ShapeRule = {
  outputs: (layer, inputs) => {
    const input = only(inputs);
    const dims = layer.raw('dims');
    if (!Array.isArray(dims)) throw new Unsizable('its dims is not a list');
    const output = [...input];
    dims.forEach((dim, index) => {
      output[index + 1] = input[countOf(dim, 'dims')] ?? null;
    });
    return [output];
  },
};

const repeatVector: ShapeRule = {
  outputs: (layer, inputs) => {
    const input = only(inputs);
    return [[input[0] ?? null, layer.count('n'), input[1] ?? null]];
  },
};

/** tfjs's `computeElementwiseOpOutputShape`: numpy broadcasting, unknown where either is. */
function broadcast(a: Shape, b: Shape): Shape {
  if (a.length < b.length) return broadcast(b, a);
  const offset = a.length - b.length;
  return a.map((dim, axis) => {
    if (axis < offset) return dim;
    const other = b[axis - offset] ?? null;
    if (dim === null || other === null) return null;
    if (dim === 1 || other === 1) return dim === 1 ? other : dim;
    if (dim !== other) throw new Unsizable(`its inputs' shapes do not broadcast`);
    return dim;
  });
}

const elementwise: ShapeRule = {
  outputs: (_, inputs) => {
    const [first, ...rest] = inputs;
    if (first === undefined) throw new Unsizable('it is called on no input');
    const shape = rest.reduce((output, input) => broadcast(output, input.slice(1)), first.slice(1));
    const batches = new Set(inputs.map((input) => input[0] ?? null).filter((dim) => dim !== null));
    return [[batches.size === 1 ? ([...batches][0] ?? null) : null, ...shape]];
  },
};

const concatenate: ShapeRule = {
  outputs: (layer, inputs) => {
    const [first, ...rest] = inputs;
    if (first === undefined) throw new Unsizable('it is called on no input');
    const output = [...first];
    const axis = axisOf(layer.raw('axis') ?? -1, output.length, 'axis');
    for (const input of rest) {
      const [sum, dim] = [output[axis] ?? null, input[axis] ?? null];
      output[axis] = sum === null || dim === null ? null : sum + dim;
      if (output[axis] === null) break;
    }
    return [output];
  },
};

const dot: ShapeRule = {
  outputs: (layer, inputs) => {
    const [first, second] = inputs;
    if (first === undefined || second === undefined || inputs.length !== 2) {
      throw new Unsizable('it takes two inputs');
    }
    const value = layer.raw('axes');
    const [axis1 = 0, axis2 = 0] = (Array.isArray(value) ? value : [value, value]).map(
      (axis, index) => axisOf(axis, (index === 0 ? first : second).length, 'axes'),
    );
    const output = [
      ...first.filter((_, axis) => axis !== axis1),
      ...second.filter((_, axis) => axis !== axis2).slice(1),
    ];
    return [output.length === 1 ? [...output, 1] : output];
  },
};

/** CenterCrop sets the last-but-two and last-but-one dimensions; tfjs's Resizing drops the batch. */
const centerCrop: ShapeRule = {
  outputs: (layer, inputs) => {
    const input = only(inputs);
    const output = [...input];
    output[input.length - 3] = layer.count('height');
    output[input.length - 2] = layer.count('width');
    return [output];
  },
};
const resizing: ShapeRule = {
  outputs: (layer, inputs) => [
    [layer.count('height'), layer.count('width'), only(inputs)[2] ?? null],
  ],
};

/** TimeDistributed calls its layer on each step: [batch, steps, …] becomes [batch, …]. */
const timeDistributed: ShapeRule = {
  weights: (layer, inputs) => {
    const { rule, reader } = wrappedLayer(layer);
    return rule.weights?.(reader, [stepShape(only(inputs))]) ?? [];
  },
  outputs: (layer, inputs) => {
    const { rule, reader } = wrappedLayer(layer);
    const input = only(inputs);
    const [output = []] = rule.outputs(reader, [stepShape(input)]);
    return [[output[0] ?? null, input[1] ?? null, ...output.slice(1)]];
  },
};

function stepShape(input: Shape): Shape {
  return [input[0] ?? null, ...input.slice(2)];
}

function wrappedLayer(layer: LayerConfigReader) {
  const inner = layer.nested('layer');
  const rule = inner === undefined ? undefined : shapeRuleOf(inner.className);
  if (inner === undefined || rule === undefined) {
    throw new Unsizable('it wraps a layer the budget has no shape rule for');
  }
  return { rule, reader: inner.reader };
}

const RULES: ReadonlyMap<string, ShapeRule> = new Map<string, ShapeRule>([
  ...SAME_SHAPE.map((className): [string, ShapeRule] => [className, sameShape]),
  ['Dense', dense],
  ['Embedding', embedding],
  ['BatchNormalization', batchNormalization],
  ['LayerNormalization', layerNormalization],
  ['PReLU', prelu],
  ['Flatten', flatten],
  ['Reshape', reshape],
  ['Permute', permute],
  ['RepeatVector', repeatVector],
  ...['Add', 'Subtract', 'Multiply', 'Average', 'Maximum', 'Minimum'].map(
    (className): [string, ShapeRule] => [className, elementwise],
  ),
  ['Concatenate', concatenate],
  ['Dot', dot],
  ['CenterCrop', centerCrop],
  ['Resizing', resizing],
  ['TimeDistributed', timeDistributed],
  ...CONV_SHAPE_RULES,
  ...RECURRENT_SHAPE_RULES,
]);

/**
 * The shape rule of a tfjs layer class, or `undefined` for a class the budget cannot size (a
 * custom layer, or a stock one whose weights and output do not depend on its config alone).
 */
export function shapeRuleOf(className: string): ShapeRule | undefined {
  return RULES.get(className);
}
