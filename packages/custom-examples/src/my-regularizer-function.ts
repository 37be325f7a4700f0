import { floatInput } from '@regularizers/core';
import { mul, square, sum, tidy } from '@tensorflow/tfjs-core';
import type { Scalar, Tensor } from '@tensorflow/tfjs-core';

/**
 * The Keras page's function example, `def my_regularizer(x): return 1e-3 * tf.reduce_sum(tf.square(x))`:
 * a plain function is a regularizer too.
 *
 * Importing the package registers it as `Examples>my_regularizer`, keeping Python's underscore,
 * so that a model using it can be saved and loaded, and a Keras file that names it finds it. tfjs's
 * case conversion would turn that underscore into `myRegularizer`; the adapter guards against it.
 * A function has no config: its constant is part of its code.
 *
 * @param x - the weight (a kernel, a bias, …) or the layer output to penalise.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import '@tensorflow/tfjs-backend-cpu';
 * import { serializeRegularizer } from '@regularizers/core';
 * import { myRegularizer } from '@regularizers/custom-examples';
 *
 * myRegularizer(tf.tensor1d([10, -20])); // 0.5
 * // Registered by name, so it can be saved: { className: 'Examples>my_regularizer', config: {} }
 * serializeRegularizer(myRegularizer);
 * ```
 */
export function myRegularizer(x: Tensor): Scalar {
  return tidy(() => mul<Scalar>(1e-3, sum(square(floatInput('my_regularizer', x)))));
}
