/* tfjs-layers 4.22: layers/convolutional.ts, convolutional_depthwise.ts, pooling.ts, padding.ts */
import { Unsizable, countOf, countsOf, knownDim } from './layer-config-reader.js';
import type { Dim, LayerConfigReader, Shape } from './layer-config-reader.js';
import type { ShapeRule, WeightShape } from './shape-rule.js';

// The shape rules of tfjs's convolution, pooling, padding and resizing layers: the weights each
// creates when built, and its output shape, computed as tfjs's `build` and `computeOutputShape`
// do (in the files cited above), since tfjs sizes the next layer's weights from that shape.

/** The one input of a layer that takes one. */
export function only(inputs: readonly Shape[]): Shape {
  const [input] = inputs;
  if (input === undefined || inputs.length !== 1) {
    throw new Unsizable(`it takes one input and is called on ${inputs.length}`);
  }
  return input;
}

/** Adds the bias of `size` when the layer has one (`use_bias`, true by default). */
export function withBias(layer: LayerConfigReader, weights: WeightShape[], size: number) {
  return layer.flag('use_bias', true) ? [...weights, { name: 'bias', shape: [size] }] : weights;
}

/** tfjs's `convOutputLength`: `same` keeps the length, anything else (valid, causal) shrinks it. */
export function convLength(
  length: Dim,
  kernel: number,
  padding: string,
  stride: number,
  dilation = 1,
) {
  if (length === null) return null;
  const dilated = kernel + (kernel - 1) * (dilation - 1);
  const output = padding === 'same' ? length : length - dilated + 1;
  return Math.floor((output + stride - 1) / stride);
}

/** tfjs's `deconvLength`: the output length of a transposed convolution. */
function deconvLength(length: Dim, stride: number, kernel: number, padding: string): Dim {
  if (length === null) return null;
  if (padding === 'valid') return length * stride + Math.max(kernel - stride, 0);
  if (padding === 'same') return length * stride;
  throw new Unsizable(`its padding "${padding}" is not one tfjs supports`);
}

/** An input of `rank` spatial dimensions: those, its channels, and how outputs are laid out. */
function layout(layer: LayerConfigReader, input: Shape, rank: number) {
  if (input.length !== rank + 2) {
    throw new Unsizable(`its input has rank ${input.length}, not ${rank + 2}`);
  }
  const first = layer.channelsFirst();
  return {
    space: first ? input.slice(2) : input.slice(1, -1),
    channelDim: input[first ? 1 : rank + 1] ?? null,
    channels: (): number => knownDim(input, first ? 1 : -1),
    assemble: (space: Dim[], channels: Dim): Shape =>
      first ? [input[0] ?? null, channels, ...space] : [input[0] ?? null, ...space, channels],
  };
}

/** The output of a convolution, or of a pooling (window `pool_size`, strides default to it). */
function slidingOutput(
  layer: LayerConfigReader,
  input: Shape,
  rank: number,
  channels: (inputLayout: ReturnType<typeof layout>) => Dim,
  { window = 'kernel_size', dilated = true } = {},
): Shape {
  const inputLayout = layout(layer, input, rank);
  const { space, assemble } = inputLayout;
  const pooling = window === 'pool_size';
  const windows = layer.counts(window, rank, pooling ? 2 : undefined);
  const strides =
    pooling && layer.raw('strides') === null ? windows : layer.counts('strides', rank, 1);
  // Read even where the output ignores it: tfjs's constructor reads it, and crashes on a null.
  const dilation = layer.counts('dilation_rate', rank, 1);
  const padding = layer.string('padding', 'valid');
  const lengths = space.map((length, axis) =>
    convLength(
      length,
      windows[axis] ?? 1,
      padding,
      strides[axis] ?? 1,
      dilated ? dilation[axis] : 1,
    ),
  );
  return assemble(lengths, channels(inputLayout));
}

function convolution(rank: number): ShapeRule {
  return {
    weights: (layer, inputs) => {
      const channels = layout(layer, only(inputs), rank).channels();
      const filters = layer.count('filters');
      const kernel = [...layer.counts('kernel_size', rank), channels, filters];
      return withBias(layer, [{ name: 'kernel', shape: kernel }], filters);
    },
    outputs: (layer, inputs) => [
      slidingOutput(layer, only(inputs), rank, () => layer.count('filters')),
    ],
  };
}

function transposedConvolution(rank: number): ShapeRule {
  return {
    weights: (layer, inputs) => {
      const channels = layout(layer, only(inputs), rank).channels();
      const filters = layer.count('filters');
      const kernel = [...layer.counts('kernel_size', rank), filters, channels];
      return withBias(layer, [{ name: 'kernel', shape: kernel }], filters);
    },
    outputs: (layer, inputs) => {
      const { space, assemble } = layout(layer, only(inputs), rank);
      const kernels = layer.counts('kernel_size', rank);
      const strides = layer.counts('strides', rank, 1);
      const padding = layer.string('padding', 'valid');
      const lengths = space.map((length, axis) =>
        deconvLength(length, strides[axis] ?? 1, kernels[axis] ?? 1, padding),
      );
      return [assemble(lengths, layer.count('filters'))];
    },
  };
}

