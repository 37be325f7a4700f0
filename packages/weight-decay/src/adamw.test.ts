import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@regularizers/tfjs-adapter'; // its callback tells optimizers the epoch in fit
import { CosineDecay, InvalidArgumentError } from '@regularizers/core';
import type { TrainingPosition } from '@regularizers/core';
import { AdamW, adamw } from './index.js';
import { smallModel, train } from './test-models.js';

describe('adamw', () => {
  it("has Keras 3's AdamW defaults, and saves its arguments", () => {
    const optimizer = adamw();
    expect(optimizer).toBeInstanceOf(AdamW);
    expect(optimizer.getConfig()).toEqual({
      learningRate: 0.001,
      weightDecay: 0.004,
      beta1: 0.9,
      beta2: 0.999,
      epsilon: 1e-7,
      exclude: [],
    });
    optimizer.dispose();
  });

  it.each([
    [
      { beta1: 1 },
      'Invalid value for argument beta1: expected a number in [0, 1). Received: beta1=1',
    ],
    [
      { weightDecay: null },
      'Invalid value for argument weightDecay: expected a non-negative finite number. Received: weightDecay=null',
    ],
    [{ learningRate: -0.1 }, 'Received: learningRate=-0.1'],
    [{ epsilon: Number.NaN }, 'Received: epsilon=NaN'],
    [
      { amsgrad: true },
      'Unknown argument amsgrad for AdamW, which takes learningRate, weightDecay, beta1, beta2, epsilon, exclude. Received: amsgrad=true',
    ],
    [{ exclude: [42] }, 'Received: exclude[0]=42'],
  ])('refuses %j, naming the argument', (args, message) => {
    expect(() => adamw(args as never)).toThrow(InvalidArgumentError);
    expect(() => adamw(args as never)).toThrow(message);
  });

  it('leaves a variable without a gradient alone: no step, no decay', () => {
    const optimizer = adamw({ learningRate: 0.1, weightDecay: 0.5 });
    const [a, b] = [
      tf.variable(tf.ones([2]), true, 'adamw/a'),
      tf.variable(tf.ones([2]), true, 'adamw/b'),
    ];
    optimizer.minimize(() => tf.sum(a), false, [a, b]);
    expect(Array.from(b.dataSync())).toEqual([1, 1]);
    expect(a.dataSync()[0]).toBeCloseTo(1 - 0.05 - 0.1, 5); // decay 1·0.5·0.1, then Adam's first step lr
    tf.dispose([a, b]);
    optimizer.dispose();
  });

  it('follows a learning-rate schedule at its own step, and says the rate of the next step', () => {
    const optimizer = adamw({
      learningRate: new CosineDecay({ initialLearningRate: 0.1, decaySteps: 4 }),
    });
    const w = tf.variable(tf.ones([3]), true, 'adamw/schedule');
    const rates: number[] = [];
    for (let step = 0; step < 5; step++) {
      rates.push(optimizer.currentLearningRate());
      optimizer.minimize(() => tf.sum(tf.square(w)));
    }
    expect(rates.map((rate) => Number(rate.toFixed(6)))).toEqual([
      0.1, 0.085355, 0.05, 0.014645, 0,
    ]);
    w.dispose();
    optimizer.dispose();
  });

  it('leaves no tensor behind over 100 steps, and frees its moments on dispose', () => {
    const optimizer = adamw({ weightDecay: 0.01, exclude: 'b*' });
    const [kernel, bias] = [
      tf.variable(tf.randomNormal([8, 4], 0, 1, 'float32', 1), true, 'leak/kernel'),
      tf.variable(tf.zeros([4]), true, 'leak/bias'),
    ];
    const x = tf.randomNormal([16, 8], 0, 1, 'float32', 2);
    const loss = (): tf.Scalar => tf.mean(tf.square(tf.add(tf.matMul(x, kernel), bias)));
    optimizer.minimize(loss);
    const before = tf.memory().numTensors;
    for (let step = 1; step < 100; step++) optimizer.minimize(loss);
    expect(tf.memory().numTensors).toBe(before);
    optimizer.dispose();
    expect(tf.memory().numTensors).toBe(before - 4); // two moments for each of two variables
    tf.dispose([kernel, bias, x]);
  });

  it('reads epoch schedules at the epoch fit reports, with the adapter imported', async () => {
    const seen: TrainingPosition[] = [];
    const optimizer = adamw({
      weightDecay: (position) => {
        seen.push(position);
        return 0.01;
      },
    });
    const model = smallModel(optimizer);
    await train(model, 2, 1);
    expect(seen.slice(1)).toEqual([
      { step: 0, epoch: 1 },
      { step: 1, epoch: 1 },
      { step: 2, epoch: 2 },
      { step: 3, epoch: 2 },
    ]);
    optimizer.dispose();
    model.dispose();
  });
});
