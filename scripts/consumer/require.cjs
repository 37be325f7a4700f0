// Runs in the project of builtin.mjs, as a CommonJS script: the packages are ES modules only, and
// Node 20.19 and later load them with require() (the README and getting-started say so).
const tf = require('@tensorflow/tfjs-core');
require('@tensorflow/tfjs-backend-cpu');
const { l1 } = require('@regularizers/builtin');
const { serializeRegularizer } = require('@regularizers/core');

const penalty = l1(0.5)
  .apply(tf.tensor1d([1, -2, 3]))
  .dataSync()[0];
const json = JSON.stringify(serializeRegularizer(l1(0.5)));
if (penalty !== 3 || json !== '{"className":"L1","config":{"l1":0.5}}') {
  throw new Error(`require(): l1(0.5) gave ${penalty}, saved as ${json}`);
}
console.log(`require() loads the packages: l1(0.5) penalty ${penalty}, saved as ${json}`);
