import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { describeValue } from './index.js';
import { Strength } from './test-plugins.js';

describe('describeValue', () => {
  it.each([
    [-0, '-0'],
    [Number.NaN, 'NaN'],
    [10n, '10n'],
    ['abc', '"abc"'],
    [null, 'null'],
    [undefined, 'undefined'],
    [[1, 2], '[1, 2]'],
    [[1, 2, 3, 4, 5, 6], '[1, 2, 3, 4, 5, …]'],
    [{ l2: 0.1, mode: 'rows' }, '{ l2: 0.1, mode: "rows" }'],
    [{}, '{}'],
    [{ a: { b: { c: 1 } } }, '{ a: { b: {…} } }'],
    [new Date(0), 'Date instance'],
    [function myReg() {}, 'function myReg'],
    [Strength, 'class Strength'],
  ])('renders %o as %s', (value, expected) => {
    expect(describeValue(value)).toBe(expected);
  });

  it('renders a tensor by dtype and shape, without reading it', () => {
    const x = tf.zeros([2, 3], 'int32');
    expect(describeValue(x)).toBe('Tensor(int32, [2, 3])');
    x.dispose();
  });

  it('quotes keys that are not identifiers, as an object literal would, so a key cannot pass for syntax', () => {
    expect(describeValue({ 'a b': 1, 'x,\ny': 2, _ok$: 3, '': 4 })).toBe(
      '{ "a b": 1, "x,\\ny": 2, _ok$: 3, "": 4 }',
    );
  });

  it('stays under 80 characters for a huge, deep or cyclic value', () => {
    const cyclic: Record<string, unknown> = { name: 'x'.repeat(500) };
    cyclic.self = cyclic;
    let deep: unknown = 1;
    for (let i = 0; i < 10_000; i++) deep = [deep];
    for (const value of [cyclic, deep, 'y'.repeat(10_000), Array.from({ length: 1e5 }, () => 1)]) {
      expect(describeValue(value).length).toBeLessThanOrEqual(80);
    }
  });
});
