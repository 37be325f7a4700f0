import {
  InvalidArgumentError,
  SerializationError,
  describeValue,
  namePatternTest,
} from '@regularizers/core';
import type { JsonValue, NamePattern } from '@regularizers/core';
import { weightName } from './tfjs-internals.js';

/**
 * Which variables an optimizer leaves out of its weight decay (or proximal L1), by name:
 *
 * - a glob string: without a `/` it matches the weight's own name (`'bias'`, `'*norm*'`), the
 *   part after the layer's name; with a `/` it matches the whole name (`'dense_1/*'`);
 * - a RegExp, searched in the whole name (`/^encoder\//`), as Keras searches `var_names`;
 * - a predicate of the whole name.
 *
 * The whole name is the layer's name and the weight's, as tfjs names the variable
 * (`dense_1/kernel`), without the `_1` tfjs appends when another variable took the name first.
 */
export type ExcludeRule = NamePattern | ((name: string) => boolean);

/**
 * The usual exclusions for decoupled weight decay: biases, the scale and offset of normalization
 * layers (`gamma`, `beta`), and embedding tables. Keras 3 decays every variable by default, and so
 * do we; pass `exclude: COMMON_EXCLUSIONS` (or add to it) to leave these out, as most AdamW recipes
 * do (BERT's, Hugging Face's `no_decay`, timm's).
 *
 * @example
 * ```ts
 * import { COMMON_EXCLUSIONS, adamw } from '@regularizers/weight-decay';
 *
 * const optimizer = adamw({ weightDecay: 0.01, exclude: [...COMMON_EXCLUSIONS, 'head/*'] });
 * ```
 */
export const COMMON_EXCLUSIONS: readonly string[] = Object.freeze([
  'bias',
  'gamma',
  'beta',
  'embeddings',
]);

/** Exclusion rules, compiled once: `excludes(name)` says whether a variable is left out. */
export class Exclusions {
  readonly #rules: readonly ExcludeRule[];
  readonly #tests: readonly ((name: string) => boolean)[];
  readonly #cache = new Map<string, boolean>();

  /** @throws `InvalidArgumentError` naming `exclude` for a rule that is none of the three kinds. */
  constructor(exclude: unknown) {
    const rules: unknown[] =
      exclude === undefined || exclude === null ? [] : Array.isArray(exclude) ? exclude : [exclude];
    this.#rules = rules as ExcludeRule[];
    this.#tests = rules.map((rule, i) => compile(rule, `exclude[${i}]`));
  }

  /** Whether the variable named `variableName` (tfjs's name) is left out. Cached per name. */
  excludes(variableName: string): boolean {
    let excluded = this.#cache.get(variableName);
    if (excluded === undefined) {
      const name = weightName(variableName);
      excluded = this.#tests.some((test) => test(name));
      this.#cache.set(variableName, excluded);
    }
    return excluded;
  }

  /**
   * The rules as saved: strings as they are, RegExps as `{ regexp, flags }`.
   *
   * @throws `SerializationError` for a predicate, which is code and cannot be saved.
   */
  toConfig(): JsonValue[] {
    return this.#rules.map((rule, i) => {
      if (typeof rule === 'string') return rule;
      if (rule instanceof RegExp) return { regexp: rule.source, flags: rule.flags };
      throw new SerializationError(
        `Cannot save exclude[${i}]: it is a function (${describeValue(rule)}), which could not be loaded back. Use glob strings or RegExps to save the optimizer with the model.`,
      );
    });
  }
}

/** The rules read back from {@link Exclusions.toConfig}, to pass as `exclude` again. */
export function savedExclusions(saved: unknown): unknown[] {
  const rules = Array.isArray(saved) ? saved : [];
  return rules.map((rule: unknown, i) => savedRule(rule, `exclude[${i}]`));
}

/** A saved rule: a string as it is, `{ regexp, flags }` as a RegExp. */
function savedRule(rule: unknown, argument: string): unknown {
  const { regexp, flags } = (rule ?? {}) as { regexp?: unknown; flags?: unknown };
  if (typeof regexp !== 'string' || typeof flags !== 'string') return rule;
  try {
    return new RegExp(regexp, flags);
  } catch (error) {
    throw new InvalidArgumentError(
      argument,
      `Invalid saved RegExp for ${argument}: ${(error as Error).message}. Received: ${describeValue(rule)}`,
      { cause: error },
    );
  }
}

function compile(rule: unknown, argument: string): (name: string) => boolean {
  if (typeof rule === 'function')
    return (name) => Boolean((rule as (name: string) => unknown)(name));
  if (rule instanceof RegExp) return namePatternTest(argument, rule);
  if (typeof rule !== 'string') {
    throw new InvalidArgumentError(
      argument,
      `Invalid value for argument ${argument}: expected a glob string (such as 'bias'), a RegExp, or a function of the variable's name. Received: ${argument}=${describeValue(rule)}`,
    );
  }
  const test = namePatternTest(argument, rule);
  if (rule.includes('/')) return test;
  return (name) => test(name.slice(name.lastIndexOf('/') + 1));
}
