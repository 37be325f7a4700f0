/* Keras: keras/src/regularizers/regularizers.py (OrthogonalRegularizer) and keras/src/ops/nn.py (normalize) */
import {
  abs,
  add,
  cast,
  customGrad,
  eye,
  less,
  matMul,
  minimum,
  mul,
  rsqrt,
  sign,
  square,
  sub,
  sum,
  transpose,
} from '@tensorflow/tfjs-core';
import type { GradSaveFunc, Scalar, Tensor, Tensor2D } from '@tensorflow/tfjs-core';
import { zeroPenalty } from './zero-penalty.js';

/** Which vectors of the matrix are made orthogonal to each other. */
export type OrthogonalMode = 'rows' | 'columns';

/**
 * The bound Keras's `ops.normalize` puts on `1 / norm`: `1 / epsilon`, with epsilon = 1e-7. A
 * vector whose squared norm is below 1e-14 is scaled by it, so a zero vector stays zero.
 */
const MAX_INVERSE_NORM = 1e7;

/**
 * Keras's orthogonal penalty of a float32 matrix, with its analytic gradient:
 * `factor * 0.5 * sum(|P| off the diagonal) / (N (N - 1) / 2)` with `P = U Uᵀ`, where the N rows
 * of `U` are the rows (or columns) of `x`, each scaled by `min(1 / norm, 1e7)` as Keras's
 * `normalize` does.
 *
 * It exists so that the gradient is defined everywhere and needs no registered tfjs gradients.
 * Autodiff through the composite takes tfjs's `abs` gradient, -1 at 0, so an identity kernel got
 * a gradient of ±factor / pairs where Keras on TensorFlow gets 0; an all-zero vector, scaled by
 * the bound, turned that into 1e7 times as much; and with fewer than two vectors the constant 0
 * was not connected to `x`, so `tf.grad` threw (and leaked, on an empty shape). Here:
 *
 * - the derivative of `|p|` is `sign(p)`, 0 at 0, as in Keras on TensorFlow and torch;
 * - where the bound applies, it is a constant: the gradient is `1e7` times the gradient of the
 *   scaled vector, as in Keras, and 0 for an all-zero vector, whose products are all 0 (Keras
 *   gives NaN there, from the derivative of `rsqrt` at 0 times 0);
 * - elsewhere the normalisation's gradient is `(g - u (u · g)) / norm`;
 * - with fewer than two vectors the penalty is 0 (Keras divides 0 by 0 pairs), a
 *   {@link zeroPenalty}: its gradient is zeros of `x`'s shape, still connected to `x`.
 *
 * Nothing is kept for the backward pass unless a gradient tape is recording.
 *
 * @param x - a rank-2 float32 tensor.
 * @param factor - a finite factor `>= 0`.
 * @param mode - whether the rows or the columns are compared.
 */
export function orthogonalPenalty(x: Tensor2D, factor: number, mode: OrthogonalMode): Scalar {
  const count = mode === 'rows' ? x.shape[0] : x.shape[1];
  if (count < 2) return zeroPenalty(x);
  const scale = (factor * 0.5) / ((count * (count - 1)) / 2);
  const penalty = customGrad<Scalar>((...inputs) => {
    const [input, save] = inputs as [Tensor2D, GradSaveFunc];
    const vectors = mode === 'rows' ? input : transpose(input);
    const inverseNorms = minimum(rsqrt(sum(square(vectors), 1, true)), MAX_INVERSE_NORM);
    const normalized = mul(vectors, inverseNorms);
    const offDiagonal = mul(matMul(normalized, normalized, false, true), sub(1, eye(count)));
    const value = mul<Scalar>(sum(abs(offDiagonal)), scale);
    save([normalized, offDiagonal, inverseNorms]);
    return {
      value,
      gradFunc: (dy: Tensor, saved: Tensor[]) => {
        const [savedNormalized, savedOffDiagonal, savedInverseNorms] = saved as [
          Tensor2D,
          Tensor2D,
          Tensor2D,
        ];
        const signs = sign(savedOffDiagonal);
        // d/dU of sum |U Uᵀ| off the diagonal is (S + Sᵀ) U.
        const gradNormalized = mul(
          matMul(add(signs, transpose(signs)), savedNormalized),
          mul(dy, scale),
        );
        // The radial part, removed where the norm is not bounded; where it is, 1/norm is constant.
        const unbounded = cast(less(savedInverseNorms, MAX_INVERSE_NORM), 'float32');
        const radial = mul(sum(mul(savedNormalized, gradNormalized), 1, true), unbounded);
        const gradVectors = mul(
          sub(gradNormalized, mul(savedNormalized, radial)),
          savedInverseNorms,
        );
        return mode === 'rows' ? gradVectors : transpose(gradVectors);
      },
    };
  });
  return penalty(x);
}
