import { formatNumber, formatPercent } from './format-number.js';
import { NEAR_ZERO } from './near-zero.js';
import type { RunResult } from './train-run.js';

/** A table of text cells: a header row, then one row per run. */
export interface Table {
  header: string[];
  rows: string[][];
}

/**
 * The comparison of the runs: final losses (the validation loss without the penalty, comparable
 * across regularizers, and with it, as Keras and `fit` report it), validation accuracy, sparsity
 * (near 0 and exactly 0) and penalty.
 */
export function comparisonTable(results: readonly RunResult[]): Table {
  return {
    header: [
      'regularizer',
      'train loss',
      'val loss',
      'val loss + penalty',
      'best val loss (epoch)',
      'val accuracy',
      `|w| < ${NEAR_ZERO}`,
      'w = 0',
      'penalty',
    ],
    rows: results.map((run) => {
      const best = run.history.reduce((a, b) => (b.valLoss < a.valLoss ? b : a));
      return [
        run.name,
        formatNumber(run.final.trainLoss, 3),
        formatNumber(run.final.valLoss, 3),
        formatNumber(run.final.valLossWithPenalty, 3),
        `${formatNumber(best.valLoss, 3)} (${best.epoch})`,
        formatPercent(run.final.valAccuracy),
        formatPercent(run.nearZero),
        formatPercent(run.exactZero),
        formatNumber(run.penalty, 3),
      ];
    }),
  };
}

/** `table` as aligned plain text: names on the left, numbers on the right. */
export function formatTable(table: Table): string {
  const all = [table.header, ...table.rows];
  const widths = table.header.map((_, column) =>
    Math.max(...all.map((row) => (row[column] ?? '').length)),
  );
  const line = (row: string[]): string =>
    row
      .map((cell, column) => {
        const width = widths[column] ?? 0;
        return column === 0 ? cell.padEnd(width) : cell.padStart(width);
      })
      .join('  ');
  const rule = widths.map((width) => '-'.repeat(width)).join('  ');
  return [line(table.header), rule, ...table.rows.map(line)].join('\n');
}
