// Runs in a fresh project with the packed core, builtin and custom-examples, tfjs-core and the CPU
// backend (no tfjs-layers, no adapter): uses MyRegularizer as a published plugin is used.
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { l2 } from '@regularizers/builtin';
import { deserializeRegularizer, serializeRegularizer } from '@regularizers/core';
import { MyRegularizer } from '@regularizers/custom-examples';

const values = [1, -2, 3];
const expected = 0.5 * values.reduce((sum, value) => sum + value * value, 0);
const json = JSON.parse(JSON.stringify(serializeRegularizer(new MyRegularizer({ strength: 0.5 }))));
const penalty = tf.tidy(
  () => deserializeRegularizer(json).apply(tf.tensor1d(values)).dataSync()[0],
);
const builtin = tf.tidy(() => l2(0.5).apply(tf.tensor1d(values)).dataSync()[0]);
if (
  json.className !== 'Examples>MyRegularizer' ||
  Math.abs(penalty - expected) > 1e-5 ||
  Math.abs(builtin - penalty) > 1e-5
) {
  throw new Error(
    `MyRegularizer: expected ${expected} as Examples>MyRegularizer, got ${JSON.stringify(json)} with ${penalty}`,
  );
}
console.log(
  `${json.className} penalty ${penalty} (expected ${expected}, l2(0.5) gives ${builtin})`,
);
