import { tidy } from '@tensorflow/tfjs-core';
import type { Scalar } from '@tensorflow/tfjs-core';
import { floatInput } from '@regularizers/core';
import { l1l2Penalty } from './l1l2-penalty.js';

/**
 * The `apply` of L1, L2 and L1L2: checks the input is a tensor (casting integers to float32), then
 * runs the fused penalty. A zero factor skips its term.
 */
export function applyL1L2(owner: string, x: unknown, l1: number, l2: number): Scalar {
  return tidy(() => l1l2Penalty(floatInput(owner, x), l1, l2));
}
