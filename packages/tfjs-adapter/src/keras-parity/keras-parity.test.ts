import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import * as tfl from '@tensorflow/tfjs-layers';
import { readFileSync } from 'node:fs';
// The package entry, as users get it: it registers our layers, models and regularizers with tfjs.
import { modelFromKerasJSON } from '../index.js';

// Model-level parity with Keras 3.15.1, against the numbers real Keras computed for the same
// models, weights and inputs (keras-parity.json, written by tools/keras-referee/parity.py; see its
// docstring to regenerate). For each model, loaded from Keras's own `to_json()`:
// - the penalty after a training-mode call and after an inference-mode call (`calculateLosses`);
// - `evaluate()` (the compiled MSE plus every penalty, in inference mode);
// - one training step with SGD(0.1): its loss, every weight after it, then `evaluate()` again;
// - the same step through `fit` with validation data: `loss`, `val_loss`, `regularization_loss`
//   and `val_regularization_loss` in its History.
// Tolerances are float32's: relative 1e-5 or absolute 1e-6 on penalties and losses, relative 1e-4
// on weights after a step (with a 1e-7 floor for weights that a step brings near 0).

interface TensorJson {
  readonly shape: number[];
  readonly dtype: 'float32' | 'int32';
  readonly values: number[];
}

interface WeightsJson {
  readonly layer: string[];
  readonly values: TensorJson[];
}

interface ParityRecord {
  readonly name: string;
  readonly about: string;
  readonly model: unknown;
  readonly inputs: TensorJson[];
  readonly targets: TensorJson[];
  readonly weights: WeightsJson[];
  readonly penaltyTraining: number;
  readonly penaltyInference: number;
  readonly evaluate: number;
  readonly trainStep: {
    readonly loss: number;
    readonly weights: WeightsJson[];
    readonly evaluate: number;
    readonly penaltyInference: number;
  };
}

const PARITY = JSON.parse(
  readFileSync(new URL('./keras-parity.json', import.meta.url), 'utf8'),
) as { keras: string; backend: string; models: ParityRecord[] };

function tensorOf(json: TensorJson): tf.Tensor {
  return tf.tensor(json.values, json.shape, json.dtype);
}

function expectLoss(actual: number, expected: number, what: string): void {
  const error = Math.abs(actual - expected);
  const ok = error <= 1e-6 || error <= 1e-5 * Math.abs(expected);
  expect(ok, `${what}: ${actual}, Keras ${expected}`).toBe(true);
}

/** The layer at `path` (names, through nested models). */
function layerAt(model: tfl.LayersModel, path: string[]): tfl.layers.Layer {
  let layer: tfl.layers.Layer = model;
  for (const name of path) {
    if (!(layer instanceof tfl.LayersModel)) throw new Error(`${layer.name} is not a model`);
    layer = layer.getLayer(name);
  }
  return layer;
}

function setWeights(model: tfl.LayersModel, weights: WeightsJson[]): void {
  for (const { layer, values } of weights) {
    const tensors = values.map(tensorOf);
    layerAt(model, layer).setWeights(tensors);
    tf.dispose(tensors);
  }
}

function expectWeights(model: tfl.LayersModel, weights: WeightsJson[]): void {
  for (const { layer, values } of weights) {
    const actual = layerAt(model, layer).getWeights();
    expect(actual.map((tensor) => tensor.shape)).toEqual(values.map((value) => value.shape));
    actual.forEach((tensor, i) => {
      const got = tensor.dataSync();
      const want = values[i]?.values ?? [];
      want.forEach((expected, j) => {
        const error = Math.abs((got[j] ?? NaN) - expected);
        const ok = error <= 1e-4 * Math.abs(expected) + 1e-7;
        expect(ok, `${layer.join('/')} weight ${i}[${j}]: ${got[j]}, Keras ${expected}`).toBe(true);
      });
    });
  }
}

/** Whether every weight of `layer` is freed. */
function freed(layer: tfl.layers.Layer): boolean {
  return layer.weights.every((weight) => {
    try {
      weight.read();
      return false;
    } catch {
      return true;
    }
  });
}

/**
 * Disposes the model and its optimizer. tfjs counts a layer or model called at two call sites as
 * two references, and `dispose()` drops one, so a shared one is disposed again until it is freed.
 */
