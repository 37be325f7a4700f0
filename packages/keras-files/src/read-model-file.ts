import type { JsonValue } from '@regularizers/core';
import { readKerasArchive } from './archive/read-keras-archive.js';
import { openHdf5 } from './hdf5/read-hdf5.js';
import type { Hdf5Group } from './hdf5/read-hdf5.js';
import { KerasFileError } from './keras-file-error.js';

/** A Keras model file, read: its config and where its weights are. */
export interface KerasModelFile {
  /** `'keras'` for a `.keras` archive, `'h5'` for a legacy HDF5 model. */
  readonly format: 'keras' | 'h5';
  /** The model config, as text: `config.json`, or the HDF5 file's `model_config` attribute. */
  readonly configText: string;
  /** The same, parsed. */
  readonly config: JsonValue;
  /** The compile config: `config.json`'s `compile_config`, or the HDF5 `training_config`. */
  readonly compileConfig: JsonValue | undefined;
  /** The Keras version that wrote the file, when it says. */
  readonly kerasVersion: string | undefined;
  /** The group holding the layers' weights: the weights file's root, or `model_weights`. */
  readonly weights: Hdf5Group;
  /** The group holding the optimizer's state, when the file has one. */
  readonly optimizer: Hdf5Group | undefined;
}

const ZIP = [0x50, 0x4b];
const HDF5 = [0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a];

/**
 * Reads a Keras model file from its bytes, telling the format by its first bytes: a zip is a
 * `.keras` archive (Keras 3), an HDF5 file a legacy model (tf.keras 2's `model.save('x.h5')`, and
 * Keras 3's).
 *
 * @throws {@link KerasFileError} for anything else, and for a file without a model config.
 */
export function readModelFile(bytes: Uint8Array, maxBytes: number): KerasModelFile {
  if (startsWith(bytes, ZIP)) return readArchive(bytes, maxBytes);
  if (startsWith(bytes, HDF5)) return readLegacy(bytes);
  const start = Array.from(bytes.subarray(0, 8), (byte) => byte.toString(16).padStart(2, '0'));
  throw new KerasFileError(
    `This is not a Keras model file: a .keras file is a zip archive (it starts with "PK") and a legacy .h5 file an HDF5 file (it starts with "\\x89HDF"), and this one starts with bytes ${start.join(' ') || '(none: it is empty)'}.`,
  );
}

function readArchive(bytes: Uint8Array, maxBytes: number): KerasModelFile {
  const archive = readKerasArchive(bytes, maxBytes);
  const config = parse(archive.config, "the .keras archive's config.json");
  const metadata =
    archive.metadata === undefined ? undefined : parse(archive.metadata, 'metadata.json');
  const weights = openHdf5(archive.weights, "the .keras archive's model.weights.h5");
  const optimizer = weights.child('optimizer');
  return {
    format: 'keras',
    configText: archive.config,
    config,
    compileConfig: field(config, 'compile_config'),
    kerasVersion: stringField(metadata, 'keras_version'),
    weights,
    optimizer: optimizer?.kind === 'group' ? optimizer : undefined,
  };
}

function readLegacy(bytes: Uint8Array): KerasModelFile {
  const file = openHdf5(bytes, 'the HDF5 file');
  const configText = file.attribute('model_config');
  if (typeof configText !== 'string') {
    const weightsOnly =
      file.child('layers') !== undefined || file.attribute('layer_names') !== undefined;
    throw new KerasFileError(
      weightsOnly
        ? 'This HDF5 file holds weights only (what model.save_weights writes), without the model config: load the model from its .keras or .h5 file instead.'
        : 'This HDF5 file is not a Keras model: it has no model_config attribute.',
    );
  }
  const modelWeights = file.child('model_weights');
  if (modelWeights?.kind !== 'group') {
    throw new KerasFileError(
      'This HDF5 file has a model config but no weights (no "model_weights" group): it was saved without them.',
    );
  }
  const training = file.attribute('training_config');
  const optimizer = file.child('optimizer_weights');
  return {
    format: 'h5',
    configText,
    config: parse(configText, "the HDF5 file's model_config"),
    compileConfig:
      typeof training === 'string' ? parse(training, "the HDF5 file's training_config") : undefined,
    kerasVersion: stringOf(file.attribute('keras_version')),
    weights: modelWeights,
    optimizer: optimizer?.kind === 'group' ? optimizer : undefined,
  };
}

function parse(text: string, what: string): JsonValue {
  try {
    return JSON.parse(text) as JsonValue;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new KerasFileError(`${what} is not valid JSON: ${message}`, { cause: error });
  }
}

function field(value: JsonValue | undefined, key: string): JsonValue | undefined {
  return typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    Object.hasOwn(value, key)
    ? value[key]
    : undefined;
}

function stringField(value: JsonValue | undefined, key: string): string | undefined {
  return stringOf(field(value, key));
}

function stringOf(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function startsWith(bytes: Uint8Array, signature: readonly number[]): boolean {
  return signature.every((byte, index) => bytes[index] === byte);
}
