import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import * as tfl from '@tensorflow/tfjs-layers';
import { l1, l2 } from '@regularizers/builtin';
import { InvalidArgumentError } from '@regularizers/core';
import { layers } from './index.js';
import { ModelJsonError } from './model-json/model-json-error.js';
import { fileSystem } from './node.js';

const folders: string[] = [];
afterAll(() => {
  for (const folder of folders) rmSync(folder, { recursive: true, force: true });
});

function temporaryFolder(): string {
  const folder = mkdtempSync(join(tmpdir(), 'regularizers-file-system-'));
  folders.push(folder);
  return folder;
}

function buildModel(): tfl.Sequential {
  return tfl.sequential({
    layers: [
      layers.dense({
        units: 3,
        inputShape: [4],
        kernelRegularizer: l2(0.05),
        biasInitializer: 'randomNormal',
        activityRegularizer: l1(0.01),
      }),
      layers.dense({ units: 2, kernelRegularizer: 'l1' }),
    ],
  });
}

/** Every weight of a model, as plain numbers, in the model's order. */
function weightValues(model: tfl.LayersModel): number[][] {
  return model.getWeights().map((weight) => Array.from(weight.dataSync()));
}

/** The sum of a model's penalties after one call on `x`, as a number. */
function penalties(model: tfl.LayersModel, x: tf.Tensor): number {
  return tf.tidy(() => {
    model.predict(x);
    return tf.addN(model.calculateLosses()).dataSync()[0] ?? Number.NaN;
  });
}

describe('fileSystem', () => {
  it('saves model.json and weights.bin through file://, and loads them back unchanged', async () => {
    const folder = join(temporaryFolder(), 'my-model');
    const model = buildModel();
    const x = tf.randomNormal([5, 4], 0, 1, 'float32', 3);
    const penalty = penalties(model, x);
    const before = tf.memory().numTensors;

    await model.save(`file://${folder}`);
    expect(readdirSync(folder).sort()).toEqual(['model.json', 'weights.bin']);
    const modelJson = JSON.parse(readFileSync(join(folder, 'model.json'), 'utf8')) as {
      weightsManifest: { paths: string[]; weights: { name: string; shape: number[] }[] }[];
    };
    const manifest = modelJson.weightsManifest[0];
    expect(manifest?.paths).toEqual(['./weights.bin']);
    // 4x3 + 3 + 3x2 + 2 float32 numbers, each 4 bytes.
    expect(readFileSync(join(folder, 'weights.bin')).byteLength).toBe((12 + 3 + 6 + 2) * 4);

    const loaded = await tfl.loadLayersModel(`file://${folder}/model.json`);
    expect(weightValues(loaded)).toEqual(weightValues(model));
    expect(loaded.layers[0]?.getConfig().kernelRegularizer).toEqual({
      className: 'L2',
      config: { l2: 0.05 },
    });
    expect(penalties(loaded, x)).toBe(penalty);
    loaded.dispose();
    expect(tf.memory().numTensors).toBe(before);
    model.dispose();
    x.dispose();
  });

  it('loads from the folder as well as from its model.json, and saves into an existing folder', async () => {
    const folder = temporaryFolder();
    const model = buildModel();
    await model.save(fileSystem(folder));
    const fromFolder = await tfl.loadLayersModel(fileSystem(folder));
    const fromFile = await tfl.loadLayersModel(fileSystem(join(folder, 'model.json')));
    expect(weightValues(fromFolder)).toEqual(weightValues(model));
    expect(weightValues(fromFile)).toEqual(weightValues(model));
    for (const m of [model, fromFolder, fromFile]) m.dispose();
  });

  it('refuses a weights path outside the model folder, naming it', async () => {
    const folder = temporaryFolder();
    const model = buildModel();
    await model.save(fileSystem(folder));
    model.dispose();
    const path = join(folder, 'model.json');
    const modelJson = JSON.parse(readFileSync(path, 'utf8')) as {
      weightsManifest: { paths: string[] }[];
    };
    for (const escape of ['../weights.bin', '/etc/passwd', '.']) {
      modelJson.weightsManifest[0] = { ...modelJson.weightsManifest[0], paths: [escape] };
      writeFileSync(path, JSON.stringify(modelJson));
      const before = tf.memory().numTensors;
      const loading = tfl.loadLayersModel(fileSystem(folder));
      await expect(loading).rejects.toSatisfy((error) => ModelJsonError.isInstance(error));
      await expect(loading).rejects.toThrow(`the weights file "${escape}"`);
      expect(tf.memory().numTensors).toBe(before);
    }
  });

  it('refuses a model.json that is not a tfjs model file', async () => {
    const folder = temporaryFolder();
    writeFileSync(join(folder, 'model.json'), '{"weightsManifest": []}');
    await expect(tfl.loadLayersModel(fileSystem(folder))).rejects.toThrow(
      'needs "modelTopology" and a "weightsManifest" array',
    );
    writeFileSync(join(folder, 'model.json'), 'not json');
    await expect(tfl.loadLayersModel(fileSystem(folder))).rejects.toSatisfy((error) =>
      ModelJsonError.isInstance(error),
    );
  });

  it('refuses an empty path, and saving into a file, leaving the file as it was', async () => {
    expect(() => fileSystem('  ')).toThrow(InvalidArgumentError);
    const file = join(temporaryFolder(), 'taken');
    writeFileSync(file, 'keep me');
    const model = buildModel();
    await expect(model.save(fileSystem(file))).rejects.toThrow(`'${file}' is a file`);
    expect(readFileSync(file, 'utf8')).toBe('keep me');
    model.dispose();
  });

  it('leaves URLs of other schemes to tfjs', () => {
    expect(tf.io.getSaveHandlers('file://x')).toHaveLength(1);
    expect(tf.io.getSaveHandlers('localstorage://x')).toHaveLength(0);
    expect(tf.io.getLoadHandlers('indexeddb://x')).toHaveLength(0);
  });
});
