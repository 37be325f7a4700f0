import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import * as tfl from '@tensorflow/tfjs-layers';
import { L1L2, l1l2, l2 } from '@regularizers/builtin';
import {
  ExponentialDecay,
  checkArguments,
  checkFactor,
  checkOneOf,
  registerRegularizer,
  unregisterRegularizer,
} from '@regularizers/core';
import { sumAbs, sumSquares } from '@regularizers/core/testing';
import { layers, toTfjs } from './index.js';
import type { TfjsRegularizer } from './index.js';
import { saveAndLoad } from './testing.js';

let tensorsBefore: number;
beforeEach(() => {
  tensorsBefore = tf.memory().numTensors;
});
afterEach(() => {
  expect(tf.memory().numTensors).toBe(tensorsBefore);
});

/** The independent expectation: l1 * sum|w| + l2 * sum w², with plain loops. */
function l1l2Of(values: ArrayLike<number>, l1: number, l2: number): number {
  return l1 * sumAbs(values) + l2 * sumSquares(values);
}

/** Builds a layer on a [2, 3] input and returns its total penalty and kernel values. */
function penaltyAndKernel(layer: tfl.layers.Layer): { penalty: number; kernel: Float32Array } {
  return tf.tidy(() => {
    layer.apply(tf.ones([2, 3]));
    const losses = layer.calculateLosses();
    const penalty = losses.length === 0 ? 0 : (tf.addN(losses).dataSync()[0] ?? Number.NaN);
    const kernel = layer.getWeights()[0]?.dataSync() as Float32Array;
    return { penalty, kernel };
  });
}

/** A plugin whose name and config do not survive tfjs's case conversion unprotected. */
class SomeReg {
  static readonly className = 'Some_Reg';
  readonly factor: number;
  readonly mode: 'L1Mode' | 'L2Mode';
  constructor(config?: { factor?: number; mode?: string }) {
    const args = checkArguments('Some_Reg', config, ['factor', 'mode']);
    this.factor = checkFactor('factor', args.factor ?? 0.1);
    this.mode = checkOneOf('mode', args.mode ?? 'L1Mode', ['L1Mode', 'L2Mode']);
  }
  apply(x: tf.Tensor): tf.Scalar {
    return tf.tidy(() =>
      tf.mul(this.factor, tf.sum(this.mode === 'L1Mode' ? tf.abs(x) : tf.square(x))),
    );
  }
  getConfig() {
    return { factor: this.factor, mode: this.mode };
  }
}

describe('toTfjs', () => {
  it('makes our regularizers, plain functions and names acceptable to stock tfjs layers', () => {
    const ours = tfl.layers.dense({
      units: 4,
      kernelRegularizer: toTfjs(l1l2({ l1: 1e-2, l2: 1e-1 })),
    });
    const fn = tfl.layers.dense({
      units: 4,
      kernelRegularizer: toTfjs((x: tf.Tensor) => tf.mul(1e-3, tf.sum(tf.square(x)))),
    });
    const named = tfl.layers.dense({ units: 4, kernelRegularizer: toTfjs('l2') });
    for (const [layer, l1, l2Factor] of [
      [ours, 1e-2, 1e-1],
      [fn, 0, 1e-3],
      [named, 0, 0.01],
    ] as const) {
      const { penalty, kernel } = penaltyAndKernel(layer);
      expect(penalty).toBeCloseTo(l1l2Of(kernel, l1, l2Factor), 6);
      layer.dispose();
    }
  });

  it('returns tfjs regularizers as they are, and null for nothing', () => {
    const stock = tfl.regularizers.l1l2({ l1: 0.1 });
    expect(toTfjs(stock)).toBe(stock);
    expect(toTfjs(null)).toBeNull();
    expect(toTfjs(undefined)).toBeNull();
  });

  it('saves under our registered name and config', () => {
    const regularizer = toTfjs(new L1L2({ l1: 0.1, l2: 0.2 }));
    expect(regularizer.getClassName()).toBe('L1L2');
    expect(regularizer.getConfig()).toEqual({ l1: 0.1, l2: 0.2 });
  });
});

describe('stock tfjs keeps its meaning', () => {
  it.each([
    ['the string l1l2', 'l1l2'],
    ['{ className: L1L2, config: {} }', { className: 'L1L2', config: {} }],
    ['a tf.regularizers.l1l2() object', tfl.regularizers.l1l2()],
  ])('%s means l1 = l2 = 0.01 in a stock layer', (_, identifier) => {
    const layer = tfl.layers.dense({ units: 3, kernelRegularizer: identifier as never });
    const { penalty, kernel } = penaltyAndKernel(layer);
    expect(penalty).toBeCloseTo(l1l2Of(kernel, 0.01, 0.01), 6);
    layer.dispose();
  });

  it('lets tf.regularizers objects into our layers too', () => {
    const layer = layers.dense({ units: 3, kernelRegularizer: tfl.regularizers.l2({ l2: 0.5 }) });
    const { penalty, kernel } = penaltyAndKernel(layer);
    expect(penalty).toBeCloseTo(l1l2Of(kernel, 0, 0.5), 5);
    layer.dispose();
  });
});

