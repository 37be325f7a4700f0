import { serialization } from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { regularizedLayer } from './regularized-layer.js';
import type { LayerClass, RegularizedLayer, RegularizedLayerSpec } from './regularized-layer.js';

/** A concrete layer class of ours: a tfjs layer that also says what regularizes each slot. */
export type RegularizedLayerClass = (new (args: never) => tfl.layers.Layer & RegularizedLayer) & {
  readonly className: string;
};
import { ActivityRegularization } from './activity-regularization.js';

const KERNEL_BIAS = { kernel: 'kernelRegularizer', bias: 'biasRegularizer' };
const RECURRENT = { ...KERNEL_BIAS, recurrent_kernel: 'recurrentRegularizer' };
const NORMALIZATION = { gamma: 'gammaRegularizer', beta: 'betaRegularizer' };

/** Builds our subclass of the stock tfjs class registered under `className`. */
function regularized(
  className: string,
  weightSlots: RegularizedLayerSpec['weightSlots'],
  options: Omit<RegularizedLayerSpec, 'className' | 'weightSlots'> = {},
): RegularizedLayerClass {
  const entry = Object.hasOwn(serialization.SerializationMap.getMap().classNameMap, className)
    ? serialization.SerializationMap.getMap().classNameMap[className]
    : undefined;
  if (entry === undefined)
    throw new Error(`tfjs-layers has no layer class ${className} to extend.`);
  const Stock = entry[0] as unknown as LayerClass;
  return class extends regularizedLayer(Stock, { className, weightSlots, ...options }) {
    static readonly className = className;
  };
}

/**
 * Our subclass of every tfjs-layers layer that has a regularizer slot, by stock class name. The
 * adapter registers each under that name, so that models loaded by tfjs are built from them.
 */
export const layerClasses: Readonly<Record<string, RegularizedLayerClass>> = {
  Dense: regularized('Dense', KERNEL_BIAS),
  Conv1D: regularized('Conv1D', KERNEL_BIAS),
  Conv2D: regularized('Conv2D', KERNEL_BIAS),
  Conv3D: regularized('Conv3D', KERNEL_BIAS),
  Conv2DTranspose: regularized('Conv2DTranspose', KERNEL_BIAS),
  Conv3DTranspose: regularized('Conv3DTranspose', KERNEL_BIAS),
  SeparableConv2D: regularized(
    'SeparableConv2D',
    {
      depthwise_kernel: 'depthwiseRegularizer',
      pointwise_kernel: 'pointwiseRegularizer',
      bias: 'biasRegularizer',
    },
    { refusedSlots: { kernelRegularizer: 'use depthwiseRegularizer and pointwiseRegularizer.' } },
  ),
  DepthwiseConv2D: regularized(
    'DepthwiseConv2D',
    { depthwise_kernel: 'depthwiseRegularizer', bias: 'biasRegularizer' },
    {
      refusedSlots: {
        kernelRegularizer:
          'its kernel is the depthwise kernel, so use depthwiseRegularizer (stock tfjs ignores kernelRegularizer here).',
      },
    },
  ),
  Embedding: regularized('Embedding', { embeddings: 'embeddingsRegularizer' }),
  SimpleRNN: regularized('SimpleRNN', RECURRENT),
  LSTM: regularized('LSTM', RECURRENT),
  GRU: regularized('GRU', RECURRENT),
  ConvLSTM2D: regularized('ConvLSTM2D', RECURRENT),
  Bidirectional: regularized('Bidirectional', RECURRENT, {
    weightSlotsOf: (layer) => (layer as unknown as { layer: tfl.layers.Layer }).layer.getConfig(),
  }),
  BatchNormalization: regularized('BatchNormalization', NORMALIZATION),
  LayerNormalization: regularized('LayerNormalization', NORMALIZATION),
  PReLU: regularized('PReLU', { alpha: 'alphaRegularizer' }),
  ActivityRegularization,
};
