import type { serialization } from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import type { RegularizedLayerSpec } from './regularized-layer.js';

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
}

const KERNEL_BIAS = { kernel: 'kernelRegularizer', bias: 'biasRegularizer' } as const;
const RECURRENT = { ...KERNEL_BIAS, recurrent_kernel: 'recurrentRegularizer' } as const;
const NORMALIZATION = { gamma: 'gammaRegularizer', beta: 'betaRegularizer' } as const;

/**
 * Every tfjs-layers layer class we subclass, by stock class name: the one declaration from which
 * both our layer classes (`layer-classes.ts`) and the types of the `layers` factories
 * (`layers.ts`) are derived, so the two cannot drift apart. Adding a layer is one row; a layer
 * with no weight to regularize (activity only) is `{ factory, weightSlots: {} }`.
 *
 * - `weightSlots`: weight name (the last part of `LayerVariable.originalName`) to the slot that
 *   regularizes it. These slots, and `activityRegularizer`, take any regularizer in the factory.
 * - `refusedSlots`: slots tfjs's own argument type has but its layer silently ignores, with the
 *   advice of the error; the factory's type refuses them too.
 * - `weightSlotsOf`: for a wrapper, where its weights' slots are read (the wrapped layer's config);
 *   the wrapper's factory then takes only `activityRegularizer`.
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
  GRU: { factory: 'gru', weightSlots: RECURRENT },
  ConvLSTM2D: { factory: 'convLstm2d', weightSlots: RECURRENT },
  Bidirectional: {
    factory: 'bidirectional',
    weightSlots: RECURRENT,
    weightSlotsOf: (layer: tfl.layers.Layer): serialization.ConfigDict =>
      (layer as unknown as { layer: tfl.layers.Layer }).layer.getConfig(),
  },
  BatchNormalization: { factory: 'batchNormalization', weightSlots: NORMALIZATION },
  LayerNormalization: { factory: 'layerNormalization', weightSlots: NORMALIZATION },
  PReLU: { factory: 'prelu', weightSlots: { alpha: 'alphaRegularizer' } },
} as const satisfies Readonly<Record<string, LayerRow>>;
