import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import * as tfl from '@tensorflow/tfjs-layers';
import { l1 } from '@regularizers/builtin';
import { layers } from './index.js';
import { saveAndLoad, saveToMemory } from './testing.js';

function model(): tfl.Sequential {
  return tfl.sequential({
    layers: [layers.dense({ units: 2, inputShape: [3], kernelRegularizer: l1(0.5) })],
  });
}

describe('@regularizers/tfjs-adapter/testing', () => {
  it('saveToMemory returns what model.save writes: the topology, the weight specs and the weights', async () => {
    const original = model();
    const artifacts = await saveToMemory(original);
    const topology = artifacts.modelTopology as { config: { layers: { config: object }[] } };
    expect(topology.config.layers[0]?.config).toMatchObject({
      kernel_regularizer: { class_name: 'L1', config: { l1: 0.5 } },
    });
    expect(artifacts.weightSpecs?.map(({ name, shape }) => [name, shape])).toEqual(
      original.weights.map((weight) => [weight.name, weight.shape]),
    );
    expect(new Float32Array(artifacts.weightData as ArrayBuffer)).toEqual(
      new Float32Array(original.getWeights().flatMap((weight) => Array.from(weight.dataSync()))),
    );
    original.dispose();
  });

  it('saveAndLoad loads a new model with the same weights and penalty, from the artifacts it returns', async () => {
    const before = tf.memory().numTensors;
    const original = model();
    const { loaded, artifacts } = await saveAndLoad(original);
    expect(loaded).not.toBe(original);
    expect(loaded.toJSON(undefined, false)).toEqual(artifacts.modelTopology);
    const kernel = (m: tfl.LayersModel) => Array.from(m.getWeights()[0]?.dataSync() ?? []);
    expect(kernel(loaded)).toEqual(kernel(original));
    const penalty = (m: tfl.LayersModel) =>
      tf.tidy(() => m.layers[0]?.calculateLosses()[0]?.dataSync()[0] ?? Number.NaN);
    const sumAbs = kernel(original).reduce((sum, value) => sum + Math.abs(value), 0);
    expect(penalty(loaded)).toBeCloseTo(0.5 * sumAbs, 5);
    original.dispose();
    loaded.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});
