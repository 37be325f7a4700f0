import { engine, getBackend } from '@tensorflow/tfjs-core';
import type { Scalar, Tensor } from '@tensorflow/tfjs-core';
import { l1l2PenaltyComposite } from './l1l2-penalty-composite.js';
import { registerL1L2PenaltyCpuKernels } from './l1l2-penalty-cpu-kernels.js';
import {
  L1L2_PENALTY_GRAD_KERNEL,
  L1L2_PENALTY_KERNEL,
  isKernelRegistered,
} from './l1l2-penalty-kernels.js';

/**
 * Computes the Keras L1L2 penalty `l1 * sum(|x|) + l2 * sum(x²)` as a float32 scalar, with the
 * analytic gradient `dy * (l1 * sign(x) + 2 * l2 * x)` (`sign(0) = 0`, as in TensorFlow).
 *
 * It exists because the stock composite allocates full-size temporaries on every training step;
 * on the CPU backend this runs one fused kernel that reads the weights once and allocates only the
 * scalar (and, in the backward pass, only the gradient). Backends with no fused kernel get
 * {@link l1l2PenaltyComposite}, which has the same semantics.
 *
 * A term whose factor is exactly 0 is skipped, so `l1 = 0` with an infinite weight gives the L2
 * term alone instead of NaN, and `l1 = l2 = 0` gives 0. Otherwise NaN and Infinity in `x`
 * propagate. An empty `x` gives 0.
 *
 * @param x - A float32 tensor of any rank, including 0.
 * @param l1 - A finite L1 factor `>= 0`.
 * @param l2 - A finite L2 factor `>= 0`.
 */
export function l1l2Penalty(x: Tensor, l1: number, l2: number): Scalar {
  registerL1L2PenaltyCpuKernels();
  const backendName = getBackend();
  if (
    !isKernelRegistered(L1L2_PENALTY_KERNEL, backendName) ||
    !isKernelRegistered(L1L2_PENALTY_GRAD_KERNEL, backendName)
  ) {
    return l1l2PenaltyComposite(x, l1, l2);
  }
  return engine().runKernel<Scalar>(L1L2_PENALTY_KERNEL, { x }, { l1, l2 });
}
