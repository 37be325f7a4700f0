import type { JsonValue } from '@regularizers/core';

/**
 * A JSON object, as model files hold them. Core exports only `JsonValue`; this names its object
 * case once for the loader's modules, which mostly walk objects.
 */
export type JsonObject = { [key: string]: JsonValue };

/** Whether a JSON value (or a missing one) is an object: not `null`, not an array. */
export function isJsonObject(value: JsonValue | undefined): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Class names of Keras models, whose config holds layers (and, when functional, a graph). Keras 3
 * writes `Functional` where tf.keras 2 wrote `Model`.
 */
export function isModelClass(className: string): boolean {
  return className === 'Sequential' || className === 'Model' || className === 'Functional';
}

/**
 * A deep copy, so that the result shares nothing with the input. The depth must be bounded, as
 * `readModelJson` bounds it.
 */
export function copyJson(value: JsonValue): JsonValue {
  if (Array.isArray(value)) return value.map(copyJson);
  if (!isJsonObject(value)) return value;
  const result: JsonObject = {};
  for (const [key, item] of Object.entries(value)) result[key] = copyJson(item);
  return result;
}
