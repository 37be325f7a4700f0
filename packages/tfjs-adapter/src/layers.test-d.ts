import { describe, expectTypeOf, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { L1, L1L2, l2 } from '@regularizers/builtin';
import { layers } from './index.js';
import type {
  ActivityRegularization,
  ActivityRegularizationArgs,
  RefusedSlot,
  RegularizedFactory,
  RegularizedLayer,
  RegularizerSlotValue,
  TfjsRegularizer,
} from './index.js';

/** What a slot takes: the same union in every slot of every factory. */
type Slot = RegularizerSlotValue | null | undefined;
type Activity = 'activityRegularizer';
type KernelBias = 'kernelRegularizer' | 'biasRegularizer';
type Recurrent = KernelBias | 'recurrentRegularizer';
type Normalization = 'gammaRegularizer' | 'betaRegularizer';
type ArgsOf<Factory extends (args: never) => unknown> = NonNullable<Parameters<Factory>[0]>;

/** One of `values`, typed as their union: a slot that takes it takes each of them. */
declare function oneOf<const Values extends unknown[]>(...values: Values): Values[number];

/** One value of each kind a slot takes. */
const kind = oneOf(
  l2(1e-4), // a builtin, from its factory
  new L1({ l1: 0.01 }), // a builtin, from its class
  L1L2, // a registered class
  'l1l2', // a registered name
  (x: tf.Tensor) => tf.sum(tf.abs(x)), // a plain function
  { className: 'L2', config: { l2: 0.01 } }, // a tfjs config
  { class_name: 'L1L2', config: { l1: 0.01, l2: 0.01 } }, // a Keras config
  tfl.regularizers.l1l2({ l1: 0.01 }), // a tfjs regularizer
  null,
  undefined,
);

/** The factories whose types refuse a slot, checked on their own below. */
type Refusing =
  | 'depthwiseConv2d'
  | 'separableConv2d'
  | 'inputLayer'
  | 'simpleRNNCell'
  | 'gruCell'
  | 'lstmCell'
  | 'convLstm2dCell'
  | 'stackedRNNCells';

/** A factory of a layer without weights to regularize: it takes an activity regularizer only. */
type ActivityOnly<F extends (args: never) => tfl.layers.Layer> = RegularizedFactory<F, Activity>;

/** Every other factory's type, written out apart from the adapter's table. */
interface Expected {
  dense: RegularizedFactory<typeof tfl.layers.dense, KernelBias | Activity>;
  conv1d: RegularizedFactory<typeof tfl.layers.conv1d, KernelBias | Activity>;
  conv2d: RegularizedFactory<typeof tfl.layers.conv2d, KernelBias | Activity>;
  conv3d: RegularizedFactory<typeof tfl.layers.conv3d, KernelBias | Activity>;
  conv2dTranspose: RegularizedFactory<typeof tfl.layers.conv2dTranspose, KernelBias | Activity>;
  conv3dTranspose: RegularizedFactory<typeof tfl.layers.conv3dTranspose, KernelBias | Activity>;
  embedding: RegularizedFactory<typeof tfl.layers.embedding, 'embeddingsRegularizer' | Activity>;
  simpleRNN: RegularizedFactory<typeof tfl.layers.simpleRNN, Recurrent | Activity>;
  lstm: RegularizedFactory<typeof tfl.layers.lstm, Recurrent | Activity>;
  gru: RegularizedFactory<
    (
      args: Parameters<typeof tfl.layers.gru>[0] & { resetAfter?: boolean },
    ) => ReturnType<typeof tfl.layers.gru>,
    Recurrent | Activity
  >;
  convLstm2d: RegularizedFactory<typeof tfl.layers.convLstm2d, Recurrent | Activity>;
  // A wrapper's weights take the wrapped layer's slots: it has only activityRegularizer.
  bidirectional: ActivityOnly<typeof tfl.layers.bidirectional>;
  timeDistributed: ActivityOnly<typeof tfl.layers.timeDistributed>;
  rnn: ActivityOnly<typeof tfl.layers.rnn>;
  batchNormalization: RegularizedFactory<
    typeof tfl.layers.batchNormalization,
    Normalization | Activity
  >;
  layerNormalization: RegularizedFactory<
    typeof tfl.layers.layerNormalization,
    Normalization | Activity
  >;
  prelu: RegularizedFactory<typeof tfl.layers.prelu, 'alphaRegularizer' | Activity>;
  activation: ActivityOnly<typeof tfl.layers.activation>;
  flatten: ActivityOnly<typeof tfl.layers.flatten>;
  reshape: ActivityOnly<typeof tfl.layers.reshape>;
  permute: ActivityOnly<typeof tfl.layers.permute>;
  repeatVector: ActivityOnly<typeof tfl.layers.repeatVector>;
  masking: ActivityOnly<typeof tfl.layers.masking>;
  dropout: ActivityOnly<typeof tfl.layers.dropout>;
  spatialDropout1d: ActivityOnly<typeof tfl.layers.spatialDropout1d>;
  gaussianNoise: ActivityOnly<typeof tfl.layers.gaussianNoise>;
  gaussianDropout: ActivityOnly<typeof tfl.layers.gaussianDropout>;
  alphaDropout: ActivityOnly<typeof tfl.layers.alphaDropout>;
  add: ActivityOnly<typeof tfl.layers.add>;
  multiply: ActivityOnly<typeof tfl.layers.multiply>;
  average: ActivityOnly<typeof tfl.layers.average>;
  maximum: ActivityOnly<typeof tfl.layers.maximum>;
  minimum: ActivityOnly<typeof tfl.layers.minimum>;
  concatenate: ActivityOnly<typeof tfl.layers.concatenate>;
  dot: ActivityOnly<typeof tfl.layers.dot>;
  reLU: ActivityOnly<typeof tfl.layers.reLU>;
  leakyReLU: ActivityOnly<typeof tfl.layers.leakyReLU>;
  elu: ActivityOnly<typeof tfl.layers.elu>;
  thresholdedReLU: ActivityOnly<typeof tfl.layers.thresholdedReLU>;
  softmax: ActivityOnly<typeof tfl.layers.softmax>;
  zeroPadding2d: ActivityOnly<typeof tfl.layers.zeroPadding2d>;
  cropping2D: ActivityOnly<typeof tfl.layers.cropping2D>;
  upSampling2d: ActivityOnly<typeof tfl.layers.upSampling2d>;
  maxPooling1d: ActivityOnly<typeof tfl.layers.maxPooling1d>;
  maxPooling2d: ActivityOnly<typeof tfl.layers.maxPooling2d>;
  maxPooling3d: ActivityOnly<typeof tfl.layers.maxPooling3d>;
  averagePooling1d: ActivityOnly<typeof tfl.layers.averagePooling1d>;
  averagePooling2d: ActivityOnly<typeof tfl.layers.averagePooling2d>;
  averagePooling3d: ActivityOnly<typeof tfl.layers.averagePooling3d>;
  globalAveragePooling1d: ActivityOnly<typeof tfl.layers.globalAveragePooling1d>;
  globalAveragePooling2d: ActivityOnly<typeof tfl.layers.globalAveragePooling2d>;
  globalMaxPooling1d: ActivityOnly<typeof tfl.layers.globalMaxPooling1d>;
  globalMaxPooling2d: ActivityOnly<typeof tfl.layers.globalMaxPooling2d>;
  rescaling: ActivityOnly<typeof tfl.layers.rescaling>;
  centerCrop: ActivityOnly<typeof tfl.layers.centerCrop>;
  resizing: ActivityOnly<typeof tfl.layers.resizing>;
  categoryEncoding: ActivityOnly<typeof tfl.layers.categoryEncoding>;
  randomWidth: ActivityOnly<typeof tfl.layers.randomWidth>;
  activityRegularization: (args?: ActivityRegularizationArgs) => ActivityRegularization;
}

describe('the layers factories', () => {
  it("are tfjs's own factories under the same names, with their regularizer slots widened", () => {
    expectTypeOf<Omit<typeof layers, Refusing>>().toEqualTypeOf<Expected>();
    expectTypeOf<keyof typeof layers>().toEqualTypeOf<keyof Expected | Refusing>();
  });

  it("widen each slot to every kind of regularizer and keep tfjs's other arguments", () => {
    type DenseArgs = ArgsOf<typeof layers.dense>;
    expectTypeOf<DenseArgs['kernelRegularizer']>().toEqualTypeOf<Slot>();
    expectTypeOf<DenseArgs['biasRegularizer']>().toEqualTypeOf<Slot>();
    expectTypeOf<DenseArgs['activityRegularizer']>().toEqualTypeOf<Slot>();
    expectTypeOf<DenseArgs['units']>().toEqualTypeOf<ArgsOf<typeof tfl.layers.dense>['units']>();
    expectTypeOf<DenseArgs['kernelInitializer']>().toEqualTypeOf<
      ArgsOf<typeof tfl.layers.dense>['kernelInitializer']
    >();
    expectTypeOf(kind).toExtend<Slot>();
  });

  it('take every kind of regularizer in each of their slots', () => {
    const lstm = layers.lstm({
      units: 2,
      kernelRegularizer: kind,
      recurrentRegularizer: kind,
      biasRegularizer: kind,
      activityRegularizer: kind,
    });
    const kernelBias = {
      kernelRegularizer: kind,
      biasRegularizer: kind,
      activityRegularizer: kind,
    };
    const recurrent = { ...kernelBias, recurrentRegularizer: kind };
    const normalization = {
      gammaRegularizer: kind,
      betaRegularizer: kind,
      activityRegularizer: kind,
    };
    const convolution = { filters: 2, kernelSize: 2 };
    const built = [
      layers.dense({ units: 2, ...kernelBias }),
      layers.conv1d({ ...convolution, ...kernelBias }),
      layers.conv2d({ ...convolution, ...kernelBias }),
      layers.conv3d({ ...convolution, ...kernelBias }),
      layers.conv2dTranspose({ ...convolution, ...kernelBias }),
      layers.conv3dTranspose({ ...convolution, ...kernelBias }),
      layers.separableConv2d({
        ...convolution,
        depthwiseRegularizer: kind,
        pointwiseRegularizer: kind,
        biasRegularizer: kind,
        activityRegularizer: kind,
        kernelRegularizer: null,
      }),
      layers.depthwiseConv2d({
        kernelSize: 2,
        depthwiseRegularizer: kind,
        biasRegularizer: kind,
        activityRegularizer: kind,
        kernelRegularizer: null,
      }),
      layers.embedding({
        inputDim: 4,
        outputDim: 2,
        embeddingsRegularizer: kind,
        activityRegularizer: kind,
      }),
      layers.simpleRNN({ units: 2, ...recurrent }),
      lstm,
      layers.gru({ units: 2, ...recurrent }),
      layers.convLstm2d({ ...convolution, ...recurrent }),
      layers.bidirectional({ layer: lstm, activityRegularizer: kind }),
      layers.batchNormalization(normalization),
      layers.layerNormalization(normalization),
      layers.prelu({ alphaRegularizer: kind, activityRegularizer: kind }),
      layers.activityRegularization({ l1: 0.01, l2: 0.01 }),
    ];
    expectTypeOf(built).items.toExtend<tfl.layers.Layer & RegularizedLayer>();
  });

  it('return the stock layer type, and RegularizedLayer', () => {
    expectTypeOf(layers.dense({ units: 1 })).toEqualTypeOf<
      ReturnType<typeof tfl.layers.dense> & RegularizedLayer
    >();
    expectTypeOf(layers.depthwiseConv2d).returns.toEqualTypeOf<
      ReturnType<typeof tfl.layers.depthwiseConv2d> & RegularizedLayer
    >();
    expectTypeOf(
      layers.lstm({ units: 1 }).regularizerFor('kernelRegularizer'),
    ).toEqualTypeOf<TfjsRegularizer | null>();
    type Built = { [Name in keyof typeof layers]: ReturnType<(typeof layers)[Name]> };
    expectTypeOf<Built[keyof Built]>().toExtend<tfl.layers.Layer & RegularizedLayer>();
  });

  it("take no argument where tfjs's factory takes none", () => {
    expectTypeOf(layers.batchNormalization()).toExtend<tfl.layers.Layer>();
    expectTypeOf(layers.layerNormalization()).toExtend<tfl.layers.Layer>();
    expectTypeOf(layers.activityRegularization()).toEqualTypeOf<ActivityRegularization>();
    // @ts-expect-error: tfjs's dense needs its units
    layers.dense();
  });

  it('refuse values that are not regularizers', () => {
    // @ts-expect-error: a bare factor (write l2(0.01))
    layers.dense({ units: 1, kernelRegularizer: 0.01 });
    // @ts-expect-error: a config without its class name (write { className: 'L2', config })
    layers.dense({ units: 1, kernelRegularizer: { l2: 0.01 } });
    // @ts-expect-error: a boolean
    layers.dense({ units: 1, biasRegularizer: true });
    // @ts-expect-error: an initializer
    layers.conv2d({ filters: 1, kernelSize: 1, kernelRegularizer: tfl.initializers.ones() });
    // @ts-expect-error: a regularizer whose penalty is not a tensor
    layers.embedding({ inputDim: 2, outputDim: 1, activityRegularizer: { apply: () => 'no' } });
  });

  it('refuse slots the layer does not have', () => {
    expectTypeOf<ArgsOf<typeof layers.embedding>>().not.toHaveProperty('kernelRegularizer');
    expectTypeOf<ArgsOf<typeof layers.dense>>().not.toHaveProperty('recurrentRegularizer');
    expectTypeOf<ArgsOf<typeof layers.bidirectional>>().not.toHaveProperty('kernelRegularizer');
    expectTypeOf<ArgsOf<typeof layers.prelu>>().not.toHaveProperty('kernelRegularizer');
    // @ts-expect-error: an Embedding has no kernel, only embeddings
    layers.embedding({ inputDim: 4, outputDim: 2, kernelRegularizer: l2() });
    // @ts-expect-error: a Dense layer has no recurrent kernel
    layers.dense({ units: 1, recurrentRegularizer: l2() });
    // @ts-expect-error: a Bidirectional layer's weights take the slots of the layer it wraps
    layers.bidirectional({ layer: layers.lstm({ units: 1 }), kernelRegularizer: l2() });
    // @ts-expect-error: a BatchNormalization layer has gamma and beta
    layers.batchNormalization({ kernelRegularizer: l2() });
  });

  it('refuse the slots tfjs would ignore, quoting the advice of the run-time error', () => {
    type DepthwiseKernel = ArgsOf<typeof layers.depthwiseConv2d>['kernelRegularizer'];
    type SeparableKernel = ArgsOf<typeof layers.separableConv2d>['kernelRegularizer'];
    expectTypeOf<DepthwiseKernel>().toEqualTypeOf<
      | RefusedSlot<'its kernel is the depthwise kernel, so use depthwiseRegularizer (stock tfjs ignores kernelRegularizer here).'>
      | null
      | undefined
    >();
    expectTypeOf<SeparableKernel>().toEqualTypeOf<
      RefusedSlot<'use depthwiseRegularizer and pointwiseRegularizer.'> | null | undefined
    >();
    // @ts-expect-error: DepthwiseConv2D's kernel is its depthwise kernel
    layers.depthwiseConv2d({ kernelSize: 2, kernelRegularizer: l2() });
    // @ts-expect-error: SeparableConv2D has a depthwise and a pointwise kernel
    layers.separableConv2d({ filters: 1, kernelSize: 2, kernelRegularizer: 'l2' });
    expectTypeOf<ArgsOf<typeof layers.depthwiseConv2d>['depthMultiplier']>().toEqualTypeOf<
      ArgsOf<typeof tfl.layers.depthwiseConv2d>['depthMultiplier']
    >();
  });

  it("refuse an activity regularizer where no output is the layer's own: input layers and RNN cells", () => {
    expectTypeOf<ArgsOf<typeof layers.gruCell>['activityRegularizer']>().toEqualTypeOf<
      | RefusedSlot<'a cell runs inside an RNN layer; give the RNN layer the activityRegularizer instead.'>
      | null
      | undefined
    >();
    expectTypeOf<ArgsOf<typeof layers.gruCell>['kernelRegularizer']>().toEqualTypeOf<Slot>();
    // @ts-expect-error: a cell's outputs are the RNN layer's steps
    layers.lstmCell({ units: 1, activityRegularizer: l2() });
    // @ts-expect-error: an input layer computes nothing
    layers.inputLayer({ inputShape: [2], activityRegularizer: l2() });
  });

  it('give every layer without weights an activity regularizer, and nothing else', () => {
    expectTypeOf<ArgsOf<typeof layers.flatten>['activityRegularizer']>().toEqualTypeOf<Slot>();
    expectTypeOf<ArgsOf<typeof layers.add>['activityRegularizer']>().toEqualTypeOf<Slot>();
    expectTypeOf(
      layers.timeDistributed({ layer: layers.dense({ units: 1 }), activityRegularizer: kind }),
    ).toExtend<tfl.layers.Layer & RegularizedLayer>();
    // @ts-expect-error: a TimeDistributed layer's weights take the slots of the layer it wraps
    layers.timeDistributed({ layer: layers.dense({ units: 1 }), kernelRegularizer: l2() });
  });
});
