import {
  clipByValue,
  engine,
  getBackend,
  getKernel,
  registerKernel,
  sub,
} from '@tensorflow/tfjs-core';
import type {
  BackendValues,
  DataId,
  DataType,
  KernelConfig,
  KernelFunc,
  Tensor,
  TensorInfo,
} from '@tensorflow/tfjs-core';

/**
 * The fused soft threshold, `sign(x) · max(|x| − t, 0)` in one pass. A public name, because the
 * kernel registry is global: another backend package may register it too.
 */
export const SOFT_THRESHOLD_KERNEL = 'RegularizersSoftThreshold';

/**
 * What the kernel uses of tfjs-backend-cpu's backend, typed structurally so that this package
 * needs no dependency on it: `readSync` (every backend's) and `makeTensorInfo` (the CPU one's).
 */
interface CpuBackendView {
  readSync(dataId: DataId): BackendValues;
  makeTensorInfo(shape: number[], dtype: DataType, values?: BackendValues): TensorInfo;
}

const softThresholdCpu: KernelFunc = ({ inputs, attrs, backend }) => {
  const cpu = backend as unknown as CpuBackendView;
  const x = inputs.x as TensorInfo;
  // Rounded once, so that `v − t` rounds as float32 `sub` does: the composite's result exactly.
  const t = Math.fround(attrs?.threshold as number);
  const values = cpu.readSync(x.dataId) as Float32Array;
  const out = new Float32Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as number;
    out[i] = v > t ? v - t : v < -t ? v + t : v - v; // v − v: 0, or NaN for NaN
  }
  return cpu.makeTensorInfo(x.shape.slice(), 'float32', out);
};

/**
 * `sign(x) · max(|x| − threshold, 0)` of a float32 tensor: 0 exactly wherever `|x| ≤ threshold`.
 * On the CPU backend it runs one fused pass (registered on first use, so importing the package
 * registers no kernel); elsewhere it is `x − clip(x, −threshold, threshold)`, with the same
 * results. `proximalL1` calls it once per variable per step.
 */
export function softThreshold(x: Tensor, threshold: number): Tensor {
  if (getBackend() === 'cpu' && x.dtype === 'float32') {
    if ((getKernel(SOFT_THRESHOLD_KERNEL, 'cpu') as KernelConfig | undefined) === undefined) {
      registerKernel({
        kernelName: SOFT_THRESHOLD_KERNEL,
        backendName: 'cpu',
        kernelFunc: softThresholdCpu,
      });
    }
    return engine().runKernel(SOFT_THRESHOLD_KERNEL, { x }, { threshold });
  }
  return sub(x, clipByValue(x, -threshold, threshold));
}
