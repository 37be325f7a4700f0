import type { LayersModel } from '@tensorflow/tfjs-layers';
import { modelFromKerasJSON } from '@regularizers/tfjs-adapter';
import type { ResourceBudget } from '@regularizers/tfjs-adapter';
import { applyCompileConfig } from './compile/apply-compile-config.js';
import { readModelFile } from './read-model-file.js';
import type { KerasModelFile } from './read-model-file.js';
import { DEFAULT_MAX_BYTES } from './size-limit.js';
import { sourceBytes } from './source-bytes.js';
import type { KerasModelSource } from './source-bytes.js';
import { kerasWeightPlaces } from './weights/bind-keras-weights.js';
import { legacyWeightBindings } from './weights/bind-legacy-weights.js';
import { readWeights, writeWeights } from './weights/read-weights.js';

/** Options of {@link loadKerasModel}. */
export interface LoadKerasModelOptions extends ResourceBudget {
  /**
   * The most bytes accepted: the file's size, and for a `.keras` archive what the entries read
   * hold once decompressed. Default 2 GiB (`2 ** 31`).
   */
  readonly maxBytes?: number;
  /** Whether to compile the model as the file's compile config says, where tfjs can. Default `true`. */
  readonly compile?: boolean;
}

/** A Keras model file, loaded. */
export interface LoadedKerasModel {
  /** The model, with every weight of the file; compiled when {@link LoadedKerasModel.compiled}. */
  readonly model: LayersModel;
  /** `'keras'` for a `.keras` archive, `'h5'` for a legacy HDF5 model. */
  readonly format: 'keras' | 'h5';
  /** The Keras version that saved the file, when it says (`metadata.json`, or the HDF5 attribute). */
  readonly kerasVersion: string | undefined;
  /**
   * Whether the model was compiled from the file's compile config. Its optimizer is then a new one
   * that you own: `model.optimizer.dispose()` when you are done, as for any tfjs optimizer you pass
   * to `compile`.
   */
  readonly compiled: boolean;
  /**
   * What the file holds that was not loaded, one sentence each: the optimizer's state (always: its
   * weights are out of scope), and the parts of the compile config tfjs cannot express.
   */
  readonly skipped: readonly string[];
}

/**
 * Loads a Keras model with its weights, to run or fine-tune it in TensorFlow.js with the same
 * regularizers and penalties: a `.keras` archive (Keras 3.0 to 3.15) or a legacy `.h5` model
 * (tf.keras 2.x, and Keras 3's `model.save('x.h5')`). tfjs's own converter reads Keras 2 files
 * only, and tfjs cannot read either file.
 *
 * The model is built from the file's config by `modelFromKerasJSON` of
 * `@regularizers/tfjs-adapter`, so every check and normalisation of model files applies, and the
 * regularizers it names (built-in or registered plugins) are in place. Every weight is then set
 * from the file by its Keras path (`layers/dense/vars/0` in an archive, `dense/kernel:0` in an
 * HDF5 file), never by its position, after all of them were checked: a missing, extra or
 * misshapen weight is refused, naming its layer. Custom layers and regularizers must be registered
 * before loading, as for `modelFromKerasJSON`.
 *
 * Untrusted files are refused before they cost much: the size limit applies before reading, zip
 * entries are checked (no path tricks, no duplicates, a bounded decompressed size), what is read
 * from the weights file is bounded by the model's own weights, and nothing from the file reaches
 * `Object.prototype`. On any failure every tensor made is freed.
 *
 * @param source - the file's bytes (`ArrayBuffer`, `Uint8Array`, Node `Buffer`), a browser `File`
 *   or `Blob`, or in Node a path.
 * @param options - the size limit (`maxBytes`), whether to compile (`compile`), and the resource
 *   budget of `modelFromKerasJSON` (`maxParameters`, `maxWeightElements`), to raise for a large
 *   file you trust.
 * @throws {@link KerasFileError} for a file that is not a Keras model, is refused, or whose
 *   weights do not fit its config; `ModelJsonError` for a config that cannot be built.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import '@tensorflow/tfjs-backend-cpu';
 * import { loadKerasModel } from '@regularizers/keras-files';
 *
 * const { model, skipped } = await loadKerasModel('model.keras'); // or bytes, a File, a Blob
 * console.log(skipped); // e.g. the optimizer's state, which is not loaded
 * const penalty = tf.addN(model.calculateLosses()); // the regularizers' penalties, as in Keras
 * ```
 */
export async function loadKerasModel(
  source: KerasModelSource,
  options: LoadKerasModelOptions = {},
): Promise<LoadedKerasModel> {
  const { maxBytes = DEFAULT_MAX_BYTES, compile = true, ...budget } = options;
  const file = readModelFile(await sourceBytes(source, maxBytes), maxBytes);
  // Every weight is set from the file below (a missing one is refused), so no initializer runs.
  const model = await modelFromKerasJSON(file.configText, { ...budget, fastWeightInit: true });
  try {
    loadWeights(file, model);
    const { compiled, skipped } = compile
      ? applyCompileConfig(model, file.compileConfig)
      : { compiled: false, skipped: [] };
    return {
      model,
      format: file.format,
      kerasVersion: file.kerasVersion,
      compiled,
      skipped: [...optimizerState(file), ...skipped],
    };
  } catch (error) {
    model.dispose();
    throw error;
  }
}

function loadWeights(file: KerasModelFile, model: LayersModel): void {
  if (file.format === 'keras') {
    const { bindings, layers } = kerasWeightPlaces(file.config, model);
    writeWeights(bindings, readWeights(file.weights, bindings, layers));
  } else {
    const bindings = legacyWeightBindings(file.weights, model);
    writeWeights(bindings, readWeights(file.weights, bindings));
  }
}

function optimizerState(file: KerasModelFile): string[] {
  const count = file.optimizer?.names().length ?? 0;
  return count === 0
    ? []
    : [
        "The optimizer's state (its iteration count and moments) is not loaded: optimizer weights are out of scope, so fine-tuning starts with a fresh optimizer.",
      ];
}
