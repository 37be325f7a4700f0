import {
  engine,
  getGradient,
  getKernel,
  registerGradient,
  registerKernel,
} from '@tensorflow/tfjs-core';
import type {
  GradConfig,
  GradFunc,
  KernelConfig,
  KernelFunc,
  NamedAttrMap,
  NamedTensorInfoMap,
  Tensor,
  TensorInfo,
} from '@tensorflow/tfjs-core';

/**
 * Name of the fused forward kernel `l1 * sum(|x|) + l2 * sum(x²)`.
 *
 * It is a public constant because the kernel registry is global: `l1l2Penalty` looks it up to
 * decide between the fused and the composite path, and another backend package can register its
 * own implementation under the same name to get the fused path too.
 */
export const L1L2_PENALTY_KERNEL = 'RegularizersL1L2Penalty';

/**
 * Name of the fused gradient kernel `dy * (l1 * sign(x) + 2 * l2 * x)`, the backward pass of
 * {@link L1L2_PENALTY_KERNEL}.
 *
 * It is a kernel of its own, rather than composite ops in the gradient function, so the backward
 * pass writes the gradient in one pass with no full-size temporaries.
 */
export const L1L2_PENALTY_GRAD_KERNEL = 'RegularizersL1L2PenaltyGrad';

/** The two factors every kernel reads from its attributes. */
export interface PenaltyFactors {
  l1: number;
  l2: number;
}

/** Returns the float32 input `name` of a kernel call, or throws naming the kernel. */
export function requireInput(
  inputs: NamedTensorInfoMap,
  name: string,
  kernelName: string,
): TensorInfo {
  const input = inputs[name];
  if (input === undefined) {
    throw new Error(`${kernelName}: missing input '${name}'.`);
  }
  if (input.dtype !== 'float32') {
    throw new Error(`${kernelName}: input '${name}' must be float32, got ${input.dtype}.`);
  }
  return input;
}

/** Reads the `l1` and `l2` attributes of a kernel call, or throws naming the kernel. */
export function readFactors(attrs: NamedAttrMap | undefined, kernelName: string): PenaltyFactors {
  const read = (name: string): number => {
    const factor = attrs?.[name];
    if (typeof factor !== 'number') {
      throw new Error(`${kernelName}: attribute '${name}' must be a number.`);
    }
    return factor;
  };
  return { l1: read('l1'), l2: read('l2') };
}

/**
 * Whether a kernel is registered for a backend. tfjs types `getKernel` as always returning a
 * config, but it returns `undefined` for an unknown kernel.
 */
export function isKernelRegistered(kernelName: string, backendName: string): boolean {
  return (getKernel(kernelName, backendName) as KernelConfig | undefined) !== undefined;
}

const l1l2PenaltyGrad: GradFunc = (dy, saved, attrs) => {
  const [x] = saved;
  if (x === undefined || Array.isArray(dy)) {
    throw new Error(`${L1L2_PENALTY_KERNEL}: expected one saved input and one upstream gradient.`);
  }
  return {
    x: () => engine().runKernel<Tensor>(L1L2_PENALTY_GRAD_KERNEL, { x, dy }, attrs),
  };
};

/**
 * Registers the forward and gradient kernels of one backend, and the gradient function that links
 * them (it is the same for every backend).
 *
 * Registration is idempotent and checks the global registry first, so calling it on every penalty
 * costs three map look-ups, and two loaded copies of this package register once without tfjs's
 * "already registered" warning.
 */
export function registerPenaltyKernels(
  backendName: string,
  forward: KernelFunc,
  backward: KernelFunc,
): void {
  for (const [kernelName, kernelFunc] of [
    [L1L2_PENALTY_KERNEL, forward],
    [L1L2_PENALTY_GRAD_KERNEL, backward],
  ] as const) {
    if (!isKernelRegistered(kernelName, backendName)) {
      registerKernel({ kernelName, backendName, kernelFunc });
    }
  }
  if ((getGradient(L1L2_PENALTY_KERNEL) as GradConfig | undefined) === undefined) {
    registerGradient({
      kernelName: L1L2_PENALTY_KERNEL,
      inputsToSave: ['x'],
      gradFunc: l1l2PenaltyGrad,
    });
  }
}
