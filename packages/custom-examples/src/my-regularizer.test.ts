import { describe, expect, it } from 'vitest';
import '@tensorflow/tfjs-backend-cpu';
import { InvalidArgumentError, PenaltyError } from '@regularizers/core';
import { MyRegularizer } from './my-regularizer.js';
import { penaltyOf } from '@regularizers/core/testing';

describe('MyRegularizer', () => {
  it("computes the Keras page's strength * sum(square(x))", () => {
    expect(penaltyOf(new MyRegularizer({ strength: 0.1 }), [1, -2])).toBeCloseTo(0.5, 6);
    expect(
      penaltyOf(new MyRegularizer({ strength: 2 }), [
        [1, 2],
        [3, -4],
      ]),
    ).toBeCloseTo(60, 4);
    expect(penaltyOf(new MyRegularizer({ strength: 0 }), [5, 6])).toBe(0);
  });

  it('returns exactly its constructor arguments as config, and defaults to 0.01', () => {
    expect(new MyRegularizer({ strength: 0.009999999776482582 }).getConfig()).toEqual({
      strength: 0.009999999776482582,
    });
    expect(new MyRegularizer().getConfig()).toEqual({ strength: 0.01 });
    expect(new MyRegularizer({}).strength).toBe(0.01);
  });

  it('casts an integer tensor to float32', () => {
    expect(penaltyOf(new MyRegularizer({ strength: 0.5 }), [1, -2, 3], 'int32')).toBeCloseTo(7, 6);
  });

  it('refuses an unknown argument, a bad strength and a non-tensor, naming them', () => {
    expect(() => new MyRegularizer({ l2: 0.1 } as never)).toThrow(
      new InvalidArgumentError(
        'l2',
        'Unknown argument l2 for MyRegularizer, which takes strength. Received: l2=0.1',
      ),
    );
    expect(() => new MyRegularizer({ strength: -1 })).toThrow(
      'Invalid value for argument strength: expected a non-negative finite number. Received: strength=-1',
    );
    expect(() => new MyRegularizer({ strength: Number.NaN })).toThrow(InvalidArgumentError);
    expect(() => new MyRegularizer().apply([1, 2] as never)).toThrow(PenaltyError);
    expect(() => new MyRegularizer().apply([1, 2] as never)).toThrow(
      'MyRegularizer must be applied to a tensor. Received: [1, 2]',
    );
  });
});
