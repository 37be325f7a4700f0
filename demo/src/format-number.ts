/** `value` with at most `digits` significant digits and no trailing zeros: 5.2500001 → "5.25". */
export function formatNumber(value: number, digits = 6): string {
  if (!Number.isFinite(value)) return String(value);
  return String(Number(value.toPrecision(digits)));
}

/** A share in [0, 1] as a whole percentage: 0.873 → "87%". */
export function formatPercent(share: number): string {
  return `${Math.round(share * 100)}%`;
}
