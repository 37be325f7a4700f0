// Turning results into the readable text printed to stdout: one block per case, then a summary.
import { ratiosOf } from './targets.js';

/** The text block of one result (timing, memory or skipped) with the targets that read it. */
export function formatResult(result, targets) {
  const lines = [`== ${result.title}`];
  if (result.skipped) {
    lines.push(`   SKIPPED: ${result.skipped}`);
  } else if (result.kind === 'timing') {
    lines.push(...timingLines(result));
  } else if (result.kind === 'gpu-work') {
    lines.push(...gpuWorkLines(result));
  } else {
    lines.push(...memoryLines(result));
  }
  for (const target of targets.filter((t) => t.caseKey === result.key)) {
    lines.push(`   ${targetLine(target)}`);
  }
  return lines.join('\n');
}

/** The closing summary: every target with its status, and the counts. */
export function formatSummary(targets, seconds) {
  const count = (status) => targets.filter((t) => t.status === status).length;
  return [
    '== Targets (performance-baseline.md)',
    ...targets.map((t) => `   ${targetLine(t)}`),
    `   ${count('PASS')} PASS, ${count('MISS')} MISS, ${count('SKIP')} SKIP; bench took ${seconds.toFixed(1)} s`,
  ].join('\n');
}

function timingLines(result) {
  const entries = Object.entries(result.contenders);
  const reference = result.contenders.ours?.value;
  const rows = entries.map(([name, c]) => [
    name,
    ms(c.medianMs),
    ms(c.minMs),
    ms(c.maxMs),
    typeof c.value === 'number' ? c.value.toPrecision(9) : '',
    typeof c.value === 'number' && typeof reference === 'number'
      ? relativeDifference(c.value, reference).toExponential(1)
      : '',
  ]);
  const { speedup, overComposite, ofFloor, ofNone, stockOfNone, ofBaseline } = ratiosOf(result);
  const ratios = [];
  if (ofBaseline !== undefined) ratios.push(`ours is ${times(ofBaseline)} baseline`);
  if (ofNone !== undefined) ratios.push(`ours is ${times(ofNone)} none`);
  if (stockOfNone !== undefined) ratios.push(`stock is ${times(stockOfNone)} none`);
  if (speedup !== undefined) ratios.push(`ours is ${times(speedup)} faster than stock`);
  if (overComposite !== undefined) {
    ratios.push(`ours is ${times(overComposite)} faster than composite`);
  }
  if (ofFloor !== undefined) ratios.push(`ours is ${times(ofFloor)} the floor`);
  return [
    `   ${backendLabel(result.backend)}; ${result.rounds} rounds after ${result.warmupRounds} warm-up, interleaved`,
    ...table(
      [
        'contender',
        'median ms',
        'min ms',
        'max ms',
        result.valueLabel ?? 'penalty',
        'rel. diff vs ours',
      ],
      rows,
    ),
    ...(ratios.length > 0 ? [`   ${ratios.join('; ')}`] : []),
  ];
}

function memoryLines(result) {
  const rows = Object.entries(result.contenders).map(([name, c]) => [
    name,
    c.transientBytes.toLocaleString('en-US'),
    String(c.kernels),
    c.kernelNames.join(' '),
  ]);
  return [
    `   ${backendLabel(result.backend)}; tf.profile(fn).peakBytes - tf.memory().numBytes before`,
    ...table(['contender', 'transient bytes', 'kernels run', 'distinct kernels'], rows),
  ];
}

function gpuWorkLines(result) {
  const contenders = Object.entries(result.contenders);
  // Programs are counted on WebGL only (the draws on its context).
  const withPrograms = contenders.some(([, c]) => c.programs !== undefined);
  const rows = contenders.map(([name, c]) => [
    name,
    String(c.kernels),
    ...(withPrograms ? [String(c.programs)] : []),
    c.kernelNames.join(' '),
  ]);
  const source = withPrograms ? '; programs from the draws on the WebGL context' : '';
  return [
    `   ${backendLabel(result.backend)}; kernels from tf.profile${source}`,
    ...table(
      ['contender', 'kernels run', ...(withPrograms ? ['programs run'] : []), 'distinct kernels'],
      rows,
    ),
  ];
}

function targetLine(target) {
  const measured =
    target.measured === undefined ? 'not measured' : formatMetric(target.measured, target.unit);
  return `${target.status}  ${target.label}  (measured ${measured})`;
}

/** Left-aligns the first column and right-aligns the others, indented under the heading. */
function table(headers, rows) {
  const all = [headers, ...rows];
  const widths = headers.map((_, i) => Math.max(...all.map((row) => row[i].length)));
  return all.map(
    (row) =>
      '   ' +
      row
        .map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i])))
        .join('  ')
        .trimEnd(),
  );
}

function backendLabel(backend) {
  const parts = [backend.name];
  if (backend.version) parts.push(backend.version);
  if (backend.simd !== undefined) parts.push(`SIMD ${backend.simd ? 'on' : 'off'}`);
  if (backend.threads !== undefined) parts.push(`threads ${backend.threads ? 'on' : 'off'}`);
  if (backend.renderer !== undefined) parts.push(`on ${backend.renderer}`);
  return `backend ${parts.join(' ')}`;
}

function ms(value) {
  return value.toFixed(value < 10 ? 3 : value < 100 ? 2 : 1);
}

function times(ratio) {
  return `${ratio.toFixed(ratio < 10 ? 2 : 1)}×`;
}

function formatMetric(value, unit) {
  return unit === '×' ? times(value) : `${value.toLocaleString('en-US')}${unit}`;
}

function relativeDifference(value, reference) {
  return reference === 0 ? Math.abs(value) : Math.abs(value - reference) / Math.abs(reference);
}
