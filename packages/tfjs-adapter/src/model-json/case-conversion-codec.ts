import type { JsonValue } from '@regularizers/core';
import { tfjsCamelCase, tfjsSnakeCase } from '../tfjs-internals.js';

/**
 * tfjs-layers rewrites model JSON as it saves and loads: saving snake_cases every key and every
 * string value (class names excepted), and loading camelCases every key and string value that
 * holds an `_`, class names included. A registered name such as `My_pkg>Some_Reg`, or a config value
 * such as `'L1Mode'`, would not come back. This codec makes them survive, and leaves everything
 * that already survives (every built-in name and config) exactly as Keras writes it.
 */

/** Encoded strings start with this, and are made only of characters both conversions keep. */
const MARKER = 'rgzenc0x';

/**
 * Keys whose string value tfjs keeps as it is when saving (it snake_cases every other value), as
 * they are written before a save (`className`) and after one (`class_name`). Loading camelCases it.
 */
const CLASS_NAME_KEYS: ReadonlySet<string> = new Set(['className', 'class_name']);

/**
 * Whether a string comes back unchanged from a save and a load, or from a load alone: a class
 * name (the value of `key` in {@link CLASS_NAME_KEYS}, such as a nested schedule's) need only
 * survive the load.
 */
function survives(text: string, key: string | undefined): boolean {
  const saved = key !== undefined && CLASS_NAME_KEYS.has(key) ? text : tfjsSnakeCase(text);
  return !text.startsWith(MARKER) && tfjsCamelCase(text) === text && tfjsCamelCase(saved) === text;
}

function encode(text: string, key?: string): string {
  if (survives(text, key)) return text;
  const hex = Array.from(new TextEncoder().encode(text), (byte) =>
    byte.toString(16).padStart(2, '0'),
  ).join('');
  return `${MARKER}${hex}`;
}

function decode(text: string): string {
  const hex = text.slice(MARKER.length);
  if (!text.startsWith(MARKER) || !/^(?:[0-9a-f]{2})*$/.test(hex)) return text;
  const bytes = new Uint8Array(hex.length / 2);
  for (let i = 0; i < bytes.length; i++) bytes[i] = parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return new TextDecoder().decode(bytes);
}

/**
 * The class name written for a registered name: `_`, which tfjs's loader would camelCase, becomes
 * `~`, which registered names never contain. Names without `_` are written as they are.
 */
export function toTfjsClassName(registeredName: string): string {
  return registeredName.replaceAll('_', '~');
}

/** The registered name behind a class name written by {@link toTfjsClassName}. */
export function fromTfjsClassName(className: string): string {
  return className.replaceAll('~', '_');
}

/**
 * Rewrites a config so that tfjs's conversions give it back unchanged: every key and string value
 * that would not survive is encoded. Numbers, booleans, `null`, and strings that survive (`'rows'`,
 * `'l1'`) are kept as they are, so built-in configs read exactly like Keras's.
 */
export function protectConfig(value: JsonValue): JsonValue {
  return mapStrings(value, encode);
}

/** Undoes {@link protectConfig} on a config read back from tfjs. */
export function restoreConfig(value: JsonValue): JsonValue {
  return mapStrings(value, decode);
}

/** Maps every key and string value; a value is mapped knowing the key it sits under. */
function mapStrings(
  value: JsonValue,
  map: (text: string, key?: string) => string,
  key?: string,
): JsonValue {
  if (typeof value === 'string') return map(value, key);
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((item) => mapStrings(item, map));
  const result: { [key: string]: JsonValue } = {};
  for (const [entryKey, item] of Object.entries(value)) {
    // defineProperty, so that a key decoding to "__proto__" stays a plain key.
    Object.defineProperty(result, map(entryKey), {
      value: mapStrings(item, map, entryKey),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return result;
}
