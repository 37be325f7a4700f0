import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import * as tfl from '@tensorflow/tfjs-layers';
import {
  protectOptimizerConfig,
  registeredOptimizerClass,
  registeredVariable,
  restoreOptimizerConfig,
  weightName,
} from './tfjs-internals.js';

// Each test pins one thing this package assumes about tfjs and tfjs does not document, through
// real tfjs, and is named after it: when a tfjs release breaks one, the failing test says which.
// This file imports tfjs-internals only, not the package entry.

describe("tfjs's undocumented behaviour this package relies on", () => {
  it('registeredVariable: engine().registeredVariables holds every live variable by name', () => {
    const variable = tf.variable(tf.zeros([2]), true, 'internals/probe');
    expect(registeredVariable('internals/probe')).toBe(variable);
    variable.dispose();
    expect(() => registeredVariable('internals/probe')).toThrow(
      'No variable named "internals/probe" is alive',
    );
  });

  it('weightName: tfjs-layers names a second variable of a taken name <name>_<n>', () => {
    const build = () =>
      tfl.sequential({ layers: [tfl.layers.dense({ units: 1, inputShape: [2], name: 'probe' })] });
    const [first, second] = [build(), build()];
    const names = [first, second].map((model) =>
      model.trainableWeights.map(
        (weight: tfl.LayerVariable) => (weight.read() as unknown as { name: string }).name,
      ),
    );
    expect(names).toEqual([
      ['probe/kernel', 'probe/bias'],
      ['probe/kernel_1', 'probe/bias_1'],
    ]);
    expect(names.flat().map(weightName)).toEqual([
      'probe/kernel',
      'probe/bias',
      'probe/kernel',
      'probe/bias',
    ]);
    first.dispose();
    second.dispose();
  });

  it("registeredOptimizerClass: registerClass's map holds tfjs's optimizers by class name", () => {
    const adam = tf.train.adam(0.1);
    expect(registeredOptimizerClass('Adam')).toBe(adam.constructor);
    expect(registeredOptimizerClass('NoSuchOptimizer')).toBeUndefined();
    expect(registeredOptimizerClass('__proto__')).toBeUndefined();
    adam.dispose();
  });

  it('protectOptimizerConfig: tfjs-layers camelCases the strings and keys of a loaded optimizer config that hold an _', async () => {
    const seen: tf.serialization.ConfigDict[] = [];
    class ConfigProbe extends tf.SGDOptimizer {
      static override get className() {
        return 'WeightDecayConfigProbe';
      }
      override getConfig(): tf.serialization.ConfigDict {
        return {
          learningRate: 0.1,
          raw_key: 'moving_mean',
          ...(protectOptimizerConfig({ kept_key: 'moving_mean' }) as object),
        };
      }
      static override fromConfig<T extends tf.serialization.Serializable>(
        cls: tf.serialization.SerializableConstructor<T>,
        config: tf.serialization.ConfigDict,
      ): T {
        seen.push(config);
        return new cls(0.1);
      }
    }
    tf.serialization.registerClass(ConfigProbe);
    const model = tfl.sequential({ layers: [tfl.layers.dense({ units: 1, inputShape: [2] })] });
    model.compile({ optimizer: new ConfigProbe(0.1), loss: 'meanSquaredError' });
    let saved: tf.io.ModelArtifacts | undefined;
    await model.save(
      tf.io.withSaveHandler((artifacts) => {
        saved = artifacts;
        return Promise.resolve({
          modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' },
        });
      }),
      { includeOptimizer: true },
    );
    const loaded = await tfl.loadLayersModel(tf.io.fromMemory(saved as tf.io.ModelArtifacts));
    const config = seen[0] ?? {};
    expect(config.rawKey).toBe('movingMean'); // what tfjs does to an unprotected config
    expect(restoreOptimizerConfig({ keptKey: config['kept%5Fkey'] })).toEqual({
      keptKey: 'moving_mean',
    });
    expect(restoreOptimizerConfig(config)).toMatchObject({ kept_key: 'moving_mean' });
    model.dispose();
    loaded.dispose();
  });
});

describe('protectOptimizerConfig', () => {
  it('round-trips any string, % and _ included, and refuses deep nesting', () => {
    const config = { a_b: ['x_y', '%5F', '100%', { 'c_%': 1 }], n: 2, z: null };
    const protectedConfig = protectOptimizerConfig(config);
    expect(JSON.stringify(protectedConfig)).not.toContain('_');
    expect(restoreOptimizerConfig(protectedConfig)).toEqual(config);
    let deep: unknown = 'x';
    for (let i = 0; i < 40; i++) deep = [deep];
    expect(() => protectOptimizerConfig(deep)).toThrow('An optimizer config nests deeper than 32.');
  });
});
