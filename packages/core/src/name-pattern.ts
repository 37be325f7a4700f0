import { InvalidArgumentError } from './errors/index.js';
import { describeValue } from './describe-value.js';

/**
 * A pattern that selects things by name: a glob string or a RegExp.
 *
 * - A glob matches the whole name. `*` stands for any run of characters (`/` included), `?` for
 *   any one character; every other character stands for itself. `'dense*'` matches `dense` and
 *   `dense_1`; `'*bias'` matches `dense_1/bias`.
 * - A RegExp is searched for anywhere in the name, as Keras's `re.search` does: `/^conv/` matches
 *   names that start with `conv`. Its `g` and `y` flags are ignored, so matching never depends on
 *   an earlier match.
 */
export type NamePattern = string | RegExp;

/**
 * Compiles a {@link NamePattern} once into a test of names. The adapter's `regularize` selects
 * layers with it and `@regularizers/weight-decay` selects variables, so both read patterns alike.
 *
 * @param argument - the argument the pattern came from, for the message (`'match'`, `'exclude'`).
 * @param pattern - a glob string or a RegExp.
 * @returns a function that says whether a name matches.
 * @throws {@link InvalidArgumentError} naming the argument, for anything else (an empty string
 * included, which would match nothing).
 *
 * @example
 * ```ts
 * import { namePatternTest } from '@regularizers/core';
 *
 * const isDense = namePatternTest('match', 'dense*');
 * isDense('dense_1'); // true
 * isDense('conv2d'); // false
 * namePatternTest('match', /lstm|gru/)('encoder_lstm'); // true
 * ```
 */
export function namePatternTest(argument: string, pattern: unknown): (name: string) => boolean {
  if (pattern instanceof RegExp) {
    const search = new RegExp(pattern.source, pattern.flags.replace(/[gy]/g, ''));
    return (name) => search.test(name);
  }
  if (typeof pattern !== 'string' || pattern === '') {
    throw new InvalidArgumentError(
      argument,
      `Invalid value for argument ${argument}: expected a glob string (such as 'dense*') or a RegExp. Received: ${argument}=${describeValue(pattern)}`,
    );
  }
  const source = pattern.replace(/[.*+?^${}()|[\]\\/]/g, (character) => {
    if (character === '*') return '.*';
    return character === '?' ? '.' : `\\${character}`;
  });
  const glob = new RegExp(`^${source}$`, 's');
  return (name) => glob.test(name);
}
