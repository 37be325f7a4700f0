import { util } from '@tensorflow/tfjs-core';
import type {
  BackendValues,
  DataType,
  KernelBackend,
  KernelFunc,
  TensorInfo,
} from '@tensorflow/tfjs-core';
import {
  L1L2_PENALTY_GRAD_KERNEL,
  L1L2_PENALTY_KERNEL,
  readFactors,
  registerPenaltyKernels,
  requireInput,
} from './l1l2-penalty-kernels.js';
import { gradientProgram, penaltyProgram } from './l1l2-penalty-webgpu-programs.js';
import type { WebGPUProgramSpec } from './l1l2-penalty-webgpu-programs.js';

/**
 * The members of tfjs-backend-webgpu's `WebGPUBackend` the kernels use, both public. Typed
 * structurally so this package has no dependency on tfjs-backend-webgpu (a test pins it to the
 * real class).
 */
export interface WebGPUBackendView {
  runWebGPUProgram(
    program: WebGPUProgramSpec,
    inputs: TensorInfo[],
    outputDtype: DataType,
    programDefinedUniform?: Array<{ type: string; data: number[] }>,
  ): TensorInfo;
  makeTensorInfo(shape: number[], dtype: DataType, values?: BackendValues): TensorInfo;
}

/** Whether a backend is tfjs's WebGPU backend, recognised by the member the kernels use. */
export function isWebGPUBackend(backend: KernelBackend): boolean {
  return typeof (backend as Partial<WebGPUBackendView>).runWebGPUProgram === 'function';
}

/** x as the flat vector the programs index: a WebGPU buffer has no layout, so this is free. */
function flat(x: TensorInfo): TensorInfo {
  return { ...x, shape: [util.sizeFromShape(x.shape)] };
}

const l1l2PenaltyWebGPU: KernelFunc = ({ inputs, attrs, backend }) => {
  const webgpu = backend as WebGPUBackendView;
  const x = requireInput(inputs, 'x', L1L2_PENALTY_KERNEL);
  const { l1, l2 } = readFactors(attrs, L1L2_PENALTY_KERNEL);
  if (util.sizeFromShape(x.shape) === 0 || (l1 === 0 && l2 === 0)) {
    return webgpu.makeTensorInfo([], 'float32', new Float32Array([0]));
  }
  const penalty = webgpu.runWebGPUProgram(penaltyProgram(), [flat(x)], 'float32', [
    { type: 'float32', data: [l1] },
    { type: 'float32', data: [l2] },
  ]);
  return { ...penalty, shape: [] };
};

const l1l2PenaltyGradWebGPU: KernelFunc = ({ inputs, attrs, backend }) => {
  const webgpu = backend as WebGPUBackendView;
  const x = requireInput(inputs, 'x', L1L2_PENALTY_GRAD_KERNEL);
  const dy = requireInput(inputs, 'dy', L1L2_PENALTY_GRAD_KERNEL);
  const { l1, l2 } = readFactors(attrs, L1L2_PENALTY_GRAD_KERNEL);
  const size = util.sizeFromShape(x.shape);
  const gradient = webgpu.runWebGPUProgram(gradientProgram(size), [flat(x), dy], 'float32', [
    { type: 'float32', data: [l1] },
    { type: 'float32', data: [2 * l2] },
  ]);
  return { ...gradient, shape: x.shape.slice() };
};

/**
 * Registers the fused WebGPU kernels of the L1L2 penalty and its analytic gradient for the
 * backend named `webgpu`. `l1l2Penalty` calls it when that backend is active; it is idempotent.
 */
export function registerL1L2PenaltyWebGPUKernels(): void {
  registerPenaltyKernels('webgpu', l1l2PenaltyWebGPU, l1l2PenaltyGradWebGPU);
}
