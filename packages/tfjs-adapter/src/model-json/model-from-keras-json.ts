import * as tfl from '@tensorflow/tfjs-layers';
import type { LayersModel, ModelAndWeightsConfig } from '@tensorflow/tfjs-layers';
import { freeVariablesOnFailure } from '../tfjs-internals.js';
import { checkModelTopology } from './check-model-topology.js';
import { ModelJsonError } from './model-json-error.js';
import { normalizeKerasJson } from './normalize-keras-json.js';
import { buildCheckedLoad } from './checked-load.js';
import { resolveResourceBudget } from './resource-budget.js';
import type { ResourceBudget } from './resource-budget.js';
// Our layers and regularizers must be registered with tfjs before any model is built.
import '../register-tfjs.js';

/**
 * The options of {@link modelFromKerasJSON}: the resource budget the file's config is checked
 * against before anything is built, and whether to skip the weights' initializers.
 *
 * @example
 * ```ts
 * import { readFile } from 'node:fs/promises';
 * import { modelFromKerasJSON } from '@regularizers/tfjs-adapter';
 * import type { ModelFromKerasJSONOptions } from '@regularizers/tfjs-adapter';
 *
 * // A file you trust, whose embedding table holds 400 million weights.
 * const options: ModelFromKerasJSONOptions = { maxParameters: 5e8, maxWeightElements: 5e8 };
 * const model = await modelFromKerasJSON(await readFile('big-model.json', 'utf8'), options);
 * ```
 */
export interface ModelFromKerasJSONOptions extends ResourceBudget {
  /**
   * Build every layer with tfjs's fast weight initialization: each weight starts at zero instead
   * of running its initializer, which saves the time a large model's initializers take when the
   * caller sets every weight right after (from a weights file), as tfjs's own `loadLayersModel`
   * does when a file comes with its weights. A weight the caller does not set stays zero.
   * Default: `false`.
   */
  readonly fastWeightInit?: boolean;
}

/**
 * Builds a tfjs-layers model from any Keras or TensorFlow.js model file, with the regularizers it
 * declares. It exists because `tf.models.modelFromJSON` reads only Keras 2 topologies with the
 * regularizer names tfjs knows, fails on Keras 3 files, and fails deep inside tfjs (or never
 * returns) on files it cannot load. Here the file is normalized (Keras 3 shapes, dtype policies, regularizer names and configs),
 * checked (unsafe or unloadable content is refused), and only then built by `tf.models.modelFromJSON`.
 *
 * Importing it registers the adapter's layers and regularizers with tfjs (as the package entry
 * does); a custom regularizer, layer or activation must be registered before its model is loaded.
 *
 * A Sequential model is returned built, so that `calculateLosses()` reports its penalties before
 * it is compiled (tfjs builds it lazily).
 *
 * Topology only: the weights a tfjs `model.json` lists in its `weightsManifest` are not loaded
 * (they live in other files), so the model starts with the weights its initializers draw. Load
 * them afterwards, e.g. `model.loadWeights(await tf.io.loadWeights(weightsManifest, pathPrefix))`.
 *
 * Before anything is built, the weights the file asks for are sized from its config and checked
 * against a resource budget (by default 512 MiB of float32 in all, 256 MiB in one weight; see
 * {@link ResourceBudget}), since every size in a model file is the file's to choose.
 *
 * @param json - a tfjs `model.json`, a Keras `to_json()`, a Keras 3 `config.json` or a Keras 2.0
 *   Sequential, as an object or a JSON string.
 * @param options - `maxParameters` and `maxWeightElements`: the resource budget, to raise for a
 *   file you trust (`Infinity`: no limit).
 * @throws {@link ModelJsonError} (as a rejected promise) before anything is built when the file is
 *   not safe, not a model, uses a class, activation, initializer, constraint or regularizer that
 *   is not available, or exceeds the resource budget; and when tfjs fails to build it, saying so, with tfjs's error as the
 *   cause. Weights created before such a failure are disposed.
 *
 * @example
 * ```ts
 * import { readFile } from 'node:fs/promises';
 * import * as tf from '@tensorflow/tfjs-core';
 * import '@tensorflow/tfjs-backend-cpu';
 * import { modelFromKerasJSON } from '@regularizers/tfjs-adapter';
 *
 * // A Keras 3 config.json, a Keras to_json() or a tfjs model.json, with L1/L2 regularizers.
 * const model = await modelFromKerasJSON(await readFile('config.json', 'utf8'));
 * const penalty = tf.addN(model.calculateLosses()); // LSTM penalties included
 * ```
 */
export async function modelFromKerasJSON(
  json: unknown,
  options?: ModelFromKerasJSONOptions,
): Promise<LayersModel> {
  const budget = resolveResourceBudget(options);
  const topology = normalizeKerasJson(json);
  checkModelTopology(topology, budget);
  try {
    // Without a weights manifest, tfjs builds the model synchronously: every variable created
    // before a failure belongs to the half-built model.
    return await freeVariablesOnFailure(async () => {
      const load = { fastWeightInit: options?.fastWeightInit === true };
      const model = await buildCheckedLoad(load, () =>
        tfl.models.modelFromJSON({
          modelTopology: topology as unknown as ModelAndWeightsConfig['modelTopology'],
        }),
      );
      // tfjs builds a Sequential's inner model lazily (on compile, predict or fit); until then its
      // calculateLosses() returns nothing. Built now, the model reports its penalties at once.
      if (model instanceof tfl.Sequential && model.inputs.length > 0) model.build();
      return model;
    });
  } catch (error) {
    const name = typeof topology.config.name === 'string' ? ` "${topology.config.name}"` : '';
    const kind = topology.class_name === 'Sequential' ? 'Sequential model' : 'functional model';
    const message = error instanceof Error ? error.message : String(error);
    throw new ModelJsonError(
      `TensorFlow.js could not build the ${kind}${name} of this model file, although it passed the checks: ${message}`,
      { cause: error },
    );
  }
}
