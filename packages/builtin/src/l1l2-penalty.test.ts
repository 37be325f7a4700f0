import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import * as tf from '@tensorflow/tfjs-core';
import { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import { sumAbs, sumSquares } from '@regularizers/core/testing';
import { l1l2Penalty } from './l1l2-penalty.js';
import { l1l2PenaltyComposite } from './l1l2-penalty-composite.js';
import type * as CpuKernels from './l1l2-penalty-cpu-kernels.js';
import { registerL1L2PenaltyCpuKernels } from './l1l2-penalty-cpu-kernels.js';
import { L1L2_PENALTY_GRAD_KERNEL, L1L2_PENALTY_KERNEL } from './l1l2-penalty-kernels.js';
import { M } from './test-values.js';

type Penalty = (x: tf.Tensor, l1: number, l2: number) => tf.Scalar;

/** Both paths: the fused kernel and the composite fallback must agree on everything. */
const PATHS: readonly Penalty[] = [l1l2Penalty, l1l2PenaltyComposite];

/** The penalty in JS doubles, term by term, skipping a term whose factor is 0. */
function plainPenalty(values: ArrayLike<number>, l1: number, l2: number): number {
  return (l1 !== 0 ? l1 * sumAbs(values) : 0) + (l2 !== 0 ? l2 * sumSquares(values) : 0);
}

/** The analytic gradient `l1 * sign(v) + 2 * l2 * v` (sign(0) = 0), skipping zero factors. */
function plainGradient(values: ArrayLike<number>, l1: number, l2: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as number;
    out.push((l1 !== 0 ? l1 * Math.sign(v) : 0) + (l2 !== 0 ? 2 * l2 * v : 0));
  }
  return out;
}

/** Same value up to float32 rounding: equal non-finite values, else within a relative 1e-6. */
function isClose(actual: number, expected: number, relative = 1e-6): boolean {
  if (Number.isNaN(expected)) return Number.isNaN(actual);
  if (!Number.isFinite(expected)) return actual === expected;
  return Math.abs(actual - expected) <= relative * Math.abs(expected) + 1e-35;
}

function expectAllClose(
  actual: ArrayLike<number>,
  expected: ArrayLike<number>,
  label = 'values',
): void {
  expect(actual.length, label).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    const a = actual[i] as number;
    const e = expected[i] as number;
    if (!isClose(a, e)) {
      expect.fail(`${label}, element ${i}: got ${a}, expected ${e}`);
    }
  }
}

/** Computes the penalty of `x` with `penalty` and reads it back, disposing the result. */
function valueOf(penalty: Penalty, x: tf.Tensor, l1: number, l2: number): number {
  const result = penalty(x, l1, l2);
  const [value] = result.dataSync();
  result.dispose();
  return value as number;
}

/** Computes the gradient of the penalty at `x` with `tf.grad`, checks its shape and reads it back. */
function gradientOf(penalty: Penalty, x: tf.Tensor, l1: number, l2: number): Float32Array {
  const g = tf.grad((t: tf.Tensor) => penalty(t, l1, l2))(x);
  expect(g.dtype).toBe('float32');
  expect(g.shape).toEqual(x.shape);
  const values = g.dataSync() as Float32Array;
  g.dispose();
  return values;
}

/** Deterministic pseudo-random float32 values in [-scale, scale), independent of tfjs. */
function pseudoRandom(length: number, seed: number, scale = 1): Float32Array {
  const out = new Float32Array(length);
  let state = seed >>> 0;
  for (let i = 0; i < length; i++) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    out[i] = (state / 2 ** 32 - 0.5) * 2 * scale;
  }
  return out;
}

// Factors are float32 values so the composite path and tfjs autodiff, which hold factors as float32
// tensors, see exactly the factor the fused kernel sees.
const factor = fc.oneof(fc.constant(0), fc.float({ min: 0, max: 10, noNaN: true }));

const moderateElement = fc.oneof(
  fc.float({ min: Math.fround(-100), max: Math.fround(100), noNaN: true }),
  fc.constantFrom(1e-30, -1e-30, 0, -0),
  fc.constant(0),
);

/** Float32 values mixing ordinary, huge (their squares overflow float32), tiny and zero. */
const element = fc.oneof(moderateElement, fc.constantFrom(1e20, -1e20));

