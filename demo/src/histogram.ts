/** Counts of values in equal-width bins over `[min, max]`. */
export interface Histogram {
  min: number;
  max: number;
  /** `counts[i]` is the number of values in bin `i`, which spans `[min + i * width, min + (i + 1) * width)`. */
  counts: number[];
}

/**
 * Bins `values` into `bins` equal-width bins over `[min, max]`. The last bin includes `max`;
 * values outside the range go to the nearest edge bin, so every finite value is counted once.
 * Non-finite values are left out.
 */
export function histogram(
  values: ArrayLike<number>,
  range: { min: number; max: number },
  bins: number,
): Histogram {
  const { min, max } = range;
  if (!Number.isInteger(bins) || bins < 1) {
    throw new RangeError(`bins must be a positive integer, got ${bins}.`);
  }
  if (!Number.isFinite(min) || !Number.isFinite(max) || !(max > min)) {
    throw new RangeError(`the range must be finite with min < max, got [${min}, ${max}].`);
  }
  const counts = new Array<number>(bins).fill(0);
  const width = (max - min) / bins;
  for (let i = 0; i < values.length; i++) {
    const value = values[i] ?? Number.NaN;
    if (!Number.isFinite(value)) continue;
    const bin = Math.min(bins - 1, Math.max(0, Math.floor((value - min) / width)));
    counts[bin] = (counts[bin] ?? 0) + 1;
  }
  return { min, max, counts };
}

/** A range symmetric around 0 that holds every finite value of every list, never empty. */
export function symmetricRange(lists: ArrayLike<number>[]): { min: number; max: number } {
  let largest = 0;
  for (const values of lists) {
    for (let i = 0; i < values.length; i++) {
      const magnitude = Math.abs(values[i] ?? Number.NaN);
      if (Number.isFinite(magnitude) && magnitude > largest) largest = magnitude;
    }
  }
  const bound = largest > 0 ? largest : 1;
  return { min: -bound, max: bound };
}
