import { tensor } from '@tensorflow/tfjs-core';
import { KerasFileError } from '../keras-file-error.js';
import type { Hdf5Dataset, Hdf5Group } from '../hdf5/read-hdf5.js';
import type { LayerPlace } from './bind-keras-weights.js';
import { shapeOf, weightsMismatch } from './weight-binding.js';
import type { WeightBinding } from './weight-binding.js';

/** The deepest a `.keras` weights file is walked for datasets no weight claims. */
const MAX_DEPTH = 64;

/**
 * Reads the value of every bound weight from an HDF5 file, after checking all of them: every
 * dataset exists and has its weight's exact shape, and, when `places` is given (a `.keras`
 * archive), no dataset under `layers/` is left that no weight claims. Nothing is read until every
 * check has passed, and what is read is bounded by the model's own weights, never by what the
 * file declares.
 *
 * @throws {@link KerasFileError} listing every missing, extra or misshapen weight, each named
 *   with its layer, before any value is read.
 */
export function readWeights(
  root: Hdf5Group,
  bindings: readonly WeightBinding[],
  places?: readonly LayerPlace[],
): Float32Array[] {
  const problems: string[] = [];
  const datasets: Hdf5Dataset[] = [];
  for (const { variable, path, description } of bindings) {
    const found = at(root, path);
    if (found?.kind !== 'dataset') {
      problems.push(`missing: the ${description} (no dataset "${path}")`);
    } else if (!sameShape(found.shape, shapeOf(variable))) {
      problems.push(
        `misshapen: the ${description} is [${variable.shape.join(', ')}] in the model and [${found.shape.join(', ')}] in the file ("${path}")`,
      );
    } else {
      datasets.push(found);
    }
  }
  if (places !== undefined) problems.push(...extraDatasets(root, bindings, places));
  if (problems.length > 0) throw weightsMismatch(problems);
  return datasets.map((dataset) => dataset.read());
}

/** Writes each value into its weight. The values fit: `readWeights` checked their shapes. */
export function writeWeights(
  bindings: readonly WeightBinding[],
  values: readonly Float32Array[],
): void {
  bindings.forEach(({ variable }, index) => {
    const value = tensor(values[index] ?? new Float32Array(), shapeOf(variable), 'float32');
    try {
      variable.write(value);
    } finally {
      value.dispose();
    }
  });
}

function extraDatasets(
  root: Hdf5Group,
  bindings: readonly WeightBinding[],
  places: readonly LayerPlace[],
): string[] {
  const claimed = new Set(bindings.map(({ path }) => path));
  const layers = root.child('layers');
  if (layers?.kind !== 'group') return [];
  return datasetsUnder(layers, 0)
    .filter((path) => !claimed.has(path))
    .map((path) => {
      const owner = places
        .filter((place) => path.startsWith(`${place.path}/`))
        .sort((first, second) => second.path.length - first.path.length)[0];
      const where =
        owner === undefined
          ? 'where the model has no layer with weights'
          : `in the place of the ${owner.description}`;
      return `extra: "${path}", ${where}`;
    });
}

function datasetsUnder(group: Hdf5Group, depth: number): string[] {
  if (depth > MAX_DEPTH) {
    throw new KerasFileError(
      `The HDF5 file nests groups more than ${MAX_DEPTH} deep at "${group.path}": refused.`,
    );
  }
  return group.names().flatMap((name) => {
    const child = group.child(name);
    if (child === undefined) return [];
    return child.kind === 'group' ? datasetsUnder(child, depth + 1) : [child.path];
  });
}

/**
 * The group or dataset at `path` (from the file's root, below `root`), looked up one link at a
 * time.
 */
export function at(root: Hdf5Group, path: string): Hdf5Group | Hdf5Dataset | undefined {
  const below = root.path !== '' && path.startsWith(`${root.path}/`);
  let node: Hdf5Group | Hdf5Dataset | undefined = root;
  for (const name of (below ? path.slice(root.path.length + 1) : path).split('/')) {
    if (node?.kind !== 'group') return undefined;
    node = node.child(name);
  }
  return node;
}

function sameShape(first: readonly number[], second: readonly number[]): boolean {
  return first.length === second.length && first.every((size, index) => size === second[index]);
}