/** A shape of rank 0 to 3 with dims 0 to 6 (so possibly empty) and values to fill it. */
function shapedValuesOf(values: fc.Arbitrary<number>) {
  return fc.array(fc.integer({ min: 0, max: 6 }), { maxLength: 3 }).chain((shape) => {
    const size = shape.reduce((a, b) => a * b, 1);
    return fc
      .array(values, { minLength: size, maxLength: size })
      .map((flat) => ({ shape, values: flat }));
  });
}

const shapedValues = shapedValuesOf(element);

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('l1l2Penalty forward', () => {
  it('matches the reference values of the 4x4 matrix M', () => {
    const x = tf.tensor2d(M);
    for (const penalty of PATHS) {
      expect(valueOf(penalty, x, 0.1, 0), penalty.name).toBeCloseTo(1.36, 6);
      expect(valueOf(penalty, x, 0, 0.1), penalty.name).toBeCloseTo(1.496, 6);
      expect(valueOf(penalty, x, 0.1, 0.2), penalty.name).toBeCloseTo(4.352, 6);
    }
    x.dispose();
  });

  it('matches the reference values of constant tensors', () => {
    const ones = tf.ones([5, 5]);
    const tens = tf.fill([4, 4], 10);
    for (const penalty of PATHS) {
      expect(valueOf(penalty, ones, 0, 2), penalty.name).toBe(50);
      expect(valueOf(penalty, tens, 1, 0), penalty.name).toBe(160);
      expect(valueOf(penalty, tens, 0, 1), penalty.name).toBe(1600);
    }
    tf.dispose([ones, tens]);
  });

  it('matches a plain double loop on several tensors', () => {
    const cases: Array<{ shape: number[]; values: Float32Array }> = [
      { shape: [7], values: pseudoRandom(7, 1) },
      { shape: [3, 11], values: pseudoRandom(33, 2, 50) },
      { shape: [2, 3, 4], values: pseudoRandom(24, 3, 1e-3) },
      { shape: [100, 100], values: pseudoRandom(10_000, 4, 0.05) },
    ];
    for (const { shape, values } of cases) {
      const x = tf.tensor(values, shape);
      for (const [l1, l2] of [
        [0.01, 0.01],
        [0.3, 0],
        [0, 2.5],
        [1e-4, 7],
      ] as const) {
        const expected = plainPenalty(values, l1, l2);
        for (const penalty of PATHS) {
          expectAllClose([valueOf(penalty, x, l1, l2)], [expected], penalty.name);
        }
      }
      x.dispose();
    }
  });

  it('accumulates in double precision', () => {
    // A float32 running sum of a million 0.1s drifts by about 1%.
    const x = tf.fill([1000, 1000], 0.1);
    const tenth = Math.fround(0.1);
    const expected = 1e6 * tenth + 1e6 * tenth * tenth;
    for (const penalty of PATHS) {
      expectAllClose([valueOf(penalty, x, 1, 1)], [expected], penalty.name);
    }
    x.dispose();
  });

  it('matches a plain double loop on random tensors', () => {
    fc.assert(
      fc.property(shapedValues, factor, factor, ({ shape, values }, l1, l2) => {
        const x = tf.tensor(values, shape);
        const actual = valueOf(l1l2Penalty, x, l1, l2);
        const expected = plainPenalty(x.dataSync(), l1, l2);
        x.dispose();
        return isClose(actual, Math.fround(expected));
      }),
      { numRuns: 100 },
    );
  });

  it('gives the same value on the composite path for random tensors', () => {
    // Moderate magnitudes only: the composite squares in float32, where 1e20² overflows, while the
    // fused kernel squares in doubles.
    fc.assert(
      fc.property(shapedValuesOf(moderateElement), factor, factor, ({ shape, values }, l1, l2) => {
        const x = tf.tensor(values, shape);
        const fused = valueOf(l1l2Penalty, x, l1, l2);
        const composite = valueOf(l1l2PenaltyComposite, x, l1, l2);
        x.dispose();
        return isClose(composite, fused);
      }),
      { numRuns: 100 },
    );
  });

  it('returns a float32 rank-0 tensor', () => {
    const x = tf.tensor2d(M);
    for (const penalty of PATHS) {
      const result = penalty(x, 0.1, 0.2);
      expect(result.dtype).toBe('float32');
      expect(result.rank).toBe(0);
      expect(result.shape).toEqual([]);
      result.dispose();
    }
    x.dispose();
  });

  it('returns 0 for an empty tensor', () => {
    const empties = [tf.tensor1d([]), tf.zeros([0, 3]), tf.zeros([2, 0, 4])];
    for (const x of empties) {
      for (const penalty of PATHS) {
        expect(valueOf(penalty, x, 0.5, 0.5), penalty.name).toBe(0);
      }
    }
    tf.dispose(empties);
  });

  it('accepts a rank-0 input', () => {
    const x = tf.scalar(-3);
    for (const penalty of PATHS) {
      // 0.5 * 3 + 0.25 * 9
      expect(valueOf(penalty, x, 0.5, 0.25), penalty.name).toBe(3.75);
    }
    x.dispose();
  });

  it('skips a term whose factor is 0, so 0 * Infinity never makes NaN', () => {
    const withInfinity = tf.tensor1d([1, Infinity, -2]);
    const onlyInfinity = tf.tensor1d([Infinity]);
    const withNaN = tf.tensor1d([1, NaN, -2]);
    const nonFinite = tf.tensor1d([NaN, Infinity, -Infinity]);
    for (const penalty of PATHS) {
      expect(valueOf(penalty, withInfinity, 0, 0.1), penalty.name).toBe(Infinity);
      expect(valueOf(penalty, onlyInfinity, 0.1, 0), penalty.name).toBe(Infinity);
      expect(valueOf(penalty, withNaN, 0.1, 0), penalty.name).toBeNaN();
      expect(valueOf(penalty, withNaN, 0, 0.1), penalty.name).toBeNaN();
      expect(valueOf(penalty, nonFinite, 0, 0), penalty.name).toBe(0);
    }
    tf.dispose([withInfinity, onlyInfinity, withNaN, nonFinite]);
  });

  it('allocates nothing full-size: peak transient bytes on 1M weights stay under 1 KiB', async () => {
    const values = pseudoRandom(1_000_000, 5);
    const w = tf.variable(tf.tensor2d(values, [1000, 1000]));
    const before = tf.memory().numBytes;
    const info = await tf.profile(() => l1l2Penalty(w, 0.01, 0.01));
    expect(info.peakBytes - before).toBeLessThan(1024);
    expect(info.kernelNames).toEqual([L1L2_PENALTY_KERNEL]);
    const result = info.result as tf.Scalar;
    expect(isClose(result.dataSync()[0] as number, plainPenalty(values, 0.01, 0.01))).toBe(true);
    tf.dispose([result, w]);
  });

  it('allocates only the gradient itself in the backward pass', async () => {
    const values = pseudoRandom(1_000_000, 6);
    const w = tf.variable(tf.tensor2d(values, [1000, 1000]));
    const before = tf.memory().numBytes;
    const info = await tf.profile(() => tf.variableGrads(() => l1l2Penalty(w, 0.01, 0.01)));
    // tfjs saves the input for the backward pass with an Identity clone and books it as a
    // full-size tensor, but on the CPU backend it is a reference-counted view of w, not a copy:
    // the gradient is the only new full-size buffer.
    expect(info.peakBytes - before).toBeLessThan(2 * values.byteLength + 1024);
    expect(info.kernelNames).toEqual(['Identity', L1L2_PENALTY_KERNEL, L1L2_PENALTY_GRAD_KERNEL]);
    const { value, grads } = info.result as { value: tf.Scalar; grads: tf.NamedTensorMap };
    expectAllClose(grads[w.name]?.dataSync() ?? [], plainGradient(values, 0.01, 0.01));
    tf.dispose([value, grads, w]);
  });
});

