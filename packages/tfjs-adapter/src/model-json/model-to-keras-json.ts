import * as tfl from '@tensorflow/tfjs-layers';
import type { JsonValue } from '@regularizers/core';
import { isJsonObject, isModelClass } from './json-object.js';
import type { JsonObject } from './json-object.js';
import { kerasLayer, kerasObject } from './keras-layer-config.js';
import { ModelJsonError } from './model-json-error.js';

/**
 * The Keras 3 `config.json` of a tfjs model: what `keras.saving.load_model` reads to rebuild it,
 * with its regularizers (built-in ones under `keras.regularizers`, plugins by their registered
 * name). It is the inverse of {@link modelFromKerasJSON}: `modelFromKerasJSON(modelToKerasJSON(m))`
 * builds `m`'s architecture again, in tfjs and in Keras. It exists because tfjs writes the Keras 2
 * form of 2018 (`model.toJSON()`), which Keras 3 does not load.
 *
 * What it writes, from `model.toJSON()`: `Sequential` or `Functional` roots and nested models
 * (`module: 'keras'`); layers as Keras 3 objects (see `kerasLayer`); a Sequential's input as an
 * `InputLayer` first, as Keras writes it; a functional model's graph as Keras 3 calls (`{ args,
 * kwargs }` with `__keras_tensor__` objects), where a nested model's `n`-th call is `n - 1`, since
 * tfjs (like tf.keras 2) counts the nested model's own internal node as node 0. No compile config
 * and no weights: `@regularizers/keras-files`' `saveKerasModel` writes the weights beside it.
 *
 * @param model - a tfjs-layers model, Sequential or functional.
 * @throws {@link ModelJsonError} when a regularizer of the model is not registered (it could not
 *   be loaded back), or the model's JSON is not one tfjs writes.
 *
 * @example
 * ```ts
 * import * as tfl from '@tensorflow/tfjs-layers';
 * import { l2 } from '@regularizers/builtin';
 * import { layers, modelToKerasJSON } from '@regularizers/tfjs-adapter';
 *
 * const model = tfl.sequential({
 *   layers: [layers.dense({ inputShape: [4], units: 2, kernelRegularizer: l2({ l2: 0.01 }) })],
 * });
 * const config = modelToKerasJSON(model); // write it as a .keras archive's config.json
 * ```
 */
export function modelToKerasJSON(model: tfl.LayersModel): { [key: string]: JsonValue } {
  try {
    const json = model.toJSON(null, false) as unknown as JsonValue;
    if (!isJsonObject(json) || !isJsonObject(json.config)) {
      throw new Error('its toJSON() is not a tfjs model topology');
    }
    return kerasModel(json, model);
  } catch (error) {
    if (ModelJsonError.isInstance(error)) throw error;
    const message = error instanceof Error ? error.message : String(error);
    throw new ModelJsonError(
      `The model "${model.name}" cannot be written as Keras JSON: ${message}`,
      {
        cause: error,
      },
    );
  }
}

function kerasModel(json: JsonObject, model: tfl.LayersModel): JsonObject {
  const sequential = json.class_name === 'Sequential';
  const config = isJsonObject(json.config) ? json.config : {};
  const layers = (Array.isArray(config.layers) ? config.layers : []).filter(isJsonObject);
  const result: JsonObject = { name: model.name, trainable: model.trainable };
  if (sequential) {
    const input = inputLayer(layers[0], model);
    result.layers = [...input, ...layers.map((layer) => kerasModelLayer(layer, model, false))];
  } else {
    result.layers = layers.map((layer) => kerasModelLayer(layer, model, true));
    result.input_layers = endpoints(config.input_layers ?? null, model);
    result.output_layers = endpoints(config.output_layers ?? null, model);
  }
  // Keras 3 exports no keras.Functional: it writes the class's module and registered name.
  return sequential
    ? kerasObject('keras', 'Sequential', result)
    : {
        module: 'keras.src.models.functional',
        class_name: 'Functional',
        config: result,
        registered_name: 'Functional',
      };
}

