import type { JsonValue } from '@regularizers/core';
import { copyJson, isJsonObject, isModelClass } from './json-object.js';
import type { JsonObject } from './json-object.js';

/**
 * Writes a functional model's graph in the form tfjs reads: the `inbound_nodes` of each normalized
 * layer (`layers[i]` for `rawLayers[i]`), and the model's `input_layers` and `output_layers` into
 * `result`. Keras 2 graphs are copied as they are. Keras 3 calls `{ args, kwargs }` holding
 * `__keras_tensor__` objects become `[[layer, node, tensor, {}], …]`, and their references to a
 * nested model's call `n` become `n + 1`, because tfjs (like tf.keras 2) counts the nested model's
 * own internal node as node 0.
 */
export function normalizeGraph(
  config: JsonObject,
  rawLayers: readonly JsonValue[],
  layers: readonly JsonValue[],
  result: JsonObject,
): void {
  const keras3 = rawLayers.some(
    (layer) =>
      isJsonObject(layer) &&
      Array.isArray(layer.inbound_nodes) &&
      layer.inbound_nodes.some(isJsonObject),
  );
  const models = new Set<string>();
  for (const layer of rawLayers) {
    if (
      isJsonObject(layer) &&
      typeof layer.name === 'string' &&
      typeof layer.class_name === 'string'
    ) {
      if (isModelClass(layer.class_name)) models.add(layer.name);
    }
  }
  const reference = (name: string, node: JsonValue, tensor: JsonValue): JsonValue[] => [
    name,
    keras3 && models.has(name) && typeof node === 'number' ? node + 1 : node,
    tensor,
  ];
  rawLayers.forEach((layer, index) => {
    const normalized = layers[index];
    if (isJsonObject(layer) && isJsonObject(normalized) && Array.isArray(layer.inbound_nodes)) {
      normalized.inbound_nodes = layer.inbound_nodes.map((node) =>
        isJsonObject(node) ? keras3Node(node, reference) : copyJson(node),
      );
    }
  });
  if ('input_layers' in config)
    result.input_layers = endpoints(config.input_layers ?? null, reference);
  if ('output_layers' in config) {
    result.output_layers = endpoints(config.output_layers ?? null, reference);
  }
}

type Reference = (name: string, node: JsonValue, tensor: JsonValue) => JsonValue[];

/**
 * A Keras 3 call `{ args, kwargs }` as a tfjs node: the `keras_history` of every `__keras_tensor__`
 * in the positional arguments, in order (a merge layer gets a list of them), or in the keyword
 * arguments when there are none.
 */
function keras3Node(node: JsonObject, reference: Reference): JsonValue[] {
  const fromArgs = kerasTensors(node.args ?? null, reference);
  return fromArgs.length > 0 ? fromArgs : kerasTensors(node.kwargs ?? null, reference);
}

function kerasTensors(value: JsonValue, reference: Reference): JsonValue[] {
  if (Array.isArray(value)) return value.flatMap((item) => kerasTensors(item, reference));
  if (!isJsonObject(value)) return [];
  if (value.class_name === '__keras_tensor__') {
    const history = isJsonObject(value.config) ? value.config.keras_history : undefined;
    if (Array.isArray(history) && typeof history[0] === 'string') {
      return [[...reference(history[0], history[1] ?? null, history[2] ?? null), {}]];
    }
    return [copyJson(value)]; // malformed: left for the checks to name
  }
  return Object.values(value).flatMap((item) => kerasTensors(item, reference));
}

/**
 * `input_layers` or `output_layers` as tfjs reads them: a list of `[layer, node, tensor]`. Keras 3
 * writes a single one bare, and a dict of them for named inputs.
 */
function endpoints(value: JsonValue, reference: Reference): JsonValue {
  const list = isJsonObject(value)
    ? Object.values(value)
    : Array.isArray(value) && typeof value[0] === 'string'
      ? [value]
      : value;
  if (!Array.isArray(list)) return copyJson(list);
  return list.map((item) =>
    Array.isArray(item) && typeof item[0] === 'string'
      ? [...reference(item[0], item[1] ?? null, item[2] ?? null), ...item.slice(3).map(copyJson)]
      : copyJson(item),
  );
}
