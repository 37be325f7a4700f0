import { tensor, tidy } from '@tensorflow/tfjs-core';
import type { DataType, TensorLike } from '@tensorflow/tfjs-core';
import { isTensor } from './is-tensor.js';
import { callPenalty, regularizerLabel } from './compute-penalty.js';
import { describeValue } from './describe-value.js';
import { ConformanceError } from './errors/index.js';
import type { Regularizer, RegularizerFunction } from './regularizer.js';

/**
 * Applies a regularizer to a fresh tensor of `values` and returns the penalty as a number, leaving
 * no tensor behind. It is the one line a penalty test needs before comparing with an expectation
 * computed independently (a plain loop such as {@link sumSquares}, or a reference value from Keras).
 *
 * The regularizer is called as it is, without the normalisation of `computePenalty`, so the test
 * also pins what it returns: a float32 scalar, as every penalty should. NaN and Infinity come back
 * as they are, so a test can check how they propagate.
 *
 * @param regularizer - a regularizer object or a plain penalty function.
 * @param values - the input, as a number or (nested) array of numbers.
 * @param dtype - the input's dtype; `'int32'` checks that an integer tensor is cast.
 * @throws `ConformanceError` (from `@regularizers/core`) when the result is not a float32 scalar.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import '@tensorflow/tfjs-backend-cpu';
 * import { penaltyOf, sumSquares } from '@regularizers/core/testing';
 *
 * const halfSquares = (x: tf.Tensor) => tf.tidy(() => tf.mul<tf.Scalar>(0.5, tf.sum(tf.square(x))));
 * penaltyOf(halfSquares, [[1, -2], [3, 4]]); // 15
 * 0.5 * sumSquares([1, -2, 3, 4]); // 15, the independent expectation
 * ```
 */
export function penaltyOf(
  regularizer: Regularizer | RegularizerFunction,
  values: TensorLike,
  dtype: DataType = 'float32',
): number {
  return tidy(() =>
    scalarPenaltyValue(callPenalty(regularizer, tensor(values, undefined, dtype)), (why) => {
      return new ConformanceError(
        `${regularizerLabel(regularizer)} failed "returns a float32 scalar" in penaltyOf: ${why}.`,
      );
    }),
  );
}

/**
 * The value of a penalty that must be a float32 rank-0 tensor. It leaves disposing to the caller.
 *
 * @param fail - builds the error to throw from what was wrong (`it returned dtype int32`).
 */
export function scalarPenaltyValue(result: unknown, fail: (why: string) => Error): number {
  if (!isTensor(result)) throw fail(`it returned ${describeValue(result)}`);
  if (result.rank !== 0) throw fail(`it returned a tensor of shape [${result.shape.join(', ')}]`);
  if (result.dtype !== 'float32') throw fail(`it returned dtype ${result.dtype}`);
  return result.dataSync()[0] ?? Number.NaN;
}