describe('l1l2Penalty gradient', () => {
  it('needs no stock gradients: tfjs-core registers none in Node', () => {
    expect(tf.getGradient(tf.Abs)).toBeUndefined();
    expect(tf.getGradient(tf.Sum)).toBeUndefined();
    const x = tf.tensor1d([0, -1, 2, 3]);
    // 0.5 * sign(x) + 2 * 0.25 * x, with sign(0) = 0
    expectAllClose(gradientOf(l1l2Penalty, x, 0.5, 0.25), [0, -1, 1.5, 2]);
    expectAllClose(gradientOf(l1l2PenaltyComposite, x, 0.5, 0.25), [0, -1, 1.5, 2]);
    x.dispose();
  });

  it('is l1 * sign(x) + 2 * l2 * x on random tensors', () => {
    fc.assert(
      fc.property(shapedValues, factor, factor, ({ shape, values }, l1, l2) => {
        const x = tf.tensor(values, shape);
        const expected = plainGradient(x.dataSync(), l1, l2);
        for (const penalty of PATHS) {
          expectAllClose(gradientOf(penalty, x, l1, l2), expected, penalty.name);
        }
        x.dispose();
      }),
      { numRuns: 100 },
    );
  });

  it('skips zero-factor terms and propagates NaN otherwise', () => {
    const x = tf.tensor1d([Infinity, -Infinity, 1, 0, NaN]);
    for (const penalty of PATHS) {
      expectAllClose(gradientOf(penalty, x, 0.5, 0), [0.5, -0.5, 0.5, 0, NaN], penalty.name);
      expectAllClose(
        gradientOf(penalty, x, 0, 0.5),
        [Infinity, -Infinity, 1, 0, NaN],
        penalty.name,
      );
      expectAllClose(gradientOf(penalty, x, 0, 0), [0, 0, 0, 0, 0], penalty.name);
    }
    x.dispose();
  });

  it('handles rank-0 and empty inputs', () => {
    const s = tf.scalar(-3);
    const empty = tf.zeros([0, 3]);
    for (const penalty of PATHS) {
      // 0.5 * -1 + 2 * 0.25 * -3
      expectAllClose(gradientOf(penalty, s, 0.5, 0.25), [-2], penalty.name);
      expect(gradientOf(penalty, empty, 0.5, 0.25)).toHaveLength(0);
    }
    tf.dispose([s, empty]);
  });

  it('scales by the upstream gradient', () => {
    const x = tf.tensor1d([-2, 0, 4]);
    for (const penalty of PATHS) {
      const dy = tf.scalar(-3);
      const g = tf.grad((t: tf.Tensor) => penalty(t, 0.5, 0.25))(x, dy);
      // -3 * (0.5 * sign(x) + 0.5 * x)
      expectAllClose(g.dataSync(), [4.5, 0, -7.5], penalty.name);
      tf.dispose([g, dy]);
    }
    x.dispose();
  });

  it('works through tf.variableGrads', () => {
    const w = tf.variable(tf.tensor2d(M));
    const flat = M.flat();
    for (const penalty of PATHS) {
      const { value, grads } = tf.variableGrads(() => penalty(w, 0.1, 0.2));
      expect(value.dataSync()[0], penalty.name).toBeCloseTo(4.352, 6);
      const g = grads[w.name];
      expect(g, penalty.name).toBeDefined();
      expectAllClose(
        g?.dataSync() ?? [],
        plainGradient(Float32Array.from(flat), 0.1, 0.2),
        penalty.name,
      );
      tf.dispose([value, grads]);
    }
    w.dispose();
  });
});

