import { describe, expect, it } from 'vitest';
import { histogram, symmetricRange } from './histogram.js';

describe('histogram', () => {
  it('bins values into equal-width bins, the lower edge included', () => {
    const { counts } = histogram([0, 0.24, 0.25, 0.5, 0.74, 0.75, 0.99], { min: 0, max: 1 }, 4);
    expect(counts).toEqual([2, 1, 2, 2]);
  });

  it('puts the maximum in the last bin, and clamps values outside the range', () => {
    const { counts } = histogram([1, -5, 7, -1], { min: -1, max: 1 }, 2);
    expect(counts).toEqual([2, 2]);
  });

  it('leaves out values that are not finite, and counts every finite one once', () => {
    const values = [Number.NaN, Number.POSITIVE_INFINITY, 0.1, 0.2, -0.3];
    const { counts } = histogram(values, { min: -1, max: 1 }, 5);
    expect(counts.reduce((a, b) => a + b)).toBe(3);
  });

  it('bins a symmetric range with an odd count so that 0 has a bin of its own', () => {
    const { counts } = histogram([0, 0.01, -0.01, 0.5], { min: -1, max: 1 }, 41);
    expect(counts[20]).toBe(3);
    expect(counts).toHaveLength(41);
  });

  it('refuses a bad bin count or range', () => {
    expect(() => histogram([1], { min: 0, max: 1 }, 0)).toThrow(RangeError);
    expect(() => histogram([1], { min: 0, max: 1 }, 2.5)).toThrow(RangeError);
    expect(() => histogram([1], { min: 1, max: 1 }, 2)).toThrow(RangeError);
    expect(() => histogram([1], { min: 0, max: Number.NaN }, 2)).toThrow(RangeError);
  });
});

describe('symmetricRange', () => {
  it('spans the largest magnitude of every list, around 0', () => {
    expect(symmetricRange([[0.2, -0.7], new Float32Array([0.5])])).toEqual({ min: -0.7, max: 0.7 });
  });

  it('is [-1, 1] when there is nothing but zeros or non-finite values', () => {
    expect(symmetricRange([[0, Number.NaN], []])).toEqual({ min: -1, max: 1 });
  });
});
