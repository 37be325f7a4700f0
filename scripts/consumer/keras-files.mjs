// Runs in a fresh project with every packed package: a model with a plugin regularizer saved as a
// .keras archive with saveKerasModel, written to disk, and loaded back from its path (the `node`
// condition of the package's #read-path import) and from its bytes, with the same predictions.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import * as tfl from '@tensorflow/tfjs-layers';
import { l2 } from '@regularizers/builtin';
import { GroupLasso } from '@regularizers/custom-examples';
import { layers } from '@regularizers/tfjs-adapter';
import { loadKerasModel, saveKerasModel } from '@regularizers/keras-files';

const model = tfl.sequential({
  layers: [
    layers.dense({
      units: 4,
      inputShape: [6],
      kernelRegularizer: new GroupLasso({ factor: 0.01 }),
    }),
    layers.dense({ units: 1, kernelRegularizer: l2({ l2: 0.01 }) }),
  ],
});
const x = tf.randomNormal([3, 6], 0, 1, 'float32', 1);
const expected = Array.from(model.predict(x).dataSync());
const archive = await saveKerasModel(model);
const folder = mkdtempSync(join(tmpdir(), 'keras-files-'));
try {
  writeFileSync(join(folder, 'model.keras'), archive);
  for (const source of [join(folder, 'model.keras'), archive]) {
    const { model: loaded, format } = await loadKerasModel(source);
    const actual = Array.from(loaded.predict(x).dataSync());
    if (format !== 'keras' || actual.some((value, index) => value !== expected[index])) {
      throw new Error(`the reloaded model predicts ${actual}, not ${expected}`);
    }
  }
} finally {
  rmSync(folder, { recursive: true, force: true });
}
console.log(
  `saved a ${archive.length}-byte .keras archive and loaded it back from its path and its bytes`,
);