const separable: ShapeRule = {
  weights: (layer, inputs) => {
    const channels = layout(layer, only(inputs), 2).channels();
    const multiplier = layer.count('depth_multiplier', 1);
    const filters = layer.count('filters');
    return withBias(
      layer,
      [
        {
          name: 'depthwise_kernel',
          shape: [...layer.counts('kernel_size', 2), channels, multiplier],
        },
        { name: 'pointwise_kernel', shape: [1, 1, channels * multiplier, filters] },
      ],
      filters,
    );
  },
  outputs: (layer, inputs) => [slidingOutput(layer, only(inputs), 2, () => layer.count('filters'))],
};

const depthwise: ShapeRule = {
  weights: (layer, inputs) => {
    const channels = layout(layer, only(inputs), 2).channels();
    const multiplier = layer.count('depth_multiplier', 1);
    const kernel = [...layer.counts('kernel_size', 2), channels, multiplier];
    return withBias(layer, [{ name: 'depthwise_kernel', shape: kernel }], channels * multiplier);
  },
  outputs: (layer, inputs) => [
    slidingOutput(
      layer,
      only(inputs),
      2,
      ({ channels }) => channels() * layer.count('depth_multiplier', 1),
      { dilated: false },
    ),
  ],
};

function pooling(rank: number): ShapeRule {
  return {
    outputs: (layer, inputs) => {
      // tfjs's 1D pooling reads its input as [batch, steps, features] whatever its data format.
      const reader = rank === 1 ? layer.with({ data_format: 'channels_last' }) : layer;
      const keepChannels = ({ channelDim }: ReturnType<typeof layout>) => channelDim;
      const options = { window: 'pool_size', dilated: false };
      return [slidingOutput(reader, only(inputs), rank, keepChannels, options)];
    },
  };
}

function globalPooling(rank: number): ShapeRule {
  return {
    outputs: (layer, inputs) => {
      const input = only(inputs);
      const first = rank > 1 && layer.channelsFirst();
      return [[input[0] ?? null, input[first ? 1 : rank + 1] ?? null]];
    },
  };
}

/** `n`, `[rows, cols]` or `[[top, bottom], [left, right]]`, as ZeroPadding2D and Cropping2D read it. */
function sides(layer: LayerConfigReader, key: string, fallback: number): number[][] {
  const value = layer.raw(key);
  if (!Array.isArray(value)) {
    const size = value === null ? fallback : countOf(value, key);
    return [
      [size, size],
      [size, size],
    ];
  }
  if (value.length !== 2) throw new Unsizable(`its ${key} is not one number, two, or two pairs`);
  return value.map((item) => countsOf(item, 2, key));
}

/** ZeroPadding2D adds to the rows and columns, Cropping2D takes away (`sign` -1). */
function padding2d(key: string, fallback: number, sign: number): ShapeRule {
  return {
    outputs: (layer, inputs) => {
      const { space, assemble, channelDim } = layout(layer, only(inputs), 2);
      const [rows = [0, 0], cols = [0, 0]] = sides(layer, key, fallback);
      const add = (length: Dim, [before = 0, after = 0]: number[]) =>
        length === null ? null : length + sign * (before + after);
      return [assemble([add(space[0] ?? null, rows), add(space[1] ?? null, cols)], channelDim)];
    },
  };
}

const upSampling2d: ShapeRule = {
  outputs: (layer, inputs) => {
    const { space, assemble, channelDim } = layout(layer, only(inputs), 2);
    const size = layer.counts('size', 2, 2);
    const lengths = space.map((length, axis) =>
      length === null ? null : length * (size[axis] ?? 1),
    );
    return [assemble(lengths, channelDim)];
  },
};

/** The rules of this family, by tfjs class name. */
export const CONV_SHAPE_RULES: ReadonlyMap<string, ShapeRule> = new Map([
  ['Conv1D', convolution(1)],
  ['Conv2D', convolution(2)],
  ['Conv3D', convolution(3)],
  ['Conv2DTranspose', transposedConvolution(2)],
  ['Conv3DTranspose', transposedConvolution(3)],
  ['SeparableConv2D', separable],
  ['DepthwiseConv2D', depthwise],
  ['MaxPooling1D', pooling(1)],
  ['AveragePooling1D', pooling(1)],
  ['MaxPooling2D', pooling(2)],
  ['AveragePooling2D', pooling(2)],
  ['MaxPooling3D', pooling(3)],
  ['AveragePooling3D', pooling(3)],
  ['GlobalMaxPooling1D', globalPooling(1)],
  ['GlobalAveragePooling1D', globalPooling(1)],
  ['GlobalMaxPooling2D', globalPooling(2)],
  ['GlobalAveragePooling2D', globalPooling(2)],
  ['ZeroPadding2D', padding2d('padding', 1, 1)],
  ['Cropping2D', padding2d('cropping', 0, -1)],
  ['UpSampling2D', upSampling2d],
]);
