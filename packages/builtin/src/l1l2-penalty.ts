import { backend, engine, getBackend } from '@tensorflow/tfjs-core';
import type { KernelBackend, Scalar, Tensor } from '@tensorflow/tfjs-core';
import { l1l2PenaltyComposite } from './l1l2-penalty-composite.js';
import { registerL1L2PenaltyCpuKernels } from './l1l2-penalty-cpu-kernels.js';
import {
  L1L2_PENALTY_GRAD_KERNEL,
  L1L2_PENALTY_KERNEL,
  isKernelRegistered,
} from './l1l2-penalty-kernels.js';
import { isWebGLBackend, registerL1L2PenaltyWebGLKernels } from './l1l2-penalty-webgl-kernels.js';
import {
  isWebGPUBackend,
  registerL1L2PenaltyWebGPUKernels,
} from './l1l2-penalty-webgpu-kernels.js';

/**
 * The GPU backends this package has fused kernels for, by the name tfjs registers them under, with
 * a check that the backend of that name really is tfjs's (another backend could take the name).
 */
const GPU_KERNELS: Readonly<
  Record<string, { recognizes: (backend: KernelBackend) => boolean; register: () => void }>
> = {
  webgl: { recognizes: isWebGLBackend, register: registerL1L2PenaltyWebGLKernels },
  webgpu: { recognizes: isWebGPUBackend, register: registerL1L2PenaltyWebGPUKernels },
};

/**
 * Registers the fused kernels the active backend can use. They register on first use rather than
 * on import, so importing this package costs nothing and needs no GPU backend, and no bundler can
 * drop the registration as an unused side effect: it runs in the call that needs it.
 */
function registerFusedKernels(backendName: string): void {
  registerL1L2PenaltyCpuKernels();
  const gpu = Object.hasOwn(GPU_KERNELS, backendName) ? GPU_KERNELS[backendName] : undefined;
  if (gpu !== undefined && gpu.recognizes(backend())) gpu.register();
}

/**
 * Computes the Keras L1L2 penalty `l1 * sum(|x|) + l2 * sum(x²)` as a float32 scalar, with the
 * analytic gradient `dy * (l1 * sign(x) + 2 * l2 * x)` (`sign(0) = 0`, as in TensorFlow).
 *
 * It exists because the stock composite allocates full-size temporaries on every training step.
 * On the CPU, WebGL and WebGPU backends this runs one fused kernel that reads the weights once and
 * allocates only the scalar (and, in the backward pass, only the gradient). Other backends get
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
  const backendName = getBackend();
  registerFusedKernels(backendName);
  if (
    !isKernelRegistered(L1L2_PENALTY_KERNEL, backendName) ||
    !isKernelRegistered(L1L2_PENALTY_GRAD_KERNEL, backendName)
  ) {
    return l1l2PenaltyComposite(x, l1, l2);
  }
  return engine().runKernel<Scalar>(L1L2_PENALTY_KERNEL, { x }, { l1, l2 });
}