function disposeWithOptimizer(model: tfl.LayersModel): void {
  model.optimizer.dispose();
  model.dispose();
  const shared = model.layers.filter((layer) => !freed(layer));
  for (const layer of shared) {
    for (let reference = 0; reference < 8 && !freed(layer); reference++) layer.dispose();
  }
}

function total(penalties: tf.Scalar[]): number {
  const value = penalties.length === 0 ? 0 : tf.tidy(() => tf.addN(penalties).dataSync()[0] ?? NaN);
  tf.dispose(penalties);
  return value;
}

/** The penalty after one eager call of the model on `x`, in training or inference mode. */
function penaltyAfterCall(model: tfl.LayersModel, x: tf.Tensor[], training: boolean): number {
  const output = model.apply(x.length === 1 ? (x[0] as tf.Tensor) : x, { training });
  tf.dispose(output as tf.Tensor | tf.Tensor[]);
  return total(model.calculateLosses());
}

/**
 * The record's model with its weights, compiled with SGD(0.1) (which the caller disposes), and
 * the tensors building it left behind besides its weights: tfjs 4.22's LSTM and ConvLSTM2D
 * unit-forget-bias initializers leak a few, which `dispose()` cannot free.
 */
async function loaded(record: ParityRecord): Promise<{ model: tfl.LayersModel; leak: number }> {
  const before = tf.memory().numTensors;
  const model = await modelFromKerasJSON(record.model);
  const leak = tf.memory().numTensors - before - model.weights.length;
  setWeights(model, record.weights);
  model.compile({ optimizer: tf.train.sgd(0.1), loss: 'meanSquaredError' });
  return { model, leak };
}

function single<T>(values: T[]): T | T[] {
  return values.length === 1 ? (values[0] as T) : values;
}

function evaluated(model: tfl.LayersModel, x: tf.Tensor[], y: tf.Tensor[], batch: number): number {
  const result = model.evaluate(single(x), single(y), { batchSize: batch });
  const loss = [result].flat()[0] as tf.Scalar;
  const value = loss.dataSync()[0] ?? NaN;
  tf.dispose(result);
  return value;
}

describe(`Keras ${PARITY.keras} (${PARITY.backend}) parity`, () => {
  for (const record of PARITY.models) {
    it(`${record.name}: ${record.about}`, async () => {
      const before = tf.memory().numTensors;
      const x = record.inputs.map(tensorOf);
      const y = record.targets.map(tensorOf);
      const batchSize = x[0]?.shape[0] ?? 0;
      const { model, leak } = await loaded(record);

      expectLoss(penaltyAfterCall(model, x, true), record.penaltyTraining, 'training penalty');
      setWeights(model, record.weights); // the training call moved BatchNormalization's statistics
      expectLoss(penaltyAfterCall(model, x, false), record.penaltyInference, 'inference penalty');
      expectLoss(evaluated(model, x, y, batchSize), record.evaluate, 'evaluate');

      const stepLoss = await model.trainOnBatch(single(x), single(y));
      expectLoss([stepLoss].flat()[0] ?? NaN, record.trainStep.loss, 'train step loss');
      expectWeights(model, record.trainStep.weights);
      expectLoss(
        evaluated(model, x, y, batchSize),
        record.trainStep.evaluate,
        'evaluate after the step',
      );
      expectLoss(
        penaltyAfterCall(model, x, false),
        record.trainStep.penaltyInference,
        'inference penalty after the step',
      );
      disposeWithOptimizer(model);

      // The same step through fit, with the same data for validation.
      const { model: fitted, leak: fitLeak } = await loaded(record);
      const history = await fitted.fit(single(x), single(y), {
        epochs: 1,
        batchSize,
        shuffle: false,
        validationData: [single(x), single(y)],
      });
      const logged = (key: string) => Number(history.history[key]?.[0]);
      expectLoss(logged('loss'), record.trainStep.loss, 'fit loss');
      expectLoss(logged('regularization_loss'), record.penaltyTraining, 'fit regularization_loss');
      expectWeights(fitted, record.trainStep.weights);
      expectLoss(logged('val_loss'), record.trainStep.evaluate, 'fit val_loss');
      expectLoss(
        logged('val_regularization_loss'),
        record.trainStep.penaltyInference,
        'fit val_regularization_loss',
      );
      disposeWithOptimizer(fitted);
      tf.dispose([x, y]);
      // Every tensor is freed, but those tfjs leaks when it builds some layers (see loaded).
      expect(tf.memory().numTensors).toBe(before + leak + fitLeak);
    });
  }
});
