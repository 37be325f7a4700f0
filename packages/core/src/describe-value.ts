import type { Tensor } from '@tensorflow/tfjs-core';
import { isClassConstructor } from './is-regularizer-class.js';
import { isTensor } from './is-tensor.js';

const MAX_LENGTH = 80;
const MAX_ITEMS = 5;
const MAX_DEPTH = 2;

/**
 * Renders any value for an error message the way a user would write it: `-1`, `"abc"`, `NaN`,
 * `[1, 2]`, `{ l2: 0.1 }`, `Tensor(float32, [2, 3])`, `function myReg`. Every message of the
 * regularizers packages that says what it received uses it, and a plugin's own messages read the
 * same when they use it too.
 *
 * It is bounded in depth, items and length, so a hostile value (a huge or deeply nested object, a
 * cycle, a model file's JSON) cannot make the error itself fail or flood the log. Keys that are not
 * identifiers are quoted, as in a JavaScript object literal.
 *
 * @param value - anything received: a number, a string, an object, an array, a tensor, a function…
 *
 * @example
 * ```ts
 * import { InvalidArgumentError, describeValue } from '@regularizers/core';
 *
 * describeValue({ factor: 0.1, axis: 'rows' }); // '{ factor: 0.1, axis: "rows" }'
 * describeValue([1, 2, 3, 4, 5, 6]); // '[1, 2, 3, 4, 5, …]'
 *
 * function checkGroups(groups: unknown): void {
 *   if (!Number.isInteger(groups)) {
 *     throw new InvalidArgumentError(
 *       'groups',
 *       `Invalid value for argument groups: expected an integer. Received: groups=${describeValue(groups)}`,
 *     );
 *   }
 * }
 * ```
 */
export function describeValue(value: unknown): string {
  const text = describe(value, 0);
  return text.length > MAX_LENGTH ? `${text.slice(0, MAX_LENGTH - 1)}…` : text;
}

function describe(value: unknown, depth: number): string {
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value.length > MAX_LENGTH ? `${value.slice(0, MAX_LENGTH)}…` : value);
    case 'number':
      return Object.is(value, -0) ? '-0' : String(value);
    case 'bigint':
      return `${value}n`;
    case 'boolean':
    case 'undefined':
    case 'symbol':
      return String(value);
    case 'function':
      return describeFunction(value);
  }
  if (value === null || typeof value !== 'object') return 'null';
  if (isTensor(value)) return describeTensor(value);
  if (depth >= MAX_DEPTH) return Array.isArray(value) ? '[…]' : '{…}';
  if (Array.isArray(value)) {
    const items = value.slice(0, MAX_ITEMS).map((item) => describe(item, depth + 1));
    if (value.length > MAX_ITEMS) items.push('…');
    return `[${items.join(', ')}]`;
  }
  const prototype = Object.getPrototypeOf(value) as unknown;
  if (prototype !== Object.prototype && prototype !== null) {
    const name = (value as { constructor?: { name?: unknown } }).constructor?.name;
    return typeof name === 'string' && name !== '' ? `${name} instance` : 'object';
  }
  const keys = Object.keys(value);
  const entries = keys
    .slice(0, MAX_ITEMS)
    .map(
      (key) =>
        `${describeKey(key)}: ${describe((value as Record<string, unknown>)[key], depth + 1)}`,
    );
  if (keys.length > MAX_ITEMS) entries.push('…');
  return entries.length === 0 ? '{}' : `{ ${entries.join(', ')} }`;
}

/** A key as an object literal writes it: bare when it is an identifier, quoted otherwise. */
function describeKey(key: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(key) ? key : JSON.stringify(key);
}

function describeFunction(value: { readonly name: string }): string {
  const name = value.name === '' ? '(anonymous)' : value.name;
  return `${isClassConstructor(value) ? 'class' : 'function'} ${name}`;
}

function describeTensor(value: Tensor): string {
  return `Tensor(${value.dtype}, [${value.shape.join(', ')}])`;
}
