import type { JsonValue } from '@regularizers/core';
import type { JsonObject } from './json-object.js';
import { ModelJsonError } from './model-json-error.js';

/**
 * The deepest nesting of objects and arrays a model file may have. Real Keras files stay under 20
 * (a layer of a nested model, its initializer, that initializer's config); the bound keeps every
 * later recursive walk (ours, tfjs's) far from the stack limit.
 */
export const MAX_MODEL_JSON_DEPTH = 256;

/**
 * The most values (objects, arrays, strings, numbers…) a model file may hold. The largest real
 * topologies hold tens of thousands. It bounds the work on objects built in JavaScript, where
 * shared sub-objects could otherwise make a walk exponential.
 */
export const MAX_MODEL_JSON_VALUES = 5_000_000;

/** A container being copied, with what is needed to name its place in an error message. */
interface Frame {
  readonly source: object;
  readonly target: JsonObject | JsonValue[];
  readonly depth: number;
  readonly parent: Frame | undefined;
  readonly key: string | number;
}

/**
 * Turns untrusted model JSON (a string, or an object parsed by someone else) into a fresh tree of
 * plain JSON values that the rest of the loader can walk safely. It exists because a model file is
 * data from anywhere: it must not be able to reach `Object.prototype` through a `__proto__` key,
 * smuggle in functions or class instances, or exhaust the stack of any later recursive walk.
 *
 * The walk is iterative (an explicit stack), so even a value nested a million levels deep is
 * refused cleanly. The input is never modified.
 *
 * @throws {@link ModelJsonError} for a string that is not JSON (or too deep for `JSON.parse`), for
 * nesting deeper than {@link MAX_MODEL_JSON_DEPTH}, for more than {@link MAX_MODEL_JSON_VALUES}
 * values, for a `__proto__` key, and for anything that is not a JSON value. The message says where.
 */
export function readModelJson(json: unknown): JsonValue {
  const value = typeof json === 'string' ? parse(json) : json;
  if (!isContainer(value)) return primitive(value, undefined, '');
  const root = newTarget(value);
  const stack: Frame[] = [{ source: value, target: root, depth: 1, parent: undefined, key: '' }];
  let count = 1;
  for (let frame = stack.pop(); frame !== undefined; frame = stack.pop()) {
    const source = frame.source as Record<string | number, unknown>;
    const isArray = Array.isArray(source);
    count += isArray ? source.length : 0;
    const keys: Array<string | number> =
      count > MAX_MODEL_JSON_VALUES
        ? []
        : isArray
          ? Array.from({ length: source.length }, (_, index) => index)
          : Object.keys(source);
    count += isArray ? 0 : keys.length;
    if (count > MAX_MODEL_JSON_VALUES) {
      throw new ModelJsonError(
        `The model JSON holds more than ${MAX_MODEL_JSON_VALUES} values (objects, arrays, strings, numbers): refused, as no real model topology is that large.`,
      );
    }
    for (const key of keys) {
      const item = source[key];
      if (key === '__proto__') {
        throw new ModelJsonError(
          `The model JSON has a "__proto__" key at ${pathOf(frame)}: refused, as a model file must never reach Object.prototype.`,
        );
      }
      if (item === undefined && typeof key === 'string') continue; // as JSON.stringify does
      let copy: JsonValue;
      if (isContainer(item)) {
        if (frame.depth >= MAX_MODEL_JSON_DEPTH) {
          throw new ModelJsonError(
            `The model JSON is nested more than ${MAX_MODEL_JSON_DEPTH} levels deep (at ${pathOf(frame)}): refused, as no real model topology is that deep.`,
          );
        }
        const target = newTarget(item);
        stack.push({ source: item, target, depth: frame.depth + 1, parent: frame, key });
        copy = target;
      } else {
        copy = item === undefined ? null : primitive(item, frame, key);
      }
      if (Array.isArray(frame.target)) frame.target.push(copy);
      else frame.target[key] = copy;
    }
  }
  return root;
}

function parse(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    if (error instanceof RangeError) {
      throw new ModelJsonError(
        `The model JSON is nested too deeply for JSON.parse to read it (${error.message}): refused, as no real model topology is nested more than ${MAX_MODEL_JSON_DEPTH} levels.`,
        { cause: error },
      );
    }
    const message = error instanceof Error ? error.message : String(error);
    throw new ModelJsonError(`The model file is not valid JSON: ${message}`, { cause: error });
  }
}

function isContainer(value: unknown): value is object {
  if (Array.isArray(value)) return true;
  if (typeof value !== 'object' || value === null) return false;
  const prototype = Object.getPrototypeOf(value) as unknown;
  return prototype === Object.prototype || prototype === null;
}

function newTarget(source: object): JsonObject | JsonValue[] {
  return Array.isArray(source) ? [] : {};
}

function primitive(value: unknown, frame: Frame | undefined, key: string | number): JsonValue {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') return value;
  const where = frame === undefined ? 'the model JSON' : pathOf(frame, key);
  const what =
    typeof value === 'object' ? `an instance of ${constructorName(value)}` : `a ${typeof value}`;
  throw new ModelJsonError(
    `The model JSON holds ${what} at ${where}: only JSON values (objects, arrays, strings, numbers, booleans, null) are allowed.`,
  );
}

function constructorName(value: object): string {
  const prototype = Object.getPrototypeOf(value) as { constructor?: { name?: unknown } } | null;
  const name = prototype?.constructor?.name;
  return typeof name === 'string' && name !== '' ? name : 'a class';
}

/** Where a value is, such as `modelTopology.model_config.config.layers[3].config`. */
function pathOf(frame: Frame, key?: string | number): string {
  const keys: Array<string | number> = key === undefined ? [] : [key];
  for (let at = frame; at.parent !== undefined; at = at.parent) {
    keys.push(at.key);
  }
  let path = '';
  for (const part of keys.reverse()) {
    path += typeof part === 'number' ? `[${part}]` : path === '' ? part : `.${part}`;
  }
  return path === '' ? 'the top level' : path;
}
