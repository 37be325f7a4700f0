import type { LayersModel } from '@tensorflow/tfjs-layers';
import { modelToKerasJSON } from '@regularizers/tfjs-adapter';
import { writeKerasArchive } from './archive/write-keras-archive.js';
import { writeHdf5 } from './hdf5/write-hdf5.js';
import { kerasWeightPlaces } from './weights/bind-keras-weights.js';
import { shapeOf } from './weights/weight-binding.js';

/** The Keras version whose format `saveKerasModel` writes, and which the round trip checks. */
export const KERAS_VERSION = '3.15.1';

/**
 * Writes a tfjs model as a Keras 3 `.keras` archive, with its weights and regularizers, so that a
 * model trained or fine-tuned in JavaScript goes back to Python: Keras 3.15 loads it with
 * `keras.saving.load_model`, and predicts and penalises as the tfjs model does.
 *
 * `config.json` is `modelToKerasJSON(model)` of `@regularizers/tfjs-adapter`: built-in
 * regularizers under `keras.regularizers`, plugins by their registered name (register the same
 * class in Python with `@keras.saving.register_keras_serializable(package=...)` before loading).
 * `model.weights.h5` holds every weight where Keras 3 looks for it (`layers/dense/vars/0`, …).
 * No compile config and no optimizer state are written: compile the model in Keras after loading.
 *
 * @param model - a tfjs-layers model (Sequential or functional), built, with its weights.
 * @returns the archive's bytes, in an `ArrayBuffer` of their own (so `new Blob([bytes])` takes
 *   them): write them to a `.keras` file, or offer them for download.
 * @throws `ModelJsonError` of the adapter when the model cannot be written as Keras JSON (an
 *   unregistered regularizer); {@link KerasFileError} when writing the weights fails.
 *
 * @example
 * ```ts
 * import { writeFile } from 'node:fs/promises';
 * import * as tfl from '@tensorflow/tfjs-layers';
 * import '@tensorflow/tfjs-backend-cpu';
 * import { l2 } from '@regularizers/builtin';
 * import { layers } from '@regularizers/tfjs-adapter';
 * import { saveKerasModel } from '@regularizers/keras-files';
 *
 * const model = tfl.sequential({
 *   layers: [layers.dense({ inputShape: [4], units: 2, kernelRegularizer: l2({ l2: 0.01 }) })],
 * });
 * await writeFile('model.keras', await saveKerasModel(model)); // keras.saving.load_model reads it
 * ```
 */
export async function saveKerasModel(model: LayersModel): Promise<Uint8Array<ArrayBuffer>> {
  const config = modelToKerasJSON(model);
  const { bindings } = kerasWeightPlaces(config, model);
  const weights = await writeHdf5(
    bindings.map(({ variable, path }) => ({
      path,
      shape: shapeOf(variable),
      values: variable.read().dataSync() as Float32Array,
    })),
  );
  const metadata = { keras_version: KERAS_VERSION, date_saved: new Date().toISOString() };
  return writeKerasArchive({
    config: JSON.stringify(config),
    metadata: JSON.stringify(metadata),
    weights,
  });
}
