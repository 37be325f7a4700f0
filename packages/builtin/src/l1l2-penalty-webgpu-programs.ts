// The compute programs of the fused L1L2 kernels on tfjs's WebGPU backend: WGSL bodies that
// tfjs-backend-webgpu wraps with its bindings (the input arrays by name, `uniforms`, `localId`,
// `setOutputAtIndex`). The factors are uniforms; the code depends on nothing else, so every
// shape and every factor shares one pipeline per program.

/**
 * The part of tfjs-backend-webgpu's `WebGPUProgram` these programs use (a test pins it to the real
 * interface). Typed here so this package has no dependency on tfjs-backend-webgpu.
 */
export interface WebGPUProgramSpec {
  variableNames: string[];
  outputShape: number[];
  /** Names the code; tfjs caches the compiled pipeline under it (with the inputs' ranks). */
  shaderKey: string;
  dispatchLayout: { x: number[] };
  dispatch: [number, number, number];
  workgroupSize: [number, number, number];
  uniforms: string;
  size?: boolean;
  getUserCode: () => string;
}

/** Threads of the forward's one workgroup; every WebGPU device allows 256. */
const REDUCE_THREADS = 256;

/** Threads per workgroup of the gradient, as tfjs's elementwise programs. */
const ELEMENTWISE_THREADS = 128;

/**
 * The forward in one dispatch of one workgroup, as tfjs reduces a whole tensor: each thread sums
 * `|x|` and `x²` over a strided share in float32 registers, a tree in workgroup memory adds the
 * shares, and thread 0 writes `l1 * sum|x| + l2 * sum x²`, skipping a term whose factor is 0.
 * `x` is passed flat, so `uniforms.xShape` is its number of elements.
 */
export function penaltyProgram(): WebGPUProgramSpec {
  return {
    variableNames: ['x'],
    outputShape: [1],
    shaderKey: 'RegularizersL1L2Penalty',
    dispatchLayout: { x: [0] },
    dispatch: [1, 1, 1],
    workgroupSize: [REDUCE_THREADS, 1, 1],
    uniforms: 'l1 : f32, l2 : f32,',
    getUserCode: () => `
      var<workgroup> partialAbs : array<f32, ${REDUCE_THREADS}>;
      var<workgroup> partialSquares : array<f32, ${REDUCE_THREADS}>;

      fn main(index : i32) {
        let lane = i32(localId.x);
        var sumAbs = 0.0;
        var sumSquares = 0.0;
        for (var i = lane; i < uniforms.xShape; i = i + ${REDUCE_THREADS}) {
          let v = x[i];
          sumAbs = sumAbs + abs(v);
          sumSquares = sumSquares + v * v;
        }
        partialAbs[lane] = sumAbs;
        partialSquares[lane] = sumSquares;
        workgroupBarrier();
        for (var stride = ${REDUCE_THREADS / 2}; stride > 0; stride = stride / 2) {
          if (lane < stride) {
            partialAbs[lane] = partialAbs[lane] + partialAbs[lane + stride];
            partialSquares[lane] = partialSquares[lane] + partialSquares[lane + stride];
          }
          workgroupBarrier();
        }
        if (lane == 0) {
          var total = 0.0;
          if (uniforms.l1 != 0.0) { total = total + uniforms.l1 * partialAbs[0]; }
          if (uniforms.l2 != 0.0) { total = total + uniforms.l2 * partialSquares[0]; }
          setOutputAtIndex(0, total);
        }
      }
    `,
  };
}

/**
 * The backward, one elementwise dispatch: `dy * (l1 * sign(x) + twoL2 * x)` with `sign(0) = 0` and
 * `sign(NaN) = NaN`, skipping a zero factor's term, and exactly 0 when both factors are 0.
 *
 * @param size - the number of elements of `x`, passed with shape `[size]`, and of the output.
 */
export function gradientProgram(size: number): WebGPUProgramSpec {
  return {
    variableNames: ['x', 'dy'],
    outputShape: [size],
    shaderKey: 'RegularizersL1L2PenaltyGrad',
    dispatchLayout: { x: [0] },
    dispatch: [Math.ceil(size / ELEMENTWISE_THREADS), 1, 1],
    workgroupSize: [ELEMENTWISE_THREADS, 1, 1],
    uniforms: 'l1 : f32, twoL2 : f32,',
    size: true,
    getUserCode: () => `
      fn main(index : i32) {
        if (index < uniforms.size) {
          let v = x[index];
          var gradient = 0.0;
          if (uniforms.l1 != 0.0 || uniforms.twoL2 != 0.0) {
            var slope = 0.0;
            if (uniforms.l1 != 0.0) { slope = slope + uniforms.l1 * select(sign(v), v, isnan(v)); }
            if (uniforms.twoL2 != 0.0) { slope = slope + uniforms.twoL2 * v; }
            gradient = dy[0] * slope;
          }
          setOutputAtIndex(index, gradient);
        }
      }
    `,
  };
}
