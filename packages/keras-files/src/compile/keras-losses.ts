/* Keras: keras/src/losses/losses.py and keras/src/metrics/ (names, aliases, configs) */
import type { JsonValue } from '@regularizers/core';
import type { Tensor } from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { kerasSnakeCase } from '../weights/keras-snake-case.js';

type JsonObject = { [key: string]: JsonValue };
/** A loss or metric tfjs's `compile` takes: a name it knows, or a function. */
export type TfjsLossOrMetric = string | ((yTrue: Tensor, yPred: Tensor) => Tensor);

/**
 * Keras losses (function names and aliases, in snake_case) that tfjs-layers has, under tfjs's
 * name. Class names (`MeanSquaredError`) are looked up in snake_case.
 */
const LOSSES: Readonly<Record<string, string>> = {
  mean_squared_error: 'meanSquaredError',
  mse: 'meanSquaredError',
  mean_absolute_error: 'meanAbsoluteError',
  mae: 'meanAbsoluteError',
  mean_absolute_percentage_error: 'meanAbsolutePercentageError',
  mape: 'meanAbsolutePercentageError',
  mean_squared_logarithmic_error: 'meanSquaredLogarithmicError',
  msle: 'meanSquaredLogarithmicError',
  binary_crossentropy: 'binaryCrossentropy',
  categorical_crossentropy: 'categoricalCrossentropy',
  sparse_categorical_crossentropy: 'sparseCategoricalCrossentropy',
  hinge: 'hinge',
  squared_hinge: 'squaredHinge',
  categorical_hinge: 'categoricalHinge',
  kl_divergence: 'kullbackLeiblerDivergence',
  kld: 'kullbackLeiblerDivergence',
  kullback_leibler_divergence: 'kullbackLeiblerDivergence',
  poisson: 'poisson',
  log_cosh: 'logcosh',
  logcosh: 'logcosh',
  cosine_similarity: 'cosineProximity',
};

/** Keras metrics that tfjs-layers has: a name its `compile` knows, or its function. */
const METRICS: Readonly<Record<string, TfjsLossOrMetric>> = {
  accuracy: 'accuracy',
  acc: 'accuracy',
  binary_accuracy: 'binaryAccuracy',
  categorical_accuracy: 'categoricalAccuracy',
  sparse_categorical_accuracy: tfl.metrics.sparseCategoricalAccuracy,
  mean_squared_error: 'mse',
  mse: 'mse',
  mean_absolute_error: 'mae',
  mae: 'mae',
  mean_absolute_percentage_error: 'mape',
  mape: 'mape',
  precision: 'precision',
  recall: tfl.metrics.recall,
  binary_crossentropy: tfl.metrics.binaryCrossentropy,
  categorical_crossentropy: 'categoricalCrossentropy',
  sparse_categorical_crossentropy: 'sparseCategoricalCrossentropy',
};

/**
 * Config values under which a Keras loss or metric computes what tfjs's does; anything else (a
 * loss `from_logits`, with label smoothing, another reduction or axis; a metric with another
 * threshold or a class id) has no tfjs counterpart.
 */
const NEUTRAL: Readonly<Record<string, readonly JsonValue[]>> = {
  from_logits: [false, null],
  label_smoothing: [0, null],
  axis: [-1, null],
  reduction: ['sum_over_batch_size', 'auto', null],
  ignore_class: [null],
  threshold: [0.5, null],
  thresholds: [null, 0.5],
  top_k: [null],
  class_id: [null],
};

/** One Keras loss or metric, resolved: what tfjs takes, or why nothing does. */
export type Resolved = { readonly value: TfjsLossOrMetric } | { readonly reason: string };

/** A Keras loss, as a name or a `{ class_name, config }` object, in tfjs's terms. */
export function kerasLoss(json: JsonValue): Resolved {
  return resolve(json, 'loss', (name) => (Object.hasOwn(LOSSES, name) ? LOSSES[name] : undefined));
}

/** A Keras metric, as a name or an object (tf.keras 2's `MeanMetricWrapper` too), in tfjs's terms. */
export function kerasMetric(json: JsonValue): Resolved {
  return resolve(json, 'metric', (name) =>
    Object.hasOwn(METRICS, name) ? METRICS[name] : undefined,
  );
}

function resolve(
  json: JsonValue,
  kind: 'loss' | 'metric',
  lookUp: (name: string) => TfjsLossOrMetric | undefined,
): Resolved {
  const object = isObject(json) ? json : undefined;
  const config = object !== undefined && isObject(object.config) ? object.config : {};
  const className = object?.class_name;
  const name =
    typeof json === 'string'
      ? json
      : className === 'MeanMetricWrapper' && typeof config.fn === 'string'
        ? config.fn
        : typeof className === 'string'
          ? kerasSnakeCase(className)
          : undefined;
  const label = typeof className === 'string' ? className : JSON.stringify(json);
  const value = name === undefined ? undefined : lookUp(name);
  if (value === undefined) {
    return { reason: `The ${kind} ${label} has no TensorFlow.js counterpart.` };
  }
  const changed = Object.keys(config).filter(
    (key) => Object.hasOwn(NEUTRAL, key) && !(NEUTRAL[key] ?? []).includes(config[key] ?? null),
  );
  if (changed.length > 0) {
    const options = changed.map((key) => `${key}=${JSON.stringify(config[key])}`).join(', ');
    return { reason: `The ${kind} ${label} with ${options} has no TensorFlow.js counterpart.` };
  }
  return { value };
}

function isObject(value: JsonValue | undefined): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
