// The training cases of the performance baseline (performance-baseline.md, "Training" and
// "Targets"): one `model.fit` epoch without regularizers (`none`), with the stock tfjs ones
// (`stock`) and with ours through the adapter's `layers` factories (`ours`), interleaved in one
// process. The three models share the architecture and the initial weights (copied with
// `setWeights`), and each trains for the same number of epochs, so their losses stay comparable.
// The MLP also runs with validation data: there `ours` is the adapter's `sequential()`, whose
// validation adds every penalty (as Keras does) and logs regularization_loss; `none` and `stock`
// are `tf.sequential()`, whose validation computes the data loss alone.
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { l1l2, l2 } from '@regularizers/builtin';
import { layers, sequential } from '@regularizers/tfjs-adapter';

const VARIANTS = ['none', 'stock', 'ours'];
const LEARNING_RATE = 0.01;
/** `--quick` rounds for these cases: an epoch takes seconds, so one measured round is enough. */
const QUICK_ROUNDS = { warmupRounds: 1, rounds: 1 };

export const MLP = {
  units: [784, 256, 256, 10],
  samples: 2048,
  validationSamples: 512,
  batchSize: 128,
  l1: 1e-5,
  l2: 1e-4,
  seed: 1,
};

const EMBEDDING = {
  vocabulary: 50000,
  dimension: 64,
  sequenceLength: 20,
  samples: 2048,
  batchSize: 256,
  l2: 1e-4,
  seed: 2,
};

/**
 * The stock CPU kernel of `UnsortedSegmentSum`, which the gradient of `gather` (so of `Embedding`)
 * calls, loops over the segments and, for each one, makes a mask, a cast and a product as large as
 * the whole batch's gradient, all kept until the end: for a 50000-row table and a batch of 256 × 20
 * tokens, that is 50000 × 1.3 MB per step. One epoch of even the unregularized model then never
 * finishes (RSS past 15 GB). The embedding case therefore swaps in a one-pass scatter-add kernel
 * (same result) for its duration, for all three contenders alike, and restores the stock kernel in
 * its teardown.
 */
const SEGMENT_SUM_KERNEL =
  'scatter-add loop (bench/training-cases.js), stock kernel restored after';

/** Describes the models and data, for the results file. */
export const TRAINING_SETUP = {
  optimizer: `sgd(${LEARNING_RATE})`,
  fit: { epochs: 1, shuffle: false },
  mlp: {
    ...MLP,
    activations: 'relu, relu, softmax',
    loss: 'categoricalCrossentropy',
    regularizer: 'l1l2 on every kernel',
    withValidation:
      "ours built with the adapter's sequential(); none and stock with tf.sequential()",
  },
  embedding: {
    ...EMBEDDING,
    layers: 'embedding, globalAveragePooling1d, dense(1, sigmoid)',
    loss: 'binaryCrossentropy',
    regularizer: 'l2 on the embeddings',
    unsortedSegmentSumCpuKernel: SEGMENT_SUM_KERNEL,
  },
};

/** The cases, in run order. */
export function trainingCases() {
  return [
    mlpTrainingCase({
      backend: 'cpu',
      samples: MLP.samples,
      batchSize: MLP.batchSize,
      warmupRounds: 1,
      rounds: 5,
    }),
    trainingCase({
      key: 'cpu-training-mlp-validation',
      title: `Training, CPU backend: MLP ${MLP.units.join('-')}, one fit epoch with validation data (${MLP.samples} samples, ${MLP.validationSamples} for validation, batch ${MLP.batchSize}), l1l2 on every kernel; ours: sequential()`,
      backend: 'cpu',
      warmupRounds: 1,
      rounds: 5,
      batchSize: MLP.batchSize,
      data: () => ({
        ...mlpData(MLP),
        validation: mlpData({ ...MLP, samples: MLP.validationSamples, seed: MLP.seed + 10 }),
      }),
      model: (variant) => mlpModel(variant, MLP, variant === 'ours' ? sequential : tfl.sequential),
      loss: 'categoricalCrossentropy',
    }),
    trainingCase({
      key: 'cpu-training-embedding',
      title: `Training, CPU backend: Embedding(${EMBEDDING.vocabulary}, ${EMBEDDING.dimension}), one fit epoch (${EMBEDDING.samples} sequences of ${EMBEDDING.sequenceLength} tokens, batch ${EMBEDDING.batchSize}), l2 on the embeddings; UnsortedSegmentSum: scatter-add kernel`,
      backend: 'cpu',
      warmupRounds: 1,
      rounds: 5,
      batchSize: EMBEDDING.batchSize,
      data: embeddingData,
      model: embeddingModel,
      loss: 'binaryCrossentropy',
      patchKernels: useScatterAddSegmentSum,
    }),
  ];
}

