import type { Table } from './comparison-table.js';
import { escapeHtml } from './escape-html.js';
import { symmetricRange } from './histogram.js';
import { COLORS, histogramChart, lossChart } from './svg-charts.js';
import type { RunResult } from './train-run.js';

/** Bins of the weight histograms. */
export const HISTOGRAM_BINS = 41;

/** Everything the report shows. */
export interface ReportInput {
  results: readonly RunResult[];
  table: Table;
  /** One sentence on the dataset and the network, and one on how the demo was run. */
  setup: string;
  run: string;
}

/**
 * The report: one self-contained HTML page with inline SVG and CSS, nothing fetched. It holds the
 * comparison table, the loss curves of every run on a shared scale, and histograms of every run's
 * final hidden kernel over a shared range.
 */
export function reportHtml(input: ReportInput): string {
  const { results, table } = input;
  const yMax = lossCeiling(results);
  const range = symmetricRange(results.map((run) => run.kernel));
  const legend = [
    [COLORS.train, 'train loss'],
    [COLORS.objective, 'train loss + penalty (dashed, cut off at the top)'],
    [COLORS.validation, 'validation loss'],
  ]
    .map(([color, label]) => `<span><i style="background:${color}"></i>${label}</span>`)
    .join('');
  const summaries = results
    .map((run) => `<li><b>${escapeHtml(run.name)}</b>: ${escapeHtml(run.summary)}</li>`)
    .join('\n');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,">
<title>What regularization does: demo report</title>
<style>
body { font: 14px/1.45 system-ui, sans-serif; color: #111827; margin: 24px; max-width: 1120px; }
h1 { font-size: 22px; margin: 0 0 6px; }
h2 { font-size: 17px; margin: 26px 0 8px; }
p, ul { margin: 4px 0; color: #374151; }
table { border-collapse: collapse; margin-top: 8px; }
th, td { padding: 4px 10px; border-bottom: 1px solid #e5e7eb; text-align: right; }
th:first-child, td:first-child { text-align: left; }
th { background: #f3f4f6; font-weight: 600; }
.grid { display: flex; flex-wrap: wrap; gap: 10px; }
.chart { border: 1px solid #e5e7eb; border-radius: 6px; background: #fff; }
.chart text { font: 10px system-ui, sans-serif; fill: #4b5563; }
.chart text.title { font-size: 13px; font-weight: 600; fill: #111827; }
.chart text.note { font-size: 11px; fill: #6b7280; }
.legend span { margin-right: 16px; }
.legend i { display: inline-block; width: 14px; height: 3px; margin: 0 5px 3px 0; vertical-align: middle; }
</style>
</head>
<body>
<h1>What regularization does</h1>
<p>${escapeHtml(input.setup)}</p>
<p>${escapeHtml(input.run)}</p>
<ul>
${summaries}
</ul>
<h2>Comparison</h2>
<p>At the final epoch. The losses are data losses, without the penalty, which has its own column, but for "val loss + penalty": the validation loss as <code>fit</code> reports it, as Keras computes it.</p>
${tableHtml(table)}
<h2>Loss curves</h2>
<p class="legend">${legend}</p>
<div class="grid" id="loss-curves">
${results.map((run) => lossChart(run, yMax)).join('\n')}
</div>
<h2>Final weights of the hidden layer</h2>
<p>Histograms of the ${escapeHtml(String(results[0]?.kernel.length ?? 0))} kernel weights, all over the same range, with counts on a square-root axis. L1 piles weights up near zero, and proximal L1 at exactly zero; L2 and AdamW shrink them all; GroupLasso zeroes whole input features.</p>
<div class="grid" id="weight-histograms">
${results.map((run) => histogramChart(run, range, HISTOGRAM_BINS)).join('\n')}
</div>
</body>
</html>
`;
}

/** `table` as an HTML table. */
function tableHtml(table: Table): string {
  const row = (cells: string[], tag: 'th' | 'td'): string =>
    `<tr>${cells.map((cell) => `<${tag}>${escapeHtml(cell)}</${tag}>`).join('')}</tr>`;
  return `<table id="comparison">\n<thead>${row(table.header, 'th')}</thead>\n<tbody>\n${table.rows.map((cells) => row(cells, 'td')).join('\n')}\n</tbody>\n</table>`;
}

/**
 * The top of the shared loss axis: the largest finite data loss, rounded up to a tenth. The
 * objective's first epochs can be far higher under a strong penalty; they are clipped.
 */
function lossCeiling(results: readonly RunResult[]): number {
  let largest = 0;
  for (const run of results) {
    for (const record of run.history) {
      for (const value of [record.trainLoss, record.valLoss]) {
        if (Number.isFinite(value) && value > largest) largest = value;
      }
    }
  }
  return largest > 0 ? Math.ceil(largest * 10) / 10 : 1;
}
