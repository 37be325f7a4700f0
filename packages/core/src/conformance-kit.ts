import { grad, memory, tidy } from '@tensorflow/tfjs-core';
import type { Tensor } from '@tensorflow/tfjs-core';
import { isTensor } from './is-tensor.js';
import { callPenalty, computePenalty } from './compute-penalty.js';
import { scalarPenaltyValue } from './penalty-of.js';
import { checkRebuild, checkSerializationRoundTrip } from './check-serialization.js';
import { ConformanceError } from './errors/index.js';
import { failure, forEachInput, penaltyValue } from './conformance-harness.js';
import { missingGradientAdvice } from './missing-gradient.js';
import type { ConformanceOptions } from './conformance-harness.js';
import type { Regularizer, RegularizerFunction } from './regularizer.js';

/**
 * Runs every conformance check on a regularizer object or plain function, and throws on the first
 * failure. Call it from any test runner, in a plugin's own tests.
 *
 * @param regularizer - the regularizer object or plain function under test, as users will pass it.
 * @param options - the input shapes to try, and the registry the serialization checks use.
 *
 * @throws `ConformanceError` (from `@regularizers/core`) that names the regularizer, the check and the shape.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import '@tensorflow/tfjs-backend-cpu';
 * import { checkRegularizer } from '@regularizers/core/testing';
 *
 * class Strength {
 *   static readonly className = 'Docs>Strength';
 *   apply(x: tf.Tensor): tf.Scalar {
 *     return tf.tidy(() => tf.sum(tf.mul(tf.square(x), 0.1)));
 *   }
 *   getConfig() {
 *     return {};
 *   }
 * }
 * // In a test, after registerRegularizer(Strength) and with gradients registered:
 * // checkRegularizer(new Strength());
 * ```
 */
export function checkRegularizer(
  regularizer: Regularizer | RegularizerFunction,
  options: ConformanceOptions = {},
): void {
  checkFiniteScalar(regularizer, options);
  checkNoLeaks(regularizer, options);
  checkDeterministic(regularizer, options);
  checkSerializationRoundTrip(regularizer, options);
  checkRebuild(regularizer, options);
  checkFiniteGradient(regularizer, options);
}

/**
 * Checks that the penalty is a finite float32 rank-0 tensor on every shape, as returned by the
 * regularizer itself, before any normalisation.
 *
 * @param regularizer - the regularizer object or plain function under test, as users will pass it.
 * @param options - the input shapes to try, and the registry the serialization checks use.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import '@tensorflow/tfjs-backend-cpu';
 * import { checkFiniteScalar } from '@regularizers/core/testing';
 *
 * checkFiniteScalar((x: tf.Tensor) => tf.sum(tf.square(x)));
 * ```
 */
export function checkFiniteScalar(
  regularizer: Regularizer | RegularizerFunction,
  options: ConformanceOptions = {},
): void {
  forEachInput(options, (x, shape) => {
    const fail = (why: string) =>
      failure(regularizer, 'returns a finite float32 scalar', shape, why);
    const result = callPenalty(regularizer, x);
    try {
      const value = scalarPenaltyValue(result, fail);
      if (!Number.isFinite(value)) throw fail(`it returned ${value}`);
    } finally {
      if (isTensor(result)) result.dispose();
    }
  });
}

/**
 * Checks that a penalty call leaves no tensor behind, by comparing `tf.memory().numTensors`
 * before and after (the result itself disposed).
 *
 * @param regularizer - the regularizer object or plain function under test, as users will pass it.
 * @param options - the input shapes to try, and the registry the serialization checks use.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import '@tensorflow/tfjs-backend-cpu';
 * import { checkNoLeaks } from '@regularizers/core/testing';
 *
 * checkNoLeaks((x: tf.Tensor) => tf.tidy(() => tf.sum(tf.square(x))));
 * ```
 */