/**
 * The MLP case (one `fit` epoch: unregularized, stock `l1l2`, ours) on `backend`, with its own
 * sample count and batch size: the browser bench runs it on WebGL with 512 samples, batch 32.
 */
export function mlpTrainingCase({ backend, samples, batchSize, warmupRounds, rounds }) {
  const mlp = { ...MLP, samples, batchSize };
  return trainingCase({
    key: `${backend}-training-mlp`,
    title: `Training, ${backendTitle(backend)} backend: MLP ${mlp.units.join('-')}, one fit epoch (${samples} samples, batch ${batchSize}), l1l2 on every kernel`,
    backend,
    warmupRounds,
    rounds,
    batchSize,
    data: () => mlpData(mlp),
    model: (variant) => mlpModel(variant, mlp),
    loss: 'categoricalCrossentropy',
  });
}

const BACKEND_TITLES = { cpu: 'CPU', wasm: 'WASM', webgl: 'WebGL', webgpu: 'WebGPU' };

/** How a backend's name is written in titles: CPU, WASM, WebGL, WebGPU. */
export function backendTitle(name) {
  return BACKEND_TITLES[name] ?? name;
}

/**
 * A timing case whose contenders each run one epoch of their own model. `data()` makes `{ x, y }`,
 * and `validation: { x, y }` for a fit with validation data;
 * `model(variant)` builds the model of a variant. The first variant's weights are copied into the
 * others. A contender returns the epoch's mean loss (the regularization penalty included).
 */
function trainingCase({
  key,
  title,
  backend,
  warmupRounds,
  rounds,
  batchSize,
  data,
  model,
  loss,
  patchKernels = () => () => {},
}) {
  return {
    kind: 'timing',
    key,
    title,
    backend,
    warmupRounds,
    rounds,
    quickRounds: QUICK_ROUNDS,
    valueLabel: 'epoch loss',
    setup: () => {
      const restoreKernels = patchKernels();
      const { x, y, validation } = data();
      const models = {};
      const optimizers = {};
      for (const variant of VARIANTS) {
        models[variant] = model(variant);
        // Our own optimizer instance: compile takes no ownership of it, so teardown disposes it.
        optimizers[variant] = tf.train.sgd(LEARNING_RATE);
        models[variant].compile({ optimizer: optimizers[variant], loss });
      }
      const initial = models[VARIANTS[0]].getWeights();
      for (const variant of VARIANTS.slice(1)) models[variant].setWeights(initial);
      return { x, y, validation, models, optimizers, restoreKernels };
    },
    contenders: Object.fromEntries(
      VARIANTS.map((variant) => [
        variant,
        async ({ x, y, validation, models }) => {
          const history = await models[variant].fit(x, y, {
            epochs: 1,
            batchSize,
            shuffle: false,
            verbose: 0,
            ...(validation !== undefined && { validationData: [validation.x, validation.y] }),
          });
          return history.history.loss[0];
        },
      ]),
    ),
    teardown: ({ x, y, validation, models, optimizers, restoreKernels }) => {
      for (const variant of VARIANTS) {
        models[variant].dispose();
        optimizers[variant].dispose();
      }
      tf.dispose([x, y, validation?.x, validation?.y].filter((tensor) => tensor !== undefined));
      restoreKernels();
    },
  };
}

/** The regularizer of a variant: none, the stock tfjs one, or ours (a fresh one per slot). */
function regularizerOf(variant, stock, ours) {
  if (variant === 'stock') return stock();
  if (variant === 'ours') return ours();
  return undefined;
}

/** `x`: standard normal features; `y`: one-hot labels of uniform random classes. Seeded. */
export function mlpData(mlp) {
  const [inputs, , , classes] = mlp.units;
  return tf.tidy(() => ({
    x: tf.randomNormal([mlp.samples, inputs], 0, 1, 'float32', mlp.seed),
    y: tf.cast(
      tf.oneHot(tf.randomUniform([mlp.samples], 0, classes, 'int32', mlp.seed + 1), classes),
      'float32',
    ),
  }));
}

/**
 * The MLP: dense layers, relu then softmax, `l1l2` on every kernel (stock or ours), in a model
 * that `makeSequential` (`tf.sequential` by default) builds.
 */