describe('l1l2Penalty tensor hygiene', () => {
  it('leaks no tensor across forward, tf.grad and tf.variableGrads', () => {
    const x = tf.tensor2d(M);
    const w = tf.variable(tf.tensor2d(M));
    for (const penalty of PATHS) {
      for (const [l1, l2] of [
        [0.1, 0.2],
        [0.1, 0],
        [0, 0.2],
        [0, 0],
      ] as const) {
        const before = tf.memory().numTensors;
        tf.dispose(penalty(x, l1, l2));
        expect(tf.memory().numTensors).toBe(before);
        tf.dispose(tf.grad((t: tf.Tensor) => penalty(t, l1, l2))(x));
        expect(tf.memory().numTensors).toBe(before);
        const { value, grads } = tf.variableGrads(() => penalty(w, l1, l2));
        tf.dispose([value, grads]);
        expect(tf.memory().numTensors).toBe(before);
      }
    }
    tf.dispose([x, w]);
  });

  it('registers its kernels once, however often it is called', () => {
    registerL1L2PenaltyCpuKernels();
    const forward = tf.getKernel(L1L2_PENALTY_KERNEL, 'cpu');
    const backward = tf.getKernel(L1L2_PENALTY_GRAD_KERNEL, 'cpu');
    const gradient = tf.getGradient(L1L2_PENALTY_KERNEL);
    expect(forward).toBeDefined();
    expect(backward).toBeDefined();
    expect(gradient.inputsToSave).toEqual(['x']);
    registerL1L2PenaltyCpuKernels();
    expect(tf.getKernel(L1L2_PENALTY_KERNEL, 'cpu')).toBe(forward);
    expect(tf.getKernel(L1L2_PENALTY_GRAD_KERNEL, 'cpu')).toBe(backward);
    expect(tf.getGradient(L1L2_PENALTY_KERNEL)).toBe(gradient);
  });

  it('keeps the first registration when a second copy of the module loads', async () => {
    registerL1L2PenaltyCpuKernels();
    const forward = tf.getKernel(L1L2_PENALTY_KERNEL, 'cpu');
    const gradient = tf.getGradient(L1L2_PENALTY_KERNEL);
    // The query string makes Vite load a second, independent instance of the module.
    const specifier = './l1l2-penalty-cpu-kernels.js?second-copy';
    const secondCopy = (await import(/* @vite-ignore */ specifier)) as typeof CpuKernels;
    expect(secondCopy.registerL1L2PenaltyCpuKernels).not.toBe(registerL1L2PenaltyCpuKernels);
    secondCopy.registerL1L2PenaltyCpuKernels();
    expect(tf.getKernel(L1L2_PENALTY_KERNEL, 'cpu')).toBe(forward);
    expect(tf.getGradient(L1L2_PENALTY_KERNEL)).toBe(gradient);
    const x = tf.tensor2d(M);
    expect(valueOf(l1l2Penalty, x, 0.1, 0.2)).toBeCloseTo(4.352, 6);
    x.dispose();
  });
});

