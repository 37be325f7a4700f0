import { describe, expect, it } from 'vitest';
import { NEAR_ZERO, nearZeroShare } from './near-zero.js';

describe('nearZeroShare', () => {
  it('counts the values strictly below the threshold in absolute value', () => {
    expect(nearZeroShare([0, 0.005, -0.009, 0.01, -0.02, 1, -1, 0.0099], 0.01)).toBe(4 / 8);
  });

  it('uses the demo threshold by default and reads typed arrays', () => {
    expect(NEAR_ZERO).toBe(0.01);
    expect(nearZeroShare(new Float32Array([0, 0.5, -0.001, 2]))).toBe(0.5);
  });

  it('counts NaN as not near zero, and gives 0 for no values', () => {
    expect(nearZeroShare([Number.NaN, 0])).toBe(0.5);
    expect(nearZeroShare([])).toBe(0);
  });

  it('refuses a threshold that is not positive', () => {
    expect(() => nearZeroShare([1], 0)).toThrow(RangeError);
    expect(() => nearZeroShare([1], Number.NaN)).toThrow(RangeError);
  });
});
