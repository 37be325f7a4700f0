import { util } from '@tensorflow/tfjs-core';
import type {
  BackendValues,
  DataId,
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
import type { PenaltyFactors } from './l1l2-penalty-kernels.js';
import {
  WINDOW,
  gradientProgram,
  packedView,
  penaltyProgram,
  sumProgram,
} from './l1l2-penalty-webgl-programs.js';
import type { WebGLProgramSpec } from './l1l2-penalty-webgl-programs.js';

/**
 * The members of tfjs-backend-webgl's `MathBackendWebGL` the kernels use, all public: running a
 * custom program, releasing an intermediate, and whether a tensor's texture is packed. Typed
 * structurally so this package has no dependency on tfjs-backend-webgl (a test pins it to the real
 * class).
 */
export interface WebGLBackendView {
  compileAndRun(
    program: WebGLProgramSpec,
    inputs: TensorInfo[],
    outputDtype?: DataType,
    customUniformValues?: number[][],
  ): TensorInfo;
  disposeIntermediateTensorInfo(tensorInfo: TensorInfo): void;
  makeTensorInfo(shape: number[], dtype: DataType, values?: BackendValues): TensorInfo;
  texData: { get(dataId: DataId): { isPacked?: boolean } };
}

/** Whether a backend is tfjs's WebGL backend, recognised by the members the kernels use. */
export function isWebGLBackend(backend: KernelBackend): boolean {
  const candidate = backend as Partial<Record<keyof WebGLBackendView, unknown>>;
  return (
    typeof candidate.compileAndRun === 'function' &&
    typeof candidate.disposeIntermediateTensorInfo === 'function' &&
    typeof candidate.texData === 'object'
  );
}

/**
 * Writes `l1`, `l2` as `scale * (l1, l2)` with `scale` a power of two and the larger factor in
 * [1, 2). Dividing by a power of two is exact, and it keeps the stored partial sums near the
 * magnitude of the weights rather than of `l2 * w²`, which float16 textures cannot hold.
 */
export function splitFactors({ l1, l2 }: PenaltyFactors): PenaltyFactors & { scale: number } {
  const scale = 2 ** Math.floor(Math.log2(Math.max(l1, l2)));
  return { l1: l1 / scale, l2: l2 / scale, scale };
}

function isPacked(webgl: WebGLBackendView, x: TensorInfo): boolean {
  return webgl.texData.get(x.dataId).isPacked === true;
}

/**
 * The forward: the fused first pass, then sum passes until one value is left, each over `WINDOW`
 * partials. For 1M weights that is two programs; no intermediate is larger than 1/1024 of `x`.
 */
const l1l2PenaltyWebGL: KernelFunc = ({ inputs, attrs, backend }) => {
  const webgl = backend as WebGLBackendView;
  const x = requireInput(inputs, 'x', L1L2_PENALTY_KERNEL);
  const factors = readFactors(attrs, L1L2_PENALTY_KERNEL);
  if (util.sizeFromShape(x.shape) === 0 || (factors.l1 === 0 && factors.l2 === 0)) {
    return webgl.makeTensorInfo([], 'float32', new Float32Array([0]));
  }
  const { l1, l2, scale } = splitFactors(factors);
  const packed = isPacked(webgl, x);
  const first = penaltyProgram(x.shape, packed);
  const view = packed ? packedView(x.shape) : [util.sizeFromShape(x.shape)];
  let result = webgl.compileAndRun(first, [{ ...x, shape: view }], 'float32', [
    [l1],
    [l2],
    [first.outputShape.length === 0 ? scale : 1],
  ]);
  // Each intermediate pass divides by WINDOW (exactly) to keep its sums in range; the last pass
  // multiplies by every such factor and by `scale`.
  let finalScale = scale;
  while (result.shape.length !== 0) {
    const program = sumProgram(util.sizeFromShape(result.shape));
    const isLast = program.outputShape.length === 0;
    const next = webgl.compileAndRun(program, [result], 'float32', [
      [isLast ? finalScale : 1 / WINDOW],
    ]);
    webgl.disposeIntermediateTensorInfo(result);
    result = next;
    finalScale *= WINDOW;
  }
  return result;
};

/** The backward: one elementwise program in the input's layout. */
const l1l2PenaltyGradWebGL: KernelFunc = ({ inputs, attrs, backend }) => {
  const webgl = backend as WebGLBackendView;
  const x = requireInput(inputs, 'x', L1L2_PENALTY_GRAD_KERNEL);
  const dy = requireInput(inputs, 'dy', L1L2_PENALTY_GRAD_KERNEL);
  const { l1, l2 } = readFactors(attrs, L1L2_PENALTY_GRAD_KERNEL);
  const packed = isPacked(webgl, x);
  // An unpacked texture is flat whatever the shape, so a flat view costs nothing and keeps the
  // program's index code simplest; a packed one keeps its own shape, which fixes its texel layout.
  const input = packed ? x : { ...x, shape: [util.sizeFromShape(x.shape)] };
  const gradient = webgl.compileAndRun(
    gradientProgram(input.shape, packed),
    [input, dy],
    'float32',
    [[l1], [2 * l2]],
  );
  // Handing a flat gradient back with x's shape is a free reshape.
  return { ...gradient, shape: x.shape.slice() };
};

/**
 * Registers the fused WebGL kernels of the L1L2 penalty and its analytic gradient for the
 * backend named `webgl`. `l1l2Penalty` calls it when that backend is active; it is idempotent.
 */
export function registerL1L2PenaltyWebGLKernels(): void {
  registerPenaltyKernels('webgl', l1l2PenaltyWebGL, l1l2PenaltyGradWebGL);
}
