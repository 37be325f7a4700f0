// The checks of the fused L1L2 kernels that the browser test runs: every case on each GPU backend
// (in each texture layout, on WebGL) against the CPU backend, to float32 tolerance. The CPU kernel
// is checked against plain loops in builtin's own tests. Mismatches are collected as text for the
// test to print.
import * as tf from '@tensorflow/tfjs-core';
import { L1L2 } from '@regularizers/builtin';
import { isPackedTexture } from './webgl-probe.js';

/** Float32 tolerance, relative: a sum of a million float32 terms, and one rounded product. */
export const TOLERANCE = { penalty: 1e-5, gradient: 1e-6 };

/** How a GPU input is laid out; WebGL reads packed and unpacked textures with different programs. */
export type Layout = 'packed' | 'unpacked';

/** What the checks found, for the test to assert on. */
export interface CheckLog {
  /** Comparisons made, so a run that checked nothing cannot pass. */
  comparisons: number;
  /** The layouts the WebGL inputs really had, counted. */
  layouts: Record<Layout, number>;
  failures: string[];
}

interface Case {
  label: string;
  shape: number[];
  values: Float32Array;
}

const FACTORS: ReadonlyArray<readonly [number, number]> = [
  [0.01, 0.01],
  [0.3, 0],
  [0, 2.5],
  [0, 0],
  [1e-5, 1e-4],
];

/** `size` values uniform in [-scale, scale), the same in every run (tfjs's seeded generator). */
export function randomValues(size: number, seed: number, scale = 1): Float32Array {
  return tf.tidy(
    () => tf.randomUniform([size], -scale, scale, 'float32', seed).dataSync() as Float32Array,
  );
}

/**
 * Random values on a grid of 2⁻¹², so `1 + (v - 1)` is exactly `v` in float32 and the packed input
 * (see `inputOf`) holds the same numbers as the case.
 */
function randomCase(shape: number[], seed: number, scale = 1): Case {
  const size = shape.reduce((a, b) => a * b, 1);
  const values = randomValues(size, seed, scale).map((v) => Math.round(v * 4096) / 4096);
  return { label: `[${shape.join(', ')}]`, shape, values };
}

function valuesCase(values: number[]): Case {
  return {
    label: `[${values.join(', ')}]`,
    shape: [values.length],
    values: Float32Array.from(values),
  };
}

/**
 * Shapes of rank 0 to 4, odd and even last dimensions (a packed texel's lanes past the edge), an
 * empty tensor, two and three reduction passes (65535 and 1.1M elements), and special values.
 */
export function kernelCases(): Array<{
  testCase: Case;
  factors: ReadonlyArray<readonly [number, number]>;
}> {
  const shapes = [[], [1], [7], [3, 5], [4, 6], [2, 3, 5], [2, 2, 3, 5], [0, 3], [257, 255]];
  const special = [
    [1, Infinity, -2],
    [1, NaN, -2],
    [NaN, Infinity, -Infinity],
    [0, -0, 3, -0.5],
  ];
  return [
    ...shapes.map((shape, i) => ({ testCase: randomCase(shape, i + 1, 2), factors: FACTORS })),
    ...special.map((values) => ({ testCase: valuesCase(values), factors: FACTORS })),
    { testCase: randomCase([1100, 1000], 99, 0.1), factors: [[0.01, 0.01]] as const },
  ];
}

/**
 * The input on the active backend. On WebGL, `packed` makes a packed texture whose lanes past the
 * last row and column are not zero, as many of tfjs's packed ops leave them: `exp(0) + (x - 1)`,
 * where `exp` writes exp(0) = 1 into every lane.
 */
function inputOf(testCase: Case, layout: Layout): tf.Tensor {
  if (layout === 'unpacked' || tf.getBackend() !== 'webgl') {
    return tf.tensor(testCase.values, testCase.shape);
  }
  return tf.tidy(() =>
    tf.add(
      tf.exp(tf.zeros(testCase.shape)),
      tf.tensor(
        testCase.values.map((v) => v - 1),
        testCase.shape,
      ),
    ),
  );
}

interface Computed {
  penalty: number;
  gradient: Float32Array;
}

/**
 * The penalty and the gradient (upstream gradient -3, to check it scales) of L1L2 at the input,
 * read asynchronously: tfjs's WebGPU backend cannot read synchronously in headless Chromium.
 */
