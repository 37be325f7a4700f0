import { Multiply, Sum, getGradient } from '@tensorflow/tfjs-core';
import type { GradConfig } from '@tensorflow/tfjs-core';

/** Whether tfjs has a gradient for `kernelName` (`getGradient` is typed as always finding one). */
function hasGradient(kernelName: string): boolean {
  return (getGradient(kernelName) as GradConfig | undefined) !== undefined;
}

/**
 * What to do when tfjs cannot differentiate through one of `kernelNames`, for the end of an error
 * message, or `undefined` when tfjs has a gradient for each. tfjs's own error, `Cannot compute
 * gradient: gradient function not found for LessEqual.`, has two causes that need opposite fixes,
 * and this tells them apart by asking tfjs whether its gradients are registered (`Multiply` and
 * `Sum` stand for the set, which tfjs registers all at once):
 *
 * - they are not: tfjs-core registers none by itself, which is the case in Node until
 *   `@tensorflow/tfjs-layers` or `@tensorflow/tfjs` is imported. The advice is to import one.
 * - they are: then the kernel itself has no gradient in tfjs (a comparison, a rounding), and no
 *   import helps. The advice is to compute the penalty without it, or to give the penalty its own
 *   gradient.
 *
 * The conformance kit's gradient check gives this advice; a plugin whose penalty relies on tfjs's
 * autodiff can give it too.
 *
 * @param kernelNames - tfjs kernels (ops), as tfjs names them: the one its error named, or those a
 *   penalty's autodiff goes through.
 * @returns one sentence, without a final period, about the first kernel with no gradient.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import '@tensorflow/tfjs-backend-cpu';
 * import { missingGradientAdvice } from '@regularizers/core';
 *
 * // Before differentiating a penalty made of tf.square and tf.sum:
 * const advice = missingGradientAdvice([tf.Square, tf.Sum]);
 * if (advice !== undefined) console.error(`The penalty has no gradient: ${advice}.`);
 * ```
 */
export function missingGradientAdvice(kernelNames: readonly string[]): string | undefined {
  const missing = kernelNames.find((kernel) => !hasGradient(kernel));
  if (missing === undefined) return undefined;
  return [Multiply, Sum].every(hasGradient)
    ? `tfjs has no gradient for ${missing}, whatever is imported: compute the penalty without that op, or give it its own gradient with tf.customGrad`
    : "tfjs-core registers no gradients by itself (in Node, without tfjs-layers): import '@tensorflow/tfjs-layers' (or '@tensorflow/tfjs') once, or give the penalty its own gradient with tf.customGrad";
}
