import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from './errors/index.js';
import { namePatternTest } from './name-pattern.js';

describe('namePatternTest', () => {
  it.each([
    ['dense*', 'dense', true],
    ['dense*', 'dense_1', true],
    ['dense*', 'my_dense', false],
    ['*bias', 'dense_1/bias', true],
    ['conv?d', 'conv2d', true],
    ['conv?d', 'conv12d', false],
    ['a.b', 'a.b', true],
    ['a.b', 'axb', false],
    ['(x)+[y]', '(x)+[y]', true],
    ['kernel', 'dense/kernel', false],
  ])('glob %s on %s: %s', (glob, name, matches) => {
    expect(namePatternTest('match', glob)(name)).toBe(matches);
  });

  it('searches a RegExp anywhere in the name, ignoring the g and y flags', () => {
    const test = namePatternTest('match', /lstm|gru/gy);
    expect(test('encoder_lstm')).toBe(true);
    expect(test('encoder_lstm')).toBe(true); // no lastIndex carried over
    expect(test('dense')).toBe(false);
    expect(namePatternTest('match', /^DENSE/i)('dense_2')).toBe(true);
  });

  it.each([[''], [3], [null], [['dense']]])('refuses %j, naming the argument', (pattern) => {
    expect(() => namePatternTest('exclude', pattern)).toThrow(InvalidArgumentError);
    expect(() => namePatternTest('exclude', pattern)).toThrow(
      /^Invalid value for argument exclude: expected a glob string \(such as 'dense\*'\) or a RegExp\. Received: exclude=/,
    );
  });
});
