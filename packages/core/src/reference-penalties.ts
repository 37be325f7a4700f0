// Plain-loop references for penalty tests: the independent expectation that a tfjs computation is
// compared with. They read values as JavaScript numbers (doubles), so they share no code and no
// rounding with the tensor ops under test.

/**
 * `sum |v|` over `values`, in a plain loop: the L1 penalty before its factor. A missing element
 * (a hole) counts as NaN, so a wrong length cannot pass unnoticed.
 *
 * @param values - the numbers: an array, or what `dataSync()` returns.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import '@tensorflow/tfjs-backend-cpu';
 * import { sumAbs } from '@regularizers/core/testing';
 *
 * const kernel = tf.tensor2d([[1, -2], [3, -4]]);
 * 0.01 * sumAbs(kernel.dataSync()); // 0.1, what l1(0.01) must give for this kernel
 * ```
 */
export function sumAbs(values: ArrayLike<number>): number {
  let total = 0;
  for (let i = 0; i < values.length; i++) total += Math.abs(values[i] ?? Number.NaN);
  return total;
}

/**
 * `sum v²` over `values`, in a plain loop: the L2 penalty before its factor. A missing element
 * (a hole) counts as NaN, so a wrong length cannot pass unnoticed.
 *
 * @param values - the numbers: an array, or what `dataSync()` returns.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import '@tensorflow/tfjs-backend-cpu';
 * import { sumSquares } from '@regularizers/core/testing';
 *
 * const kernel = tf.tensor2d([[1, -2], [3, -4]]);
 * 0.01 * sumSquares(kernel.dataSync()); // 0.3, what l2(0.01) must give for this kernel
 * ```
 */
export function sumSquares(values: ArrayLike<number>): number {
  let total = 0;
  for (let i = 0; i < values.length; i++) total += (values[i] ?? Number.NaN) ** 2;
  return total;
}
