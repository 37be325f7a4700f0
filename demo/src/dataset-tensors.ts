import * as tf from '@tensorflow/tfjs-core';
import type { Dataset } from './dataset.js';

/** The dataset as tensors: features `[n, featureCount]`, labels `[n, 1]`. */
export interface DatasetTensors {
  xTrain: tf.Tensor2D;
  yTrain: tf.Tensor2D;
  xValidation: tf.Tensor2D;
  yValidation: tf.Tensor2D;
  dispose(): void;
}

/** Copies `dataset` into tensors; call `dispose()` when done. */
export function toTensors(dataset: Dataset): DatasetTensors {
  const labels = (values: number[]): tf.Tensor2D => tf.tensor2d(values, [values.length, 1]);
  const tensors = {
    xTrain: tf.tensor2d(dataset.train.features),
    yTrain: labels(dataset.train.labels),
    xValidation: tf.tensor2d(dataset.validation.features),
    yValidation: labels(dataset.validation.labels),
  };
  return { ...tensors, dispose: () => tf.dispose(Object.values(tensors)) };
}
