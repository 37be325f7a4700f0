import { InvalidArgumentError, describeValue } from '@regularizers/core';
import type { JsonObject } from './json-object.js';
import { capitalize, listOf } from './message-text.js';
import { ModelJsonError } from './model-json-error.js';
import { sizeModel } from './size-model.js';

/**
 * How much a model file may make the loader allocate, checked from its config before anything is
 * built. Raise it (up to `Infinity`) for a file you trust.
 *
 * @example
 * ```ts
 * import { readFile } from 'node:fs/promises';
 * import { modelFromKerasJSON } from '@regularizers/tfjs-adapter';
 * import type { ResourceBudget } from '@regularizers/tfjs-adapter';
 *
 * const budget: ResourceBudget = { maxParameters: 3e8, maxWeightElements: 1.5e8 };
 * const model = await modelFromKerasJSON(await readFile('model.json', 'utf8'), budget);
 * ```
 */
export interface ResourceBudget {
  /**
   * The most elements all weights may hold together (Keras's parameter count, non-trainable
   * weights and a stateful layer's states included). Default: 2^27 = 134,217,728, 512 MiB of
   * float32.
   */
  readonly maxParameters?: number;
  /** The most elements one weight may hold. Default: 2^26 = 67,108,864, 256 MiB of float32. */
  readonly maxWeightElements?: number;
}

/**
 * The default budget: 512 MiB of float32 weights in all, 256 MiB in one. Among the 22 real Keras
 * files the adapter is tested with, the largest weight is a 25,690,112-element kernel (a CNN of
 * 26,081,092 parameters), and the largest model holds 38,747,360 parameters (a YOLO), so every
 * one loads with room to spare, while a file asking for gigabytes (`units: 1e9`) is refused. A
 * larger model, such as VGG16 with its classifier (138 million parameters, a 103-million-element
 * kernel), loads with the limits raised.
 *
 * @example
 * ```ts
 * import { readFile } from 'node:fs/promises';
 * import { DEFAULT_RESOURCE_BUDGET, modelFromKerasJSON } from '@regularizers/tfjs-adapter';
 *
 * // Twice the default budget, for a large model you trust.
 * const model = await modelFromKerasJSON(await readFile('vgg16.json', 'utf8'), {
 *   maxParameters: 2 * DEFAULT_RESOURCE_BUDGET.maxParameters,
 *   maxWeightElements: 2 * DEFAULT_RESOURCE_BUDGET.maxWeightElements,
 * });
 * ```
 */
export const DEFAULT_RESOURCE_BUDGET: Readonly<Required<ResourceBudget>> = {
  maxParameters: 2 ** 27,
  maxWeightElements: 2 ** 26,
};

/**
 * Checks options that hold a budget (`modelFromKerasJSON`'s) and fills in the defaults.
 *
 * @throws InvalidArgumentError for a limit that is not a number above 0.
 */
export function resolveResourceBudget(options: ResourceBudget = {}): Required<ResourceBudget> {
  const budget = { ...DEFAULT_RESOURCE_BUDGET };
  for (const key of ['maxParameters', 'maxWeightElements'] as const) {
    const value = options[key];
    if (value === undefined) continue;
    if (typeof value !== 'number' || !(value > 0)) {
      throw new InvalidArgumentError(
        key,
        `The ${key} option must be a number above 0 (Infinity for no limit). Received: ${describeValue(value)}.`,
      );
    }
    budget[key] = value;
  }
  return budget;
}

/**
 * Refuses a model topology (the normalized Keras 2 form) whose weights would exceed `budget`,
 * from the sizes {@link sizeModel} computes. It exists because a model file sets every size: one
 * `units: 1e9` starts a 16 GB allocation. Layers that cannot be built as the file writes them (a
 * size that is not a whole number, an axis outside the input) are refused too, and so are layers
 * whose weights cannot be sized from the file (after a custom layer) unless both limits are
 * `Infinity`, so that nothing large gets through unchecked.
 *
 * @throws {@link ModelJsonError} naming the layer, the weight, the figure and the option to raise.
 */
export function checkResourceBudget(topology: JsonObject, budget: Required<ResourceBudget>): void {
  const { maxParameters, maxWeightElements } = budget;
  if (maxParameters === Infinity && maxWeightElements === Infinity) return;
  const { layers, unsized, invalid } = sizeModel(topology);
  let total = 0;
  const totals: Array<[string, number]> = [];
  for (const { where, weights } of layers) {
    let layerTotal = 0;
    for (const { name, shape } of weights) {
      const elements = shape.reduce((product, dim) => product * dim, 1);
      if (elements > maxWeightElements) {
        throw new ModelJsonError(
          `The ${name} of ${where} would hold ${figure(elements)} elements (shape [${shape.join(', ')}]), more than the ${figure(maxWeightElements)} one weight may hold (maxWeightElements). Loading was refused before anything was built. ${raise('maxWeightElements', elements)}`,
        );
      }
      layerTotal += elements;
    }
    total += layerTotal;
    totals.push([where, layerTotal]);
  }
  if (total > maxParameters) {
    const largest = totals
      .sort((a, b) => b[1] - a[1])
      .map(([where, count]) => `${where} (${figure(count)})`);
    throw new ModelJsonError(
      `The model's weights would hold ${figure(total)} elements, more than the ${figure(maxParameters)} a model may hold (maxParameters); the largest layers: ${listOf(largest.slice(0, 3))}. Loading was refused before anything was built. ${raise('maxParameters', total)}`,
    );
  }
  const [broken] = invalid;
  if (broken !== undefined) {
    throw new ModelJsonError(
      `${capitalize(broken.where)} cannot be built as the file writes it: ${broken.reason}. The file is damaged or was edited by hand (the resource budget computes every layer's shape before anything is built, and found this).`,
    );
  }
  const [first] = unsized;
  if (first !== undefined) {
    throw new ModelJsonError(
      `The size of the weights of ${first.where} cannot be computed from the file, so the resource budget cannot vouch for it: ${first.reason}. Loading was refused before anything was built. If you trust this file, load it without a budget: modelFromKerasJSON(json, { maxParameters: Infinity, maxWeightElements: Infinity }).`,
    );
  }
}

function figure(count: number): string {
  return count.toLocaleString('en-US');
}

function raise(option: string, needed: number): string {
  return `If you trust this file, raise the limit: modelFromKerasJSON(json, { ${option}: ${needed} }).`;
}
