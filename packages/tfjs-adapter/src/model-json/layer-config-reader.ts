import { describeValue } from '@regularizers/core';
import type { JsonValue } from '@regularizers/core';
import { isJsonObject } from './json-object.js';
import type { JsonObject } from './json-object.js';

/** A dimension of a shape: a size, or `null` where tfjs does not know it either (the batch). */
export type Dim = number | null;

/** The shape of a tensor, as tfjs computes it for a symbolic call. */
export type Shape = readonly Dim[];

/**
 * Thrown by a shape rule when the size of a layer cannot be computed: a config value that is not
 * what tfjs reads there, or an input whose shape is unknown. The walk turns it into an unsized
 * layer; it never reaches the caller.
 */
export class Unsizable extends Error {
  override name = 'Unsizable';
}

/**
 * A layer's config, read as tfjs reads it, for the shape rules. Every reader throws
 * {@link Unsizable} for a value tfjs would not read as a size (a string where a number belongs, a
 * fraction, a negative number), so that a rule never computes a size from a value it misread.
 * Keys are snake_case, as in model files.
 */
export class LayerConfigReader {
  constructor(readonly config: JsonObject) {}

  /** A whole number ≥ 0, or `fallback` when the key is absent or null. */
  count(key: string, fallback?: number): number {
    const value = this.config[key] ?? null;
    return value === null && fallback !== undefined ? fallback : countOf(value, key);
  }

  /** A whole number or a list of `rank` of them (`kernel_size: 3` means `[3, 3]` in 2D). */
  counts(key: string, rank: number, fallback?: number): number[] {
    const value = this.config[key] ?? null;
    if (value === null && fallback !== undefined) return Array<number>(rank).fill(fallback);
    return countsOf(value, rank, key);
  }

  /** A string, or `fallback`. tfjs camelCases string values, so `channels_first` is `channelsFirst`. */
  string(key: string, fallback: string): string {
    const value = this.config[key] ?? null;
    if (value === null) return fallback;
    if (typeof value === 'string')
      return value.replace(/_(\w)/g, (_, next: string) => next.toUpperCase());
    throw new Unsizable(`its ${key} is ${describeValue(value)}, not a string`);
  }

  /** A boolean, or `fallback`. */
  flag(key: string, fallback: boolean): boolean {
    const value = this.config[key] ?? null;
    if (value === null) return fallback;
    if (typeof value === 'boolean') return value;
    throw new Unsizable(`its ${key} is ${describeValue(value)}, not true or false`);
  }

  /** Whether the layer's data format puts channels first. */
  channelsFirst(): boolean {
    return this.string('data_format', 'channelsLast') === 'channelsFirst';
  }

  /** A nested `{ class_name, config }` (a wrapped layer, a cell), or `undefined`. */
  nested(key: string): { className: string; reader: LayerConfigReader } | undefined {
    const value = this.config[key] ?? null;
    if (!isJsonObject(value) || typeof value.class_name !== 'string') return undefined;
    const config = value.config ?? null;
    return {
      className: value.class_name,
      reader: new LayerConfigReader(isJsonObject(config) ? config : {}),
    };
  }

  /** The same config with some values replaced, for a class that ignores them. */
  with(values: JsonObject): LayerConfigReader {
    return new LayerConfigReader({ ...this.config, ...values });
  }

  /** The raw value of a key, for rules that read a structured value (padding, target_shape). */
  raw(key: string): JsonValue {
    return this.config[key] ?? null;
  }
}

/** `value` as a whole number ≥ 0, as tfjs reads a size; `what` names it in the message. */
export function countOf(value: JsonValue, what: string): number {
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return value;
  throw new Unsizable(`its ${what} is ${describeValue(value)}, not a whole number`);
}

/** `value` as `rank` whole numbers: one number stands for all of them. */
export function countsOf(value: JsonValue, rank: number, what: string): number[] {
  if (!Array.isArray(value)) return Array<number>(rank).fill(countOf(value, what));
  if (value.length !== rank) {
    throw new Unsizable(`its ${what} is ${describeValue(value)}, not ${rank} whole numbers`);
  }
  return value.map((item) => countOf(item, what));
}

/**
 * `value` as an axis of a shape of `rank` dimensions, counted from the end when negative, as tfjs
 * reads one; an axis outside the shape (which tfjs would write an array of that length for) is
 * {@link Unsizable}.
 */
export function axisOf(value: JsonValue, rank: number, what: string): number {
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= -rank && value < rank) {
    return value < 0 ? value + rank : value;
  }
  throw new Unsizable(
    `its ${what} ${describeValue(value)} is not an axis of a shape of rank ${rank}`,
  );
}

/** The size of dimension `axis` of `shape` (negative counts from the end), which must be known. */
export function knownDim(shape: Shape, axis: number): number {
  const dim = shape[axis < 0 ? shape.length + axis : axis];
  if (typeof dim !== 'number') {
    throw new Unsizable(`dimension ${axis} of its input shape [${shape.join(', ')}] is not known`);
  }
  return dim;
}
