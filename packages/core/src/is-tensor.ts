import { Tensor } from '@tensorflow/tfjs-core';

/**
 * Whether a value is a tfjs tensor. tfjs-core defines `Symbol.hasInstance` on `Tensor`, so this
 * also recognises tensors made by another installed copy of tfjs-core.
 */
export function isTensor(value: unknown): value is Tensor {
  return value instanceof Tensor;
}
