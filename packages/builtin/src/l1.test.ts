import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { InvalidArgumentError, PenaltyError } from '@regularizers/core';
import { L1, l1 } from './l1.js';
import { penaltyOf } from '@regularizers/core/testing';
import { M } from './test-values.js';

describe('L1', () => {
  it('matches the Keras reference values', () => {
    expect(penaltyOf(new L1({ l1: 0.1 }), M)).toBeCloseTo(1.36, 6);
    expect(penaltyOf(new L1({ l1: 1 }), tf.fill([4, 4], 10).arraySync() as number[][])).toBeCloseTo(
      160,
      4,
    );
  });

  it('defaults to 0.01, also for undefined and null', () => {
    expect(new L1().l1).toBe(0.01);
    expect(new L1({ l1: undefined }).l1).toBe(0.01);
    expect(new L1({ l1: null }).l1).toBe(0.01);
  });

  it('builds from a factory given nothing, a number or a config', () => {
    expect(l1().l1).toBe(0.01);
    expect(l1(0.05).l1).toBe(0.05);
    expect(l1({ l1: 0.05 }).l1).toBe(0.05);
    expect(l1(null).l1).toBe(0.01);
  });

  it('returns exactly its constructor arguments as config', () => {
    expect(new L1({ l1: 0.009999999776482582 }).getConfig()).toEqual({ l1: 0.009999999776482582 });
  });

  it('casts an integer tensor to float32', () => {
    expect(penaltyOf(new L1({ l1: 0.5 }), [1, -2, 3], 'int32')).toBeCloseTo(3, 6);
  });

  it('propagates NaN and Infinity from the weights', () => {
    expect(penaltyOf(new L1(), [1, Number.NaN])).toBeNaN();
    expect(penaltyOf(new L1(), [1, -Infinity])).toBe(Infinity);
  });

  it('refuses an unknown argument, a bad factor and a non-tensor, naming them', () => {
    expect(() => new L1({ l2: 0.1 } as never)).toThrow(
      new InvalidArgumentError(
        'l2',
        'Unknown argument l2 for L1, which takes l1. Received: l2=0.1',
      ),
    );
    expect(() => l1(-1)).toThrow(
      'Invalid value for argument l1: expected a non-negative finite number. Received: l1=-1',
    );
    expect(() => l1('0.1' as never)).toThrow('Received: l1="0.1"');
    expect(() => new L1().apply([1, 2] as never)).toThrow(PenaltyError);
    expect(() => new L1().apply([1, 2] as never)).toThrow(
      'L1 must be applied to a tensor. Received: [1, 2]',
    );
  });
});
