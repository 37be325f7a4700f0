import type { JsonValue } from '@regularizers/core';
import { copyJson, isJsonObject } from './json-object.js';

/** Keras dtype policy classes: tf.keras 2's mixed precision `Policy`, Keras 3's `DTypePolicy`. */
const DTYPE_POLICY_CLASSES: ReadonlySet<string> = new Set([
  'Policy',
  'DTypePolicy',
  'FloatDTypePolicy',
]);

/**
 * Keras dtypes that tfjs-layers has no tensors for, with the tfjs dtype that computes them. tfjs
 * has no 16- or 64-bit floats: a mixed precision model computes in float16 (or bfloat16) with
 * float32 variables in Keras, and entirely in float32 here, which only makes it more precise.
 */
const TFJS_DTYPES: ReadonlyMap<string, string> = new Map([
  ['mixed_float16', 'float32'],
  ['mixed_bfloat16', 'float32'],
  ['float16', 'float32'],
  ['bfloat16', 'float32'],
  ['float64', 'float32'],
  ['int8', 'int32'],
  ['int16', 'int32'],
  ['int64', 'int32'],
  ['uint8', 'int32'],
  ['uint16', 'int32'],
  ['uint32', 'int32'],
]);

/**
 * A layer's `dtype` as tfjs reads it: a dtype string tfjs has. Keras dtype policies (`Policy`,
 * `DTypePolicy`) become the dtype they compute in, and dtypes tfjs lacks the one that computes
 * them. An unknown policy is copied as it is, for the checks to name.
 */
export function normalizeDtype(value: JsonValue): JsonValue {
  if (typeof value === 'string') return TFJS_DTYPES.get(value) ?? value;
  if (
    isJsonObject(value) &&
    typeof value.class_name === 'string' &&
    DTYPE_POLICY_CLASSES.has(value.class_name) &&
    isJsonObject(value.config) &&
    typeof value.config.name === 'string'
  ) {
    return TFJS_DTYPES.get(value.config.name) ?? value.config.name;
  }
  return copyJson(value); // an unknown policy: left for the checks to name
}
