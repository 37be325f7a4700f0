import type { JsonValue } from '@regularizers/core';
import * as tfl from '@tensorflow/tfjs-layers';
import { KerasFileError } from '../keras-file-error.js';
import { kerasSnakeCase } from './keras-snake-case.js';
import { describeLayer, findWeight, weightName } from './weight-binding.js';
import type { WeightBinding } from './weight-binding.js';
import { joinPath, kerasLayerLayout } from './weight-layout.js';

type JsonObject = { [key: string]: JsonValue };

/** A layer's place in a `.keras` weights file, for messages about what is found there. */
export interface LayerPlace {
  /** Its path, such as `layers/dense_1`. */
  readonly path: string;
  /** The layer: `Dense layer "score"`. */
  readonly description: string;
}

/** Where a `.keras` archive keeps each weight of the model built from its `config.json`. */
export interface KerasWeightPlaces {
  /** Every weight of the model, with its dataset path. */
  readonly bindings: readonly WeightBinding[];
  /** Every layer with weights, with its path. */
  readonly layers: readonly LayerPlace[];
}

/* Keras: keras/src/saving/saving_lib.py (_save_state, _save_container_state) */
/**
 * Where Keras 3 saved each weight of `model` in `model.weights.h5`, from the `config.json` the
 * model was built from. Keras addresses layers by class, not by name (names are generated, and
 * differ between two instances of one model): the layers of a model are `layers/<class>`, the
 * class in snake_case, made unique in config order (`dense`, `dense_1`, …), nested models'
 * layers are under `<model path>/layers/…`, and each layer's variables are `vars/0`, `vars/1`…
 * in the order of its layout (`weight-layout.ts`), under `cell` for a recurrent layer. A class
 * with no layout (a custom layer) saves, as Keras's `Layer.save_own_variables` does, its
 * trainable weights and then the others, in the order they were created.
 *
 * @param root - the parsed `config.json`.
 * @param model - the model `modelFromKerasJSON` built from it.
 */
export function kerasWeightPlaces(root: JsonValue, model: tfl.LayersModel): KerasWeightPlaces {
  const places: { bindings: WeightBinding[]; layers: LayerPlace[] } = { bindings: [], layers: [] };
  const config = isObject(root) && isObject(root.config) ? root.config : {};
  walkModel(config, model, 'layers', '', places);
  return places;
}

function walkModel(
  config: JsonObject,
  model: tfl.LayersModel,
  prefix: string,
  within: string,
  places: { bindings: WeightBinding[]; layers: LayerPlace[] },
): void {
  const used = new Map<string, number>();
  const layers = Array.isArray(config.layers) ? config.layers : [];
  for (const layerJson of layers) {
    if (!isObject(layerJson) || typeof layerJson.class_name !== 'string') continue;
    const layerConfig = isObject(layerJson.config) ? layerJson.config : {};
    const path = `${prefix}/${uniqueName(kerasSnakeCase(layerJson.class_name), used)}`;
    const layer = model.layers.find(({ name }) => name === layerConfig.name);
    if (layer === undefined || layer.weights.length === 0) continue;
    const description = describeLayer(layer, within);
    places.layers.push({ path, description });
    if (layer instanceof tfl.LayersModel) {
      const inner = ` in ${layer.getClassName()} "${layer.name}"${within}`;
      walkModel(layerConfig, layer, `${path}/layers`, inner, places);
    } else {
      bindLayer(layerJson.class_name, layerConfig, layer, path, description, places.bindings);
    }
  }
}

function bindLayer(
  className: string,
  config: JsonObject,
  layer: tfl.layers.Layer,
  path: string,
  description: string,
  bindings: WeightBinding[],
): void {
  const layout = kerasLayerLayout(className, config);
  const bound = new Set<unknown>();
  if (layout === undefined) {
    // Keras's Layer.save_own_variables: trainable, then non-trainable, in creation order.
    [...layer.trainableWeights, ...layer.nonTrainableWeights].forEach((variable, index) => {
      bound.add(variable);
      bindings.push({
        variable,
        path: `${path}/vars/${index}`,
        description: `weight "${weightName(variable)}" of ${description}`,
      });
    });
    return;
  }
  for (const group of layout.groups) {
    group.names.forEach((kerasName, index) => {
      const name = Object.hasOwn(layout.tfjsNames, kerasName)
        ? (layout.tfjsNames[kerasName] ?? kerasName)
        : kerasName;
      const copy = group.direction === undefined ? '' : `${group.direction} `;
      const variable = findWeight(layer, name, group.direction);
      if (variable === undefined) {
        throw new KerasFileError(
          `The ${description} has no ${copy}weight "${name}" in TensorFlow.js, where Keras keeps its "${kerasName}": this layer's config cannot be loaded with its weights.`,
        );
      }
      bound.add(variable);
      bindings.push({
        variable,
        path: joinPath(path, joinPath(group.at, `vars/${index}`)),
        description: `${copy}weight "${kerasName}" of ${description}`,
      });
    });
  }
  const unbound = layer.weights.filter((variable) => !bound.has(variable));
  if (unbound.length > 0) {
    throw new KerasFileError(
      `The ${description} has weights that Keras does not save (${unbound.map((variable) => `"${weightName(variable)}"`).join(', ')}): it cannot be loaded from a Keras file.`,
    );
  }
}

/* Keras: keras/src/saving/saving_lib.py (_get_unique_name) */
function uniqueName(name: string, used: Map<string, number>): string {
  const count = used.get(name);
  if (count === undefined) {
    used.set(name, 0);
    return name;
  }
  used.set(name, count + 1);
  return `${name}_${count + 1}`;
}

function isObject(value: JsonValue | undefined): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
