import { customGrad, scalar, zeros } from '@tensorflow/tfjs-core';
import type { Scalar, Tensor } from '@tensorflow/tfjs-core';

/**
 * A penalty of 0 whose gradient is zeros of `x`'s shape. A bare `scalar(0)` is not connected to
 * `x`, so `tf.grad` of it throws ("Cannot compute gradient of y=f(x)"); and `0 * sum(x)` would be
 * NaN for an infinite weight. It serves where there is nothing to penalise: Keras's base
 * `Regularizer`, and `OrthogonalRegularizer` with fewer than two vectors.
 */
export function zeroPenalty(x: Tensor): Scalar {
  const shape = x.shape;
  return customGrad<Scalar>(() => ({ value: scalar(0), gradFunc: () => zeros(shape) }))(x);
}
