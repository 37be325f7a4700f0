import { io } from '@tensorflow/tfjs-core';
import { loadLayersModel } from '@tensorflow/tfjs-layers';
import type { LayersModel } from '@tensorflow/tfjs-layers';

/** A model loaded back from memory, with what its save wrote. */
export interface SavedAndLoaded {
  /** The model `tf.loadLayersModel` built from the saved artifacts. The caller disposes it. */
  readonly loaded: LayersModel;
  /** What `model.save` wrote: the topology (`modelTopology`), the weight specs and the weights. */
  readonly artifacts: io.ModelArtifacts;
}

/**
 * Saves a model as `model.save(url)` does, into memory instead of a file, and returns what it
 * wrote. It exists for tests that look at a saved file or change it before loading it (with
 * `tf.loadLayersModel(tf.io.fromMemory(artifacts))`); for a plain round trip, use
 * {@link saveAndLoad}. Saving runs each layer's `getConfig`, so it fails, as `save` does, when a
 * regularizer could not be loaded back (an unregistered one).
 *
 * @param model - the model to save, as `model.save` would.
 *
 * @example
 * ```ts
 * import { l2 } from '@regularizers/builtin';
 * import { layers, sequential } from '@regularizers/tfjs-adapter';
 * import { saveToMemory } from '@regularizers/tfjs-adapter/testing';
 *
 * const model = sequential({
 *   layers: [layers.dense({ units: 1, inputShape: [3], kernelRegularizer: l2(0.1) })],
 * });
 * const artifacts = await saveToMemory(model);
 * JSON.stringify(artifacts.modelTopology); // … "kernel_regularizer":{"class_name":"L2",…
 * ```
 */
export async function saveToMemory(model: LayersModel): Promise<io.ModelArtifacts> {
  let saved: io.ModelArtifacts | undefined;
  await model.save(
    io.withSaveHandler((artifacts) => {
      saved = artifacts;
      return Promise.resolve({
        modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' },
      });
    }),
  );
  if (saved === undefined) throw new Error('model.save() finished without calling its handler.');
  return saved;
}

/**
 * Saves a model to memory and loads it back with `tf.loadLayersModel`: the path a model takes
 * from `model.save` to a load, topology and weights, without a file system. It exists because
 * every plugin should be tested through that path (its class name and config must survive tfjs's
 * case conversion, and its registration must be found on load), and the block that does it is
 * easy to get subtly wrong. The adapter (or anything else the model's classes need) must be
 * imported, as it is to build the model.
 *
 * @param model - the model to save and load back; it is left as it was.
 *
 * @returns the loaded model, which the caller disposes, and the saved artifacts.
 * @throws whatever `model.save` or `tf.loadLayersModel` throws, such as an unregistered regularizer.
 *
 * @example
 * ```ts
 * import { expect, it } from 'vitest';
 * import * as tf from '@tensorflow/tfjs-core';
 * import '@tensorflow/tfjs-backend-cpu';
 * import type * as tfl from '@tensorflow/tfjs-layers';
 * import { MyRegularizer } from '@regularizers/custom-examples';
 * import { layers, sequential } from '@regularizers/tfjs-adapter';
 * import { saveAndLoad } from '@regularizers/tfjs-adapter/testing';
 *
 * it('keeps its penalty through a save and a load', async () => {
 *   const model = sequential({
 *     layers: [
 *       layers.dense({
 *         units: 2,
 *         inputShape: [3],
 *         kernelRegularizer: new MyRegularizer({ strength: 0.1 }),
 *       }),
 *     ],
 *   });
 *   const { loaded } = await saveAndLoad(model);
 *   const penalty = (m: tfl.LayersModel) =>
 *     tf.tidy(() => m.layers[0]?.calculateLosses()[0]?.dataSync()[0] ?? Number.NaN);
 *   expect(penalty(loaded)).toBe(penalty(model));
 *   model.dispose();
 *   loaded.dispose();
 * });
 * ```
 */
export async function saveAndLoad(model: LayersModel): Promise<SavedAndLoaded> {
  const artifacts = await saveToMemory(model);
  return { loaded: await loadLayersModel(io.fromMemory(artifacts)), artifacts };
}
