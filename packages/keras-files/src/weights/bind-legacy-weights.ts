import * as tfl from '@tensorflow/tfjs-layers';
import { KerasFileError } from '../keras-file-error.js';
import type { Hdf5Group } from '../hdf5/read-hdf5.js';
import { describeLayer, findWeight, weightName, weightsMismatch } from './weight-binding.js';
import type { LayerVariable, WeightBinding } from './weight-binding.js';
import { tfjsWeightName } from './weight-layout.js';

/* Keras: keras/src/legacy/saving/legacy_h5_format.py (save_weights_to_hdf5_group) */
/**
 * Where a legacy HDF5 model (tf.keras 2's `model.save('x.h5')`, or Keras 3's) keeps each weight
 * of `model`, by name: its `model_weights` group lists its layers (`layer_names`), and each
 * layer's group lists its weights (`weight_names`) by their variable names, which are found
 * below the layer's group. tf.keras 2 names them `dense_3/kernel:0` or
 * `lstm_1/lstm_cell_1/kernel:0`, Keras 3 `model/dense_3/kernel`: the last part is the weight, a
 * `forward_…` or `backward_…` part picks a `Bidirectional` layer's copy, and in a nested model
 * the part naming one of its layers picks that layer.
 *
 * @throws {@link KerasFileError} listing every weight of the file that is not one of the model's
 *   (a layer it does not have, a name it does not know), and every weight of the model that the
 *   file does not have.
 */
export function legacyWeightBindings(group: Hdf5Group, model: tfl.LayersModel): WeightBinding[] {
  const bindings: WeightBinding[] = [];
  const problems: string[] = [];
  for (const layerName of stringList(group, 'layer_names')) {
    const layerGroup = group.child(layerName);
    if (layerGroup?.kind !== 'group') {
      problems.push(`extra: layer "${layerName}", listed in layer_names, has no group in the file`);
      continue;
    }
    const weightNames = stringList(layerGroup, 'weight_names');
    if (weightNames.length === 0) continue;
    const layer = model.layers.find(({ name }) => name === layerName);
    for (const name of weightNames) {
      const path = `${layerGroup.path}/${name}`;
      const found = layer === undefined ? undefined : resolve(layer, parts(name), '');
      if (found === undefined) {
        problems.push(
          layer === undefined
            ? `extra: "${path}", where the model has no layer "${layerName}"`
            : `extra: "${path}", which is not a weight of the ${describeLayer(layer, '')}`,
        );
      } else {
        bindings.push({ variable: found.variable, path, description: found.description });
      }
    }
  }
  const bound = new Set(bindings.map(({ variable }) => variable));
  for (const layer of model.layers) {
    for (const variable of layer.weights) {
      if (!bound.has(variable)) {
        problems.push(
          `missing: the weight "${weightName(variable)}" of ${describeLayer(layer, '')} (not in the file)`,
        );
      }
    }
  }
  if (problems.length > 0) throw weightsMismatch(problems);
  return bindings;
}

/** A weight name's parts, without tf.keras 2's `:0`. */
function parts(name: string): string[] {
  return name.replace(/:\d+$/, '').split('/');
}

function resolve(
  layer: tfl.layers.Layer,
  names: readonly string[],
  within: string,
): { variable: LayerVariable; description: string } | undefined {
  if (layer instanceof tfl.LayersModel) {
    const inner = ` in ${layer.getClassName()} "${layer.name}"${within}`;
    for (let index = names.length - 2; index >= 0; index--) {
      const sublayer = layer.layers.find(({ name }) => name === names[index]);
      if (sublayer !== undefined) return resolve(sublayer, names.slice(index + 1), inner);
    }
    return undefined;
  }
  const short = names[names.length - 1] ?? '';
  const direction =
    layer.getClassName() !== 'Bidirectional'
      ? undefined
      : names.some((part) => part.startsWith('forward_'))
        ? 'forward'
        : names.some((part) => part.startsWith('backward_'))
          ? 'backward'
          : undefined;
  const wrapped = (layer as { layer?: unknown }).layer;
  const className =
    wrapped instanceof tfl.layers.Layer ? wrapped.getClassName() : layer.getClassName();
  const variable = findWeight(layer, tfjsWeightName(className, short), direction);
  const copy = direction === undefined ? '' : `${direction} `;
  return variable === undefined
    ? undefined
    : { variable, description: `${copy}weight "${short}" of ${describeLayer(layer, within)}` };
}

/* Keras: keras/src/legacy/saving/legacy_h5_format.py (load_attributes_from_hdf5_group) */
/**
 * A list of strings saved as an attribute, which Keras splits into `name0`, `name1`… when it is
 * larger than an HDF5 object header holds.
 */
export function stringList(group: Hdf5Group, name: string): string[] {
  const whole = group.attribute(name);
  const chunks: unknown[] = [];
  if (whole !== undefined) chunks.push(whole);
  else {
    for (let index = 0; ; index++) {
      const chunk = group.attribute(`${name}${index}`);
      if (chunk === undefined) break;
      chunks.push(chunk);
    }
  }
  return chunks.flatMap((chunk) => {
    const items = Array.isArray(chunk) ? chunk : [chunk];
    return items.map((item) => {
      if (typeof item !== 'string') {
        throw new KerasFileError(
          `The HDF5 file's "${name}" attribute of "${group.path}" holds ${typeof item}s, not strings.`,
        );
      }
      return item;
    });
  });
}