describe('l1l2Penalty on a backend without the fused kernel', () => {
  const backendName = 'cpu-without-fused-l1l2';

  beforeAll(async () => {
    registerL1L2PenaltyCpuKernels();
    tf.registerBackend(backendName, () => new MathBackendCPU());
    tf.copyRegisteredKernels('cpu', backendName);
    tf.unregisterKernel(L1L2_PENALTY_KERNEL, backendName);
    tf.unregisterKernel(L1L2_PENALTY_GRAD_KERNEL, backendName);
    await tf.setBackend(backendName);
  });

  afterAll(async () => {
    await tf.setBackend('cpu');
    tf.removeBackend(backendName);
  });

  it('falls back to the composite with the same values and gradient', async () => {
    const x = tf.tensor2d(M);
    const info = await tf.profile(() => l1l2Penalty(x, 0.1, 0.2));
    expect(info.kernelNames).not.toContain(L1L2_PENALTY_KERNEL);
    const result = info.result as tf.Scalar;
    expect(result.dataSync()[0]).toBeCloseTo(4.352, 6);
    expectAllClose(
      gradientOf(l1l2Penalty, x, 0.1, 0.2),
      plainGradient(Float32Array.from(M.flat()), 0.1, 0.2),
    );
    tf.dispose([result, x]);
  });
});

// Last, because importing tfjs-layers registers tfjs's stock gradients for the rest of the file.
describe('l1l2Penalty gradient against tfjs autodiff of the naive formula', () => {
  beforeAll(async () => {
    await import('@tensorflow/tfjs-layers');
  });

  const naive = (x: tf.Tensor, l1: number, l2: number): tf.Scalar =>
    tf.add(tf.mul(l1, tf.sum(tf.abs(x))), tf.mul(l2, tf.sum(tf.square(x))));

  it('differs only at exact zeros, where tfjs takes sign(0) = -1 through abs', () => {
    fc.assert(
      fc.property(shapedValues, factor, factor, ({ shape, values }, l1, l2) => {
        const x = tf.tensor(values, shape);
        const stock = gradientOf(naive, x, l1, l2);
        const xs = x.dataSync();
        for (const penalty of PATHS) {
          const ours = gradientOf(penalty, x, l1, l2);
          for (let i = 0; i < xs.length; i++) {
            if (xs[i] === 0 && l1 !== 0) {
              // `+ 0` turns -0 into 0: toBe tells them apart, the gradients need not.
              expect((stock[i] as number) + 0).toBe(-l1);
              expect((ours[i] as number) + 0, penalty.name).toBe(0);
            } else if (!isClose(ours[i] as number, stock[i] as number)) {
              expect.fail(`${penalty.name} at x = ${xs[i]}: ${ours[i]}, tfjs autodiff ${stock[i]}`);
            }
          }
        }
        x.dispose();
      }),
      { numRuns: 100 },
    );
  });
});
