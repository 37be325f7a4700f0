// Runs in a fresh project where only the packed @regularizers/core, tfjs-core and the CPU backend
// are installed: registers a custom regularizer and uses it.
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import {
  checkArguments,
  checkFactor,
  deserializeRegularizer,
  getRegularizer,
  registerRegularizer,
  serializeRegularizer,
} from '@regularizers/core';
import { checkRegularizer } from '@regularizers/core/testing';

class Strength {
  static className = 'Strength';
  constructor(config) {
    const args = checkArguments('Strength', config, ['strength']);
    this.strength = checkFactor('strength', args.strength ?? 0.01);
  }
  apply(x) {
    const strength = this.strength;
    // An analytic gradient, because tfjs-core alone registers none in Node.
    return tf.customGrad((input) => ({
      value: tf.mul(strength, tf.sum(tf.square(input))),
      gradFunc: (dy) => tf.mul(dy, tf.mul(2 * strength, input)),
    }))(x);
  }
  getConfig() {
    return { strength: this.strength };
  }
}

const name = registerRegularizer(Strength, { package: 'Consumer' });
const json = JSON.parse(JSON.stringify(serializeRegularizer(new Strength({ strength: 0.5 }))));
const loaded = deserializeRegularizer(json);
const values = [1, -2, 3];
const expected = 0.5 * values.reduce((sum, value) => sum + value * value, 0);
const penalty = tf.tidy(() => getRegularizer(loaded).apply(tf.tensor1d(values)).dataSync()[0]);
if (name !== 'Consumer>Strength' || Math.abs(penalty - expected) > 1e-5) {
  throw new Error(
    `expected Consumer>Strength with penalty ${expected}, got ${name} with ${penalty}`,
  );
}
checkRegularizer(new Strength({ strength: 0.5 }));
console.log(`${name} penalty ${penalty} (expected ${expected}); conformance kit passed`);
