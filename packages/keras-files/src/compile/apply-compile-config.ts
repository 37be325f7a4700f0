import type { JsonValue } from '@regularizers/core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { kerasOptimizer } from './keras-optimizer.js';
import { kerasLoss, kerasMetric } from './keras-losses.js';
import type { Resolved, TfjsLossOrMetric } from './keras-losses.js';

type JsonObject = { [key: string]: JsonValue };
type CompileArgs = Parameters<tfl.LayersModel['compile']>[0];

/** What applying a compile config did. */
export interface CompileResult {
  /** Whether the model was compiled. */
  readonly compiled: boolean;
  /** One sentence per part of the compile config that was not applied. */
  readonly skipped: readonly string[];
}

/**
 * Compiles `model` as a Keras compile config says, as far as tfjs can: `.keras` archives hold it
 * as `compile_config` (`optimizer`, `loss`, `metrics`, …), legacy HDF5 files as `training_config`
 * (`optimizer_config` for the optimizer). The model is compiled when its optimizer and every loss
 * have tfjs counterparts (see `kerasOptimizer` and `kerasLoss`); a metric, an optimizer option or
 * `loss_weights` that tfjs lacks is left out, and each thing left out is said in `skipped`. Keras's
 * execution settings (`jit_compile`, `steps_per_execution`, `run_eagerly`) mean nothing in tfjs and
 * are not mentioned.
 */
export function applyCompileConfig(
  model: tfl.LayersModel,
  json: JsonValue | undefined,
): CompileResult {
  if (!isObject(json) || json.loss === undefined || json.loss === null) {
    return { compiled: false, skipped: [] };
  }
  const { optimizer, skipped: optimizerSkipped } = kerasOptimizer(
    json.optimizer ?? json.optimizer_config ?? null,
  );
  const skipped = [...optimizerSkipped];
  const lossReasons: string[] = [];
  const loss = perOutput(json.loss, model.outputNames, false, (item) =>
    resolveAll([item], kerasLoss, lossReasons),
  );
  if (lossReasons.length > 0) {
    skipped.push(
      `${lossReasons.join(' ')} So the model is not compiled: call model.compile() with a loss TensorFlow.js has.`,
    );
  }
  if (optimizer === undefined || lossReasons.length > 0) {
    optimizer?.dispose();
    return { compiled: false, skipped };
  }
  const metricReasons: string[] = [];
  const metrics = perOutput(json.metrics ?? [], model.outputNames, true, (item) =>
    resolveAll(leaves(item), kerasMetric, metricReasons),
  );
  skipped.push(...metricReasons.map((reason) => `${reason} It is left out of the metrics.`));
  if (isSet(json.loss_weights)) {
    skipped.push("The loss_weights are left out: TensorFlow.js weighs every output's loss 1.");
  }
  if (isSet(json.weighted_metrics)) {
    skipped.push('The weighted_metrics are left out: TensorFlow.js has no weighted metrics.');
  }
  model.compile({
    optimizer,
    // A loss for every output, or one per output, as tfjs takes them.
    loss: ('shared' in loss
      ? loss.shared[0]
      : loss.each.map((losses) => losses[0])) as CompileArgs['loss'],
    metrics: ('shared' in metrics
      ? metrics.shared
      : Object.fromEntries(
          model.outputNames.map((name, index) => [name, metrics.each[index]]),
        )) as CompileArgs['metrics'],
  });
  return { compiled: true, skipped };
}

/**
 * A loss or metrics setting, resolved for every output alike, or one per output in the model's
 * output order. Keras writes one for all outputs, a list with one per output (for metrics, a list
 * of lists), or an object by output name; a single output's loss may be a list of one.
 */
function perOutput(
  json: JsonValue,
  outputNames: readonly string[],
  lists: boolean,
  resolve: (item: JsonValue) => TfjsLossOrMetric[],
): { shared: TfjsLossOrMetric[] } | { each: TfjsLossOrMetric[][] } {
  if (isObject(json) && typeof json.class_name !== 'string') {
    return { each: outputNames.map((name) => resolve(json[name] ?? [])) };
  }
  const oneEach = Array.isArray(json) && outputNames.length > 1;
  if (oneEach && (lists ? json.some(Array.isArray) : json.length === outputNames.length)) {
    return { each: outputNames.map((_, index) => resolve(json[index] ?? [])) };
  }
  const single = !lists && Array.isArray(json) && json.length === 1 ? (json[0] ?? null) : json;
  return { shared: resolve(single) };
}

/** What tfjs takes for each item that has a counterpart; the reasons for the others go to `reasons`. */
function resolveAll(
  items: readonly JsonValue[],
  lookUp: (item: JsonValue) => Resolved,
  reasons: string[],
): TfjsLossOrMetric[] {
  return items.flatMap((item) => {
    const resolved = lookUp(item);
    if ('value' in resolved) return [resolved.value];
    reasons.push(resolved.reason);
    return [];
  });
}

/** The items of a list of lists (tf.keras 2 nests a single output's metrics), or the item itself. */
function leaves(value: JsonValue): JsonValue[] {
  return Array.isArray(value) ? value.flatMap(leaves) : [value];
}

function isSet(value: JsonValue | undefined): boolean {
  if (value === undefined || value === null) return false;
  if (Array.isArray(value)) return value.some((item) => item !== 1);
  if (isObject(value)) return Object.values(value).some((item) => item !== 1);
  return true;
}

function isObject(value: JsonValue | undefined): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
