import { describe, expect, it } from 'vitest';
import { unzipSync } from 'fflate';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import * as tfl from '@tensorflow/tfjs-layers';
import { l1, l2 } from '@regularizers/builtin';
import { GroupLasso } from '@regularizers/custom-examples';
import {
  ModelJsonError,
  layers,
  model as functionalModel,
  modelToKerasJSON,
} from '@regularizers/tfjs-adapter';
import type { Scalar, Tensor } from '@tensorflow/tfjs-core';
import { openHdf5 } from './hdf5/read-hdf5.js';
import type { Hdf5Group } from './hdf5/read-hdf5.js';
import { loadKerasModel, saveKerasModel } from './index.js';
import { EXPECTED, fixturePath, inputTensors } from './test-fixtures.js';

// What saveKerasModel writes loads back here with the same numbers, exactly; that Keras 3.15 loads
// it too is checked by hand (tools/keras-referee/keras-files.py --check).

/**
 * A model built in JavaScript with the adapter's `model()`, with a plugin, a shared layer and several
 * regularized slots.
 */
function builtInJavaScript(): tfl.LayersModel {
  const shared = layers.dense({ units: 3, name: 'shared', kernelRegularizer: l2({ l2: 0.01 }) });
  const input = tfl.input({ shape: [4], name: 'features' });
  const hidden = layers
    .dense({
      units: 5,
      kernelRegularizer: new GroupLasso({ factor: 0.02 }),
      biasRegularizer: l1({ l1: 0.01 }),
    })
    .apply(input) as tfl.SymbolicTensor;
  const normalized = layers
    .batchNormalization({ gammaRegularizer: l2({ l2: 0.1 }) })
    .apply(hidden) as tfl.SymbolicTensor;
  const output = shared.apply(normalized) as tfl.SymbolicTensor;
  const built = functionalModel({ inputs: input, outputs: output, name: 'in_javascript' });
  // Weights that no initializer would draw, in every slot.
  built.setWeights(
    built
      .getWeights()
      .map((weight, index) => tf.randomNormal(weight.shape, 0, 1, 'float32', index + 1)),
  );
  return built;
}

function entries(archive: Uint8Array): { name: string; compression: number }[] {
  const found: { name: string; compression: number }[] = [];
  unzipSync(archive, {
    filter: ({ name, compression }) => (found.push({ name, compression }), false),
  });
  return found;
}

function datasetsUnder(group: Hdf5Group): string[] {
  return group.names().flatMap((name) => {
    const child = group.child(name);
    return child?.kind === 'group' ? datasetsUnder(child) : child === undefined ? [] : [child.path];
  });
}

function predictions(model: tfl.LayersModel, inputs: Tensor[]): number[] {
  return tf.tidy(() => {
    const output = model.predict(inputs);
    return (Array.isArray(output) ? output : [output]).flatMap((tensor) =>
      Array.from(tensor.dataSync()),
    );
  });
}

function penalty(model: tfl.LayersModel): number {
  return tf.tidy(() => tf.addN(model.calculateLosses()).dataSync()[0] ?? NaN);
}

describe('saveKerasModel', () => {
  it('writes a .keras archive as Keras does: metadata, config, and the weights stored', async () => {
    const model = builtInJavaScript();
    const archive = await saveKerasModel(model);
    expect(entries(archive)).toEqual([
      { name: 'metadata.json', compression: 8 },
      { name: 'config.json', compression: 8 },
      { name: 'model.weights.h5', compression: 0 },
    ]);
    const files = unzipSync(archive);
    expect(JSON.parse(new TextDecoder().decode(files['config.json']))).toEqual(
      modelToKerasJSON(model),
    );
    expect(JSON.parse(new TextDecoder().decode(files['metadata.json']))).toMatchObject({
      keras_version: '3.15.1',
    });
    const weights = openHdf5(files['model.weights.h5'] ?? new Uint8Array(), 'the weights');
    expect(datasetsUnder(weights).sort()).toEqual([
      'layers/batch_normalization/vars/0',
      'layers/batch_normalization/vars/1',
      'layers/batch_normalization/vars/2',
      'layers/batch_normalization/vars/3',
      'layers/dense/vars/0',
      'layers/dense/vars/1',
      'layers/dense_1/vars/0',
      'layers/dense_1/vars/1',
    ]);
    model.dispose();
  });

  it('writes what loadKerasModel reads back with the same predictions and penalties, leaking nothing', async () => {
    const model = builtInJavaScript();
    const before = tf.memory().numTensors;
    const archive = await saveKerasModel(model);
    expect(tf.memory().numTensors).toBe(before);
    const { model: again } = await loadKerasModel(archive);
    const input = [
      tf.tensor2d([
        [0.5, -1, 2, 0],
        [1, 1, -1, 3],
      ]),
    ];
    expect(predictions(again, input)).toEqual(predictions(model, input));
    expect(penalty(again)).toBe(penalty(model));
    tf.dispose(input);
    again.dispose();
    model.dispose();
  });

  it('refuses a model whose regularizer is not registered, as modelToKerasJSON does', async () => {
    const anonymous = { apply: (x: Tensor): Scalar => tf.sum(x) };
    const model = tfl.sequential({
      layers: [layers.dense({ inputShape: [2], units: 1, kernelRegularizer: anonymous })],
    });
    await expect(saveKerasModel(model)).rejects.toThrow(ModelJsonError);
    model.dispose();
  });
});

describe.each(Object.keys(EXPECTED))('%s, loaded and saved again', (file) => {
  it('loads back with the same predictions and penalties', async () => {
    const { model } = await loadKerasModel(fixturePath(file), { compile: false });
    const { model: again } = await loadKerasModel(await saveKerasModel(model), {
      compile: false,
    });
    const inputs = inputTensors(EXPECTED[file] ?? ({ inputs: [] } as never));
    expect(predictions(again, inputs)).toEqual(predictions(model, inputs));
    expect(penalty(again)).toBe(penalty(model));
    tf.dispose(inputs);
    again.dispose();
    model.dispose();
  });
});
