import type * as tfl from '@tensorflow/tfjs-layers';
import { KerasFileError } from '../keras-file-error.js';

/** A weight of a tfjs layer (tfjs-layers does not export its `LayerVariable` class). */
export type LayerVariable = tfl.layers.Layer['weights'][number];

/** One weight of the model, and where the Keras file keeps its value. */
export interface WeightBinding {
  /** The model's weight. */
  readonly variable: LayerVariable;
  /** The dataset's path in the HDF5 file, such as `layers/dense/vars/0`. */
  readonly path: string;
  /** The weight, for messages: `weight "kernel" of Dense layer "hidden"`. */
  readonly description: string;
}

/** A layer as messages name it: `Dense layer "hidden"`, and where it is nested. */
export function describeLayer(layer: tfl.layers.Layer, within: string): string {
  return `${layer.getClassName()} layer "${layer.name}"${within}`;
}

/**
 * The weight of a tfjs layer whose name (the last part of its `originalName`) is `name`, and, for
 * a `Bidirectional` layer, which belongs to the `forward_…` or `backward_…` copy of the wrapped
 * layer; `undefined` unless exactly one matches.
 */
export function findWeight(
  layer: tfl.layers.Layer,
  name: string,
  direction?: 'forward' | 'backward',
): LayerVariable | undefined {
  const matches = layer.weights.filter((weight) => {
    const parts = weight.originalName.split('/');
    if (parts[parts.length - 1] !== name) return false;
    return (
      direction === undefined || parts.slice(1, -1).some((part) => part.startsWith(`${direction}_`))
    );
  });
  return matches.length === 1 ? matches[0] : undefined;
}

/** A weight's shape: its dimensions are all known, unlike a tensor's that flows through a model. */
export function shapeOf(variable: LayerVariable): number[] {
  return variable.shape.map((size) => size ?? -1);
}

/** The weight's name, without the layer's: `kernel`, `forward_lstm/kernel`. */
export function weightName(weight: LayerVariable): string {
  return weight.originalName.split('/').slice(1).join('/');
}

/** The most problems one message lists; the count of the others follows. */
const LISTED = 12;

/**
 * The error for weights that do not fit the model: every missing, extra or misshapen weight, one
 * per line, each naming its layer.
 */
export function weightsMismatch(problems: readonly string[]): KerasFileError {
  const listed = problems.slice(0, LISTED).map((problem) => `\n- ${problem}`);
  const more = problems.length > LISTED ? `\n…and ${problems.length - LISTED} more.` : '';
  return new KerasFileError(
    `The weights in the file do not fit the model its config describes:${listed.join('')}${more}`,
  );
}