/** A layer of `container`'s JSON, nested models included, with its calls when functional. */
function kerasModelLayer(
  layer: JsonObject,
  container: tfl.LayersModel,
  functional: boolean,
): JsonObject {
  const configName = isJsonObject(layer.config) ? layer.config.name : undefined;
  const name =
    typeof configName === 'string' ? configName : typeof layer.name === 'string' ? layer.name : '';
  let result: JsonObject;
  if (typeof layer.class_name === 'string' && isModelClass(layer.class_name)) {
    const nested = container.getLayer(name);
    if (!(nested instanceof tfl.LayersModel)) throw new Error(`layer "${name}" is not a model`);
    result = kerasModel(layer, nested);
  } else {
    result = kerasLayer(layer);
  }
  if (functional) {
    result.name = name;
    result.inbound_nodes = (Array.isArray(layer.inbound_nodes) ? layer.inbound_nodes : []).map(
      (node) => kerasCall(node, container),
    );
  }
  return result;
}

/**
 * A Sequential's input as the `InputLayer` Keras 3 writes first: tfjs writes one when the model
 * was built from a file, and otherwise puts the batch shape on the first layer.
 */
function inputLayer(first: JsonObject | undefined, model: tfl.LayersModel): JsonObject[] {
  if (first === undefined || first.class_name === 'InputLayer') return [];
  const shape = isJsonObject(first.config) ? first.config.batch_input_shape : undefined;
  if (!Array.isArray(shape)) return [];
  const dtype = model.inputs[0]?.dtype ?? 'float32';
  return [
    kerasObject('keras.layers', 'InputLayer', {
      batch_shape: shape,
      dtype,
      name: `${model.name}_input`,
    }),
  ];
}

/** One call of a layer, tfjs's `[[layer, node, tensor, kwargs], …]`, as Keras 3's `{ args, kwargs }`. */
function kerasCall(node: JsonValue, container: tfl.LayersModel): JsonObject {
  const inputs = Array.isArray(node) ? node.filter(Array.isArray) : [];
  const tensors = inputs.map((input) => kerasTensor(input, container));
  return { args: tensors.length === 1 ? tensors : [tensors], kwargs: {} };
}

function kerasTensor(input: readonly JsonValue[], container: tfl.LayersModel): JsonObject {
  const [name, nodeIndex, tensorIndex] = input;
  if (
    typeof name !== 'string' ||
    typeof nodeIndex !== 'number' ||
    typeof tensorIndex !== 'number'
  ) {
    throw new Error(`a call's input ${JSON.stringify(input)} is not [layer, node, tensor]`);
  }
  const layer = container.getLayer(name);
  const output = layer.getOutputAt(nodeIndex);
  const tensor = Array.isArray(output) ? output[tensorIndex] : output;
  return {
    class_name: '__keras_tensor__',
    config: {
      shape: tensor?.shape ?? null,
      dtype: tensor?.dtype ?? 'float32',
      keras_history: [name, kerasNodeIndex(layer, nodeIndex), tensorIndex],
    },
  };
}

/** A model's inputs or outputs, `[[layer, node, tensor], …]`; Keras writes a single one bare. */
function endpoints(value: JsonValue, container: tfl.LayersModel): JsonValue {
  const list: JsonValue[][] = [];
  for (const item of Array.isArray(value) ? value : []) {
    if (!Array.isArray(item)) continue;
    const [name = null, node = null, tensor = null] = item;
    const index =
      typeof name === 'string' && typeof node === 'number'
        ? kerasNodeIndex(container.getLayer(name), node)
        : node;
    list.push([name, index, tensor]);
  }
  return list.length === 1 ? (list[0] ?? []) : list;
}

/** Keras 3 does not count a nested model's own node, which tfjs counts as node 0. */
function kerasNodeIndex(layer: tfl.layers.Layer, nodeIndex: number): number {
  return layer instanceof tfl.LayersModel ? nodeIndex - 1 : nodeIndex;
}
