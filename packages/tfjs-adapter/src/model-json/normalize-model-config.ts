import type { JsonValue } from '@regularizers/core';
import { copyJson, isJsonObject, isModelClass } from './json-object.js';
import type { JsonObject } from './json-object.js';
import { normalizeDtype } from './normalize-dtype.js';
import { normalizeGraph } from './normalize-graph.js';
import { isKerasFunction, normalizeRegularizer } from './normalize-regularizer.js';

/** Keys Keras writes beside `class_name` that tfjs does not read, or would pass on to a constructor. */
const DROPPED_KEYS: ReadonlySet<string> = new Set([
  'module',
  'registered_name',
  'shared_object_id',
  'build_config',
  'compile_config',
]);

/** Keras initializer names that tfjs spells differently (`LecunNormal` is tfjs's `LeCunNormal`). */
const TFJS_INITIALIZERS: ReadonlyMap<string, string> = new Map([
  ['LecunNormal', 'LeCunNormal'],
  ['LecunUniform', 'LeCunUniform'],
  ['lecun_normal', 'LeCunNormal'],
  ['lecun_uniform', 'LeCunUniform'],
]);

/** A model's config: its layers, and for a functional model its graph in tfjs's form. */
export function normalizeModelConfig(config: JsonValue, className: string): JsonValue {
  if (Array.isArray(config)) return normalizeModelConfig({ layers: config }, className); // Keras 2.0
  if (!isJsonObject(config) || !Array.isArray(config.layers))
    return normalizeValue('config', config);
  const rawLayers = config.layers;
  const result: JsonObject = {};
  for (const [key, value] of Object.entries(config)) {
    if (key !== 'layers' && key !== 'input_layers' && key !== 'output_layers') {
      result[key] = normalizeValue(key, value);
    }
  }
  const layers = rawLayers.map(normalizeLayer);
  result.layers = layers;
  if (className === 'Sequential') {
    layers.slice(1).forEach(dropBatchInputShape);
    return result;
  }
  if (className === 'Model') normalizeGraph(config, rawLayers, layers, result);
  return result;
}

/**
 * Keras builds a Sequential's input from its first layer only, and ignores `batch_input_shape` on
 * the others (tf.keras writes it on every layer that was given one); tfjs checks it on each layer
 * and warns when a later layer's differs from what it receives.
 */
function dropBatchInputShape(layer: JsonValue): void {
  if (isJsonObject(layer) && isJsonObject(layer.config)) delete layer.config.batch_input_shape;
}

/** One layer, or a model used as a layer. Its `inbound_nodes` are rewritten by its model. */
function normalizeLayer(layer: JsonValue): JsonValue {
  return isJsonObject(layer) && typeof layer.class_name === 'string'
    ? normalizeClassObject(layer, layer.class_name)
    : copyJson(layer);
}

/** Any `{ class_name, config }` object: a layer, a nested model, an initializer, a constraint… */
function normalizeClassObject(value: JsonObject, rawClassName: string): JsonObject {
  const className = rawClassName === 'Functional' ? 'Model' : rawClassName;
  const result: JsonObject = {};
  for (const [key, item] of Object.entries(value)) {
    if (DROPPED_KEYS.has(key)) continue;
    if (key === 'class_name') result.class_name = className;
    else if (key === 'config' && isModelClass(className)) {
      result.config = normalizeModelConfig(item, className);
    } else if (key === 'inbound_nodes') result.inbound_nodes = copyJson(item);
    else result[key] = normalizeValue(key, item);
  }
  return result;
}

/** A value found under `key` in a layer's config (or deeper), rewritten by what the key holds. */
function normalizeValue(key: string, value: JsonValue): JsonValue {
  if (value === null) return null;
  if (key.endsWith('_regularizer')) return normalizeRegularizer(value);
  if (key === 'dtype') return normalizeDtype(value);
  if (key.endsWith('_initializer')) return normalizeInitializer(value);
  if ((key === 'activation' || key === 'recurrent_activation') && isKerasFunction(value)) {
    return value.config;
  }
  if (Array.isArray(value)) return value.map((item) => normalizeValue(key, item));
  if (!isJsonObject(value)) return value;
  if (typeof value.class_name === 'string') return normalizeClassObject(value, value.class_name);
  const result: JsonObject = {};
  for (const [name, item] of Object.entries(value)) {
    if (name === 'batch_shape') {
      if (!('batch_input_shape' in value)) result.batch_input_shape = copyJson(item);
    } else {
      result[name] = normalizeValue(name, item);
    }
  }
  return result;
}

function normalizeInitializer(value: JsonValue): JsonValue {
  if (typeof value === 'string') return TFJS_INITIALIZERS.get(value) ?? value;
  if (isJsonObject(value) && typeof value.class_name === 'string') {
    const normalized = normalizeClassObject(value, value.class_name);
    normalized.class_name = TFJS_INITIALIZERS.get(value.class_name) ?? value.class_name;
    return normalized;
  }
  return normalizeValue('', value);
}
