// Deterministic benchmark data: the same weights in every run, on every machine.

/**
 * `length` float32 values, uniform in [-1, 1], from a fixed-seed mulberry32 generator, so runs can
 * be compared and every contender sees the same numbers.
 */
export function pseudoRandomWeights(length, seed = 0x5eed) {
  const values = new Float32Array(length);
  let state = seed >>> 0;
  for (let i = 0; i < length; i++) {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    const unit = ((t ^ (t >>> 14)) >>> 0) / 4294967296; // [0, 1)
    values[i] = 2 * unit - 1;
  }
  return values;
}
