// The Keras files page (keras-files.html), loaded by the browser test: every fixture of
// @regularizers/keras-files, fetched as a File, loaded with loadKerasModel on the backend the query
// names (`?backend=cpu`, WebGL by default), compared with Keras's predictions and penalty,
// fine-tuned for one fit step, saved with saveKerasModel and loaded back. It publishes one report
// on `window`; the browser test decides what passes.
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-webgl';
import '@regularizers/custom-examples'; // Examples>GroupLasso, the fixtures' plugin
import { loadKerasModel, saveKerasModel } from '@regularizers/keras-files';

/** What Keras recorded for a fixture (the fields this page reads of expected.json). */
interface Expected {
  inputs: { dtype: string; shape: number[]; values: number[] }[];
  predictions: unknown[];
  penalty: number;
}

/** What the page found for one fixture. */
export interface FixtureResult {
  file: string;
  /** The largest difference from Keras's predictions, relative (to 0.01 near 0). */
  predictions?: number;
  /** The difference from Keras's penalty, relative (to 0.01 near 0). */
  penalty?: number;
  /** The loss of one fit step. */
  fitLoss?: number;
  /** The largest difference of the saved and reloaded model's predictions from the fine-tuned one's. */
  reloaded?: number;
  /** Tensors left once the models and their optimizers are disposed. */
  leaked?: number;
  error?: string;
}

/** The page's report. */
export interface KerasFilesReport {
  backend: string;
  results: FixtureResult[];
}

declare global {
  interface Window {
    kerasFilesReport?: KerasFilesReport;
  }
}

const fixture = (name: string): URL =>
  new URL(`../../packages/keras-files/fixtures/${name}`, import.meta.url);

function difference(actual: ArrayLike<number>, expected: readonly number[]): number {
  if (actual.length !== expected.length) return Infinity;
  return expected.reduce(
    (worst, value, index) =>
      Math.max(worst, Math.abs((actual[index] ?? NaN) - value) / Math.max(Math.abs(value), 1e-2)),
    0,
  );
}

function outputsOf(prediction: tf.Tensor | tf.Tensor[]): tf.Tensor[] {
  return Array.isArray(prediction) ? prediction : [prediction];
}

async function check(file: string, expected: Expected): Promise<FixtureResult> {
  const before = tf.memory().numTensors;
  const response = await fetch(fixture(file));
  const source = new File([await response.blob()], file);
  const { model, compiled } = await loadKerasModel(source);
  const inputs = expected.inputs.map(({ dtype, shape, values }) =>
    tf.tensor(values, shape, dtype === 'int32' ? 'int32' : 'float32'),
  );
  const outputs = outputsOf(model.predict(inputs));
  const predictions = Math.max(
    ...outputs.map((output, index) =>
      difference(output.dataSync(), [expected.predictions[index]].flat(Infinity) as number[]),
    ),
  );
  const penalty = tf.tidy(() => tf.addN(model.calculateLosses()).dataSync()[0] ?? NaN);
  if (!compiled) model.compile({ optimizer: 'sgd', loss: 'meanSquaredError' });
  const targets = outputs.map((output) => tf.reverse(output, 0));
  const history = await model.fit(inputs, targets, { epochs: 1, batchSize: 8 });
  // tfjs 4.22's WebGL backend can predict differently (up to 1e-2 relative) with weights a fit
  // step left in its packed textures than with the same values uploaded again, with no regularizer
  // involved (docs/guides/tfjs-layers-gaps.md). Saving writes the values: compare with those.
  const values = model
    .getWeights()
    .map((weight) => tf.tensor(weight.dataSync(), weight.shape, weight.dtype));
  model.setWeights(values);
  tf.dispose(values);
  const tuned = outputsOf(model.predict(inputs));
  const { model: again } = await loadKerasModel(await saveKerasModel(model), { compile: false });
  const reloaded = outputsOf(again.predict(inputs));
  const result: FixtureResult = {
    file,
    predictions,
    penalty: Math.abs(penalty - expected.penalty) / Math.max(Math.abs(expected.penalty), 1e-2),
    fitLoss: history.history.loss?.[0] as number,
    reloaded: Math.max(
      ...reloaded.map((output, index) =>
        difference(output.dataSync(), Array.from(tuned[index]?.dataSync() ?? [])),
      ),
    ),
  };
  tf.dispose([...inputs, ...outputs, ...targets, ...tuned, ...reloaded]);
  model.optimizer.dispose();
  model.dispose();
  again.dispose();
  result.leaked = tf.memory().numTensors - before;
  return result;
}

async function run(): Promise<void> {
  tf.env().set('PROD', true);
  const backend = new URLSearchParams(window.location.search).get('backend') ?? 'webgl';
  await tf.setBackend(backend);
  const { files } = (await (await fetch(fixture('expected.json'))).json()) as {
    files: Record<string, Expected>;
  };
  const results: FixtureResult[] = [];
  for (const [file, expected] of Object.entries(files)) {
    try {
      results.push(await check(file, expected));
    } catch (error) {
      results.push({ file, error: error instanceof Error ? error.message : String(error) });
    }
  }
  window.kerasFilesReport = { backend: tf.getBackend(), results };
  document.body.dataset.status = 'done';
}

run().catch((error: unknown) => {
  document.body.textContent = error instanceof Error ? error.message : String(error);
  document.body.dataset.status = 'error';
});
