import { describe, expect, it } from 'vitest';
import * as h5wasm from 'h5wasm';
import { KerasFileError } from '../keras-file-error.js';
import { fixtureBytes } from '../test-fixtures.js';
import { openHdf5 } from './read-hdf5.js';
import type { Hdf5Dataset, Hdf5Group } from './read-hdf5.js';

function group(node: Hdf5Group | Hdf5Dataset | undefined): Hdf5Group {
  if (node?.kind !== 'group') throw new Error('not a group');
  return node;
}

function dataset(node: Hdf5Group | Hdf5Dataset | undefined): Hdf5Dataset {
  if (node?.kind !== 'dataset') throw new Error('not a dataset');
  return node;
}

describe('openHdf5', () => {
  it('reads groups, attributes and float32 datasets of a file Keras wrote', () => {
    const file = openHdf5(fixtureBytes('dense_sequential.h5'), 'the file');
    expect(file.names()).toEqual(['model_weights', 'optimizer_weights']);
    expect(file.attribute('keras_version')).toBe('3.15.1');
    const weights = group(file.child('model_weights'));
    expect(weights.attribute('layer_names')).toEqual(['hidden', 'dropout', 'dense', 'dense_1']);
    const layer = group(group(weights.child('hidden')).child('dense_sequential'));
    const kernel = dataset(group(layer.child('hidden')).child('kernel'));
    expect(kernel.path).toBe('model_weights/hidden/dense_sequential/hidden/kernel');
    expect(kernel.shape).toEqual([6, 8]);
    expect(kernel.read()).toBeInstanceOf(Float32Array);
    expect(kernel.read()).toHaveLength(48);
  });

  it("strips the NUL padding of tf.keras 2's fixed-length strings, as h5py does", () => {
    const file = openHdf5(
      fixtureBytes('tfkeras2.6.0_embedding_lstm_training_config.h5'),
      'the file',
    );
    expect(group(file.child('model_weights')).attribute('layer_names')).toContain('lstm_1');
    expect(file.attribute('keras_version')).toBe('2.6.0');
  });

  it("finds only a group's own links and attributes, whatever Object.prototype has", () => {
    const file = openHdf5(fixtureBytes('dense_sequential.h5'), 'the file');
    for (const name of ['constructor', '__proto__', 'toString', 'hasOwnProperty']) {
      expect(file.child(name)).toBeUndefined();
      expect(file.attribute(name)).toBeUndefined();
    }
  });

  it('reads float64 datasets as float32, and refuses other dtypes and compressed datasets', async () => {
    const { FS } = (await h5wasm.ready) as unknown as {
      FS: { readFile(path: string): Uint8Array; unlink(path: string): void };
    };
    const file = new h5wasm.File('/read-hdf5-test.h5', 'w');
    file.create_dataset({
      name: 'float64',
      data: new Float64Array([0.5, 1.5]),
      shape: [2],
      dtype: '<d',
    });
    file.create_dataset({ name: 'int32', data: new Int32Array([1, 2]), shape: [2], dtype: '<i' });
    const zeros = new Float32Array(4096);
    file.create_dataset({
      name: 'gzip',
      data: zeros,
      shape: [4096],
      dtype: '<f',
      chunks: [1024],
      compression: 'gzip',
    });
    file.close();
    const bytes = FS.readFile('/read-hdf5-test.h5');
    FS.unlink('/read-hdf5-test.h5');
    const read = openHdf5(bytes, 'the file');
    expect(Array.from(dataset(read.child('float64')).read())).toEqual([0.5, 1.5]);
    expect(() => dataset(read.child('int32')).read()).toThrow(
      /stores "int32" as "<i4", not as float32 or float64/,
    );
    // jsfive would inflate each chunk with no bound: a compressed chunk could be a bomb.
    expect(() => dataset(read.child('gzip')).read()).toThrow(/stores "gzip" compressed/);
  });

  it('refuses bytes that are not HDF5, or a truncated file, naming the file', () => {
    expect(() => openHdf5(new Uint8Array(64), 'the weights')).toThrow(KerasFileError);
    expect(() => openHdf5(new Uint8Array(64), 'the weights')).toThrow(
      /^The weights is not an HDF5 file/,
    );
    const truncated = fixtureBytes('dense_sequential.h5').subarray(0, 3000);
    expect(() => {
      const file = openHdf5(truncated, 'the weights');
      for (const name of file.names()) group(file.child(name)).names();
    }).toThrow(KerasFileError);
  });
});