async function compute(
  log: CheckLog,
  testCase: Case,
  layout: Layout,
  l1: number,
  l2: number,
): Promise<Computed> {
  const regularizer = new L1L2({ l1, l2 });
  const x = inputOf(testCase, layout);
  if (tf.getBackend() === 'webgl') log.layouts[isPackedTexture(x) ? 'packed' : 'unpacked']++;
  const dy = tf.scalar(-3);
  const penalty = regularizer.apply(x);
  const gradient = tf.grad((t: tf.Tensor) => regularizer.apply(t))(x, dy);
  const [penaltyValues, gradientValues] = await Promise.all([penalty.data(), gradient.data()]);
  tf.dispose([x, dy, penalty, gradient]);
  return { penalty: penaltyValues[0] ?? NaN, gradient: gradientValues as Float32Array };
}

/** Equal non-finite values, else within `relative` of `expected` (plus a denormal's worth). */
function isClose(actual: number, expected: number, relative: number): boolean {
  if (Number.isNaN(expected)) return Number.isNaN(actual);
  if (!Number.isFinite(expected)) return actual === expected;
  return Math.abs(actual - expected) <= relative * Math.abs(expected) + 1e-30;
}

function compare(
  log: CheckLog,
  label: string,
  actual: ArrayLike<number>,
  expected: ArrayLike<number>,
  tolerance: number,
): void {
  log.comparisons++;
  if (actual.length !== expected.length) {
    log.failures.push(`${label}: ${actual.length} values, expected ${expected.length}`);
    return;
  }
  for (let i = 0; i < expected.length; i++) {
    if (!isClose(actual[i] as number, expected[i] as number, tolerance)) {
      log.failures.push(`${label}, element ${i}: got ${actual[i]}, expected ${expected[i]}`);
      return;
    }
  }
}

/**
 * The lanes of a packed gradient past its last row or column must hold 0: a packed matMul over an
 * odd inner dimension multiplies them by the other operand's, which here are not 0 (see
 * `inputOf`). Compares `matMul(gradient, y)` on WebGL, both packed, with the CPU backend.
 */
async function checkGradientPadding(log: CheckLog): Promise<void> {
  const regularizer = new L1L2({ l1: 0.5, l2: 0.25 });
  for (const [xShape, yShape] of [
    [
      [3, 5],
      [5, 2],
    ],
    [
      [2, 3, 5],
      [2, 5, 3],
    ],
  ]) {
    const [x, y] = [randomCase(xShape as number[], 41), randomCase(yShape as number[], 42)];
    const product = async (layout: Layout): Promise<Float32Array> => {
      const [xInput, yInput] = [inputOf(x, layout), inputOf(y, layout)];
      const gradient = tf.grad((t: tf.Tensor) => regularizer.apply(t))(xInput);
      const result = tf.matMul(gradient, yInput);
      const values = (await result.data()) as Float32Array;
      tf.dispose([xInput, yInput, gradient, result]);
      return values;
    };
    await tf.setBackend('cpu');
    const cpu = await product('unpacked');
    await tf.setBackend('webgl');
    const gpu = await product('packed');
    compare(
      log,
      `webgl (packed) matMul(gradient of ${x.label}, ${y.label})`,
      gpu,
      cpu,
      TOLERANCE.gradient,
    );
  }
}

/**
 * Runs every case on the CPU backend, then on each GPU backend in each layout, and compares them.
 * Leaves `cpu` active.
 */
export async function checkKernels(gpuBackends: string[]): Promise<CheckLog> {
  const log: CheckLog = { comparisons: 0, layouts: { packed: 0, unpacked: 0 }, failures: [] };
  for (const { testCase, factors } of kernelCases()) {
    for (const [l1, l2] of factors) {
      const label = `${testCase.label}, l1 = ${l1}, l2 = ${l2}`;
      await tf.setBackend('cpu');
      const cpu = await compute(log, testCase, 'unpacked', l1, l2);
      for (const backendName of gpuBackends) {
        await tf.setBackend(backendName);
        const layouts: Layout[] = backendName === 'webgl' ? ['unpacked', 'packed'] : ['unpacked'];
        for (const layout of layouts) {
          const gpu = await compute(log, testCase, layout, l1, l2);
          const where = backendName === 'webgl' ? `webgl (${layout})` : backendName;
          compare(
            log,
            `${where} penalty ${label}`,
            [gpu.penalty],
            [cpu.penalty],
            TOLERANCE.penalty,
          );
          compare(
            log,
            `${where} gradient ${label}`,
            gpu.gradient,
            cpu.gradient,
            TOLERANCE.gradient,
          );
        }
      }
    }
  }
  if (gpuBackends.includes('webgl')) await checkGradientPadding(log);
  await tf.setBackend('cpu');
  return log;
}
