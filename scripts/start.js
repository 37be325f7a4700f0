// The main example, for now a tour of @regularizers/core. It grows into the demo (issue 6).
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import {
  computePenalty,
  deserializeRegularizer,
  registerRegularizer,
  serializeRegularizer,
} from '@regularizers/core';

// The seed's function regularizer: 1e-3 * sum(square(x)), registered so it can be saved.
function my_regularizer(x) {
  return tf.mul(1e-3, tf.sum(tf.square(x)));
}
registerRegularizer(my_regularizer, { package: 'Demo' });

const weights = tf.tensor2d([
  [0.1, -0.2, 0.3, -0.4],
  [0.5, 0.6, -0.7, 0.8],
]);
const penalty = computePenalty(my_regularizer, weights);
const json = serializeRegularizer(my_regularizer);
const reloaded = deserializeRegularizer(JSON.parse(JSON.stringify(json)));
const again = reloaded.apply(weights);

console.log('my_regularizer penalty:', penalty.dataSync()[0].toFixed(6));
console.log('serialized as:', JSON.stringify(json));
console.log('penalty after a JSON round trip:', again.dataSync()[0].toFixed(6));
tf.dispose([weights, penalty, again]);
