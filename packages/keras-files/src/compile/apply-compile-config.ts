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
  const skipped: string[] = [];
  const { optimizer, skipped: optimizerSkipped } = kerasOptimizer(
    json.optimizer ?? json.optimizer_config ?? null,
  );
  skipped.push(...optimizerSkipped);
  const loss = perOutput(json.loss, model.outputNames, kerasLoss);
  if (loss.reasons.length > 0) {
    skipped.push(
      `${loss.reasons.join(' ')} So the model is not compiled: call model.compile() with a loss TensorFlow.js has.`,
    );
  }
  if (optimizer === undefined || loss.reasons.length > 0) {
    optimizer?.dispose();
    return { compiled: false, skipped };
  }
  const metrics = perOutput(json.metrics ?? null, model.outputNames, kerasMetric, true);
  skipped.push(...metrics.reasons.map((reason) => `${reason} It is left out of the metrics.`));
  if (isSet(json.loss_weights)) {
    skipped.push("The loss_weights are left out: TensorFlow.js weighs every output's loss 1.");
  }
  if (isSet(json.weighted_metrics)) {
    skipped.push('The weighted_metrics are left out: TensorFlow.js has no weighted metrics.');
  }
  model.compile({
    optimizer,
    loss: loss.value as CompileArgs['loss'],
    ...(metrics.value === undefined ? {} : { metrics: metrics.value as CompileArgs['metrics'] }),
  });
  return { compiled: true, skipped };
}

/**
 * A loss or metrics setting as tfjs takes it: one for every output, a list with one per output, or
 * an object by output name. Metrics are lists (per output, lists of lists); those tfjs lacks are
 * dropped and their reasons returned.
 */
function perOutput(
  json: JsonValue,
  outputNames: readonly string[],
  resolve: (item: JsonValue) => Resolved,
  lists = false,
): { value: unknown; reasons: string[] } {
  const reasons: string[] = [];
  const one = (item: JsonValue): TfjsLossOrMetric | TfjsLossOrMetric[] | undefined => {
    if (lists && Array.isArray(item)) {
      return item
        .map(one)
        .flat()
        .filter((value) => value !== undefined);
    }
    const resolved = resolve(item);
    if ('reason' in resolved) {
      reasons.push(resolved.reason);
      return undefined;
    }
    return resolved.value;
  };
  if (json === null) return { value: undefined, reasons };
  if (isObject(json) && typeof json.class_name !== 'string') {
    const value: Record<string, unknown> = {};
    for (const name of outputNames) {
      if (Object.hasOwn(json, name)) value[name] = one(json[name] ?? null);
    }
    return { value, reasons };
  }
  if (Array.isArray(json) && (!lists || json.some(Array.isArray)) && outputNames.length > 1) {
    const value: Record<string, unknown> = {};
    json.forEach((item, index) => {
      const name = outputNames[index];
      if (name !== undefined) value[name] = one(item);
    });
    return { value: lists ? value : outputNames.map((name) => value[name]), reasons };
  }
  const value = one(Array.isArray(json) && !lists && json.length === 1 ? (json[0] ?? null) : json);
  return { value: lists ? [value].flat() : value, reasons };
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
