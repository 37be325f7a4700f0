import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import * as tfl from '@tensorflow/tfjs-layers';
import { L1, L1L2, OrthogonalRegularizer, l2 } from '@regularizers/builtin';
import {
  checkArguments,
  checkFactor,
  registerRegularizer,
  unregisterRegularizer,
} from '@regularizers/core';
import { layers } from './index.js';
import { saveAndLoad } from './testing.js';

/** A registered plugin class, as a third party would write one. */
class Scaled {
  static readonly className = 'Scaled';
  readonly scale: number;
  constructor(config?: { scale?: number }) {
    this.scale = checkFactor('scale', checkArguments('Scaled', config, ['scale']).scale ?? 1);
  }
  apply(x: tf.Tensor): tf.Scalar {
    return tf.tidy(() => tf.mul(this.scale, tf.sum(tf.square(x))));
  }
  getConfig() {
    return { scale: this.scale };
  }
}

/** A registered plugin function, with the underscore that tfjs's loader would mangle. */
function my_penalty(x: tf.Tensor): tf.Scalar {
  return tf.tidy(() => tf.mul(1e-3, tf.sum(tf.abs(x))));
}

beforeAll(() => {
  registerRegularizer(Scaled, { package: 'SaveLoad' });
  registerRegularizer(my_penalty, { package: 'SaveLoad' });
});
afterAll(() => {
  unregisterRegularizer('SaveLoad>Scaled');
  unregisterRegularizer('SaveLoad>my_penalty');
});

/** A model with every kind of slot content: built-ins, a plugin class and function, and activity. */
function buildModel(): tfl.Sequential {
  return tfl.sequential({
    layers: [
      layers.dense({
        units: 4,
        inputShape: [3],
        kernelRegularizer: new L1L2({ l1: 0.01, l2: 0.02 }),
        biasRegularizer: l2(0.5),
        biasInitializer: 'ones',
        activityRegularizer: new L1({ l1: 0.1 }),
      }),
      layers.dense({
        units: 3,
        kernelRegularizer: new Scaled({ scale: 0.3 }),
        biasRegularizer: my_penalty,
      }),
      layers.dense({
        units: 2,
        kernelRegularizer: new OrthogonalRegularizer({ factor: 0.5, mode: 'columns' }),
      }),
    ],
  });
}

/** Every penalty after one eager call on fixed data, with the model's own weights. */
function penalties(model: tfl.LayersModel): number[] {
  return tf.tidy(() => {
    model.predict(
      tf.tensor2d([
        [1, -2, 3],
        [0.5, 0, -1],
      ]),
    );
    return model.calculateLosses().map((loss) => loss.dataSync()[0] ?? Number.NaN);
  });
}

describe('save and load', () => {
  it.each([
    [
      'toJSON and modelFromJSON',
      async (model: tfl.LayersModel) => {
        const loaded = await tfl.models.modelFromJSON(model.toJSON(undefined, false) as never);
        loaded.setWeights(model.getWeights());
        return loaded;
      },
    ],
    [
      'save to memory and loadLayersModel',
      async (model: tfl.LayersModel) => (await saveAndLoad(model)).loaded,
    ],
  ])(
    'round-trips built-ins, a plugin class and a plugin function through %s',
    async (_, roundTrip) => {
      const before = tf.memory().numTensors;
      const model = buildModel();
      const expected = penalties(model);
      const written = JSON.stringify(model.toJSON(undefined, false));
      const loaded = await roundTrip(model);
      expect(JSON.stringify(loaded.toJSON(undefined, false))).toBe(written);
      const actual = penalties(loaded);
      expect(actual).toHaveLength(expected.length);
      actual.forEach((value, i) => {
        expect(value).toBeCloseTo(expected[i] ?? Number.NaN, 5);
      });
      model.dispose();
      loaded.dispose();
      expect(tf.memory().numTensors).toBe(before);
    },
  );

  it('writes the activity regularizer, which stock tfjs cannot load', () => {
    const model = buildModel();
    const json = model.toJSON(undefined, false) as {
      config: { layers: Array<{ config: Record<string, unknown> }> };
    };
    expect(json.config.layers[0]?.config.activity_regularizer).toEqual({
      class_name: 'L1',
      config: { l1: 0.1 },
    });
    expect(json.config.layers[1]?.config.kernel_regularizer).toEqual({
      class_name: 'SaveLoad>Scaled',
      config: { scale: 0.3 },
    });
    expect(json.config.layers[1]?.config.bias_regularizer).toEqual({
      class_name: 'SaveLoad>my~penalty',
      config: {},
    });
    model.dispose();
  });

  it('refuses to save a model whose regularizer could not be loaded back', async () => {
    const model = tfl.sequential({
      layers: [
        layers.dense({ units: 1, inputShape: [2], kernelRegularizer: (x: tf.Tensor) => tf.sum(x) }),
      ],
    });
    expect(() => model.toJSON()).toThrow(
      /is not registered, so a saved model could not load it back/,
    );
    await expect(saveAndLoad(model)).rejects.toThrow(/registerRegularizer/);
    model.dispose();
  });
});
