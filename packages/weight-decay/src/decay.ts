import { mul, sub } from '@tensorflow/tfjs-core';
import type { Tensor } from '@tensorflow/tfjs-core';

/**
 * `w − w · factor`, with `factor = weightDecay · learningRate`: Keras 3's decoupled weight decay
 * (`variable.assign(variable - variable * wd * lr)` in `_apply_weight_decay`), which `AdamW` and
 * `withWeightDecay` apply before the optimizer's own step. Call it inside `tf.tidy`.
 */
export function decayed(weight: Tensor, factor: number): Tensor {
  return sub(weight, mul(weight, factor));
}
