// What every conformance check shares: its options, the inputs it runs on, and how it reports a
// failure.
import { tensor } from '@tensorflow/tfjs-core';
import type { Tensor } from '@tensorflow/tfjs-core';
import { computePenalty, regularizerLabel } from './compute-penalty.js';
import { ConformanceError } from './errors/index.js';
import type { RegularizerRegistry } from './registry.js';
import type { Regularizer, RegularizerFunction } from './regularizer.js';

/** Options shared by every conformance check. */
export interface ConformanceOptions {
  /**
   * The input shapes to try. The default covers a scalar, an empty tensor, and ranks 1 to 3:
   * `[[], [0], [5], [3, 4], [2, 3, 2]]`. A regularizer that only takes matrices passes its own.
   */
  readonly shapes?: ReadonlyArray<readonly number[]>;
  /** The registry the serialization checks use. Defaults to the shared default registry. */
  readonly registry?: RegularizerRegistry;
}

const DEFAULT_SHAPES: ReadonlyArray<readonly number[]> = [[], [0], [5], [3, 4], [2, 3, 2]];

/** Runs `check` on a deterministic float32 input of each shape, and disposes the input. */
export function forEachInput(
  options: ConformanceOptions,
  check: (x: Tensor, shape: readonly number[]) => void,
): void {
  for (const shape of options.shapes ?? DEFAULT_SHAPES) {
    const size = shape.reduce((product, dim) => product * dim, 1);
    // Deterministic values in (-2, 2), with no exact zeros, where some penalties are not smooth.
    const values = Array.from({ length: size }, (_, i) => 2 * Math.sin(12.9898 * (i + 1) + 0.5));
    const x = tensor(values, [...shape], 'float32');
    try {
      check(x, shape);
    } finally {
      x.dispose();
    }
  }
}

/** The penalty as a number, through `computePenalty`, with no tensor left behind. */
export function penaltyValue(regularizer: Regularizer | RegularizerFunction, x: Tensor): number {
  const penalty = computePenalty(regularizer, x);
  try {
    return penalty.dataSync()[0] ?? Number.NaN;
  } finally {
    penalty.dispose();
  }
}

/** The error of a failed check, naming the regularizer, the check and the input shape. */
export function failure(
  regularizer: Regularizer | RegularizerFunction,
  check: string,
  shape: readonly number[],
  why: string,
  options?: ErrorOptions,
): ConformanceError {
  return new ConformanceError(
    `${regularizerLabel(regularizer)} failed "${check}" on an input of shape [${shape.join(', ')}]: ${why}.`,
    options,
  );
}
