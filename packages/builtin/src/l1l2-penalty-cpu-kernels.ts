import {
  engine,
  getGradient,
  getKernel,
  registerGradient,
  registerKernel,
} from '@tensorflow/tfjs-core';
import type {
  BackendValues,
  DataId,
  DataType,
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
 * pass writes the gradient in one loop with no full-size temporaries.
 */
export const L1L2_PENALTY_GRAD_KERNEL = 'RegularizersL1L2PenaltyGrad';

/**
 * The two members of tfjs-backend-cpu's `MathBackendCPU` the kernels use. Typed structurally so
 * this package needs no runtime or type dependency on the CPU backend package.
 */
interface CpuBackendView {
  data: { get(dataId: DataId): { values?: BackendValues } };
  makeTensorInfo(shape: number[], dtype: DataType, values?: BackendValues): TensorInfo;
}

function requireInput(inputs: NamedTensorInfoMap, name: string, kernelName: string): TensorInfo {
  const input = inputs[name];
  if (input === undefined) {
    throw new Error(`${kernelName}: missing input '${name}'.`);
  }
  if (input.dtype !== 'float32') {
    throw new Error(`${kernelName}: input '${name}' must be float32, got ${input.dtype}.`);
  }
  return input;
}

function readFactor(attrs: NamedAttrMap | undefined, name: string, kernelName: string): number {
  const factor = attrs?.[name];
  if (typeof factor !== 'number') {
    throw new Error(`${kernelName}: attribute '${name}' must be a number.`);
  }
  return factor;
}

function float32Values(backend: CpuBackendView, info: TensorInfo): Float32Array {
  // The CPU backend keeps a float32 tensor's data as one Float32Array; reading it directly is how
  // tfjs-backend-cpu's own kernels read their inputs, and it copies nothing.
  return backend.data.get(info.dataId).values as Float32Array;
}

/** sign(v) with sign(0) = 0 (TensorFlow semantics) and sign(NaN) = NaN. */
function signOf(v: number): number {
  return v > 0 ? 1 : v < 0 ? -1 : v === 0 ? 0 : NaN;
}

/**
 * sum|v| and sum v² in one pass, in doubles. Four independent accumulators of each let the CPU
 * overlap the additions, which makes the pass about a quarter faster than a single accumulator.
 */
function sumAbsAndSquares(values: Float32Array): { sumAbs: number; sumSquares: number } {
  let abs0 = 0,
    abs1 = 0,
    abs2 = 0,
    abs3 = 0;
  let sq0 = 0,
    sq1 = 0,
    sq2 = 0,
    sq3 = 0;
  const unrolled = values.length - (values.length % 4);
  for (let i = 0; i < unrolled; i += 4) {
    const a = values[i] as number;
    const b = values[i + 1] as number;
    const c = values[i + 2] as number;
    const d = values[i + 3] as number;
    abs0 += Math.abs(a);
    abs1 += Math.abs(b);
    abs2 += Math.abs(c);
    abs3 += Math.abs(d);
    sq0 += a * a;
    sq1 += b * b;
    sq2 += c * c;
    sq3 += d * d;
  }
  for (let i = unrolled; i < values.length; i++) {
    const v = values[i] as number;
    abs0 += Math.abs(v);
    sq0 += v * v;
  }
  return { sumAbs: abs0 + abs1 + abs2 + abs3, sumSquares: sq0 + sq1 + sq2 + sq3 };
}

const l1l2PenaltyCpu: KernelFunc = ({ inputs, attrs, backend }) => {
  const cpu = backend as CpuBackendView;
  const x = requireInput(inputs, 'x', L1L2_PENALTY_KERNEL);
  const l1 = readFactor(attrs, 'l1', L1L2_PENALTY_KERNEL);
  const l2 = readFactor(attrs, 'l2', L1L2_PENALTY_KERNEL);
  const { sumAbs, sumSquares } = sumAbsAndSquares(float32Values(cpu, x));
  // Scale after summing, and skip a term whose factor is 0 so 0 * Infinity never makes NaN.
  let penalty = 0;
  if (l1 !== 0) penalty += l1 * sumAbs;
  if (l2 !== 0) penalty += l2 * sumSquares;
  return cpu.makeTensorInfo([], 'float32', new Float32Array([penalty]));
};

const l1l2PenaltyGradCpu: KernelFunc = ({ inputs, attrs, backend }) => {
  const cpu = backend as CpuBackendView;
  const x = requireInput(inputs, 'x', L1L2_PENALTY_GRAD_KERNEL);
  const dyInfo = requireInput(inputs, 'dy', L1L2_PENALTY_GRAD_KERNEL);
  const l1 = readFactor(attrs, 'l1', L1L2_PENALTY_GRAD_KERNEL);
  const l2 = readFactor(attrs, 'l2', L1L2_PENALTY_GRAD_KERNEL);
  const values = float32Values(cpu, x);
  const dy = float32Values(cpu, dyInfo)[0] as number;
  const twoL2 = 2 * l2;
  const out = new Float32Array(values.length);
  // One loop per combination of non-zero factors keeps each loop branch-free of the skip logic;
  // with both factors 0 the gradient is exactly zero, which the fresh array already holds.
  if (l1 !== 0 && l2 !== 0) {
    for (let i = 0; i < values.length; i++) {
      const v = values[i] as number;
      out[i] = dy * (l1 * signOf(v) + twoL2 * v);
    }
  } else if (l1 !== 0) {
    for (let i = 0; i < values.length; i++) {
      out[i] = dy * (l1 * signOf(values[i] as number));
    }
  } else if (l2 !== 0) {
    for (let i = 0; i < values.length; i++) {
      out[i] = dy * (twoL2 * (values[i] as number));
    }
  }
  return cpu.makeTensorInfo(x.shape.slice(), 'float32', out);
};

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
 * Registers the fused CPU kernels of the L1L2 penalty and its analytic gradient.
 *
 * It exists so the fused path works with nothing but tfjs-core and tfjs-backend-cpu loaded: in
 * Node, tfjs-core registers no gradients at all, so the penalty brings its own. `l1l2Penalty`
 * calls it on every use instead of this module registering on import, which keeps the package
 * free of import side effects. It is idempotent and checks the global registry first, so two
 * loaded copies of this package register once and never trigger tfjs's "already registered"
 * warning.
 */
export function registerL1L2PenaltyCpuKernels(): void {
  if (!isKernelRegistered(L1L2_PENALTY_KERNEL, 'cpu')) {
    registerKernel({
      kernelName: L1L2_PENALTY_KERNEL,
      backendName: 'cpu',
      kernelFunc: l1l2PenaltyCpu,
    });
  }
  if (!isKernelRegistered(L1L2_PENALTY_GRAD_KERNEL, 'cpu')) {
    registerKernel({
      kernelName: L1L2_PENALTY_GRAD_KERNEL,
      backendName: 'cpu',
      kernelFunc: l1l2PenaltyGradCpu,
    });
  }
  if ((getGradient(L1L2_PENALTY_KERNEL) as GradConfig | undefined) === undefined) {
    registerGradient({
      kernelName: L1L2_PENALTY_KERNEL,
      inputsToSave: ['x'],
      gradFunc: l1l2PenaltyGrad,
    });
  }
}

/**
 * Whether a kernel is registered for a backend. tfjs types `getKernel` as always returning a
 * config, but it returns `undefined` for an unknown kernel.
 */
export function isKernelRegistered(kernelName: string, backendName: string): boolean {
  return (getKernel(kernelName, backendName) as KernelConfig | undefined) !== undefined;
}
