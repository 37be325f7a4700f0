import type { serialization } from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { KerasGRUCell, withKerasGruCell } from './gru-cell.js';
import type { LayerClass, RegularizedLayerSpec } from './regularized-layer.js';

/** The name of a `tf.layers` factory that builds a layer: `'dense'`, `'conv2d'`, … */
export type LayerFactoryName = {
  [Name in keyof typeof tfl.layers]: (typeof tfl.layers)[Name] extends (
    args: never,
  ) => tfl.layers.Layer
    ? Name
    : never;
}[keyof typeof tfl.layers];

/**
 * One row of {@link layerTable}: the `tf.layers` factory that builds the stock class, and how our
 * subclass regularizes it (its weight slots, refused slots and wrapper rule).
 */
export interface LayerRow extends Omit<RegularizedLayerSpec, 'className'> {
  /** The `tf.layers` factory our `layers` object stands in for, under the same name. */
  readonly factory: LayerFactoryName;
  /** The class to regularize in place of tfjs's, when it needs more than regularizers. */
  readonly extend?: (Stock: LayerClass) => LayerClass;
}

type Layer = tfl.layers.Layer;

/** No weight to regularize: the layer takes an activity regularizer only. */
const NONE = {} as const;
const KERNEL_BIAS = { kernel: 'kernelRegularizer', bias: 'biasRegularizer' } as const;
const RECURRENT = { ...KERNEL_BIAS, recurrent_kernel: 'recurrentRegularizer' } as const;
const NORMALIZATION = { gamma: 'gammaRegularizer', beta: 'betaRegularizer' } as const;
/** An RNN cell runs once per time step inside its RNN layer, which applies the activity penalty. */
const CELL = {
  activityRegularizer:
    'a cell runs inside an RNN layer; give the RNN layer the activityRegularizer instead.',
} as const;

/**
 * Every tfjs-layers layer class, by stock class name: the one declaration from which both our
 * layer classes (`layer-classes.ts`) and the types of the `layers` factories (`layers.ts`) are
 * derived, so the two cannot drift apart. Every layer class tfjs-layers 4.22 registers is here
 * (a test checks it), so that every layer built through `layers.*` or loaded from a file applies
 * its activity regularizer, or refuses one by name. Adding a layer is one row; a layer with no
 * weight to regularize (activity only) is `{ factory, weightSlots: NONE }`.
 *
 * - `weightSlots`: weight name (the last part of `LayerVariable.originalName`) to the slot that
 *   regularizes it. These slots, and `activityRegularizer`, take any regularizer in the factory.
 * - `refusedSlots`: slots tfjs's own argument type has but its layer silently ignores, with the
 *   advice of the error; the factory's type refuses them too.
 * - `weightSlotsOf`: for a wrapper, where its weights' slots are read (the wrapped layer's config);
 *   the wrapper's factory then takes only `activityRegularizer`.
 * - `wrapped`: the layers a layer runs itself (TimeDistributed's layer, an RNN's cell): their
 *   weights count, their activity regularizer is not applied (Keras 3 calls them the same way).
 * - `inferenceWhenFrozen`: a frozen layer runs in inference mode (Keras's BatchNormalization).
 * - `extend`: the class regularized instead of tfjs's, where tfjs's needs more (GRU's
 *   `resetAfter`).
 */
