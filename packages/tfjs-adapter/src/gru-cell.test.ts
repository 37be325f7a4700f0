import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import * as tfl from '@tensorflow/tfjs-layers';
import { l2 } from '@regularizers/builtin';
import { sumSquares } from '@regularizers/core/testing';
import { layers, sequential } from './index.js';
import { normalizeKerasJson } from './model-json/normalize-keras-json.js';
import { expectClose, predictValues, weightValues } from './test-reference.js';
import { saveAndLoad } from './testing.js';

// GRU with resetAfter (Keras's default). Its outputs, penalties and training step are checked
// against Keras in keras-parity/ (gru_reset_after, bidirectional); here, against a plain loop, and
// through a save and a load by tf.loadLayersModel.

const sigmoid = (v: number) => 1 / (1 + Math.exp(-v));

/** Keras's GRUCell with reset_after, one sequence at a time, in plain loops. */
function referenceGru(
  x: number[][],
  kernel: Float32Array,
  recurrent: Float32Array,
  bias: Float32Array,
  units: number,
): number[] {
  const inputs = x[0]?.length ?? 0;
  let h = new Array<number>(units).fill(0);
  for (const step of x) {
    const gates = (row: number) => {
      const out: number[] = [];
      for (let j = 0; j < 3 * units; j++) {
        let input = bias[j] ?? NaN;
        for (let i = 0; i < inputs; i++)
          input += (step[i] ?? NaN) * (kernel[i * 3 * units + j] ?? NaN);
        let hidden = bias[3 * units + j] ?? NaN;
        for (let i = 0; i < units; i++)
          hidden += (h[i] ?? NaN) * (recurrent[i * 3 * units + j] ?? NaN);
        out.push(row === 0 ? input : hidden);
      }
      return out;
    };
    const [xs, hs] = [gates(0), gates(1)];
    h = h.map((previous, j) => {
      const z = sigmoid((xs[j] ?? NaN) + (hs[j] ?? NaN));
      const r = sigmoid((xs[units + j] ?? NaN) + (hs[units + j] ?? NaN));
      const candidate = Math.tanh((xs[2 * units + j] ?? NaN) + r * (hs[2 * units + j] ?? NaN));
      return z * previous + (1 - z) * candidate;
    });
  }
  return h;
}

const init = (seed: number) => tfl.initializers.randomNormal({ mean: 0, stddev: 0.5, seed });
const SEQUENCES = [
  [
    [0.5, -1],
    [1.5, 0.25],
    [-2, 1],
  ],
  [
    [0.3, -0.6],
    [1, 1],
    [-0.5, 0.2],
  ],
];

describe('gru with resetAfter: true', () => {
  it("has Keras's [2, 3 * units] bias, runs as Keras's cell does, and counts its penalties", () => {
    const before = tf.memory().numTensors;
    const gru = layers.gru({
      units: 3,
      inputShape: [3, 2],
      resetAfter: true,
      recurrentActivation: 'sigmoid',
      kernelInitializer: init(1),
      recurrentInitializer: init(2),
      biasInitializer: init(3),
      biasRegularizer: l2(0.5),
    });
    const model = sequential({ layers: [gru] });
    const bias = weightValues(gru, 'bias');
    expect(gru.weights.map((weight) => weight.shape)).toEqual([
      [2, 9],
      [3, 9],
      [2, 9],
    ]);
    const x = tf.tensor3d(SEQUENCES);
    const predicted = predictValues(model, x);
    const expected = SEQUENCES.flatMap((sequence) =>
      referenceGru(
        sequence,
        weightValues(gru, 'kernel'),
        weightValues(gru, 'recurrent_kernel'),
        bias,
        3,
      ),
    );
    predicted.forEach((value, i) => {
      expectClose(value, expected[i] ?? NaN);
    });
    const losses = model.calculateLosses();
    expectClose(losses[0]?.dataSync()[0] ?? NaN, 0.5 * sumSquares(bias));
    tf.dispose([x, ...losses]);
    model.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('saves resetAfter and loads back through tf.loadLayersModel with the same outputs', async () => {
    const model = sequential({
      layers: [
        layers.gru({ units: 2, inputShape: [3, 2], resetAfter: true, biasInitializer: init(4) }),
      ],
    });
    const x = tf.tensor3d(SEQUENCES);
    const { loaded, artifacts } = await saveAndLoad(model);
    expect(JSON.stringify(artifacts.modelTopology)).toContain('"reset_after":true');
    expect(Array.from(predictValues(loaded, x))).toEqual(Array.from(predictValues(model, x)));
    tf.dispose(x);
    model.dispose();
    loaded.dispose();
  });

  it("with resetAfter: false (the default) is tfjs's own GRU, with a [3 * units] bias", () => {
    const gru = layers.gru({ units: 2, inputShape: [3, 2] });
    sequential({ layers: [gru] });
    expect(gru.getConfig().resetAfter).toBe(false);
    expect(weightValues(gru, 'bias')).toHaveLength(6);
    gru.dispose();
  });
});

describe('a Keras GRU file saved with the defaults (reset_after=True)', () => {
  it('loads through tf.loadLayersModel with its weights, and evaluates as Keras does', async () => {
    type Tensor = { shape: number[]; values: number[] };
    const parity = JSON.parse(
      readFileSync(new URL('./keras-parity/keras-parity.json', import.meta.url), 'utf8'),
    ) as {
      models: Array<{
        name: string;
        model: unknown;
        inputs: Tensor[];
        targets: Tensor[];
        weights: Array<{ layer: string[]; values: Tensor[] }>;
        evaluate: number;
      }>;
    };
    const record = parity.models.find((m) => m.name === 'gru_reset_after');
    if (record === undefined) throw new Error('keras-parity.json has no gru_reset_after model.');
    // As the tfjs converter writes a Keras file: a Keras 2 topology, and weights named
    // layer/cell/weight, in one buffer.
    const weightSpecs = record.weights.flatMap(({ layer, values }) => {
      const [name = ''] = layer;
      const isGru = name.startsWith('gru');
      const weightNames = isGru ? ['kernel', 'recurrent_kernel', 'bias'] : ['kernel', 'bias'];
      return values.map((value, i) => ({
        name: `${name}/${isGru ? 'gru_cell/' : ''}${weightNames[i] ?? ''}`,
        shape: value.shape,
        dtype: 'float32' as const,
      }));
    });
    const weightData = Float32Array.from(
      record.weights.flatMap(({ values }) => values.flatMap((value) => value.values)),
    ).buffer;
    const model = await tfl.loadLayersModel(
      tf.io.fromMemory({
        modelTopology: normalizeKerasJson(
          record.model,
        ) as unknown as tf.io.ModelArtifacts['modelTopology'],
        weightSpecs,
        weightData,
      }),
    );
    model.compile({ optimizer: 'sgd', loss: 'meanSquaredError' });
    const [x, y] = [record.inputs[0], record.targets[0]].map((t) =>
      tf.tensor(t?.values ?? [], t?.shape),
    ) as [tf.Tensor, tf.Tensor];
    const evaluated = model.evaluate(x, y, { batchSize: x.shape[0] }) as tf.Scalar;
    expect(Math.abs((evaluated.dataSync()[0] ?? NaN) - record.evaluate)).toBeLessThan(
      1e-5 * record.evaluate,
    );
    tf.dispose([x, y, evaluated]);
    model.dispose();
  });
});