export function mlpModel(variant, mlp, makeSequential = tfl.sequential) {
  const dense = variant === 'ours' ? layers.dense : tfl.layers.dense;
  const [inputs, ...units] = mlp.units;
  const model = makeSequential();
  units.forEach((count, i) => {
    const kernelRegularizer = regularizerOf(
      variant,
      () => tfl.regularizers.l1l2({ l1: mlp.l1, l2: mlp.l2 }),
      () => l1l2({ l1: mlp.l1, l2: mlp.l2 }),
    );
    model.add(
      dense({
        units: count,
        activation: i === units.length - 1 ? 'softmax' : 'relu',
        kernelInitializer: tfl.initializers.glorotUniform({ seed: mlp.seed + i }),
        ...(i === 0 && { inputShape: [inputs] }),
        ...(kernelRegularizer !== undefined && { kernelRegularizer }),
      }),
    );
  });
  return model;
}

/** `x`: int32 token ids, uniform over the vocabulary; `y`: 0 or 1 labels. Seeded. */
function embeddingData() {
  const { samples, sequenceLength, vocabulary, seed } = EMBEDDING;
  return tf.tidy(() => ({
    x: tf.randomUniform([samples, sequenceLength], 0, vocabulary, 'int32', seed),
    y: tf.cast(tf.randomUniform([samples, 1], 0, 2, 'int32', seed + 1), 'float32'),
  }));
}

/** Embedding, global average pooling, dense(1, sigmoid); `l2` on the embeddings (stock or ours). */
function embeddingModel(variant) {
  const embedding = variant === 'ours' ? layers.embedding : tfl.layers.embedding;
  const embeddingsRegularizer = regularizerOf(
    variant,
    () => tfl.regularizers.l2({ l2: EMBEDDING.l2 }),
    () => l2({ l2: EMBEDDING.l2 }),
  );
  const model = tfl.sequential();
  model.add(
    embedding({
      inputDim: EMBEDDING.vocabulary,
      outputDim: EMBEDDING.dimension,
      inputLength: EMBEDDING.sequenceLength,
      inputShape: [EMBEDDING.sequenceLength],
      embeddingsInitializer: tfl.initializers.randomUniform({
        minval: -0.05,
        maxval: 0.05,
        seed: EMBEDDING.seed,
      }),
      ...(embeddingsRegularizer !== undefined && { embeddingsRegularizer }),
    }),
  );
  model.add(tfl.layers.globalAveragePooling1d({}));
  model.add(
    tfl.layers.dense({
      units: 1,
      activation: 'sigmoid',
      kernelInitializer: tfl.initializers.glorotUniform({ seed: EMBEDDING.seed + 1 }),
    }),
  );
  return model;
}

/**
 * Replaces the CPU kernel of `UnsortedSegmentSum` by one pass that adds each row of `x` into the
 * row of its segment (see SEGMENT_SUM_KERNEL), and returns the function that puts the stock kernel
 * back.
 */
function useScatterAddSegmentSum() {
  const stock = tf.getKernel(tf.UnsortedSegmentSum, 'cpu');
  tf.unregisterKernel(tf.UnsortedSegmentSum, 'cpu');
  tf.registerKernel({ ...stock, kernelFunc: scatterAddSegmentSum });
  return () => {
    tf.unregisterKernel(tf.UnsortedSegmentSum, 'cpu');
    tf.registerKernel(stock);
  };
}

/** `out[segmentIds[i], ...] += x[i, ...]`; `segmentIds` spans the leading dimensions of `x`. */
function scatterAddSegmentSum({ inputs: { x, segmentIds }, backend, attrs: { numSegments } }) {
  const ids = backend.readSync(segmentIds.dataId);
  const values = backend.readSync(x.dataId);
  const innerShape = x.shape.slice(segmentIds.shape.length);
  const inner = innerShape.reduce((a, b) => a * b, 1);
  const out =
    x.dtype === 'int32'
      ? new Int32Array(numSegments * inner)
      : new Float32Array(numSegments * inner);
  for (let i = 0; i < ids.length; i++) {
    const segment = ids[i];
    if (segment < 0 || segment >= numSegments) continue; // dropped, as in TensorFlow
    const from = i * inner;
    const to = segment * inner;
    for (let j = 0; j < inner; j++) out[to + j] += values[from + j];
  }
  return backend.makeTensorInfo([numSegments, ...innerShape], x.dtype, out);
}
