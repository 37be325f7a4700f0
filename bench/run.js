// The benchmark: `npm run bench` (builds the packages, then runs `node bench/run.js`).
//
// It times our regularizers against the stock tfjs ones and plain-loop floors, interleaved in one
// process, prints a table per case with medians, ratios and the targets of performance-baseline.md
// (PASS / MISS / SKIP), and writes everything to bench/results/<ISO date and time>.json. It imports
// the BUILT packages, so run it through `npm run bench` or build first.
//
// Flags (after `npm run bench --`, or directly `node bench/run.js ...`):
//   --quick        smoke run: 1 warm-up and 3 measured rounds per case (1 and 1 for the training
//                  cases); the figures mean nothing
//   --only=TEXT    run only the cases whose key contains TEXT, e.g. --only=wasm, --only=cpu-forward,
//                  --only=training, --only=mlp, --only=embedding, --only=orthogonal, --only=adamw,
//                  --only=proximal, --only=build (recurrent layers), --only=fixture,
//                  --only=keras (loading a .keras archive)
//   --help         print this list and exit
//
// Exit code: 0 when every case ran, even with a MISS (these are benchmarks, not tests); 1 when a
// case throws, e.g. when a contender leaks tensors.
//
// To add cases, write a module like penalty-cases.js that returns case objects (`kind: 'timing'`,
// see runTimingCase in measure.js for the shape) and add them to CASES below.
import { arch, cpus, platform } from 'node:os';
import { relative } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs-core';
import { version_layers } from '@tensorflow/tfjs-layers';
import { BackendUnavailableError, useBackend } from './backends.js';
import { KERAS_FILES_SETUP, kerasFilesCases } from './keras-files-cases.js';
import { runTimingCase } from './measure.js';
import { OPTIMIZER_SETUP, optimizerCases } from './optimizer-cases.js';
import { ORTHOGONAL_SETUP, orthogonalCases } from './orthogonal-cases.js';
import { PENALTY_SETUP, penaltyCases } from './penalty-cases.js';
import { RECURRENT_SETUP, recurrentCases } from './recurrent-cases.js';
import { formatResult, formatSummary } from './report.js';
import { evaluateTargets } from './targets.js';
import { TRAINING_SETUP, trainingCases } from './training-cases.js';
import { runTransientBytesCase } from './transient-bytes.js';
import { writeResults } from './write-results.js';

const CASES = [
  ...penaltyCases(),
  ...orthogonalCases(),
  ...trainingCases(),
  ...optimizerCases(),
  ...recurrentCases(),
  ...kerasFilesCases(),
];
const RUNNERS = { timing: runTimingCase, 'transient-bytes': runTransientBytesCase };

const { values: flags } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    only: { type: 'string' },
    help: { type: 'boolean', default: false },
  },
});
if (flags.help) {
  console.log('node bench/run.js [--quick] [--only=TEXT]   (see the top of bench/run.js)');
  process.exit(0);
}

const startedAt = new Date();
const start = performance.now();
const selected = (benchCase) => flags.only === undefined || benchCase.key.includes(flags.only);
const cases = CASES.filter(selected);
if (cases.length === 0) throw new Error(`--only=${flags.only} matches no case.`);

console.log(`Benchmark${flags.quick ? ' (--quick: smoke run, figures not meaningful)' : ''}`);
const results = [];
for (const benchCase of cases) {
  const result = await runOrSkip(benchCase, { quick: flags.quick, useBackend });
  results.push(result);
  console.log(`\n${formatResult(result, evaluateTargets([result]))}`);
}
const targets = evaluateTargets(results);
const seconds = (performance.now() - start) / 1000;
console.log(`\n${formatSummary(targets, seconds)}`);

const file = await writeResults({
  startedAt: startedAt.toISOString(),
  seconds,
  flags,
  environment: {
    node: process.version,
    platform: platform(),
    arch: arch(),
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model,
    tfjsCore: tf.version_core,
    tfjsLayers: version_layers,
  },
  penalty: PENALTY_SETUP,
  orthogonal: ORTHOGONAL_SETUP,
  training: TRAINING_SETUP,
  optimizers: OPTIMIZER_SETUP,
  recurrent: RECURRENT_SETUP,
  kerasFiles: KERAS_FILES_SETUP,
  results,
  targets,
});
console.log(`\nResults: ${relative(process.cwd(), fileURLToPath(file))}`);

/**
 * Runs a case; a case that says why it cannot run (`skipped`, e.g. a missing fixture) or a backend
 * that cannot start gives a skipped result, anything else throws.
 */
async function runOrSkip(benchCase, options) {
  if (benchCase.skipped !== undefined) {
    return {
      kind: 'skipped',
      key: benchCase.key,
      title: benchCase.title,
      skipped: benchCase.skipped,
    };
  }
  const runner = RUNNERS[benchCase.kind];
  if (runner === undefined) throw new Error(`${benchCase.key}: unknown kind '${benchCase.kind}'.`);
  try {
    return await runner(benchCase, options);
  } catch (error) {
    if (!(error instanceof BackendUnavailableError)) throw error;
    return { kind: 'skipped', key: benchCase.key, title: benchCase.title, skipped: error.message };
  }
}
