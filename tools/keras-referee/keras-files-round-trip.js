// The JavaScript half of the round trip back to Keras (run by hand, after `npm run build`):
//
//   node tools/keras-referee/keras-files-round-trip.js /tmp/round-trip
//   KERAS_BACKEND=jax .venv-keras/bin/python tools/keras-referee/keras-files.py --check /tmp/round-trip
//
// Every fixture of packages/keras-files/fixtures is loaded with loadKerasModel, fine-tuned for one
// step with fit (so that what is saved is not what Keras wrote), and saved with saveKerasModel as
// DIR/<fixture>.keras. DIR/round-trip.json records, per fixture, the inputs and what JavaScript
// then computes: its predictions, and its penalty after that call, which keras-files.py --check
// compares with what Keras computes from the archive.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@regularizers/custom-examples'; // Examples>GroupLasso, the fixtures' plugin
import { loadKerasModel, saveKerasModel } from '@regularizers/keras-files';

const directory = process.argv[2];
if (directory === undefined) {
  console.error('Usage: node tools/keras-referee/keras-files-round-trip.js DIR');
  process.exit(2);
}
const fixtures = new URL('../../packages/keras-files/fixtures/', import.meta.url);
const expected = JSON.parse(readFileSync(new URL('expected.json', fixtures), 'utf8')).files;
mkdirSync(directory, { recursive: true });
await tf.setBackend('cpu');

const written = { files: {}, failed: {} };
for (const [file, { inputs }] of Object.entries(expected)) {
  try {
    const { model, compiled } = await loadKerasModel(fileURLToPath(new URL(file, fixtures)));
    const tensors = inputs.map(({ dtype, shape, values }) =>
      tf.tensor(values, shape, dtype === 'int32' ? 'int32' : 'float32'),
    );
    const before = model.predict(tensors);
    // Targets: other samples' predictions, valid for every loss the fixtures use.
    const targets = (Array.isArray(before) ? before : [before]).map((output) =>
      tf.reverse(output, 0),
    );
    if (!compiled) model.compile({ optimizer: tf.train.sgd(0.05), loss: 'meanSquaredError' });
    await model.fit(tensors, targets, { epochs: 1, batchSize: 8 });
    const after = model.predict(tensors);
    const outputs = Array.isArray(after) ? after : [after];
    const penalty = tf.tidy(() => tf.addN(model.calculateLosses()).dataSync()[0]);
    const archive = `${file}.keras`;
    writeFileSync(join(directory, archive), await saveKerasModel(model));
    written.files[file] = {
      archive,
      inputs,
      predictions: outputs.map((output) => output.arraySync()),
      penalty,
    };
    tf.dispose([
      ...tensors,
      ...targets,
      ...outputs,
      ...(Array.isArray(before) ? before : [before]),
    ]);
    model.optimizer.dispose();
    model.dispose();
    console.log(`saved ${archive}`);
  } catch (error) {
    written.failed[file] = error instanceof Error ? error.message : String(error);
    console.log(`cannot round-trip ${file}: ${written.failed[file]}`);
  }
}
writeFileSync(join(directory, 'round-trip.json'), `${JSON.stringify(written, null, 1)}\n`);
console.log(
  `Wrote ${Object.keys(written.files).length} archives to ${directory}; now run keras-files.py --check ${directory}.`,
);
