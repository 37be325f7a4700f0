import type { Scalar, Tensor } from '@tensorflow/tfjs-core';
import { computePenalty } from './compute-penalty.js';
import type { Regularizer, RegularizerFunction } from './regularizer.js';

/**
 * The `Symbol.for` key under which a wrapped plain function is kept. It is global, so a wrapper
 * made by one installed copy of core is recognised by another.
 */
const wrappedFunctionKey = Symbol.for('@regularizers/core.wrappedFunction');

/** A plain function in the shape of a {@link Regularizer}, remembering the function so it serializes under its registered name. */
class FunctionRegularizer implements Regularizer {
  readonly [wrappedFunctionKey]: RegularizerFunction;

  constructor(fn: RegularizerFunction) {
    this[wrappedFunctionKey] = fn;
  }

  apply(x: Tensor): Scalar {
    return computePenalty(this[wrappedFunctionKey], x);
  }
}

/** Wraps a plain penalty function as a {@link Regularizer}, as `getRegularizer(fn)` does. */
export function wrapFunction(fn: RegularizerFunction): Regularizer {
  return new FunctionRegularizer(fn);
}

/** The function behind a wrapper made by {@link wrapFunction}, from any copy of core; `undefined` for other regularizers. */
export function unwrapFunction(regularizer: Regularizer): RegularizerFunction | undefined {
  const fn = (regularizer as unknown as Partial<Record<symbol, unknown>>)[wrappedFunctionKey];
  return typeof fn === 'function' ? (fn as RegularizerFunction) : undefined;
}