describe('loading after import', () => {
  it('loads a plugin registered after the adapter was imported, by tfjs name and from JSON', async () => {
    class Late {
      static readonly className = 'Late';
      apply(x: tf.Tensor): tf.Scalar {
        return tf.tidy(() => tf.mul(2, tf.sum(tf.abs(x))));
      }
      getConfig() {
        return {};
      }
    }
    registerRegularizer(Late, { package: 'LatePkg' });
    const stock = tfl.layers.dense({ units: 3, kernelRegularizer: 'LatePkg>Late' });
    const { penalty, kernel } = penaltyAndKernel(stock);
    expect(penalty).toBeCloseTo(l1l2Of(kernel, 2, 0), 5);

    const model = tfl.sequential({
      layers: [layers.dense({ units: 2, inputShape: [3], kernelRegularizer: new Late() })],
    });
    const loaded = await tfl.models.modelFromJSON(model.toJSON(undefined, false) as never);
    const reloaded = loaded.layers[0] as tfl.layers.Layer & {
      regularizerFor(slot: string): unknown;
    };
    expect(reloaded.regularizerFor('kernelRegularizer')).toMatchObject({
      regularizer: expect.any(Late) as unknown,
    });
    stock.dispose();
    model.dispose();
    loaded.dispose();
    unregisterRegularizer('LatePkg>Late');
  });

  it("never hands tfjs's injected customObjects key to our classes", () => {
    const [cls, fromConfig] = tf.serialization.SerializationMap.getMap().classNameMap.L2 ?? [];
    const built = fromConfig?.(cls as never, { l2: 0.25, customObjects: {} }) as TfjsRegularizer;
    expect(built.getConfig()).toEqual({ l2: 0.25 });
  });
});

describe('names and strings survive tfjs case conversion', () => {
  beforeEach(() => {
    registerRegularizer(SomeReg, { package: 'My_pkg' });
  });
  afterEach(() => {
    unregisterRegularizer('My_pkg>Some_Reg');
  });

  async function roundTrips(model: tfl.LayersModel): Promise<tfl.LayersModel[]> {
    const fromJson = await tfl.models.modelFromJSON(model.toJSON(undefined, false) as never);
    const { loaded: fromSave } = await saveAndLoad(model);
    return [fromJson, fromSave];
  }

  it('round-trips My_pkg>Some_Reg with mode L1Mode through toJSON and through save', async () => {
    const model = tfl.sequential({
      layers: [
        layers.dense({
          units: 2,
          inputShape: [3],
          kernelRegularizer: new SomeReg({ factor: 0.3, mode: 'L1Mode' }),
        }),
        tfl.layers.dense({
          units: 1,
          kernelRegularizer: toTfjs(new SomeReg({ factor: 0.2, mode: 'L2Mode' })),
        }),
      ],
    });
    const written = JSON.stringify(model.toJSON(undefined, false));
    for (const loaded of await roundTrips(model)) {
      expect(JSON.stringify(loaded.toJSON(undefined, false))).toBe(written);
      for (const [index, expected] of [
        [0, { factor: 0.3, mode: 'L1Mode' }],
        [1, { factor: 0.2, mode: 'L2Mode' }],
      ] as const) {
        const layer = loaded.layers[index] as tfl.layers.Layer & {
          regularizerFor(slot: string): { regularizer: unknown };
        };
        const regularizer = layer.regularizerFor('kernelRegularizer').regularizer;
        expect(regularizer).toBeInstanceOf(SomeReg);
        expect(regularizer).toMatchObject(expected);
      }
      loaded.dispose();
    }
    model.dispose();
  });

  it('writes a scheduled factor readably, and loads it back', async () => {
    const decay = new ExponentialDecay({ initialLearningRate: 0.5, decaySteps: 2, decayRate: 0.5 });
    const model = tfl.sequential({
      layers: [layers.dense({ units: 2, inputShape: [3], kernelRegularizer: l2(decay) })],
    });
    const json = model.toJSON(undefined, false) as {
      config: { layers: Array<{ config: Record<string, unknown> }> };
    };
    expect(json.config.layers[0]?.config.kernel_regularizer).toEqual({
      class_name: 'L2',
      config: {
        l2: {
          class_name: 'ExponentialDecay',
          config: {
            initial_learning_rate: 0.5,
            decay_steps: 2,
            decay_rate: 0.5,
            staircase: false,
            per: 'step',
          },
        },
      },
    });
    const written = JSON.stringify(json);
    for (const loaded of await roundTrips(model)) {
      expect(JSON.stringify(loaded.toJSON(undefined, false))).toBe(written);
      loaded.dispose();
    }
    model.dispose();
  });

  it('writes built-in names and configs exactly as Keras does', () => {
    const model = tfl.sequential({
      layers: [layers.dense({ units: 2, inputShape: [3], kernelRegularizer: l2(0.5) })],
    });
    const json = model.toJSON(undefined, false) as {
      config: { layers: Array<{ config: Record<string, unknown> }> };
    };
    expect(json.config.layers[0]?.config.kernel_regularizer).toEqual({
      class_name: 'L2',
      config: { l2: 0.5 },
    });
    model.dispose();
  });
});
