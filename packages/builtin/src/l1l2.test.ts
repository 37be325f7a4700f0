import { describe, expect, it } from 'vitest';
import '@tensorflow/tfjs-backend-cpu';
import { L1L2, l1l2 } from './l1l2.js';
import { penaltyOf } from '@regularizers/core/testing';
import { M } from './test-values.js';

describe('L1L2', () => {
  it('matches the Keras reference value', () => {
    expect(penaltyOf(new L1L2({ l1: 0.1, l2: 0.2 }), M)).toBeCloseTo(4.352, 6);
  });

  it('defaults to 0 and 0 as a class, and to 0.01 and 0.01 as the l1l2 factory', () => {
    expect(new L1L2().getConfig()).toEqual({ l1: 0, l2: 0 });
    expect(penaltyOf(new L1L2(), M)).toBe(0);
    expect(l1l2().getConfig()).toEqual({ l1: 0.01, l2: 0.01 });
    expect(l1l2({ l1: null }).getConfig()).toEqual({ l1: 0.01, l2: 0.01 });
  });

  it('takes positional factors, as tf.keras l1_l2 does, or a config', () => {
    expect(l1l2(1e-5, 1e-4).getConfig()).toEqual({ l1: 1e-5, l2: 1e-4 });
    expect(l1l2(0.5).getConfig()).toEqual({ l1: 0.5, l2: 0.01 });
    expect(l1l2({ l2: 0 }).getConfig()).toEqual({ l1: 0.01, l2: 0 });
  });

  it('skips a term whose factor is 0, so an infinite weight gives no NaN', () => {
    expect(penaltyOf(new L1L2({ l1: 0, l2: 0.1 }), [Infinity, 1])).toBe(Infinity);
    expect(penaltyOf(new L1L2({ l1: 0.1, l2: 0 }), [Infinity, 1])).toBe(Infinity);
    expect(penaltyOf(new L1L2({ l1: 0, l2: 0 }), [Infinity, Number.NaN])).toBe(0);
    expect(penaltyOf(new L1L2({ l1: 0.1, l2: 0.1 }), [Number.NaN, 1])).toBeNaN();
  });

  it('refuses unknown arguments through the factory too', () => {
    expect(() => l1l2({ l3: 1 } as never)).toThrow(
      'Unknown argument l3 for L1L2, which takes l1, l2. Received: l3=1',
    );
    expect(() => new L1L2({ l1: 0.1, l2: -0.001 })).toThrow('Received: l2=-0.001');
  });
});
