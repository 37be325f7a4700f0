import { describe, expect, it } from 'vitest';
import { comparisonTable, formatTable } from './comparison-table.js';
import { reportHtml } from './report-html.js';
import { histogramChart, lossChart } from './svg-charts.js';
import type { EpochRecord, RunResult } from './train-run.js';

/** A fake run whose validation loss bottoms out at epoch 3 of 5. */
function fakeRun(name: string, kernel: number[]): RunResult {
  const history: EpochRecord[] = [0.7, 0.5, 0.4, 0.45, 0.5].map((valLoss, i) => ({
    epoch: i + 1,
    loss: 0.9 - i * 0.1,
    regularizationLoss: 0.05,
    trainLoss: 0.8 - i * 0.15,
    valLoss,
    valLossWithPenalty: valLoss + 0.05,
    valAccuracy: 0.6 + i * 0.05,
  }));
  const final = history[4] as EpochRecord;
  return {
    name,
    summary: `${name} & <friends>`,
    history,
    final,
    penalty: 0.0123,
    nearZero: 0.25,
    exactZero: kernel.filter((weight) => weight === 0).length / kernel.length,
    kernel: Float32Array.from(kernel),
    seconds: 1,
  };
}

const runs = [fakeRun('none', [0.5, -0.4, 0.3, 0.001]), fakeRun('l1', [0, 0, 0.005, -0.9])];

describe('comparisonTable', () => {
  it('has one row per run, with the validation loss without and with the penalty, and the best one and its epoch', () => {
    const table = comparisonTable(runs);
    expect(table.header).toHaveLength(9);
    expect(table.header.slice(2, 4)).toEqual(['val loss', 'val loss + penalty']);
    expect(table.rows[0]).toEqual([
      'none',
      '0.2',
      '0.5',
      '0.55',
      '0.4 (3)',
      '80%',
      '25%',
      '0%',
      '0.0123',
    ]);
    expect(table.rows[1]?.[7]).toBe('50%'); // l1's kernel [0, 0, 0.005, -0.9]: two exact zeros
    const text = formatTable(table);
    expect(text.split('\n')).toHaveLength(4);
    expect(text).toMatch(/^regularizer {2}train loss/);
  });
});

describe('charts', () => {
  it('draws three non-empty loss lines', () => {
    const svg = lossChart(fakeRun('l2', [0]), 1);
    const lines = [...svg.matchAll(/<path class="series" d="([^"]*)"/g)].map((m) => m[1]);
    expect(lines).toHaveLength(3);
    for (const d of lines) expect(d).toMatch(/^M[\d.]+,[\d.]+( L[\d.]+,[\d.]+){4}$/);
  });

  it('draws histogram bars and notes the shares near zero and exactly zero', () => {
    const svg = histogramChart(fakeRun('l1', [0, 0, 0.5]), { min: -1, max: 1 }, 5);
    expect(svg).toMatch(/<path class="bars" d="M[^"]+Z"/);
    expect(svg).toContain('>25% near 0</text>');
    expect(svg).toContain('>67% exactly 0</text>');
    expect(histogramChart(fakeRun('l2', [0.1]), { min: -1, max: 1 }, 5)).not.toContain('exactly');
  });
});

describe('reportHtml', () => {
  const table = comparisonTable(runs);
  const html = reportHtml({ results: runs, table, setup: 'A <toy> task.', run: 'Run with x.' });

  it('is one self-contained page: inline SVG and CSS, nothing fetched', () => {
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).not.toMatch(/<script|<img|<link rel="stylesheet"|@import|url\(/);
    const urls = [...html.matchAll(/https?:\/\/[^\s"']+/g)].map((m) => m[0]);
    expect(new Set(urls)).toEqual(new Set(['http://www.w3.org/2000/svg']));
  });

  it('has a loss chart and a weight histogram per run, and the table', () => {
    expect(html.match(/class="chart loss-chart"/g)).toHaveLength(2);
    expect(html.match(/class="chart histogram-chart"/g)).toHaveLength(2);
    expect(html).toContain('<table id="comparison">');
    // The table's losses leave the penalty out, where the dashed curves include it: it says so.
    expect(html).toContain('The losses are data losses, without the penalty');
    expect(html).toContain('<td>0.4 (3)</td>');
  });

  it('escapes text', () => {
    expect(html).toContain('A &lt;toy&gt; task.');
    expect(html).toContain('none &amp; &lt;friends&gt;');
  });
});
