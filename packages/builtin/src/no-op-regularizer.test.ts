import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { InvalidArgumentError, getRegularizer, serializeRegularizer } from '@regularizers/core';
import { penaltyOf } from '@regularizers/core/testing';
import { NoOpRegularizer } from './index.js';

// Keras 3.15.1: keras.regularizers.get('Regularizer') is the base class, whose __call__ returns 0.
describe("NoOpRegularizer, Keras's 'Regularizer'", () => {
  it.each(['Regularizer', 'regularizer'])('is what %j names, as in Keras', (identifier) => {
    expect(getRegularizer(identifier)).toBeInstanceOf(NoOpRegularizer);
  });

  it('gives 0 on any weights, NaN and Infinity included, as Keras does', () => {
    const regularizer = new NoOpRegularizer();
    expect(
      penaltyOf(regularizer, [
        [1, -2],
        [3, 4],
      ]),
    ).toBe(0);
    expect(penaltyOf(regularizer, [Number.NaN, Infinity])).toBe(0);
    expect(penaltyOf(regularizer, [])).toBe(0);
  });

  it('has a zero gradient connected to the weights, leaving nothing behind', () => {
    const x = tf.tensor2d([
      [1, Infinity],
      [Number.NaN, 4],
    ]);
    const tensorsBefore = tf.memory().numTensors;
    const gradient = tf.grad((input: tf.Tensor) => new NoOpRegularizer().apply(input))(x);
    expect(gradient.arraySync()).toEqual([
      [0, 0],
      [0, 0],
    ]);
    gradient.dispose();
    expect(tf.memory().numTensors).toBe(tensorsBefore);
    x.dispose();
  });

  it('saves as Keras reads it back, where Keras itself refuses to save its base class', () => {
    expect(serializeRegularizer(new NoOpRegularizer())).toEqual({
      className: 'Regularizer',
      config: {},
    });
  });

  it('takes no arguments, as Keras (Regularizer() takes no arguments)', () => {
    expect(() => new NoOpRegularizer({ factor: 1 } as never)).toThrow(
      new InvalidArgumentError(
        'factor',
        'Unknown argument factor for Regularizer, which takes no arguments. Received: factor=1',
      ),
    );
  });
});
