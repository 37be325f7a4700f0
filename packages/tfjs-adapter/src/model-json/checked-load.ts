import type { JsonValue } from '@regularizers/core';
import type { serialization } from '@tensorflow/tfjs-core';
import { tfjsSnakeCase } from '../tfjs-internals.js';
import { DEFAULT_RESOURCE_BUDGET, checkResourceBudget } from './resource-budget.js';

/** What a load through `modelFromKerasJSON` tells the adapter's model classes as tfjs builds. */
export interface CheckedLoad {
  /** Build every layer with tfjs's fast weight initialization: weights start at zero. */
  readonly fastWeightInit: boolean;
}

/** The loads `modelFromKerasJSON` is building right now, innermost last. */
const loads: CheckedLoad[] = [];

/**
 * Runs `build`, the synchronous part of a load whose topology `modelFromKerasJSON` has checked
 * (tfjs builds a topology without weights synchronously), so that the adapter's model classes
 * know it (see {@link beforeTfjsBuilds}).
 */
export function buildCheckedLoad<T>(load: CheckedLoad, build: () => T): T {
  loads.push(load);
  try {
    return build();
  } finally {
    loads.pop();
  }
}

/**
 * What the adapter's Sequential and functional model classes do before tfjs builds one from its
 * config: a model tfjs loads by itself (`tf.loadLayersModel`, `tf.models.modelFromJSON`) is
 * checked against the default resource budget; one `modelFromKerasJSON` loads has been checked
 * with the caller's, and is built with the fast weight initialization it asked for.
 *
 * @param className - `Sequential`, `Model` or `Functional`.
 * @param config - the model's config as tfjs hands it to `fromConfig` (camelCase keys).
 * @param fastWeightInit - what tfjs passed to `fromConfig`.
 * @returns the `fastWeightInit` to build with.
 * @throws ModelJsonError when a model tfjs loads by itself exceeds the default budget.
 */
export function beforeTfjsBuilds(
  className: string,
  config: serialization.ConfigDictValue,
  fastWeightInit = false,
): boolean {
  const load = loads.at(-1);
  if (load !== undefined) return fastWeightInit || load.fastWeightInit;
  const keras = kerasKeysOf(config);
  const topology = {
    class_name: className,
    config: Array.isArray(keras) ? { layers: keras } : keras,
  };
  checkResourceBudget(topology, DEFAULT_RESOURCE_BUDGET);
  return fastWeightInit;
}

/**
 * A config as tfjs hands it to a class's `fromConfig` when it loads a model, with its keys back in
 * snake_case, as model files write them (`kernelSize` is `kernel_size` again). tfjs camelCases
 * every key on load (and every string value but names, which this leaves as they are); the
 * adapter's Sequential reads the config with the model-file checks' code. Nesting deeper than
 * `maxDepth` is left out: tfjs has already walked the whole config recursively.
 */
function kerasKeysOf(config: serialization.ConfigDictValue, maxDepth = 256): JsonValue {
  if (Array.isArray(config)) {
    return maxDepth <= 0 ? [] : config.map((item) => kerasKeysOf(item, maxDepth - 1));
  }
  if (typeof config !== 'object' || config === null) return config ?? null;
  const result: Record<string, JsonValue> = {};
  if (maxDepth <= 0) return result;
  for (const [key, value] of Object.entries(config)) {
    if (key !== '__proto__') result[tfjsSnakeCase(key)] = kerasKeysOf(value, maxDepth - 1);
  }
  return result;
}
