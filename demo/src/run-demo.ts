import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type * as tfl from '@tensorflow/tfjs-layers';
import { useBackend } from './backend.js';
import { comparisonTable, formatTable } from './comparison-table.js';
import { generateDataset } from './dataset.js';
import { toTensors } from './dataset-tensors.js';
import type { DemoOptions } from './flags.js';
import { formatNumber } from './format-number.js';
import { HIDDEN_UNITS } from './model.js';
import { startProgress } from './progress-bar.js';
import { reportHtml } from './report-html.js';
import { saveAndReload } from './save-reload.js';
import { runSeedExample } from './seed-example.js';
import { trainRun } from './train-run.js';
import type { RunResult } from './train-run.js';

/** The run whose model is saved and loaded back. */
const SAVED_RUN = 'l1l2';

/**
 * The whole demo: the seed example, one training run per regularizer, the comparison table, the
 * HTML report, and a save and load of the L1L2 model. Writes lines to `print` (progress bars go
 * to stderr). Resolves to the exit code: 0, or 1 if the reloaded model differs.
 */
export async function runDemo(
  options: DemoOptions,
  print: (line: string) => void,
): Promise<number> {
  await useBackend(options.backend);
  const names = options.regularizers.map((choice) => choice.name).join(', ');
  print(
    `Regularizers demo: backend ${options.backend}, seed ${options.seed}, ${options.epochs} epochs, runs: ${names}`,
  );

  const seed = runSeedExample();
  print(
    '\n1. The seed example: Dense(5), kernel l1(0.01), activity l2(0.01), on a 5x5 batch of 2s',
  );
  print(
    `   kernel ${formatNumber(seed.kernel)}, activity ${formatNumber(seed.activity)}, total ${formatNumber(seed.total)}`,
  );

  const dataset = generateDataset({ seed: options.seed });
  const setup =
    `A seeded binary classification task: ${dataset.train.labels.length} training samples and ` +
    `${dataset.validation.labels.length} validation samples with ${dataset.featureCount} features, ` +
    `of which only the first ${dataset.informativeWeights.length} decide the label. The network is ` +
    `Dense(${HIDDEN_UNITS}, relu) with the regularizer on its kernel, then Dense(1, sigmoid), ` +
    'trained with Adam; without a penalty it overfits.';
  print(`\n2. Training, once per regularizer. ${setup}`);
  const tensors = toTensors(dataset);
  const results: RunResult[] = [];
  let saved: tfl.LayersModel | undefined;
  try {
    const width = Math.max(...options.regularizers.map((choice) => choice.name.length));
    for (const choice of options.regularizers) {
      const progress = startProgress(choice.name.padEnd(width), options.epochs);
      const { result, model } = await trainRun(choice, tensors, {
        epochs: options.epochs,
        seed: options.seed,
        onEpoch: (record) => progress.update(record),
      }).finally(() => progress.stop());
      results.push(result);
      if (choice.name === SAVED_RUN) saved = model;
      else model.dispose();
    }
  } finally {
    tensors.dispose();
  }

  const table = comparisonTable(results);
  print(
    '\n3. Comparison (final epoch; losses without the penalty, but "val loss + penalty", which fit reports as val_loss)',
  );
  print(indent(formatTable(table)));

  await mkdir(options.out, { recursive: true });
  const reportPath = join(options.out, 'report.html');
  const run = `Run with --backend ${options.backend} --seed ${options.seed} --epochs ${options.epochs}.`;
  await writeFile(reportPath, reportHtml({ results, table, setup, run }));

  let code = 0;
  print(`\n4. Save and reload the ${SAVED_RUN} model with a memory handler`);
  if (saved === undefined) {
    print(`   skipped: ${SAVED_RUN} is not among --regularizers`);
  } else {
    try {
      const check = await saveAndReload(saved);
      for (const slot of check.slots) {
        const verdict =
          slot.before === slot.after ? 'identical after loading' : `but ${slot.after}`;
        print(`   ${slot.layer} ${slot.slot}: ${slot.before}, ${verdict}`);
      }
      print(
        `   penalty ${formatNumber(check.penaltyBefore, 8)} before, ${formatNumber(check.penaltyAfter, 8)} after: ${check.penaltyBefore === check.penaltyAfter ? 'identical' : 'DIFFERENT'}`,
      );
      if (!check.identical) code = 1;
    } finally {
      saved.dispose();
    }
  }

  print(`\nReport: ${reportPath}`);
  return code;
}

function indent(text: string): string {
  return text
    .split('\n')
    .map((line) => `   ${line}`)
    .join('\n');
}