export function checkNoLeaks(
  regularizer: Regularizer | RegularizerFunction,
  options: ConformanceOptions = {},
): void {
  forEachInput(options, (x, shape) => {
    const before = memory().numTensors;
    computePenalty(regularizer, x).dispose();
    const leaked = memory().numTensors - before;
    if (leaked !== 0) {
      throw failure(
        regularizer,
        'leaks no tensor',
        shape,
        `${leaked} tensor(s) were left behind; wrap the computation in tf.tidy`,
      );
    }
  });
}

/**
 * Checks that two calls on the same input give the same penalty, bit for bit.
 *
 * @param regularizer - the regularizer object or plain function under test, as users will pass it.
 * @param options - the input shapes to try, and the registry the serialization checks use.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import '@tensorflow/tfjs-backend-cpu';
 * import { checkDeterministic } from '@regularizers/core/testing';
 *
 * checkDeterministic((x: tf.Tensor) => tf.sum(tf.abs(x)));
 * ```
 */
export function checkDeterministic(
  regularizer: Regularizer | RegularizerFunction,
  options: ConformanceOptions = {},
): void {
  forEachInput(options, (x, shape) => {
    const first = penaltyValue(regularizer, x);
    const second = penaltyValue(regularizer, x);
    if (!Object.is(first, second)) {
      throw failure(
        regularizer,
        'gives the same result twice',
        shape,
        `it gave ${first}, then ${second}`,
      );
    }
  });
}

/**
 * Checks that `tf.grad` of the penalty exists, has the input's shape, and is finite everywhere.
 *
 * In Node, `@tensorflow/tfjs-core` registers no gradients by itself: import
 * `@tensorflow/tfjs-layers` (or `@tensorflow/tfjs`) in the test, or give the penalty its own
 * gradient with `tf.customGrad`. When tfjs cannot differentiate the penalty, the message says which
 * of the two is the cause: gradients not registered, or an op that has no gradient in tfjs (see
 * `missingGradientAdvice` in `@regularizers/core`).
 *
 * @param regularizer - the regularizer object or plain function under test, as users will pass it.
 * @param options - the input shapes to try, and the registry the serialization checks use.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import '@tensorflow/tfjs-backend-cpu';
 * import { checkFiniteGradient } from '@regularizers/core/testing';
 *
 * const halfSquare = tf.customGrad<tf.Scalar>((...inputs) => {
 *   const x = inputs[0] as tf.Tensor;
 *   return { value: tf.mul(0.5, tf.sum(tf.square(x))), gradFunc: (dy: tf.Tensor) => tf.mul(dy, x) };
 * });
 * checkFiniteGradient((x: tf.Tensor) => halfSquare(x));
 * ```
 */
export function checkFiniteGradient(
  regularizer: Regularizer | RegularizerFunction,
  options: ConformanceOptions = {},
): void {
  forEachInput(options, (x, shape) => {
    const fail = (why: string, errorOptions?: ErrorOptions) =>
      failure(regularizer, 'has a finite gradient', shape, why, errorOptions);
    let values: Float32Array;
    try {
      values = tidy(() => {
        const gradient = grad((input: Tensor) => computePenalty(regularizer, input))(x);
        if (gradient.shape.join() !== x.shape.join()) {
          throw fail(`the gradient has shape [${gradient.shape.join(', ')}]`);
        }
        return gradient.dataSync() as Float32Array;
      });
    } catch (error) {
      if (ConformanceError.isInstance(error)) throw error;
      const message = error instanceof Error ? error.message : String(error);
      const kernel = /gradient function not found for (\w+)/.exec(message)?.[1];
      const advice = kernel === undefined ? undefined : missingGradientAdvice([kernel]);
      const hint = advice === undefined ? '' : `. ${advice}`;
      throw fail(`tf.grad threw: ${message.replace(/\.$/, '')}${hint}`, { cause: error });
    }
    const bad = values.findIndex((value) => !Number.isFinite(value));
    if (bad !== -1) throw fail(`element ${bad} of the gradient is ${values[bad]}`);
  });
}
