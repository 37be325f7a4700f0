import type { Tensor } from '@tensorflow/tfjs-core';
import { isTensor } from './is-tensor.js';

const MAX_LENGTH = 80;
const MAX_ITEMS = 5;
const MAX_DEPTH = 2;

/**
 * Renders any value for an error message, the way a user would write it: `-1`, `"abc"`, `NaN`,
 * `[1, 2]`, `{ l2: 0.1 }`, `Tensor(float32, [2, 3])`, `function myReg`.
 *
 * It is bounded in depth, items and length, so a hostile value (a huge or deeply nested object, a
 * cycle) cannot make the error itself fail or flood the log.
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
    .map((key) => `${key}: ${describe((value as Record<string, unknown>)[key], depth + 1)}`);
  if (keys.length > MAX_ITEMS) entries.push('…');
  return entries.length === 0 ? '{}' : `{ ${entries.join(', ')} }`;
}

function describeFunction(value: { readonly name: string }): string {
  const name = value.name === '' ? '(anonymous)' : value.name;
  const isClass = /^class[\s{]/.test(Function.prototype.toString.call(value));
  return `${isClass ? 'class' : 'function'} ${name}`;
}

function describeTensor(value: Tensor): string {
  return `Tensor(${value.dtype}, [${value.shape.join(', ')}])`;
}
