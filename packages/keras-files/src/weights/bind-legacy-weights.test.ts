import { describe, expect, it } from 'vitest';
import '@tensorflow/tfjs-backend-cpu';
import * as tfl from '@tensorflow/tfjs-layers';
import { layers } from '@regularizers/tfjs-adapter';
import type { Hdf5Dataset, Hdf5Group } from '../hdf5/read-hdf5.js';
import { legacyWeightBindings, stringList } from './bind-legacy-weights.js';

/** An in-memory HDF5 group: attributes, and children (a number[] is a dataset of that shape). */
interface Tree {
  readonly attributes?: Record<string, unknown>;
  readonly children?: Record<string, Tree | number[]>;
}

function group(tree: Tree, path = ''): Hdf5Group {
  const children = tree.children ?? {};
  return {
    kind: 'group',
    path,
    names: () => Object.keys(children),
    child(name) {
      const child = Object.hasOwn(children, name) ? children[name] : undefined;
      const childPath = path === '' ? name : `${path}/${name}`;
      if (child === undefined) return undefined;
      if (Array.isArray(child)) {
        const dataset: Hdf5Dataset = {
          kind: 'dataset',
          path: childPath,
          shape: child,
          read: () => new Float32Array(),
        };
        return dataset;
      }
      return group(child, childPath);
    },
    attribute: (name) =>
      tree.attributes !== undefined && Object.hasOwn(tree.attributes, name)
        ? tree.attributes[name]
        : undefined,
  };
}

/** A tf.keras 2 model_weights group for one Dense layer named `layer`, with these weight names. */
function weightsOf(layer: string, names: string[]): Hdf5Group {
  return group(
    {
      attributes: { layer_names: [layer] },
      children: { [layer]: { attributes: { weight_names: names }, children: {} } },
    },
    'model_weights',
  );
}

const model = () =>
  tfl.sequential({ layers: [layers.dense({ inputShape: [2], units: 3, name: 'dense_3' })] });

describe('legacyWeightBindings', () => {
  it("binds tf.keras 2's and Keras 3's weight names to the model's weights", () => {
    const built = model();
    for (const names of [
      ['dense_3/kernel:0', 'dense_3/bias:0'],
      ['sequential/dense_3/kernel', 'sequential/dense_3/bias'],
    ]) {
      const bindings = legacyWeightBindings(weightsOf('dense_3', names), built);
      expect(bindings.map(({ path, variable }) => [path, variable.originalName])).toEqual([
        [`model_weights/dense_3/${names[0] ?? ''}`, 'dense_3/kernel'],
        [`model_weights/dense_3/${names[1] ?? ''}`, 'dense_3/bias'],
      ]);
    }
    built.dispose();
  });

  it('lists the weights the model has and the file lacks, and those it has and the model lacks', () => {
    const built = model();
    expect(() =>
      legacyWeightBindings(weightsOf('dense_3', ['dense_3/kernel:0', 'dense_3/gamma:0']), built),
    ).toThrow(
      /extra: "model_weights\/dense_3\/dense_3\/gamma:0", which is not a weight of the Dense layer "dense_3"[\s\S]*missing: the weight "bias" of Dense layer "dense_3" \(not in the file\)/,
    );
    expect(() => legacyWeightBindings(weightsOf('dense_9', ['dense_9/kernel:0']), built)).toThrow(
      /extra: "model_weights\/dense_9\/dense_9\/kernel:0", where the model has no layer "dense_9"/,
    );
    built.dispose();
  });
});

describe('stringList', () => {
  it('joins the chunks Keras splits a long attribute into (name0, name1, …)', () => {
    const chunked = group({ attributes: { layer_names0: ['a', 'b'], layer_names1: ['c'] } });
    expect(stringList(chunked, 'layer_names')).toEqual(['a', 'b', 'c']);
    expect(stringList(group({ attributes: { layer_names: 'single' } }), 'layer_names')).toEqual([
      'single',
    ]);
    expect(stringList(group({}), 'layer_names')).toEqual([]);
  });

  it('refuses an attribute that does not hold strings', () => {
    expect(() =>
      stringList(group({ attributes: { weight_names: [1, 2] } }, 'x'), 'weight_names'),
    ).toThrow(/"weight_names" attribute of "x" holds numbers, not strings/);
  });
});
