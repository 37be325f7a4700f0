/** Below this absolute value, a weight counts as near zero in the demo's table and report. */
export const NEAR_ZERO = 0.01;

/**
 * The share, in [0, 1], of `values` whose absolute value is below `threshold`. An empty list has
 * no weights near zero, so its share is 0.
 */
export function nearZeroShare(values: ArrayLike<number>, threshold = NEAR_ZERO): number {
  if (!(threshold > 0)) throw new RangeError(`threshold must be positive, got ${threshold}.`);
  if (values.length === 0) return 0;
  let count = 0;
  for (let i = 0; i < values.length; i++) {
    if (Math.abs(values[i] ?? Number.NaN) < threshold) count++;
  }
  return count / values.length;
}
