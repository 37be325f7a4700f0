import { describe, expect, it } from 'vitest';
import '@tensorflow/tfjs-backend-cpu';
import { L2, l2 } from './l2.js';
import { penaltyOf } from '@regularizers/core/testing';
import { M } from './test-values.js';

const ones = (rows: number, columns: number, value = 1) =>
  Array.from({ length: rows }, () => Array.from({ length: columns }, () => value));

describe('L2', () => {
  it('matches the Keras reference values (no factor of 1/2)', () => {
    expect(penaltyOf(new L2({ l2: 0.1 }), M)).toBeCloseTo(1.496, 6);
    expect(penaltyOf(new L2({ l2: 2 }), ones(5, 5))).toBeCloseTo(50, 5);
    expect(penaltyOf(new L2({ l2: 1 }), ones(4, 4, 10))).toBeCloseTo(1600, 3);
  });

  it('defaults to 0.01, also for undefined and null', () => {
    expect(new L2().l2).toBe(0.01);
    expect(new L2({ l2: null }).l2).toBe(0.01);
  });

  it('builds from a factory given nothing, a number or a config', () => {
    expect(l2().getConfig()).toEqual({ l2: 0.01 });
    expect(l2(1e-4).getConfig()).toEqual({ l2: 1e-4 });
    expect(l2({ l2: 1e-4 }).getConfig()).toEqual({ l2: 1e-4 });
  });

  it('gives 0 on an empty tensor and works on a scalar', () => {
    expect(penaltyOf(new L2({ l2: 1 }), [])).toBe(0);
    expect(penaltyOf(new L2({ l2: 1 }), 3)).toBeCloseTo(9, 6);
  });

  it('refuses unknown arguments and bad factors', () => {
    expect(() => new L2({ l: 0.1 } as never)).toThrow(
      'Unknown argument l for L2, which takes l2. Received: l=0.1',
    );
    expect(() => l2(Number.NaN)).toThrow('Received: l2=NaN');
    expect(() => l2(Infinity)).toThrow('Received: l2=Infinity');
    expect(() => l2(true as never)).toThrow('Received: l2=true');
    expect(() => l2(1e308)).toThrow('fits in float32, at most 3.4028234663852886e+38');
  });
});
