import { mkdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { io } from '@tensorflow/tfjs-core';
import { describeValue, InvalidArgumentError } from '@regularizers/core';
import { ModelJsonError } from './model-json/model-json-error.js';

const MODEL_JSON = 'model.json';
const WEIGHTS_BIN = 'weights.bin';

/**
 * A tfjs IO handler that saves a model to a folder on disk, as `model.json` and `weights.bin`, and
 * loads it back, with nothing but `node:fs`. It exists because tfjs-layers' own `file://` scheme
 * comes with `@tensorflow/tfjs-node`, a native build that the regularizers packages do not need.
 * The files are the ones tfjs-node writes, so either can read them.
 *
 * Saving writes into `path`, a folder (created when missing); each file is written under a
 * temporary name first, so a failed save leaves no half-written model. Loading reads `path`, a
 * `model.json` or the folder that holds one. A weights path in `model.json` that leaves the
 * file's folder is refused, so a model file can only read its own weights.
 *
 * Importing `@regularizers/tfjs-adapter/node` also routes `file://` URLs here, so
 * `model.save('file://./my-model')` and `tf.loadLayersModel('file://./my-model/model.json')` work
 * as the tfjs docs show them (do not import it next to tfjs-node, which routes them too).
 *
 * @param path - the folder to save into, or the `model.json` (or its folder) to load.
 * @throws `InvalidArgumentError` (from `@regularizers/core`, argument `path`) when `path` is empty,
 * or when saving into a path that is a file.
 * @throws `ModelJsonError` (from `@regularizers/tfjs-adapter`) when `model.json` is not a tfjs model
 * file, or names a weights file outside its folder.
 *
 * @example
 * ```ts
 * import '@tensorflow/tfjs-backend-cpu';
 * import * as tfl from '@tensorflow/tfjs-layers';
 * import { l2 } from '@regularizers/builtin';
 * import { layers, sequential } from '@regularizers/tfjs-adapter';
 * import { fileSystem } from '@regularizers/tfjs-adapter/node';
 *
 * const model = sequential({
 *   layers: [layers.dense({ units: 1, inputShape: [3], kernelRegularizer: l2(0.01) })],
 * });
 * await model.save(fileSystem('./my-model')); // my-model/model.json and my-model/weights.bin
 * const loaded = await tfl.loadLayersModel(fileSystem('./my-model'));
 * ```
 */
export function fileSystem(path: string): io.IOHandler {
  if (typeof path !== 'string' || path.trim() === '') {
    throw new InvalidArgumentError(
      'path',
      `fileSystem(path) takes a folder or a model.json path, such as './my-model'. Received: ${describeValue(path)}.`,
    );
  }
  return { save: (artifacts) => saveModel(path, artifacts), load: () => loadModel(path) };
}

async function saveModel(folder: string, artifacts: io.ModelArtifacts): Promise<io.SaveResult> {
  if (artifacts.modelTopology instanceof ArrayBuffer) {
    throw new InvalidArgumentError(
      'modelTopology',
      `fileSystem('${folder}') saves tfjs-layers models, whose topology is JSON; this one is binary.`,
    );
  }
  const existing = await stat(folder).catch(() => undefined);
  if (existing !== undefined && !existing.isDirectory()) {
    throw new InvalidArgumentError(
      'path',
      `fileSystem('${folder}') saves into a folder, but '${folder}' is a file. Give a folder path, such as '${join(dirname(folder), 'my-model')}'.`,
    );
  }
  await mkdir(folder, { recursive: true });
  const weights =
    artifacts.weightData === undefined
      ? new ArrayBuffer(0)
      : io.CompositeArrayBuffer.join(artifacts.weightData);
  // model.json goes last: a folder whose model.json is there holds a complete model.
  await writeAtomically(join(folder, WEIGHTS_BIN), new Uint8Array(weights));
  await writeAtomically(join(folder, MODEL_JSON), JSON.stringify(modelJsonOf(artifacts)));
  return { modelArtifactsInfo: io.getModelArtifactsInfoForJSON(artifacts) };
}

/** What tfjs writes to `model.json`: every field of the artifacts but the weights themselves. */
function modelJsonOf(artifacts: io.ModelArtifacts): io.ModelJSON {
  const { weightData, weightSpecs, modelTopology, ...metadata } = artifacts;
  const weightsManifest = [{ paths: [`./${WEIGHTS_BIN}`], weights: weightSpecs ?? [] }];
  return { ...metadata, modelTopology: modelTopology ?? {}, weightsManifest };
}

async function writeAtomically(path: string, data: string | Uint8Array): Promise<void> {
  const temporary = `${path}.${process.pid}.tmp`;
  await writeFile(temporary, data);
  await rename(temporary, path);
}

async function loadModel(path: string): Promise<io.ModelArtifacts> {
  const file = (await stat(path)).isDirectory() ? join(path, MODEL_JSON) : path;
  const text = await readFile(file, 'utf8');
  let modelJson: unknown;
  try {
    modelJson = JSON.parse(text);
  } catch (error) {
    throw new ModelJsonError(`${file} is not JSON, so it is not a tfjs model file.`, {
      cause: error,
    });
  }
  if (!isModelJson(modelJson)) {
    throw new ModelJsonError(
      `${file} is not a tfjs model file: it needs "modelTopology" and a "weightsManifest" array. Received: ${describeValue(modelJson)}.`,
    );
  }
  return io.getModelArtifactsForJSON(modelJson, (manifest) => readWeights(file, manifest));
}

function isModelJson(value: unknown): value is io.ModelJSON {
  return (
    typeof value === 'object' &&
    value !== null &&
    'modelTopology' in value &&
    'weightsManifest' in value &&
    Array.isArray(value.weightsManifest)
  );
}

/** The weights a manifest names, read in order from the folder of `modelFile`. */
async function readWeights(
  modelFile: string,
  manifest: io.WeightsManifestConfig,
): Promise<[io.WeightsManifestEntry[], ArrayBuffer]> {
  const folder = resolve(dirname(modelFile));
  const specs: io.WeightsManifestEntry[] = [];
  const buffers: ArrayBuffer[] = [];
  for (const group of manifest) {
    if (!Array.isArray(group.paths) || !Array.isArray(group.weights)) {
      throw new ModelJsonError(
        `${modelFile} is not a tfjs model file: each "weightsManifest" entry needs "paths" and "weights" arrays. Received: ${describeValue(group)}.`,
      );
    }
    specs.push(...group.weights);
    for (const weightsPath of group.paths) {
      const target = typeof weightsPath === 'string' ? resolve(folder, weightsPath) : folder;
      const inside = relative(folder, target);
      if (inside === '' || inside.startsWith('..') || isAbsolute(inside)) {
        throw new ModelJsonError(
          `${modelFile} names the weights file ${describeValue(weightsPath)}, which is not a file beside it; a model file may only read weights from its own folder.`,
        );
      }
      buffers.push(new Uint8Array(await readFile(target)).buffer);
    }
  }
  return [specs, io.CompositeArrayBuffer.join(buffers)];
}
