/** A point in data coordinates. */
export interface Point {
  x: number;
  y: number;
}

/** A linear map from a data interval onto a pixel interval (which may run backwards, as y does). */
export type Scale = (value: number) => number;

/** The linear scale taking `[d0, d1]` to `[p0, p1]`. A zero-width domain maps to the middle. */
export function linearScale(domain: [number, number], pixels: [number, number]): Scale {
  const [d0, d1] = domain;
  const [p0, p1] = pixels;
  if (d1 === d0) return () => (p0 + p1) / 2;
  return (value) => p0 + ((value - d0) / (d1 - d0)) * (p1 - p0);
}

/** A pixel coordinate written short: at most one decimal, and no `-0`. */
export function coordinate(value: number): string {
  const rounded = Math.round(value * 10) / 10;
  return Object.is(rounded, -0) ? '0' : String(rounded);
}

/**
 * The `d` attribute of an SVG path through `points`, scaled to pixels. A point whose x or y is not
 * finite (a NaN loss, say) breaks the line, which resumes with a new `M` at the next good point.
 * No good points give an empty string.
 */
export function linePath(points: readonly Point[], x: Scale, y: Scale): string {
  const parts: string[] = [];
  let penDown = false;
  for (const point of points) {
    if (!Number.isFinite(point.x) || !Number.isFinite(point.y)) {
      penDown = false;
      continue;
    }
    parts.push(`${penDown ? 'L' : 'M'}${coordinate(x(point.x))},${coordinate(y(point.y))}`);
    penDown = true;
  }
  return parts.join(' ');
}

/**
 * The `d` attribute of a histogram's bars as one path: a closed rectangle per non-empty bin, from
 * the baseline `y(0)` up to its count. Bin `i` spans `[min + i * width, min + (i + 1) * width)`.
 */
export function barsPath(
  counts: readonly number[],
  range: { min: number; max: number },
  x: Scale,
  y: Scale,
): string {
  const width = (range.max - range.min) / Math.max(1, counts.length);
  const base = coordinate(y(0));
  const parts: string[] = [];
  counts.forEach((count, i) => {
    if (!(count > 0)) return;
    const left = coordinate(x(range.min + i * width));
    const right = coordinate(x(range.min + (i + 1) * width));
    parts.push(`M${left},${base} V${coordinate(y(count))} H${right} V${base} Z`);
  });
  return parts.join(' ');
}
