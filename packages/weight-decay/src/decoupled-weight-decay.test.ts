import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-core/dist/register_all_gradients'; // tf.grad of sum and add
import { InvalidArgumentError, PiecewiseConstantDecay } from '@regularizers/core';
import { DecoupledWeightDecay, withWeightDecay } from './index.js';

const GRADIENTS = [
  [0.5, -1, 0.25],
  [-0.75, 0.5, 1],
  [0.1, 0.2, -0.3],
  [1, -0.5, 0.5],
];

/** Applies the fixed gradients to a fresh variable [1, -2, 0.5], one step each; returns its values. */
function run(optimizer: tf.Optimizer, name: string, between?: (step: number) => void): number[] {
  const w = tf.variable(tf.tensor1d([1, -2, 0.5]), true, name);
  GRADIENTS.forEach((gradient, step) => {
    between?.(step);
    const g = tf.tensor1d(gradient);
    optimizer.applyGradients({ [name]: g });
    g.dispose();
  });
  const values = Array.from(w.dataSync());
  w.dispose();
  optimizer.dispose();
  return values;
}

/** The same in plain arithmetic: w ← w(1 − wd·lr), then momentum: a ← μa + g, w ← w − lr·a. */
function plainMomentum(rates: number[], decays: number[], momentum: number): number[] {
  const w = [1, -2, 0.5];
  const accumulation = [0, 0, 0];
  GRADIENTS.forEach((gradient, step) => {
    const [lr, wd] = [rates[step] ?? 0, decays[step] ?? 0];
    for (let i = 0; i < 3; i++) {
      w[i] = (w[i] ?? 0) * (1 - wd * lr);
      accumulation[i] = momentum * (accumulation[i] ?? 0) + (gradient[i] ?? 0);
      w[i] = (w[i] ?? 0) - lr * (accumulation[i] ?? 0);
    }
  });
  return w;
}

const expectClose = (actual: number[], expected: number[]) =>
  actual.forEach((value, i) => expect(value).toBeCloseTo(expected[i] ?? Number.NaN, 6));

describe('withWeightDecay', () => {
  it('decays before the wrapped step, by weightDecay times its learning rate', () => {
    const optimizer = withWeightDecay(tf.train.momentum(0.1, 0.9), { weightDecay: 0.5 });
    expect(optimizer).toBeInstanceOf(DecoupledWeightDecay);
    expectClose(
      run(optimizer, 'wd/momentum'),
      plainMomentum([0.1, 0.1, 0.1, 0.1], [0.5, 0.5, 0.5, 0.5], 0.9),
    );
  });

  it('follows a learning rate changed with setLearningRate, and a decay schedule', () => {
    const sgd = tf.train.sgd(0.1);
    const optimizer = withWeightDecay(sgd, {
      weightDecay: new PiecewiseConstantDecay({ boundaries: [1], values: [0.5, 2] }),
    });
    const values = run(optimizer, 'wd/schedule', (step) => {
      if (step === 2) sgd.setLearningRate(0.2);
    });
    expectClose(values, plainMomentum([0.1, 0.1, 0.2, 0.2], [0.5, 0.5, 2, 2], 0));
  });

  it('leaves excluded variables and those without a gradient undecayed', () => {
    const optimizer = withWeightDecay(tf.train.sgd(0.5), { weightDecay: 1, exclude: 'bias' });
    const [kernel, bias, idle] = ['wd/kernel', 'wd/bias', 'wd/idle'].map((name) =>
      tf.variable(tf.ones([2]), true, name),
    );
    optimizer.minimize(
      () => tf.add(tf.sum(kernel as tf.Variable), tf.sum(bias as tf.Variable)),
      false,
      [kernel as tf.Variable, bias as tf.Variable, idle as tf.Variable],
    );
    expect(Array.from(kernel?.dataSync() ?? [])).toEqual([0, 0]); // 1 − 0.5 (decay) − 0.5 (step)
    expect(Array.from(bias?.dataSync() ?? [])).toEqual([0.5, 0.5]);
    expect(Array.from(idle?.dataSync() ?? [])).toEqual([1, 1]);
    tf.dispose([kernel, bias, idle] as tf.Variable[]);
    optimizer.dispose();
  });

  it("counts the wrapped optimizer's steps, leaks nothing over 100 steps, and disposes it", () => {
    const adam = tf.train.adam(0.01);
    const optimizer = withWeightDecay(adam, { weightDecay: 0.1 });
    const w = tf.variable(tf.randomNormal([10, 10], 0, 1, 'float32', 3), true, 'wd/leak');
    optimizer.minimize(() => tf.sum(tf.square(w)));
    const before = tf.memory().numTensors;
    for (let step = 1; step < 100; step++) optimizer.minimize(() => tf.sum(tf.square(w)));
    expect(tf.memory().numTensors).toBe(before);
    expect(optimizer.iterations).toBe(100);
    expect(adam.iterations).toBe(100);
    optimizer.dispose();
    expect(tf.memory().numTensors).toBe(before - 4); // Adam's two moments and two beta powers
    w.dispose();
  });

  it('refuses what is not an optimizer with a learning rate, and a bad decay, naming them', () => {
    class NoRate extends tf.Optimizer {
      static get className() {
        return 'NoRate';
      }
      applyGradients(): void {}
      getConfig(): tf.serialization.ConfigDict {
        return {};
      }
    }
    expect(() => withWeightDecay(new NoRate(), { weightDecay: 0.1 })).toThrow(
      "withWeightDecay scales by the optimizer's learning rate, read from its getConfig().learningRate, and NoRate's is undefined.",
    );
    expect(() => withWeightDecay({} as never, { weightDecay: 0.1 })).toThrow(
      'withWeightDecay wraps a tfjs optimizer, such as tf.train.sgd(0.1). Received: optimizer={}',
    );
    expect(() => withWeightDecay(tf.train.sgd(0.1), { weightDecay: -1 })).toThrow(
      InvalidArgumentError,
    );
  });
});
