import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { softThreshold } from './soft-threshold.js';

describe('softThreshold', () => {
  const values = [
    0.5,
    -0.5,
    0.1,
    -0.1,
    0.3,
    -0.3000001,
    0,
    -0,
    1e-9,
    Infinity,
    -Infinity,
    NaN,
    7.25,
  ];

  it('is sign(x)·max(|x| − t, 0), exactly 0 within the threshold, as a plain loop gives', () => {
    const x = tf.tensor1d(values);
    const actual = Array.from(tf.tidy(() => softThreshold(x, 0.3)).dataSync());
    const t = Math.fround(0.3);
    const expected = values
      .map(Math.fround) // the tensor's float32 values
      .map((v) =>
        Number.isNaN(v) ? NaN : Math.fround(Math.sign(v) * Math.max(Math.abs(v) - t, 0)) + 0,
      );
    expect(actual.map((v) => (Object.is(v, -0) ? 0 : v))).toEqual(expected);
    x.dispose();
  });

  it('gives the fused CPU kernel’s and the composite’s results bit for bit', () => {
    const x = tf.randomNormal([1000], 0, 1, 'float32', 3);
    const fused = tf.tidy(() => softThreshold(x, 0.37)).dataSync();
    const composite = tf.tidy(() => tf.sub(x, tf.clipByValue(x, -0.37, 0.37))).dataSync();
    expect(Array.from(fused)).toEqual(Array.from(composite).map((v) => v + 0));
    x.dispose();
  });
});
