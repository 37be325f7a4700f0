import type { RegularizerTarget } from './regularizer.js';

/**
 * A static property key by which two distinct class or function objects declare that they are the
 * same regularizer, typically two installed copies of one plugin package. Registering the second
 * is then a no-op instead of a name clash, and instances of both serialize under the one name.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { registrationKey } from '@regularizers/core';
 *
 * class MyRegularizer {
 *   static readonly className = 'MyRegularizer';
 *   static readonly [registrationKey] = 'my-package/MyRegularizer';
 *   apply(x: tf.Tensor): tf.Scalar {
 *     return tf.sum(tf.square(x));
 *   }
 * }
 * ```
 */
export const registrationKey: unique symbol = Symbol.for('@regularizers/core.registrationKey');

/** Whether two targets are one regularizer: the same object, or two copies with one {@link registrationKey}. */
export function sameRegularizer(a: RegularizerTarget, b: RegularizerTarget): boolean {
  if (a === b) return true;
  const key = (a as { [registrationKey]?: unknown })[registrationKey];
  return typeof key === 'string' && key === (b as { [registrationKey]?: unknown })[registrationKey];
}
