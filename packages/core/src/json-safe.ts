import { describeValue } from './describe-value.js';
import type { JsonValue } from './regularizer.js';

const MAX_DEPTH = 64;

/**
 * Returns a deep copy of `value` made only of JSON: plain objects, arrays, strings, booleans,
 * `null` and finite numbers. Anything else throws, naming the path to it.
 *
 * Configs pass through here before they are written, because a value that does not survive
 * `JSON.stringify` (a function, `NaN`, a tensor, a cycle) would produce a model file that cannot be
 * loaded back. Depth is bounded, so a cyclic or hostile object fails cleanly.
 *
 * @param value - the value to copy.
 * @param path - where the value sits, for the message (`"L1.config"`).
 * @param fail - builds the error to throw from a message.
 */
export function toJsonSafe(
  value: unknown,
  path: string,
  fail: (message: string) => Error,
): JsonValue {
  return copy(value, path, 0, fail);
}

function copy(
  value: unknown,
  path: string,
  depth: number,
  fail: (message: string) => Error,
): JsonValue {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') {
    if (Number.isFinite(value)) return value;
    throw fail(`${path} is ${describeValue(value)}, which JSON cannot store. Use a finite number.`);
  }
  if (typeof value !== 'object') {
    throw fail(
      `${path} is ${describeValue(value)}, which JSON cannot store. Keep configs to plain data.`,
    );
  }
  if (depth >= MAX_DEPTH) {
    throw fail(
      `${path} is nested more than ${MAX_DEPTH} levels deep, or is circular. Keep configs flat.`,
    );
  }
  if (Array.isArray(value)) {
    return value.map((item: unknown, index) => copy(item, `${path}[${index}]`, depth + 1, fail));
  }
  const prototype = Object.getPrototypeOf(value) as unknown;
  if (prototype !== Object.prototype && prototype !== null) {
    throw fail(
      `${path} is ${describeValue(value)}, which JSON cannot store. Keep configs to plain data.`,
    );
  }
  const result: { [key: string]: JsonValue } = {};
  for (const [key, item] of Object.entries(value)) {
    if (key === '__proto__')
      throw fail(`${path} has a key named "__proto__", which is not allowed.`);
    result[key] = copy(item, `${path}.${key}`, depth + 1, fail);
  }
  return result;
}
