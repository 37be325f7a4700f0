import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { PenaltyError, computePenalty } from '@regularizers/core';
import { myRegularizer } from './my-regularizer-function.js';

describe('myRegularizer', () => {
  it("computes the Keras page's 1e-3 * sum(square(x)) as a float32 scalar", () => {
    const before = tf.memory().numTensors;
    const x = tf.tensor2d([
      [10, -20],
      [0, 30],
    ]);
    const penalty = myRegularizer(x);
    expect(penalty.rank).toBe(0);
    expect(penalty.dtype).toBe('float32');
    expect(penalty.dataSync()[0]).toBeCloseTo(1.4, 5);
    tf.dispose([x, penalty]);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('is a regularizer as it is, and casts an integer tensor', () => {
    const x = tf.tensor1d([10, -20], 'int32');
    const penalty = computePenalty(myRegularizer, x);
    expect(penalty.dataSync()[0]).toBeCloseTo(0.5, 6);
    tf.dispose([x, penalty]);
  });

  it('names itself when given a non-tensor', () => {
    expect(() => myRegularizer([1, 2] as never)).toThrow(PenaltyError);
    expect(() => myRegularizer([1, 2] as never)).toThrow(
      'my_regularizer must be applied to a tensor. Received: [1, 2]',
    );
  });
});
