import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import * as tfl from '@tensorflow/tfjs-layers';
// The package entry registers OrthogonalInitializer under tfjs's name 'Orthogonal'.
import { InvalidArgumentError } from '@regularizers/core';
import { layers } from './index.js';
import { OrthogonalInitializer } from './orthogonal-initializer.js';

/**
 * What tfjs's own algorithm gives for the same seeded draw: `linalg.qr`, then Q's columns times
 * the sign of R's diagonal, transposed when wide, times the gain (stock tfjs-layers' Orthogonal).
 */
function throughLinalgQr(shape: number[], gain: number, seed: number): Float32Array {
  const rows = shape.slice(0, -1).reduce((product, dim) => product * dim, 1);
  const cols = shape[shape.length - 1] ?? 1;
  const [long, short] = [Math.max(rows, cols), Math.min(rows, cols)];
  const [q, r] = tf.tidy(() => {
    const [qTensor, rTensor] = tf.linalg.qr(tf.randomNormal([long, short], 0, 1, 'float32', seed));
    return [qTensor.dataSync(), rTensor.dataSync()];
  });
  const result = new Float32Array(rows * cols);
  for (let i = 0; i < long; i++) {
    for (let j = 0; j < short; j++) {
      const value = gain * (q[i * short + j] ?? NaN) * Math.sign(r[j * short + j] ?? NaN);
      result[rows >= cols ? i * cols + j : j * cols + i] = value;
    }
  }
  return result;
}

describe('OrthogonalInitializer', () => {
  it.each([
    [[6, 4], 1],
    [[3, 8], 1],
    [[2, 3, 5], 1.5],
    [[20, 20], 0.5],
  ])('gives what tfjs linalg.qr gives for the same seed, shape %j, gain %d', (shape, gain) => {
    const initializer = new OrthogonalInitializer({ gain, seed: 7 });
    const values = tf.tidy(() => initializer.apply(shape).dataSync());
    const expected = throughLinalgQr(shape, gain, 7);
    values.forEach((value, index) => {
      expect(Math.abs(value - (expected[index] ?? NaN)), `entry ${index}`).toBeLessThan(1e-5);
    });
  });

  it('is what an LSTM(256) gets for its recurrent kernel, orthogonal rows, and leaks nothing', () => {
    const before = tf.memory().numTensors;
    const lstm = layers.lstm({ units: 256 });
    lstm.apply(tfl.input({ shape: [3, 8] }));
    const kernel = lstm.weights.find((weight) => weight.originalName.endsWith('recurrent_kernel'));
    const values = kernel?.read().dataSync() ?? new Float32Array();
    expect(kernel?.shape).toEqual([256, 1024]);
    let worst = 0;
    for (const [i, j] of [
      [0, 0],
      [0, 255],
      [17, 17],
      [17, 200],
      [255, 255],
    ] as const) {
      let dot = 0;
      for (let k = 0; k < 1024; k++)
        dot += (values[i * 1024 + k] ?? NaN) * (values[j * 1024 + k] ?? NaN);
      worst = Math.max(worst, Math.abs(dot - (i === j ? 1 : 0)));
    }
    expect(worst).toBeLessThan(1e-5);
    lstm.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it("is what tfjs resolves 'orthogonal' to in a layer and in a loaded file", async () => {
    const dense = tfl.layers.dense({ units: 2, kernelInitializer: 'orthogonal' });
    const loaded = await tfl.models.modelFromJSON({
      modelTopology: {
        class_name: 'Sequential',
        config: {
          layers: [
            {
              class_name: 'Dense',
              config: {
                units: 2,
                batch_input_shape: [null, 3],
                kernel_initializer: { class_name: 'Orthogonal', config: { gain: 2, seed: 3 } },
              },
            },
          ],
        },
      },
    });
    const initializers = [dense, loaded.layers[0]].map(
      (layer) => (layer as unknown as { kernelInitializer: unknown }).kernelInitializer,
    );
    expect(initializers[0]).toBeInstanceOf(OrthogonalInitializer);
    expect(initializers[1]).toBeInstanceOf(OrthogonalInitializer);
    expect((initializers[1] as OrthogonalInitializer).getConfig()).toEqual({ gain: 2, seed: 3 });
    loaded.dispose();
  });

  it('is deterministic for a seed', () => {
    const initializer = new OrthogonalInitializer({ seed: 11 });
    const first = tf.tidy(() => initializer.apply([5, 3]).dataSync());
    const second = tf.tidy(() => initializer.apply([5, 3]).dataSync());
    expect([...first]).toEqual([...second]);
  });

  it('refuses a shape of rank below 2 and a dtype other than float32, saying which', () => {
    const initializer = new OrthogonalInitializer({});
    expect(() => initializer.apply([4])).toThrow(InvalidArgumentError);
    expect(() => initializer.apply([4])).toThrow(/rank 2 or more\. Received: \[4\]/);
    expect(() => initializer.apply([2, 2], 'int32')).toThrow(
      /float32 values\. Received the dtype 'int32'/,
    );
  });
});
