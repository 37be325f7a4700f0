import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { ModelJsonError, modelFromKerasJSON } from '../index.js';
import { beforeTfjsBuilds, buildCheckedLoad } from './checked-load.js';
import type { JsonObject } from './json-object.js';

let tensorsBefore = 0;
beforeEach(() => {
  tensorsBefore = tf.memory().numTensors;
});
afterEach(() => {
  expect(tf.memory().numTensors).toBe(tensorsBefore);
});

const hostile: JsonObject = {
  layers: [
    { class_name: 'Dense', config: { name: 'a', units: 4, batch_input_shape: [null, 8] } },
    { class_name: 'Dense', config: { name: 'b', units: 1e9 } },
  ],
};

describe('beforeTfjsBuilds', () => {
  it('applies the default budget to a model tfjs loads by itself', () => {
    expect(() => beforeTfjsBuilds('Sequential', hostile)).toThrow(ModelJsonError);
    expect(beforeTfjsBuilds('Sequential', { layers: [] }, true)).toBe(true);
  });

  it('leaves a load of modelFromKerasJSON to its own budget, with its fast weight initialization', () => {
    expect(
      buildCheckedLoad({ fastWeightInit: false }, () => beforeTfjsBuilds('Sequential', hostile)),
    ).toBe(false);
    expect(
      buildCheckedLoad({ fastWeightInit: true }, () => beforeTfjsBuilds('Sequential', hostile)),
    ).toBe(true);
    expect(
      buildCheckedLoad({ fastWeightInit: false }, () => beforeTfjsBuilds('Model', {}, true)),
    ).toBe(true);
  });
});

describe('modelFromKerasJSON with fastWeightInit', () => {
  const recurrent = (className: string): JsonObject => ({
    class_name: 'Sequential',
    config: {
      layers: [
        {
          class_name: className,
          config: {
            name: 'rnn',
            units: 4,
            unit_forget_bias: true,
            batch_input_shape: [null, 3, 2],
          },
        },
        { class_name: 'Dense', config: { name: 'out', units: 2, bias_initializer: 'ones' } },
      ],
    },
  });
  const functional: JsonObject = {
    class_name: 'Model',
    config: {
      name: 'graph',
      layers: [
        {
          class_name: 'InputLayer',
          name: 'in',
          config: { name: 'in', batch_input_shape: [null, 3] },
          inbound_nodes: [],
        },
        {
          class_name: 'Dense',
          name: 'd',
          config: { name: 'd', units: 2, bias_initializer: 'ones' },
          inbound_nodes: [[['in', 0, 0, {}]]],
        },
      ],
      input_layers: [['in', 0, 0]],
      output_layers: [['d', 0, 0]],
    },
  };

  /** Whether every weight of the model loaded with these options holds only zeros. */
  async function allZeros(json: JsonObject, fastWeightInit?: boolean): Promise<boolean> {
    const model = await modelFromKerasJSON(
      json,
      fastWeightInit === undefined ? {} : { fastWeightInit },
    );
    const zeros = model.weights.every((weight) =>
      weight
        .read()
        .dataSync()
        .every((value) => value === 0),
    );
    model.dispose();
    return zeros;
  }

  it.each([
    ['an LSTM and a Dense', recurrent('LSTM')],
    ['a GRU and a Dense', recurrent('GRU')],
    ['a functional model', functional],
  ])('starts every weight of %s at zero, and initializes them without it', async (_, json) => {
    expect(await allZeros(json, true)).toBe(true);
    expect(await allZeros(json, false)).toBe(false);
    expect(await allZeros(json)).toBe(false);
  });
});
