// The browser page: runs the seed example and a short fit with an activity regularizer and a
// GroupLasso kernel regularizer, on WebGL when the browser has it, and shows the numbers and the
// backend. The browser test reads them.
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-webgl';
import * as tfl from '@tensorflow/tfjs-layers';
import { l2 } from '@regularizers/builtin';
import { deserializeRegularizer, serializeRegularizer } from '@regularizers/core';
import { GroupLasso } from '@regularizers/custom-examples';
import { layers, sequential } from '@regularizers/tfjs-adapter';
import { saveAndLoad } from '@regularizers/tfjs-adapter/testing';
import { generateDataset } from '../src/dataset.js';
import { formatNumber } from '../src/format-number.js';
import { runSeedExample } from '../src/seed-example.js';

const EPOCHS = 8;

function show(id: string, text: string): void {
  const element = document.getElementById(id);
  if (element === null) throw new Error(`The page has no #${id}.`);
  element.textContent = text;
}

/**
 * WebGL is where tfjs trains in a browser; the CPU backend is the fallback where WebGL cannot
 * start (tfjs then warns on the console). Production mode keeps tfjs's advice off the console.
 */
async function useBestBackend(): Promise<string> {
  tf.env().set('PROD', true);
  if (!(await tf.setBackend('webgl'))) await tf.setBackend('cpu');
  await tf.ready();
  return tf.getBackend();
}

async function main(): Promise<void> {
  show('backend', await useBestBackend());

  const seed = runSeedExample();
  show('seed-kernel', formatNumber(seed.kernel));
  show('seed-activity', formatNumber(seed.activity));
  show('seed-total', formatNumber(seed.total));

  const data = generateDataset({ seed: 7, trainSize: 48, validationSize: 16, featureCount: 12 });
  const groupLasso = new GroupLasso({ factor: 0.01 });
  const model = sequential({
    layers: [
      layers.dense({
        units: 8,
        inputShape: [data.featureCount],
        activation: 'relu',
        kernelInitializer: tfl.initializers.glorotUniform({ seed: 1 }),
        kernelRegularizer: groupLasso,
        activityRegularizer: l2({ l2: 1e-3 }),
      }),
      layers.dense({
        units: 1,
        activation: 'sigmoid',
        kernelInitializer: tfl.initializers.glorotUniform({ seed: 2 }),
      }),
    ],
  });
  show(
    'fit-setup',
    `${data.train.labels.length} samples, ${data.featureCount} features; Dense(8, relu) with GroupLasso(0.01) on the kernel and l2(0.001) on the activity, then Dense(1, sigmoid); ${EPOCHS} epochs of Adam.`,
  );
  model.compile({ optimizer: tf.train.adam(0.01), loss: 'binaryCrossentropy' });
  const x = tf.tensor2d(data.train.features);
  const y = tf.tensor2d(data.train.labels, [data.train.labels.length, 1]);
  const history = await model.fit(x, y, { epochs: EPOCHS, batchSize: 16, shuffle: false });
  const losses = history.history.loss?.map(Number) ?? [];
  if (losses.length !== EPOCHS || !losses.every(Number.isFinite)) {
    throw new Error(`The fit gave losses ${JSON.stringify(losses)}.`);
  }
  show('fit-losses', losses.map((loss) => formatNumber(loss, 4)).join(', '));

  // The penalties of the trained layer: its kernel's GroupLasso, and the activity of one more call.
  const hidden = model.layers[0];
  if (hidden === undefined) throw new Error('The model has no hidden layer.');
  const [kernelPenalty, activityPenalty] = tf.tidy(() => {
    hidden.apply(x);
    return hidden.calculateLosses().map((loss) => loss.dataSync()[0] ?? Number.NaN);
  });
  show('fit-kernel-penalty', formatNumber(kernelPenalty ?? Number.NaN, 4));
  show('fit-activity-penalty', formatNumber(activityPenalty ?? Number.NaN, 4));

  // The plugin serializes under its registered name and comes back from the registry.
  const json = serializeRegularizer(groupLasso);
  const back = deserializeRegularizer(json);
  if (!(back instanceof GroupLasso) || back.factor !== groupLasso.factor) {
    throw new Error(`GroupLasso did not come back from ${JSON.stringify(json)}.`);
  }
  show('fit-serialized', JSON.stringify(json));
  show('fit-status', `finished: ${losses.length} epochs`);

  // Save to memory and load back: the GroupLasso kernel penalty comes back the same.
  const { loaded } = await saveAndLoad(model);
  const reloadedPenalty = tf.tidy(
    () => loaded.layers[0]?.calculateLosses()[0]?.dataSync()[0] ?? Number.NaN,
  );
  if (reloadedPenalty !== kernelPenalty) {
    throw new Error(`The reloaded penalty ${reloadedPenalty} differs from ${kernelPenalty}.`);
  }
  show('reloaded-penalty', `${formatNumber(reloadedPenalty, 4)}, identical`);
  tf.dispose([x, y]);
  model.dispose();
  loaded.dispose();
}

main().then(
  () => {
    show('status', 'done');
    document.body.dataset.status = 'done';
  },
  (error: unknown) => {
    console.error(error);
    show('status', `error: ${error instanceof Error ? error.message : String(error)}`);
    document.body.dataset.status = 'error';
  },
);
