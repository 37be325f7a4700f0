import { escapeHtml } from './escape-html.js';
import { formatNumber } from './format-number.js';
import { histogram } from './histogram.js';
import { barsPath, coordinate, linePath, linearScale } from './svg-path.js';
import type { Scale } from './svg-path.js';
import type { RunResult } from './train-run.js';

const WIDTH = 340;
const HEIGHT = 210;
const MARGIN = { top: 28, right: 12, bottom: 30, left: 44 };
const PLOT = {
  left: MARGIN.left,
  right: WIDTH - MARGIN.right,
  top: MARGIN.top,
  bottom: HEIGHT - MARGIN.bottom,
};

/** The colours of the report's lines and bars. */
export const COLORS = {
  train: '#2563eb',
  objective: '#93c5fd',
  validation: '#ea580c',
  bars: '#0f766e',
};

/**
 * A loss chart of one run: the training data loss, the training objective (with the penalty,
 * dashed), and the validation loss, per epoch. `yMax` is shared by every run's chart, so they
 * compare at a glance.
 */
export function lossChart(run: RunResult, yMax: number): string {
  const epochs = run.history.length;
  const x = linearScale([1, Math.max(2, epochs)], [PLOT.left, PLOT.right]);
  const y = linearScale([0, yMax], [PLOT.bottom, PLOT.top]);
  const line = (pick: (r: RunResult['history'][number]) => number): string =>
    linePath(
      run.history.map((record) => ({ x: record.epoch, y: Math.min(pick(record), yMax) })),
      x,
      y,
    );
  const series = [
    { d: line((r) => r.loss), color: COLORS.objective, dash: ' stroke-dasharray="4 3"' },
    { d: line((r) => r.trainLoss), color: COLORS.train, dash: '' },
    { d: line((r) => r.valLoss), color: COLORS.validation, dash: '' },
  ];
  return svg('loss-chart', run.name, `Loss per epoch, ${run.name}`, [
    title(run.name),
    axes(x, y, [1, Math.max(1, Math.round(epochs / 2)), epochs], [0, yMax / 2, yMax], 'epoch'),
    ...series.map(
      (s) =>
        `<path class="series" d="${s.d}" fill="none" stroke="${s.color}" stroke-width="1.8"${s.dash}/>`,
    ),
  ]);
}

/**
 * A histogram of one run's final hidden kernel over `range`, shared by every run's chart, with the
 * share of weights near zero (and exactly zero, when there are any) in the corner. Counts go on a
 * square-root axis.
 */
export function histogramChart(
  run: RunResult,
  range: { min: number; max: number },
  bins: number,
): string {
  const { counts } = histogram(run.kernel, range, bins);
  const top = Math.max(1, ...counts);
  const x = linearScale([range.min, range.max], [PLOT.left, PLOT.right]);
  // A square-root count axis, so a spike of hundreds at zero leaves the tails visible.
  const root = linearScale([0, Math.sqrt(top)], [PLOT.bottom, PLOT.top]);
  const y: Scale = (count) => root(Math.sqrt(count));
  const notes = [`${Math.round(run.nearZero * 100)}% near 0`];
  if (run.exactZero > 0) notes.push(`${Math.round(run.exactZero * 100)}% exactly 0`);
  return svg('histogram-chart', run.name, `Histogram of the final kernel weights, ${run.name}`, [
    title(run.name),
    ...notes.map(
      (note, line) =>
        `<text x="${PLOT.right}" y="${PLOT.top + 12 * (line + 1)}" text-anchor="end" class="note">${escapeHtml(note)}</text>`,
    ),
    axes(
      x,
      y,
      [range.min, 0, range.max],
      [0, Math.round(top / 4), top],
      'weight (count on a √ scale)',
    ),
    `<path class="bars" d="${barsPath(counts, range, x, y)}" fill="${COLORS.bars}"/>`,
  ]);
}

/** An `<svg>` element of the report's chart size. */
function svg(kind: string, run: string, label: string, children: string[]): string {
  return [
    `<svg class="chart ${kind}" data-run="${escapeHtml(run)}" xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}" role="img" aria-label="${escapeHtml(label)}">`,
    ...children,
    '</svg>',
  ].join('\n');
}

function title(text: string): string {
  return `<text x="${PLOT.left}" y="16" class="title">${escapeHtml(text)}</text>`;
}

/** The frame of a chart: both axes as one path, tick labels, and the x axis's name. */
function axes(x: Scale, y: Scale, xTicks: number[], yTicks: number[], xName: string): string {
  const left = coordinate(PLOT.left);
  const bottom = coordinate(PLOT.bottom);
  const frame = `M${left},${coordinate(PLOT.top)} V${bottom} H${coordinate(PLOT.right)}`;
  const xLabels = xTicks.map(
    (tick) =>
      `<text x="${coordinate(x(tick))}" y="${coordinate(PLOT.bottom + 14)}" text-anchor="middle">${formatNumber(tick, 2)}</text>`,
  );
  const yLabels = yTicks.map(
    (tick) =>
      `<text x="${coordinate(PLOT.left - 5)}" y="${coordinate(y(tick) + 4)}" text-anchor="end">${formatNumber(tick, 2)}</text>`,
  );
  return [
    `<path class="axes" d="${frame}" fill="none" stroke="#9ca3af"/>`,
    ...xLabels,
    ...yLabels,
    `<text x="${coordinate((PLOT.left + PLOT.right) / 2)}" y="${HEIGHT - 3}" text-anchor="middle" class="note">${escapeHtml(xName)}</text>`,
  ].join('\n');
}
