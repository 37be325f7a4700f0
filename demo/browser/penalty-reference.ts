// Independent expectations for the kernel checks: the penalty and its gradient as plain loops in
// JavaScript doubles, and deterministic pseudo-random weights. Nothing here touches tfjs.

/** `l1 * sum|v| + l2 * sum v²`, skipping a term whose factor is 0. */
export function referencePenalty(values: ArrayLike<number>, l1: number, l2: number): number {
  let sumAbs = 0;
  let sumSquares = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as number;
    sumAbs += Math.abs(v);
    sumSquares += v * v;
  }
  return (l1 !== 0 ? l1 * sumAbs : 0) + (l2 !== 0 ? l2 * sumSquares : 0);
}

/** `l1 * sign(v) + 2 * l2 * v` per element (`sign(0) = 0`), skipping a term whose factor is 0. */
export function referenceGradient(values: ArrayLike<number>, l1: number, l2: number): Float64Array {
  const out = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as number;
    out[i] = (l1 !== 0 ? l1 * Math.sign(v) : 0) + (l2 !== 0 ? 2 * l2 * v : 0);
  }
  return out;
}

/** `length` float32 values uniform in [-scale, scale), from a fixed-seed generator. */
export function pseudoRandom(length: number, seed: number, scale = 1): Float32Array {
  const out = new Float32Array(length);
  let state = seed >>> 0;
  for (let i = 0; i < length; i++) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    out[i] = (state / 2 ** 32 - 0.5) * 2 * scale;
  }
  return out;
}

/** Equal non-finite values, else within `relative` of `expected` (plus a denormal's worth). */
export function isClose(actual: number, expected: number, relative: number): boolean {
  if (Number.isNaN(expected)) return Number.isNaN(actual);
  if (!Number.isFinite(expected)) return actual === expected;
  return Math.abs(actual - expected) <= relative * Math.abs(expected) + 1e-30;
}
