import type * as tfl from '@tensorflow/tfjs-layers';
import type {
  ActivityRegularization,
  ActivityRegularizationArgs,
} from './activity-regularization.js';
import { layerClasses } from './layer-classes.js';
import type { RegularizedLayer } from './regularized-layer.js';
import type { RegularizerSlotValue } from './slot-regularizer.js';

/** A tfjs layer factory's arguments, with each regularizer slot taking what `getRegularizer` accepts. */
export type WithRegularizerSlots<Args, Slots extends string> = Omit<
  Args,
  Slots | 'activityRegularizer'
> & {
  [Slot in Slots | 'activityRegularizer']?: RegularizerSlotValue | null;
};

/**
 * The factory of ours that stands in for a tfjs-layers factory `F` with regularizer slots `Slots`.
 * Where tfjs's argument is optional (`batchNormalization()`), ours is too.
 */
export type RegularizedFactory<
  F extends (args: never) => tfl.layers.Layer,
  Slots extends string,
> = undefined extends Parameters<F>[0]
  ? (
      args?: WithRegularizerSlots<NonNullable<Parameters<F>[0]>, Slots>,
    ) => ReturnType<F> & RegularizedLayer
  : (args: WithRegularizerSlots<Parameters<F>[0], Slots>) => ReturnType<F> & RegularizedLayer;

/** Builds a factory for one of our layer classes. */
function factory(className: string) {
  const LayerClass = layerClasses[className];
  if (LayerClass === undefined) throw new Error(`No regularized layer class ${className}.`);
  return (args: unknown) => new LayerClass(args as never);
}

/**
 * Drop-in replacements for the `tf.layers` factories of every layer with a regularizer slot, with
 * the same names and arguments. Each slot takes anything `getRegularizer` accepts (one of our
 * regularizers, a plain function, a name, a config) or a tfjs regularizer. Unlike stock tfjs,
 * activity regularizers work, recurrent layers count their penalties, and only trainable weights
 * are penalised, as in Keras.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import '@tensorflow/tfjs-backend-cpu';
 * import { l1, l2 } from '@regularizers/builtin';
 * import { layers } from '@regularizers/tfjs-adapter';
 *
 * // The Keras page's example.
 * const layer = layers.dense({
 *   units: 5,
 *   kernelInitializer: 'ones',
 *   kernelRegularizer: l1({ l1: 0.01 }),
 *   activityRegularizer: l2({ l2: 0.01 }),
 * });
 * layer.apply(tf.mul(tf.ones([5, 5]), 2));
 * tf.addN(layer.calculateLosses()); // 5.25: kernel 0.25 + activity 25 / batch 5
 * ```
 */
export const layers = {
  dense: factory('Dense') as RegularizedFactory<
    typeof tfl.layers.dense,
    'kernelRegularizer' | 'biasRegularizer'
  >,
  conv1d: factory('Conv1D') as RegularizedFactory<
    typeof tfl.layers.conv1d,
    'kernelRegularizer' | 'biasRegularizer'
  >,
  conv2d: factory('Conv2D') as RegularizedFactory<
    typeof tfl.layers.conv2d,
    'kernelRegularizer' | 'biasRegularizer'
  >,
  conv3d: factory('Conv3D') as RegularizedFactory<
    typeof tfl.layers.conv3d,
    'kernelRegularizer' | 'biasRegularizer'
  >,
  conv2dTranspose: factory('Conv2DTranspose') as RegularizedFactory<
    typeof tfl.layers.conv2dTranspose,
    'kernelRegularizer' | 'biasRegularizer'
  >,
  conv3dTranspose: factory('Conv3DTranspose') as RegularizedFactory<
    typeof tfl.layers.conv3dTranspose,
    'kernelRegularizer' | 'biasRegularizer'
  >,
  separableConv2d: factory('SeparableConv2D') as RegularizedFactory<
    typeof tfl.layers.separableConv2d,
    'depthwiseRegularizer' | 'pointwiseRegularizer' | 'biasRegularizer'
  >,
  depthwiseConv2d: factory('DepthwiseConv2D') as RegularizedFactory<
    typeof tfl.layers.depthwiseConv2d,
    'depthwiseRegularizer' | 'biasRegularizer'
  >,
  embedding: factory('Embedding') as RegularizedFactory<
    typeof tfl.layers.embedding,
    'embeddingsRegularizer'
  >,
  simpleRNN: factory('SimpleRNN') as RegularizedFactory<
    typeof tfl.layers.simpleRNN,
    'kernelRegularizer' | 'recurrentRegularizer' | 'biasRegularizer'
  >,
  lstm: factory('LSTM') as RegularizedFactory<
    typeof tfl.layers.lstm,
    'kernelRegularizer' | 'recurrentRegularizer' | 'biasRegularizer'
  >,
  gru: factory('GRU') as RegularizedFactory<
    typeof tfl.layers.gru,
    'kernelRegularizer' | 'recurrentRegularizer' | 'biasRegularizer'
  >,
  convLstm2d: factory('ConvLSTM2D') as RegularizedFactory<
    typeof tfl.layers.convLstm2d,
    'kernelRegularizer' | 'recurrentRegularizer' | 'biasRegularizer'
  >,
  bidirectional: factory('Bidirectional') as RegularizedFactory<
    typeof tfl.layers.bidirectional,
    never
  >,
  batchNormalization: factory('BatchNormalization') as RegularizedFactory<
    typeof tfl.layers.batchNormalization,
    'gammaRegularizer' | 'betaRegularizer'
  >,
  layerNormalization: factory('LayerNormalization') as RegularizedFactory<
    typeof tfl.layers.layerNormalization,
    'gammaRegularizer' | 'betaRegularizer'
  >,
  prelu: factory('PReLU') as RegularizedFactory<typeof tfl.layers.prelu, 'alphaRegularizer'>,
  activityRegularization: factory('ActivityRegularization') as (
    args?: ActivityRegularizationArgs,
  ) => ActivityRegularization,
};
