import { InvalidArgumentError } from './errors/index.js';
import { describeValue } from './describe-value.js';

/** The largest float32, the dtype penalties are computed in: a larger factor rounds to Infinity. */
const FLOAT32_MAX = 3.4028234663852886e38;

/**
 * Checks a regularization factor: a finite number ≥ 0, as Keras requires, that fits in float32.
 *
 * Booleans, strings, `null`, arrays, `NaN` and `±Infinity` are refused, so a typo or a bad file
 * never becomes a silent penalty. So is a number that float32 rounds to Infinity (above about
 * 3.4e38, such as `1e308`), since the penalty is computed in float32 and would be Infinity or NaN.
 * Plugin authors call it in their constructors, as builtin does. Apply any default before calling
 * it (`checkFactor('l1', args.l1 ?? 0.01)`).
 *
 * @param argument - the argument's name, used in the message.
 * @param value - what the caller passed.
 * @returns the value, typed as a number.
 * @throws {@link InvalidArgumentError} naming the argument and the value received.
 *
 * @example
 * ```ts
 * import { checkFactor } from '@regularizers/core';
 *
 * checkFactor('strength', 0.5); // 0.5
 * // checkFactor('l1', -1) throws:
 * // Invalid value for argument l1: expected a non-negative finite number. Received: l1=-1
 * ```
 */
export function checkFactor(argument: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new InvalidArgumentError(
      argument,
      `Invalid value for argument ${argument}: expected a non-negative finite number. Received: ${argument}=${describeValue(value)}`,
    );
  }
  if (Math.fround(value) === Infinity) {
    throw new InvalidArgumentError(
      argument,
      `Invalid value for argument ${argument}: expected a non-negative number that fits in float32, at most ${String(FLOAT32_MAX)} (a larger one becomes Infinity in the penalty). Received: ${argument}=${describeValue(value)}`,
    );
  }
  return value;
}

/**
 * Checks that a string argument is one of a fixed set, such as `mode` of `OrthogonalRegularizer`.
 *
 * @param argument - the argument's name, used in the message.
 * @param value - what the caller passed.
 * @param allowed - the accepted values.
 * @returns the value, narrowed to the allowed union.
 * @throws {@link InvalidArgumentError} listing the allowed values and the value received.
 *
 * @example
 * ```ts
 * import { checkOneOf } from '@regularizers/core';
 *
 * const mode = checkOneOf('mode', 'rows', ['rows', 'columns'] as const); // 'rows'
 * ```
 */
export function checkOneOf<const Allowed extends string>(
  argument: string,
  value: unknown,
  allowed: readonly Allowed[],
): Allowed {
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
    const choices = allowed.map((choice) => JSON.stringify(choice)).join(', ');
    throw new InvalidArgumentError(
      argument,
      `Invalid value for argument ${argument}: expected one of ${choices}. Received: ${argument}=${describeValue(value)}`,
    );
  }
  return value as Allowed;
}

/**
 * Checks a constructor's config object: absent, or a plain object whose keys are all known.
 *
 * Keras raises on unknown constructor arguments (`L1(l2=0.1)`), and so do we: a typo must never
 * silently become a default. Saved files reach constructors through this check too.
 *
 * @param owner - the class name, used in the message.
 * @param config - what the constructor received.
 * @param known - the argument names the class takes.
 * @returns the config as a record (an empty one when it was absent).
 * @throws {@link InvalidArgumentError} naming the unknown argument and the known ones.
 *
 * @example
 * ```ts
 * import { checkArguments } from '@regularizers/core';
 *
 * const args = checkArguments('MyRegularizer', { strength: 0.1 }, ['strength']);
 * args.strength; // 0.1
 * ```
 */
export function checkArguments(
  owner: string,
  config: unknown,
  known: readonly string[],
): Readonly<Record<string, unknown>> {
  if (config === undefined || config === null) return {};
  if (typeof config !== 'object' || Array.isArray(config)) {
    throw new InvalidArgumentError(
      'config',
      `${owner} expects a config object such as { ${known.map((name) => `${name}: …`).join(', ')} }. Received: ${describeValue(config)}`,
    );
  }
  for (const key of Object.keys(config)) {
    if (!known.includes(key)) {
      const takes = known.length === 0 ? 'no arguments' : known.join(', ');
      throw new InvalidArgumentError(
        key,
        `Unknown argument ${key} for ${owner}, which takes ${takes}. Received: ${key}=${describeValue((config as Record<string, unknown>)[key])}`,
      );
    }
  }
  return config as Readonly<Record<string, unknown>>;
}
