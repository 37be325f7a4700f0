import { deserializeRegularizer, serializeKerasRegularizer } from '@regularizers/core';
import type { JsonValue } from '@regularizers/core';
import { fromTfjsClassName, restoreConfig } from './case-conversion-codec.js';
import { copyJson, isJsonObject } from './json-object.js';
import type { JsonObject } from './json-object.js';
import { KERAS_LAYER_CLASSES } from './keras-layer-classes.js';

/** Wrappers, whose weights' regularizers are in the config of the layer they wrap. */
const WRAPPERS: ReadonlySet<string> = new Set(['Bidirectional', 'TimeDistributed']);

/** tfjs initializer names that Keras spells differently. */
const KERAS_INITIALIZERS: ReadonlyMap<string, string> = new Map([
  ['LeCunNormal', 'LecunNormal'],
  ['LeCunUniform', 'LecunUniform'],
]);

/** A Keras 3 class object: `{ module, class_name, config, registered_name }`. */
export function kerasObject(
  module: string | null,
  className: string,
  config: JsonValue,
): JsonObject {
  return { module, class_name: className, config, registered_name: null };
}

/**
 * A layer (not a model) of tfjs model JSON as Keras 3 writes it: a class both have under
 * `keras.layers`, any other under its own name as a custom class (`registered_name`), for Keras
 * to find among the classes registered in Python.
 */
export function kerasLayer(layer: JsonObject): JsonObject {
  const className = typeof layer.class_name === 'string' ? layer.class_name : '';
  const config = isJsonObject(layer.config) ? layerConfig(className, layer.config) : {};
  return KERAS_LAYER_CLASSES.has(className)
    ? kerasObject('keras.layers', className, config)
    : { module: null, class_name: className, config, registered_name: className };
}

/**
 * A layer's config as Keras 3 reads it, from what tfjs's `toJSON` wrote: regularizers in Keras's
 * forms (through core's `serializeKerasRegularizer`), initializers and constraints as Keras 3
 * objects (a wrapper's weight slots, which are its wrapped layer's, left out), an `InputLayer`'s
 * `batch_input_shape` as `batch_shape` (other layers' are dropped:
 * the model's input layer carries it), and the defaults where the two differ: a tfjs GRU is
 * `reset_after: false`, where Keras 3's default is `true`.
 */
function layerConfig(className: string, config: JsonObject): JsonObject {
  const result: JsonObject = {};
  for (const [key, value] of Object.entries(config)) {
    if (key === 'batch_input_shape') {
      if (className === 'InputLayer') result.batch_shape = copyJson(value);
    } else if (key === 'input_length' && className === 'Embedding') {
      continue; // deprecated in Keras 3, which warns about it
    } else if (key === 'implementation' && className === 'ConvLSTM2D') {
      continue; // Keras 3's ConvLSTM2D refuses it (its LSTM and GRU take it and ignore it)
    } else if (key.endsWith('_regularizer')) {
      // The adapter's wrappers write their wrapped layer's slots too, which Keras's refuse.
      if (!WRAPPERS.has(className) || key === 'activity_regularizer') {
        result[key] = kerasRegularizer(value);
      }
    } else if (key.endsWith('_initializer')) {
      result[key] = classObject(value, 'keras.initializers');
    } else if (key.endsWith('_constraint')) {
      result[key] = classObject(value, 'keras.constraints');
    } else if (key === 'layer' && isJsonObject(value)) {
      result[key] = kerasLayer(value); // the layer a Bidirectional or TimeDistributed wraps
    } else {
      result[key] = copyJson(value);
    }
  }
  if (className === 'GRU' && !('reset_after' in config)) result.reset_after = false;
  return result;
}

/** A regularizer of tfjs model JSON (ours, encoded for tfjs's case conversion, or stock), for Keras. */
function kerasRegularizer(value: JsonValue): JsonValue {
  if (value === null) return null;
  const json =
    isJsonObject(value) && typeof value.class_name === 'string'
      ? {
          className: fromTfjsClassName(value.class_name),
          config: isJsonObject(value.config) ? restoreConfig(value.config) : {},
        }
      : value;
  return serializeKerasRegularizer(deserializeRegularizer(json)) as unknown as JsonValue;
}

/**
 * An initializer or constraint as a Keras 3 object. tfjs writes the Glorot, He and LeCun
 * initializers as `VarianceScaling`, whose `normal` distribution is Keras's `truncated_normal`.
 */
function classObject(value: JsonValue, module: string): JsonValue {
  if (typeof value === 'string' || !isJsonObject(value) || typeof value.class_name !== 'string') {
    return copyJson(value);
  }
  const className = KERAS_INITIALIZERS.get(value.class_name) ?? value.class_name;
  const config = isJsonObject(value.config) ? (copyJson(value.config) as JsonObject) : {};
  if (className === 'VarianceScaling' && config.distribution === 'normal') {
    config.distribution = 'truncated_normal';
  }
  return kerasObject(module, className, config);
}
