import { cast, scalar, sum, tidy } from '@tensorflow/tfjs-core';
import type { Scalar, Tensor } from '@tensorflow/tfjs-core';
import { isTensor } from './is-tensor.js';
import { PenaltyError } from './errors/index.js';
import { describeValue } from './describe-value.js';
import type { Regularizer, RegularizerFunction, RegularizerTarget } from './regularizer.js';

/**
 * Calls a regularizer the one safe way: everything the regularizers packages evaluate goes through
 * here, so every penalty behaves the same whoever wrote it.
 *
 * - It runs in `tf.tidy`, so nothing but the result survives.
 * - A non-float input is cast to float32 first.
 * - A number result becomes a scalar; a non-scalar tensor is summed, as Keras does when it adds
 *   losses; a non-float result is cast to float32.
 * - Anything else (a string, a Promise, `undefined`) is an error that names the regularizer.
 *
 * @param regularizer - a regularizer object or a plain penalty function.
 * @param x - the weight or activation tensor.
 * @returns a float32 rank-0 tensor that the caller owns and must dispose.
 * @throws {@link PenaltyError} when `x` is not a live tensor of real numbers, or the result is not a
 * number or a tensor.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import '@tensorflow/tfjs-backend-cpu';
 * import { computePenalty } from '@regularizers/core';
 *
 * const penalty = computePenalty((x) => tf.square(x), tf.tensor1d([1, 2])); // summed: 5
 * ```
 */
export function computePenalty(regularizer: Regularizer | RegularizerFunction, x: Tensor): Scalar {
  const label = regularizerLabel(regularizer);
  return tidy(() => {
    return toScalarPenalty(label, callPenalty(regularizer, floatInput(label, x)));
  });
}

/**
 * Checks that a penalty's input is a live, real-valued tensor and returns it as float32, casting
 * integer and boolean tensors. Regularizer authors call it at the top of `apply`, inside their
 * `tidy`, so a wrong argument fails with a message that names their class instead of deep inside
 * tfjs. A disposed tensor has no data left to read; a complex tensor would lose its imaginary part
 * in the cast, and a string tensor has no numbers: all three are refused.
 *
 * @param owner - the regularizer's name, used in the message.
 * @param x - what `apply` received.
 * @returns `x` itself when it is float32, otherwise a new float32 tensor (dispose it, or call this inside `tf.tidy`).
 * @throws {@link PenaltyError} naming the owner and what it received, for anything but a live tensor
 * of real numbers.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import '@tensorflow/tfjs-backend-cpu';
 * import { floatInput } from '@regularizers/core';
 *
 * tf.tidy(() => floatInput('MyRegularizer', tf.tensor1d([1, 2], 'int32')).dtype); // 'float32'
 * ```
 */
export function floatInput(owner: string, x: unknown): Tensor {
  if (!isTensor(x)) {
    throw new PenaltyError(
      `${owner} must be applied to a tensor. Received: ${describeValue(x)}. Pass a tf.Tensor, such as a layer's kernel.`,
    );
  }
  if (x.isDisposed) {
    throw new PenaltyError(
      `${owner} was given a disposed tensor, ${describeValue(x)}. Compute the penalty before disposing the tensor, or keep a copy with tf.clone.`,
    );
  }
  if (x.dtype === 'complex64' || x.dtype === 'string') {
    throw new PenaltyError(
      `${owner} takes real numbers. Received: ${describeValue(x)}. Pass a float32, int32 or bool tensor; for a complex one, choose the part to regularize, such as tf.real(x) or tf.abs(x).`,
    );
  }
  return x.dtype === 'float32' ? x : cast(x, 'float32');
}

function toScalarPenalty(label: string, result: unknown): Scalar {
  if (typeof result === 'number') return scalar(result);
  if (!isTensor(result)) {
    const hint = result instanceof Promise ? ' Penalties must be synchronous.' : '';
    throw new PenaltyError(
      `The penalty of ${label} must be a number or a tensor. Received: ${describeValue(result)}.${hint}`,
    );
  }
  const floatResult = result.dtype === 'float32' ? result : cast(result, 'float32');
  return floatResult.rank === 0 ? (floatResult as Scalar) : sum(floatResult);
}

/** Calls a regularizer object or function on `x` as it is, with no normalisation of the result. */
export function callPenalty(regularizer: Regularizer | RegularizerFunction, x: Tensor): unknown {
  return typeof regularizer === 'function' ? regularizer(x) : regularizer.apply(x);
}

/** The name a regularizer is known by in messages: its static `className`, or its class or function name. */
export function regularizerLabel(regularizer: Regularizer | RegularizerTarget): string {
  const named =
    typeof regularizer === 'function'
      ? regularizer
      : (regularizer.constructor as { className?: unknown; name?: unknown } | undefined);
  const className = (named as { className?: unknown } | undefined)?.className;
  if (typeof className === 'string' && className !== '') return className;
  const name = named?.name;
  return typeof name === 'string' && name !== '' ? name : 'an anonymous regularizer';
}
