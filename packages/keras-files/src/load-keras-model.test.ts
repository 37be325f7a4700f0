import { afterAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { registerRegularizer, unregisterRegularizer } from '@regularizers/core';
import { GroupLasso } from '@regularizers/custom-examples';
import { ModelJsonError } from '@regularizers/tfjs-adapter';
import { readKerasArchive } from './archive/read-keras-archive.js';
import { writeKerasArchive } from './archive/write-keras-archive.js';
import { openHdf5 } from './hdf5/read-hdf5.js';
import { writeHdf5 } from './hdf5/write-hdf5.js';
import type { Hdf5DatasetValue } from './hdf5/write-hdf5.js';
import { KerasFileError, loadKerasModel } from './index.js';
import { expectationsOf, fixtureBytes, fixturePath } from './test-fixtures.js';
import { at } from './weights/read-weights.js';

const LIMIT = 2 ** 31;
const OPTIMIZER_STATE = /optimizer's state .* is not loaded: optimizer weights are out of scope/;

/** A fixture archive whose weights file is rewritten with `edit` applied to its datasets. */
async function edited(
  file: string,
  edit: (datasets: Hdf5DatasetValue[]) => Hdf5DatasetValue[],
): Promise<Uint8Array> {
  const archive = readKerasArchive(fixtureBytes(file), LIMIT);
  const weights = openHdf5(archive.weights, 'the fixture');
  const datasets = expectationsOf(file).weights.map(({ path, shape }) => {
    const found = at(weights, path);
    if (found?.kind !== 'dataset') throw new Error(`${path} is not in ${file}`);
    return { path, shape, values: found.read() };
  });
  return writeKerasArchive({
    config: archive.config,
    metadata: archive.metadata ?? '{}',
    weights: await writeHdf5(edit(datasets)),
  });
}

/** Loading `bytes` fails with a message matching `message`, and leaves no tensor behind. */
async function refuses(bytes: Uint8Array | string, message: RegExp): Promise<void> {
  const before = tf.memory().numTensors;
  await expect(loadKerasModel(bytes)).rejects.toThrow(message);
  expect(tf.memory().numTensors).toBe(before);
}

describe('what loadKerasModel says it loaded', () => {
  it.each([
    ['dense_sequential.keras', 'keras', '3.15.1', true],
    ['dense_sequential.h5', 'h5', '3.15.1', true],
    ['tfkeras2.2.4_lenet_kernel_bias_activity.h5', 'h5', '2.2.4-tf', false],
  ] as const)(
    '%s: its format, Keras version and compile state',
    async (file, format, version, compiled) => {
      const loaded = await loadKerasModel(fixturePath(file));
      expect(loaded).toMatchObject({ format, kerasVersion: version, compiled });
      if (compiled) loaded.model.optimizer.dispose();
      loaded.model.dispose();
    },
  );

  it("says that the optimizer's state is not loaded, when the file has one", async () => {
    const archive = await loadKerasModel(fixturePath('dense_sequential.keras'));
    expect(archive.skipped).toEqual([expect.stringMatching(OPTIMIZER_STATE)]);
    const legacy = await loadKerasModel(
      fixturePath('tfkeras2.6.0_embedding_lstm_training_config.h5'),
    );
    expect(legacy.skipped[0]).toMatch(OPTIMIZER_STATE);
    for (const { model } of [archive, legacy]) {
      model.optimizer.dispose();
      model.dispose();
    }
  });

  it('compiles nothing with compile: false, and nothing when the file was not compiled', async () => {
    const uncompiled = await loadKerasModel(fixturePath('dense_sequential.keras'), {
      compile: false,
    });
    expect(uncompiled.compiled).toBe(false);
    expect(uncompiled.model.optimizer).toBeUndefined();
    const never = await loadKerasModel(fixturePath('conv_transpose_1d.keras'));
    expect(never).toMatchObject({ compiled: false, skipped: [] });
    uncompiled.model.dispose();
    never.model.dispose();
  });
});

describe('sources', () => {
  const bytes = fixtureBytes('conv_transpose_1d.keras');

  it.each([
    ['a Uint8Array', () => bytes],
    ['an ArrayBuffer', () => bytes.slice().buffer],
    [
      'a Node Buffer inside a larger one',
      () => readFileSync(fixturePath('conv_transpose_1d.keras')),
    ],
    ['a view at an offset', () => new Uint8Array([0, 0, 0, ...bytes]).subarray(3)],
    ['a Blob', () => new Blob([bytes])],
    ['a File', () => new File([bytes], 'model.keras')],
    ['a path', () => fixturePath('conv_transpose_1d.keras')],
  ])('reads %s', async (_, source) => {
    const { model } = await loadKerasModel(source());
    expect(model.name).toBe('conv_transpose_1d');
    model.dispose();
  });

  it('refuses anything else, naming what it received', async () => {
    await expect(loadKerasModel(42 as unknown as string)).rejects.toThrow(
      /source must be the file's bytes .* Received: 42/,
    );
  });

  it('refuses a file over maxBytes before reading it', async () => {
    const blob = new Blob([bytes]);
    blob.arrayBuffer = () => Promise.reject(new Error('read'));
    await expect(loadKerasModel(blob, { maxBytes: 1000 })).rejects.toThrow(
      /is \d+ bytes, more than the limit of 1000 \(the maxBytes option\)/,
    );
    await expect(
      loadKerasModel(fixturePath('conv_transpose_1d.keras'), { maxBytes: 1000 }),
    ).rejects.toThrow(KerasFileError);
  });

  it("applies the adapter's resource budget, which the options raise for a file you trust", async () => {
    const path = fixturePath('dense_sequential.keras');
    const { model } = await loadKerasModel(path);
    const parameters = model.countParams();
    model.dispose();
    const before = tf.memory().numTensors;
    await expect(loadKerasModel(path, { maxParameters: parameters - 1 })).rejects.toThrow(
      new RegExp(`would hold ${parameters} elements.*maxParameters`),
    );
    expect(tf.memory().numTensors).toBe(before);
    const trusted = await loadKerasModel(path, { maxParameters: parameters });
    expect(trusted.model.countParams()).toBe(parameters);
    trusted.model.dispose();
  });

  it('says when a path cannot be read', async () => {
    await expect(loadKerasModel('/no/such/model.keras')).rejects.toThrow(
      /Cannot open the Keras file "\/no\/such\/model.keras": ENOENT/,
    );
  });
});

describe('refusals, which free every tensor', () => {
  it('refuses a file that is neither a zip nor HDF5, saying how it starts', async () => {
    await refuses(
      new Uint8Array([1, 2, 3, 4]),
      /not a Keras model file: .* starts with bytes 01 02 03 04/,
    );
    await refuses(new Uint8Array(), /\(none: it is empty\)/);
  });

  it('refuses an HDF5 file of weights only', async () => {
    const weights = await writeHdf5([
      { path: 'layers/dense/vars/0', shape: [1], values: new Float32Array(1) },
    ]);
    await refuses(weights, /holds weights only \(what model.save_weights writes\)/);
  });

  it('names every missing, extra or misshapen weight with its layer', async () => {
    await refuses(
      await edited('dense_sequential.keras', (datasets) =>
        datasets.filter(({ path }) => path !== 'layers/dense/vars/0'),
      ),
      /missing: the weight "kernel" of Dense layer "hidden" \(no dataset "layers\/dense\/vars\/0"\)/,
    );
    await refuses(
      await edited('dense_sequential.keras', (datasets) => [
        ...datasets,
        { path: 'layers/dense_1/vars/2', shape: [3], values: new Float32Array(3) },
      ]),
      /extra: "layers\/dense_1\/vars\/2", in the place of the Dense layer "dense"/,
    );
    await refuses(
      await edited('normalization_prelu.keras', (datasets) =>
        datasets.map((dataset) =>
          dataset.path === 'layers/batch_normalization/vars/1'
            ? { ...dataset, shape: [2, 3] }
            : dataset,
        ),
      ),
      /misshapen: the weight "beta" of BatchNormalization layer "batch_normalization" is \[6\] in the model and \[2, 3\] in the file/,
    );
  });

  it('refuses a weight of a layer the config does not have', async () => {
    await refuses(
      await edited('dense_sequential.keras', (datasets) => [
        ...datasets,
        { path: 'layers/conv2d/vars/0', shape: [1], values: new Float32Array(1) },
      ]),
      /extra: "layers\/conv2d\/vars\/0", where the model has no layer with weights/,
    );
  });

  describe('with the plugin unregistered', () => {
    afterAll(() => {
      registerRegularizer(GroupLasso, { package: 'Examples' });
    });

    it('refuses a file whose regularizer is not registered, as modelFromKerasJSON does', async () => {
      unregisterRegularizer('Examples>GroupLasso');
      await expect(loadKerasModel(fixturePath('dense_sequential.keras'))).rejects.toThrow(
        ModelJsonError,
      );
      await refuses(fixturePath('dense_sequential.h5'), /not registered: "Examples>GroupLasso"/);
    });
  });
});
