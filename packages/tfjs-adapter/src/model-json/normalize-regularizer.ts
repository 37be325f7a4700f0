import { defaultRegistry, getRegularizer, serializeRegularizer } from '@regularizers/core';
import type { JsonValue } from '@regularizers/core';
import {
  fromTfjsClassName,
  protectConfig,
  restoreConfig,
  toTfjsClassName,
} from './case-conversion-codec.js';
import { copyJson, isJsonObject } from './json-object.js';
import type { JsonObject } from './json-object.js';

/** Keras 3's `{ class_name: 'function', config: 'pkg>name' }`, the form of a registered function. */
export function isKerasFunction(value: JsonValue): value is JsonObject & { config: string } {
  return isJsonObject(value) && value.class_name === 'function' && typeof value.config === 'string';
}

/**
 * A regularizer in any Keras shape as `{ class_name, config }` under its canonical registered
 * name, encoded for tfjs's case conversion. Names nothing is registered under, and shapes that are
 * not a regularizer, are passed through for the checks to name.
 */
export function normalizeRegularizer(value: JsonValue): JsonValue {
  if (typeof value === 'string') return normalizeRegularizerName(value);
  if (!isJsonObject(value) || typeof value.class_name !== 'string') return copyJson(value);
  let candidates: string[];
  let config: JsonValue;
  if (isKerasFunction(value)) {
    candidates = [value.config];
    config = {};
  } else {
    const registered = value.registered_name;
    candidates =
      typeof registered === 'string' && registered !== 'function'
        ? [registered, value.class_name]
        : [value.class_name];
    config = value.config ?? {};
  }
  // A file saved by tfjs with this adapter is already encoded: decoding first makes this idempotent
  // (registered names never hold "~", and Keras never writes the codec's marker).
  const names = candidates.map(fromTfjsClassName);
  const entry = names.map((name) => defaultRegistry.lookup(name)).find(Boolean);
  const name = entry?.name ?? names[0] ?? value.class_name;
  return {
    class_name: toTfjsClassName(name),
    config: isJsonObject(config) ? protectConfig(restoreConfig(config)) : copyJson(config),
  };
}

/**
 * A regularizer given as a bare name. A name tfjs's camelCase conversion keeps (`'l2'`, `'L1L2'`)
 * stays a name, with its meaning as a string (`'l1l2'` is 0.01 and 0.01). Any other
 * (`'l1_l2'`, `'orthogonal_regularizer'`) is written as the object that name builds, as tfjs would
 * turn `'l1_l2'` into `'l1L2'`.
 */
function normalizeRegularizerName(name: string): JsonValue {
  if (!name.includes('_') || defaultRegistry.lookup(name) === undefined) return name;
  try {
    const regularizer = getRegularizer(name);
    if (regularizer === null) return name;
    const { className, config } = serializeRegularizer(regularizer);
    return { class_name: toTfjsClassName(className), config: protectConfig(config) };
  } catch {
    return name; // left for the checks, or the layer, to report
  }
}
