// Sample plugins for core's own tests, written as a plugin author would. Not part of the build.
import * as tf from '@tensorflow/tfjs-core';
import { checkArguments, checkFactor } from './validation.js';
import type { Regularizer, RegularizerConfig } from './regularizer.js';

/** `strength * sum(x²)`, with an analytic gradient so tests need no registered tfjs gradients. */
const strengthPenalty = (strength: number) =>
  tf.customGrad<tf.Scalar>((...inputs) => {
    const x = inputs[0] as tf.Tensor;
    return {
      value: tf.mul<tf.Scalar>(strength, tf.sum(tf.square(x))),
      gradFunc: (dy: tf.Tensor) => tf.mul(dy, tf.mul(2 * strength, x)),
    };
  });

/** The seed's `MyRegularizer`, with a config. */
export class Strength implements Regularizer {
  static readonly className: string = 'Strength';
  readonly strength: number;

  constructor(config?: { strength?: number }) {
    const args = checkArguments('Strength', config, ['strength']);
    this.strength = checkFactor('strength', args.strength ?? 0.5);
  }

  apply(x: tf.Tensor): tf.Scalar {
    return strengthPenalty(this.strength)(x);
  }

  getConfig(): RegularizerConfig {
    return { strength: this.strength };
  }
}

/** A plain function regularizer: `1e-3 * sum(x²)`. */
export function my_regularizer(x: tf.Tensor): tf.Scalar {
  return strengthPenalty(1e-3)(x);
}
