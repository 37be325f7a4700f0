import { accessSync, constants, statSync } from 'node:fs';
import type { Stats } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { REGULARIZER_CHOICES, REGULARIZER_NAMES } from './regularizer-choices.js';
import type { RegularizerChoice } from './regularizer-choices.js';

/** The backends the demo can run on. */
export const BACKENDS = ['cpu', 'wasm'] as const;
export type BackendName = (typeof BACKENDS)[number];

/** What the demo runs, from its flags. */
export interface DemoOptions {
  /** The regularizers to train with, in the demo's run order. */
  regularizers: RegularizerChoice[];
  epochs: number;
  /** The output folder, absolute. */
  out: string;
  backend: BackendName;
  seed: number;
}

/** Either options to run with, or an exit code (0 after `--help`, 2 after a bad flag or value). */
export type FlagsResult = { kind: 'run'; options: DemoOptions } | { kind: 'exit'; code: number };

/** Where the help and the error messages go. */
export interface FlagsOutput {
  out: (text: string) => void;
  err: (text: string) => void;
}

/** The exit code of a bad flag or value. */
export const USAGE_ERROR = 2;

const MAX_EPOCHS = 10_000;

/**
 * Reads the demo's flags from `argv` (the arguments after the script). Validates everything and
 * touches no file, so a bad flag exits before anything is written.
 */
export function parseFlags(
  argv: readonly string[],
  output: FlagsOutput,
  cwd = process.cwd(),
): FlagsResult {
  const program = new Command()
    .name('regularizers-demo')
    .description(
      'Trains one small network per regularizer on a seeded toy dataset that overfits,\n' +
        'prints a comparison table, and writes an HTML report with loss curves and weight histograms.',
    )
    .addOption(
      new Option('--regularizers <list>', `comma-separated, from: ${REGULARIZER_NAMES.join(', ')}`)
        .argParser(parseRegularizers)
        .default([...REGULARIZER_NAMES], 'all eight'),
    )
    .option(
      '--epochs <n>',
      `epochs per run, 1 to ${MAX_EPOCHS}`,
      (value: string) => parseInteger(value, 1, MAX_EPOCHS),
      150,
    )
    .option('--out <dir>', 'folder for report.html', 'demo-output')
    .addOption(
      new Option('--backend <name>', 'TensorFlow.js backend').choices(BACKENDS).default('cpu'),
    )
    .option(
      '--seed <n>',
      'seed of the dataset and the initial weights, 0 to 4294967295',
      (value: string) => parseInteger(value, 0, 2 ** 32 - 1),
      42,
    )
    .helpOption('-h, --help', 'show this help')
    .showHelpAfterError('(run with --help to see the flags)')
    .allowExcessArguments(false)
    .exitOverride()
    .configureOutput({ writeOut: output.out, writeErr: output.err });

  try {
    program.parse(argv, { from: 'user' });
    const flags = program.opts<{
      regularizers: string[];
      epochs: number;
      out: string;
      backend: BackendName;
      seed: number;
    }>();
    const out = resolve(cwd, flags.out);
    const problem = flags.out.trim() === '' ? 'needs a folder name.' : outFolderProblem(out);
    if (problem !== undefined) program.error(`error: option '--out <dir>' ${problem}`);
    const regularizers = REGULARIZER_CHOICES.filter((choice) =>
      flags.regularizers.includes(choice.name),
    );
    return {
      kind: 'run',
      options: {
        regularizers,
        epochs: flags.epochs,
        out,
        backend: flags.backend,
        seed: flags.seed,
      },
    };
  } catch (error) {
    if (!(error instanceof CommanderError)) throw error;
    const shownHelp = error.code === 'commander.helpDisplayed' || error.code === 'commander.help';
    return { kind: 'exit', code: shownHelp ? 0 : USAGE_ERROR };
  }
}

/** A comma-separated list of regularizer names, checked and without repeats. */
function parseRegularizers(value: string): string[] {
  const names = value
    .split(',')
    .map((name) => name.trim().toLowerCase())
    .filter((name) => name !== '');
  if (names.length === 0) {
    throw new InvalidArgumentError(`Name at least one of: ${REGULARIZER_NAMES.join(', ')}.`);
  }
  const unknown = names.filter((name) => !REGULARIZER_NAMES.includes(name));
  if (unknown.length > 0) {
    throw new InvalidArgumentError(
      `Unknown regularizer ${unknown.map((name) => `'${name}'`).join(', ')}; choose from: ${REGULARIZER_NAMES.join(', ')}.`,
    );
  }
  return [...new Set(names)];
}

/** A whole number in `[min, max]`, written in plain digits. */
function parseInteger(value: string, min: number, max: number): number {
  const number = /^\d+$/.test(value.trim()) ? Number(value.trim()) : Number.NaN;
  if (!Number.isSafeInteger(number) || number < min || number > max) {
    throw new InvalidArgumentError(`Expected a whole number from ${min} to ${max}.`);
  }
  return number;
}

/**
 * Why `out` cannot be the output folder, or `undefined` when it can. It may not exist yet, but the
 * nearest part of its path that exists must be a folder that can be written into, so that a bad
 * `--out` fails here, before training, and not when the report is written. Nothing is created.
 */
function outFolderProblem(out: string): string | undefined {
  let existing = out;
  let stats = statIfAny(existing);
  while (stats === undefined && dirname(existing) !== existing) {
    existing = dirname(existing);
    stats = statIfAny(existing);
  }
  if (stats === undefined) return `'${out}' cannot be created.`;
  if (!stats.isDirectory()) {
    return existing === out
      ? `'${out}' exists and is not a folder.`
      : `'${out}' cannot be created: '${existing}' is not a folder.`;
  }
  try {
    accessSync(existing, constants.W_OK);
  } catch {
    return `'${out}' cannot be created: '${existing}' is not writable.`;
  }
  return undefined;
}

/** What `path` is, or `undefined` when nothing is there (or a part of it is not a folder). */
function statIfAny(path: string): Stats | undefined {
  try {
    return statSync(path);
  } catch {
    return undefined;
  }
}