export const layerTable = {
  Dense: { factory: 'dense', weightSlots: KERNEL_BIAS },
  Conv1D: { factory: 'conv1d', weightSlots: KERNEL_BIAS },
  Conv2D: { factory: 'conv2d', weightSlots: KERNEL_BIAS },
  Conv3D: { factory: 'conv3d', weightSlots: KERNEL_BIAS },
  Conv2DTranspose: { factory: 'conv2dTranspose', weightSlots: KERNEL_BIAS },
  Conv3DTranspose: { factory: 'conv3dTranspose', weightSlots: KERNEL_BIAS },
  SeparableConv2D: {
    factory: 'separableConv2d',
    weightSlots: {
      depthwise_kernel: 'depthwiseRegularizer',
      pointwise_kernel: 'pointwiseRegularizer',
      bias: 'biasRegularizer',
    },
    refusedSlots: { kernelRegularizer: 'use depthwiseRegularizer and pointwiseRegularizer.' },
  },
  DepthwiseConv2D: {
    factory: 'depthwiseConv2d',
    weightSlots: { depthwise_kernel: 'depthwiseRegularizer', bias: 'biasRegularizer' },
    refusedSlots: {
      kernelRegularizer:
        'its kernel is the depthwise kernel, so use depthwiseRegularizer (stock tfjs ignores kernelRegularizer here).',
    },
  },
  Embedding: { factory: 'embedding', weightSlots: { embeddings: 'embeddingsRegularizer' } },
  SimpleRNN: { factory: 'simpleRNN', weightSlots: RECURRENT },
  LSTM: { factory: 'lstm', weightSlots: RECURRENT },
  GRU: { factory: 'gru', weightSlots: RECURRENT, extend: withKerasGruCell },
  ConvLSTM2D: { factory: 'convLstm2d', weightSlots: RECURRENT },
  Bidirectional: {
    factory: 'bidirectional',
    weightSlots: RECURRENT,
    weightSlotsOf: (layer: tfl.layers.Layer): serialization.ConfigDict =>
      (layer as unknown as { layer: tfl.layers.Layer }).layer.getConfig(),
  },
  BatchNormalization: {
    factory: 'batchNormalization',
    weightSlots: NORMALIZATION,
    inferenceWhenFrozen: true,
  },
  LayerNormalization: { factory: 'layerNormalization', weightSlots: NORMALIZATION },
  PReLU: { factory: 'prelu', weightSlots: { alpha: 'alphaRegularizer' } },
  TimeDistributed: { factory: 'timeDistributed', weightSlots: NONE, wrapped: wrappedLayer },
  RNN: {
    factory: 'rnn',
    weightSlots: NONE,
    wrapped: (layer: Layer) => cellsOf((layer as unknown as { cell: Layer }).cell),
  },
  SimpleRNNCell: { factory: 'simpleRNNCell', weightSlots: RECURRENT, refusedSlots: CELL },
  GRUCell: {
    factory: 'gruCell',
    weightSlots: RECURRENT,
    refusedSlots: CELL,
    extend: () => KerasGRUCell,
  },
  LSTMCell: { factory: 'lstmCell', weightSlots: RECURRENT, refusedSlots: CELL },
  ConvLSTM2DCell: { factory: 'convLstm2dCell', weightSlots: RECURRENT, refusedSlots: CELL },
  StackedRNNCells: {
    factory: 'stackedRNNCells',
    weightSlots: NONE,
    refusedSlots: CELL,
    wrapped: (layer: Layer) => cellsOf(layer).slice(1),
  },
  InputLayer: {
    factory: 'inputLayer',
    weightSlots: NONE,
    refusedSlots: {
      activityRegularizer:
        'an input layer computes nothing; put the activityRegularizer on the layer after it.',
    },
  },
  Activation: { factory: 'activation', weightSlots: NONE },
  Flatten: { factory: 'flatten', weightSlots: NONE },
  Reshape: { factory: 'reshape', weightSlots: NONE },
  Permute: { factory: 'permute', weightSlots: NONE },
  RepeatVector: { factory: 'repeatVector', weightSlots: NONE },
  Masking: { factory: 'masking', weightSlots: NONE },
  Dropout: { factory: 'dropout', weightSlots: NONE },
  SpatialDropout1D: { factory: 'spatialDropout1d', weightSlots: NONE },
  GaussianNoise: { factory: 'gaussianNoise', weightSlots: NONE },
  GaussianDropout: { factory: 'gaussianDropout', weightSlots: NONE },
  AlphaDropout: { factory: 'alphaDropout', weightSlots: NONE },
  Add: { factory: 'add', weightSlots: NONE },
  Multiply: { factory: 'multiply', weightSlots: NONE },
  Average: { factory: 'average', weightSlots: NONE },
  Maximum: { factory: 'maximum', weightSlots: NONE },
  Minimum: { factory: 'minimum', weightSlots: NONE },
  Concatenate: { factory: 'concatenate', weightSlots: NONE },
  Dot: { factory: 'dot', weightSlots: NONE },
  ReLU: { factory: 'reLU', weightSlots: NONE },
  LeakyReLU: { factory: 'leakyReLU', weightSlots: NONE },
  ELU: { factory: 'elu', weightSlots: NONE },
  ThresholdedReLU: { factory: 'thresholdedReLU', weightSlots: NONE },
  Softmax: { factory: 'softmax', weightSlots: NONE },
  ZeroPadding2D: { factory: 'zeroPadding2d', weightSlots: NONE },
  Cropping2D: { factory: 'cropping2D', weightSlots: NONE },
  UpSampling2D: { factory: 'upSampling2d', weightSlots: NONE },
  MaxPooling1D: { factory: 'maxPooling1d', weightSlots: NONE },
  MaxPooling2D: { factory: 'maxPooling2d', weightSlots: NONE },
  MaxPooling3D: { factory: 'maxPooling3d', weightSlots: NONE },
  AveragePooling1D: { factory: 'averagePooling1d', weightSlots: NONE },
  AveragePooling2D: { factory: 'averagePooling2d', weightSlots: NONE },
  AveragePooling3D: { factory: 'averagePooling3d', weightSlots: NONE },
  GlobalAveragePooling1D: { factory: 'globalAveragePooling1d', weightSlots: NONE },
  GlobalAveragePooling2D: { factory: 'globalAveragePooling2d', weightSlots: NONE },
  GlobalMaxPooling1D: { factory: 'globalMaxPooling1d', weightSlots: NONE },
  GlobalMaxPooling2D: { factory: 'globalMaxPooling2d', weightSlots: NONE },
  Rescaling: { factory: 'rescaling', weightSlots: NONE },
  CenterCrop: { factory: 'centerCrop', weightSlots: NONE },
  Resizing: { factory: 'resizing', weightSlots: NONE },
  CategoryEncoding: { factory: 'categoryEncoding', weightSlots: NONE },
  RandomWidth: { factory: 'randomWidth', weightSlots: NONE },
} as const satisfies Readonly<Record<string, LayerRow>>;

/**
 * A cell and, for `StackedRNNCells`, the cells it stacks (its protected `cells`, which our
 * subclass may read; tfjs's RNN builds a stock StackedRNNCells from a list of cells).
 */
function cellsOf(cell: Layer): readonly Layer[] {
  return [cell, ...((cell as unknown as { cells?: Layer[] }).cells ?? [])];
}

/** TimeDistributed's layer, which it calls once per time step. */
function wrappedLayer(layer: Layer): readonly Layer[] {
  return [(layer as unknown as { layer: Layer }).layer];
}
