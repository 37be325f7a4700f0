import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { InvalidArgumentError, PenaltyError } from '@regularizers/core';
import { layers } from './index.js';

describe('a bad regularizer slot', () => {
  it.each([
    [
      42,
      /Invalid kernelRegularizer for the Dense layer "named": Could not interpret regularizer identifier: 42\./,
    ],
    [
      {},
      /Invalid kernelRegularizer for the Dense layer "named": Could not interpret regularizer identifier: \{\}\./,
    ],
    [
      'l3',
      /Invalid kernelRegularizer for the Dense layer "named": Unknown regularizer "l3". Registered names: .*L1, L1L2, L2/,
    ],
    [true, /Could not interpret regularizer identifier: true/],
  ])(
    '%j is refused when the layer is built, naming the layer, the slot and the value',
    (value, message) => {
      const before = tf.memory().numTensors;
      let caught: unknown;
      try {
        layers.dense({ units: 2, name: 'named', kernelRegularizer: value as never });
      } catch (error) {
        caught = error;
      }
      expect(InvalidArgumentError.isInstance(caught)).toBe(true);
      expect((caught as InvalidArgumentError).argument).toBe('kernelRegularizer');
      expect((caught as Error).message).toMatch(message);
      expect(tf.memory().numTensors).toBe(before);
    },
  );

  it('names an unnamed layer by its class', () => {
    expect(() => layers.lstm({ units: 2, recurrentRegularizer: 'l3' })).toThrow(
      /^Invalid recurrentRegularizer for the LSTM layer: Unknown regularizer "l3"/,
    );
  });

  it('reports a regularizer whose apply throws with the layer, the slot and the cause', () => {
    const before = tf.memory().numTensors;
    const layer = layers.dense({
      units: 2,
      name: 'failing',
      biasRegularizer: () => {
        throw new Error('boom');
      },
    });
    tf.tidy(() => {
      layer.apply(tf.ones([1, 3]));
    });
    let caught: unknown;
    try {
      layer.calculateLosses();
    } catch (error) {
      caught = error;
    }
    expect(PenaltyError.isInstance(caught)).toBe(true);
    expect((caught as Error).message).toBe(
      'The regularizer in Dense layer "failing", biasRegularizer failed: boom',
    );
    layer.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('refuses an activity regularizer on the layer inside a bidirectional, saying where to put it', () => {
    const before = tf.memory().numTensors;
    expect(() =>
      layers.bidirectional({ layer: layers.lstm({ units: 2, activityRegularizer: 'l2' }) }),
    ).toThrow(
      /The layer wrapped by the Bidirectional layer has an activityRegularizer.*Give the Bidirectional layer itself the activityRegularizer instead/,
    );
    expect(tf.memory().numTensors).toBe(before);
  });
});
