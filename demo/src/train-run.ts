import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import type { DatasetTensors } from './dataset-tensors.js';
import { buildModel } from './model.js';
import { nearZeroShare } from './near-zero.js';
import { LEARNING_RATE } from './regularizer-choices.js';
import type { RegularizerChoice } from './regularizer-choices.js';

/** What one epoch left behind. */
export interface EpochRecord {
  /** 1-based. */
  epoch: number;
  /** The training objective `fit` reports: the data loss plus every penalty. */
  loss: number;
  /** The penalty part of `loss`, which `fit` logs as `regularization_loss`. */
  regularizationLoss: number;
  /** The data loss on the training split alone, comparable with `valLoss`. */
  trainLoss: number;
  /** The data loss on the validation split: `val_loss` without `val_regularization_loss`. */
  valLoss: number;
  /** `val_loss` as `fit` reports it: the data loss plus every penalty, as in Keras. */
  valLossWithPenalty: number;
  valAccuracy: number;
}

/** The outcome of training under one regularizer. */
export interface RunResult {
  name: string;
  summary: string;
  history: EpochRecord[];
  /** The last epoch's record. */
  final: EpochRecord;
  /** The hidden layer's kernel penalty with the final weights (0 without a regularizer). */
  penalty: number;
  /** The share of the hidden layer's kernel weights below the near-zero threshold. */
  nearZero: number;
  /** The share of the hidden layer's kernel weights that are exactly 0. */
  exactZero: number;
  /** The hidden layer's final kernel, flattened. */
  kernel: Float32Array;
  seconds: number;
}

/** How to train. */
export interface TrainOptions {
  epochs: number;
  seed: number;
  /** Called after each epoch, for a progress bar. */
  onEpoch?: (record: EpochRecord) => void;
}

/** A trained run, with its model, which the caller disposes. */
export interface TrainedRun {
  result: RunResult;
  model: tfl.LayersModel;
}

/**
 * Trains the demo's network with `choice` on the hidden kernel: Adam at 0.01 (or the choice's own
 * optimizer), batches of 32 in a fixed order (so a seed always gives the same run), binary
 * cross-entropy.
 */
export async function trainRun(
  choice: RegularizerChoice,
  data: DatasetTensors,
  options: TrainOptions,
): Promise<TrainedRun> {
  const started = performance.now();
  const featureCount = data.xTrain.shape[1];
  const model = buildModel(featureCount, choice.create(), options.seed);
  const optimizer = choice.optimizer?.() ?? tf.train.adam(LEARNING_RATE);
  model.compile({
    optimizer,
    loss: 'binaryCrossentropy',
    metrics: ['accuracy'],
  });
  const history: EpochRecord[] = [];
  await model.fit(data.xTrain, data.yTrain, {
    epochs: options.epochs,
    batchSize: 32,
    shuffle: false,
    validationData: [data.xValidation, data.yValidation],
    callbacks: {
      onEpochEnd: (epoch, logs) => {
        const record: EpochRecord = {
          epoch: epoch + 1,
          loss: logs?.loss ?? Number.NaN,
          regularizationLoss: logs?.regularization_loss ?? Number.NaN,
          trainLoss: dataLoss(model, data.xTrain, data.yTrain),
          valLoss: (logs?.val_loss ?? Number.NaN) - (logs?.val_regularization_loss ?? Number.NaN),
          valLossWithPenalty: logs?.val_loss ?? Number.NaN,
          valAccuracy: logs?.val_acc ?? Number.NaN,
        };
        history.push(record);
        options.onEpoch?.(record);
        return Promise.resolve();
      },
    },
  });
  optimizer.dispose(); // the model does not own an optimizer it was given, and needs it no more
  const final = history.at(-1);
  if (final === undefined) throw new Error('Training ran no epoch.');
  const kernel = hiddenKernel(model);
  const result: RunResult = {
    name: choice.name,
    summary: choice.summary,
    history,
    final,
    penalty: totalPenalty(model),
    nearZero: nearZeroShare(kernel),
    exactZero: kernel.filter((weight) => weight === 0).length / kernel.length,
    kernel,
    seconds: (performance.now() - started) / 1000,
  };
  return { result, model };
}

/** The mean binary cross-entropy of `model` on `x`, without any penalty. */
function dataLoss(model: tfl.LayersModel, x: tf.Tensor, y: tf.Tensor): number {
  return tf.tidy(() => {
    const predictions = model.predict(x) as tf.Tensor;
    return tf.mean(tfl.metrics.binaryCrossentropy(y, predictions)).dataSync()[0] ?? Number.NaN;
  });
}

/**
 * The sum of every layer's penalties with its current weights, 0 when there are none. It asks each
 * layer rather than the model, because a `tfl.sequential` that has not been called yet (a model
 * just loaded, say) is not built, and its `calculateLosses()` is empty until it is.
 */
export function totalPenalty(model: tfl.LayersModel): number {
  return tf.tidy(() => {
    const losses = model.layers.flatMap((layer) => layer.calculateLosses());
    return losses.length === 0 ? 0 : (tf.addN(losses).dataSync()[0] ?? Number.NaN);
  });
}

/** A copy of the first layer's kernel, flattened. */
function hiddenKernel(model: tfl.LayersModel): Float32Array {
  const kernel = model.layers[0]?.getWeights()[0];
  if (kernel === undefined) throw new Error('The model has no hidden kernel.');
  return Float32Array.from(kernel.dataSync());
}
