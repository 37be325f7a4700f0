import { grad, memory, tidy } from '@tensorflow/tfjs-core';
import type { Tensor } from '@tensorflow/tfjs-core';
import { isTensor } from './is-tensor.js';
import { callPenalty, computePenalty, regularizerLabel } from './compute-penalty.js';
import { scalarPenaltyValue } from './penalty-of.js';
import { defaultRegistry } from './default-registry.js';
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
 * Checks that the regularizer serializes to JSON-safe data, and that `serialize → JSON.stringify →
 * JSON.parse → deserialize → serialize` gives back the same JSON.
 *
 * @param regularizer - the regularizer object or plain function under test, as users will pass it.
 * @param options - the input shapes to try, and the registry the serialization checks use.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { registerRegularizer } from '@regularizers/core';
 * import { checkSerializationRoundTrip } from '@regularizers/core/testing';
 *
 * const docsPenalty = (x: tf.Tensor) => tf.sum(tf.square(x));
 * registerRegularizer(docsPenalty, { package: 'Docs' });
 * checkSerializationRoundTrip(docsPenalty);
 * ```
 */
export function checkSerializationRoundTrip(
  regularizer: Regularizer | RegularizerFunction,
  options: ConformanceOptions = {},
): void {
  const registry = options.registry ?? defaultRegistry;
  const check = 'survives a serialization round trip';
  const written = serializationStep(regularizer, check, () =>
    JSON.stringify(registry.serialize(regularizer)),
  );
  const rewritten = serializationStep(regularizer, check, () =>
    JSON.stringify(registry.serialize(registry.deserialize(JSON.parse(written)))),
  );
  if (written !== rewritten) {
    throw new ConformanceError(
      `${regularizerLabel(regularizer)} failed "${check}": it was written as ${written}, but after loading it back it was written as ${rewritten}. Make getConfig() return exactly the constructor arguments.`,
    );
  }
}

/**
 * Checks that the regularizer rebuilt from its saved JSON computes the same penalty on every shape.
 *
 * @param regularizer - the regularizer object or plain function under test, as users will pass it.
 * @param options - the input shapes to try, and the registry the serialization checks use.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import '@tensorflow/tfjs-backend-cpu';
 * import { registerRegularizer } from '@regularizers/core';
 * import { checkRebuild } from '@regularizers/core/testing';
 *
 * const docsL1 = (x: tf.Tensor) => tf.sum(tf.abs(x));
 * registerRegularizer(docsL1, { package: 'Docs' });
 * checkRebuild(docsL1);
 * ```
 */
export function checkRebuild(
  regularizer: Regularizer | RegularizerFunction,
  options: ConformanceOptions = {},
): void {
  const registry = options.registry ?? defaultRegistry;
  const check = 'rebuilds from its config with the same penalty';
  const rebuilt = serializationStep(regularizer, check, () =>
    registry.deserialize(JSON.parse(JSON.stringify(registry.serialize(regularizer)))),
  );
  forEachInput(options, (x, shape) => {
    const expected = penaltyValue(regularizer, x);
    const actual = penaltyValue(rebuilt, x);
    const close = Math.abs(expected - actual) <= 1e-6 * Math.max(1, Math.abs(expected));
    if (!close) {
      throw failure(
        regularizer,
        check,
        shape,
        `the original gave ${expected}, the rebuilt one ${actual}`,
      );
    }
  });
}

/**
 * Runs a step of `check` that serializes or deserializes, and turns what it throws (an
 * unregistered class, a config that is not JSON, a constructor that refuses its own config) into
 * the `ConformanceError` that names the check, with the original error as its cause.
 */
function serializationStep<T>(
  regularizer: Regularizer | RegularizerFunction,
  check: string,
  step: () => T,
): T {
  try {
    return step();
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new ConformanceError(
      `${regularizerLabel(regularizer)} failed "${check}": ${message.replace(/\.?$/, '.')}`,
      { cause: error },
    );
  }
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
