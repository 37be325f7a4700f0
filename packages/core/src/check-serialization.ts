import { defaultRegistry } from './default-registry.js';
import { regularizerLabel } from './compute-penalty.js';
import { ConformanceError } from './errors/index.js';
import { failure, forEachInput, penaltyValue } from './conformance-harness.js';
import type { ConformanceOptions } from './conformance-harness.js';
import type { Regularizer, RegularizerFunction } from './regularizer.js';

// The conformance kit's serialization checks: what a plugin's saved JSON must do to load back.

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
