// Runs in a fresh project with only the packed @regularizers/core and @regularizers/builtin,
// tfjs-core and the CPU backend (no tfjs-layers): computes l2(0.1) of a tensor, and the gradient,
// which builtin's fused kernel provides even though tfjs-core alone registers no gradients.
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { l2 } from '@regularizers/builtin';
import { getRegularizer, serializeRegularizer } from '@regularizers/core';

const values = [1, -2, 3, 0.5];
const expected = 0.1 * values.reduce((sum, value) => sum + value * value, 0);
const x = tf.tensor1d(values);
const penalty = l2(0.1).apply(x).dataSync()[0];
const gradient = Array.from(
  tf
    .grad((input) => l2(0.1).apply(input))(x)
    .dataSync(),
);
const expectedGradient = values.map((value) => 0.2 * value);
const fromName = serializeRegularizer(getRegularizer('l2'));
if (
  Math.abs(penalty - expected) > 1e-5 ||
  gradient.some((value, i) => Math.abs(value - expectedGradient[i]) > 1e-6) ||
  JSON.stringify(fromName) !== '{"className":"L2","config":{"l2":0.01}}'
) {
  throw new Error(
    `l2(0.1): got ${penalty}, gradient ${gradient}, 'l2' as ${JSON.stringify(fromName)}`,
  );
}
console.log(`l2(0.1) penalty ${penalty.toFixed(6)} (expected ${expected}); gradient ${gradient}`);
