import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import * as tfl from '@tensorflow/tfjs-layers';
import { computePenalty, serializeRegularizer } from '@regularizers/core';
import type { Regularizer, RegularizerFunction } from '@regularizers/core';
import { layers } from '@regularizers/tfjs-adapter';
import { saveAndLoad } from '@regularizers/tfjs-adapter/testing';
import { GroupLasso, KLSparsity, MyRegularizer, myRegularizer } from './index.js';

type Slot = 'kernelRegularizer' | 'activityRegularizer';
type WithSlots = tfl.layers.Layer & {
  regularizerFor(slot: string): { regularizer: Regularizer } | null;
};

/** A two-layer model whose first layer holds the plugin in the given slot. */
function buildModel(slot: Slot, plugin: Regularizer | RegularizerFunction): tfl.Sequential {
  return tfl.sequential({
    layers: [
      layers.dense({
        units: 4,
        inputShape: [3],
        activation: 'sigmoid',
        kernelInitializer: tfl.initializers.glorotUniform({ seed: 3 }),
        [slot]: plugin,
      }),
      layers.dense({ units: 2, kernelInitializer: tfl.initializers.glorotUniform({ seed: 4 }) }),
    ],
  });
}

/** The model's penalties after one eager call on fixed data, with its own weights. */
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

/** The penalty of the regularizer itself on fixed activations in (0, 1). */
function directPenalty(regularizer: Regularizer): number {
  return tf.tidy(() => {
    const x = tf.tensor2d([0.1, 0.7, 0.3, 0.05, 0.6, 0.2], [2, 3]);
    return computePenalty(regularizer, x).dataSync()[0] ?? Number.NaN;
  });
}

async function viaModelJSON(model: tfl.LayersModel): Promise<tfl.LayersModel> {
  const loaded = await tfl.models.modelFromJSON(model.toJSON(undefined, false) as never);
  loaded.setWeights(model.getWeights());
  return loaded;
}

async function viaSaveAndLoad(model: tfl.LayersModel): Promise<tfl.LayersModel> {
  return (await saveAndLoad(model)).loaded;
}

const plugins: Array<[string, Slot, Regularizer | RegularizerFunction]> = [
  ['MyRegularizer', 'kernelRegularizer', new MyRegularizer({ strength: 0.3 })],
  ['myRegularizer', 'kernelRegularizer', myRegularizer],
  ['GroupLasso', 'kernelRegularizer', new GroupLasso({ factor: 0.2, axis: 'columns' })],
  ['KLSparsity', 'activityRegularizer', new KLSparsity({ rho: 0.1, beta: 3 })],
];

describe.each([
  ['toJSON and modelFromJSON', viaModelJSON],
  ['save to memory and loadLayersModel', viaSaveAndLoad],
])('round trip through %s', (_, roundTrip) => {
  it.each(plugins)(
    'keeps %s in the %s slot, with its config and penalty',
    async (__, slot, plugin) => {
      const before = tf.memory().numTensors;
      const model = buildModel(slot, plugin);
      const expected = penalties(model);
      const written = JSON.stringify(model.toJSON(undefined, false));
      const loaded = await roundTrip(model);

      const original = (model.layers[0] as WithSlots).regularizerFor(slot)?.regularizer;
      const reloaded = (loaded.layers[0] as WithSlots).regularizerFor(slot)?.regularizer;
      if (original === undefined || reloaded === undefined) throw new Error(`no ${slot}`);
      expect(reloaded).not.toBe(original);
      expect(reloaded.constructor).toBe(original.constructor);
      expect(reloaded.getConfig?.()).toEqual(original.getConfig?.());
      expect(serializeRegularizer(reloaded)).toEqual(serializeRegularizer(original));
      expect(directPenalty(reloaded)).toBeCloseTo(directPenalty(original), 6);

      expect(JSON.stringify(loaded.toJSON(undefined, false))).toBe(written);
      const actual = penalties(loaded);
      expect(actual).toHaveLength(1);
      expect(actual[0]).toBeGreaterThan(0);
      expect(actual[0]).toBeCloseTo(expected[0] ?? Number.NaN, 5);

      model.dispose();
      loaded.dispose();
      expect(tf.memory().numTensors).toBe(before);
    },
  );
});

it('keeps the underscore of Examples>my_regularizer through tfjs case conversion', async () => {
  const model = buildModel('kernelRegularizer', myRegularizer);
  const loaded = await viaSaveAndLoad(model);
  const reloaded = (loaded.layers[0] as WithSlots).regularizerFor('kernelRegularizer');
  expect(serializeRegularizer(reloaded?.regularizer as Regularizer)).toEqual({
    className: 'Examples>my_regularizer',
    config: {},
  });
  model.dispose();
  loaded.dispose();
});
