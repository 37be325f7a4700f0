import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { USAGE_ERROR, parseFlags } from './flags.js';
import type { FlagsResult } from './flags.js';

/** Parses `argv` with the output captured. */
function parse(argv: string[], cwd = '/work'): FlagsResult & { stdout: string; stderr: string } {
  let stdout = '';
  let stderr = '';
  const result = parseFlags(
    argv,
    { out: (text) => (stdout += text), err: (text) => (stderr += text) },
    cwd,
  );
  return { ...result, stdout, stderr };
}

function options(argv: string[]) {
  const result = parse(argv);
  if (result.kind !== 'run') throw new Error(`expected options, got exit ${result.code}`);
  return result.options;
}

describe('parseFlags', () => {
  it('has sensible defaults: every regularizer, 150 epochs, cpu, seed 42, ./demo-output', () => {
    const defaults = options([]);
    expect(defaults.regularizers.map((choice) => choice.name)).toEqual([
      'none',
      'l1',
      'proximal-l1',
      'l2',
      'adamw',
      'l1l2',
      'orthogonal',
      'group-lasso',
    ]);
    expect(defaults).toMatchObject({
      epochs: 150,
      backend: 'cpu',
      seed: 42,
      out: '/work/demo-output',
    });
  });

  it('reads every flag', () => {
    const parsed = options([
      '--regularizers',
      'L2, l1,l1',
      '--epochs',
      '7',
      '--out',
      'elsewhere',
      '--backend',
      'wasm',
      '--seed=0',
    ]);
    expect(parsed.regularizers.map((choice) => choice.name)).toEqual(['l1', 'l2']);
    expect(parsed).toMatchObject({ epochs: 7, backend: 'wasm', seed: 0, out: '/work/elsewhere' });
  });

  it('prints the help and exits 0 on --help', () => {
    const result = parse(['--help']);
    expect(result).toMatchObject({ kind: 'exit', code: 0 });
    for (const flag of ['--regularizers', '--epochs', '--out', '--backend', '--seed', '--help']) {
      expect(result.stdout).toContain(flag);
    }
  });

  it.each([
    [['--epochs', '0'], "option '--epochs <n>' argument '0' is invalid"],
    [['--epochs', 'ten'], 'Expected a whole number from 1 to 10000'],
    [['--epochs', '1.5'], 'Expected a whole number'],
    [['--epochs', '10001'], 'Expected a whole number'],
    [['--epochs'], "option '--epochs <n>' argument missing"],
    [['--seed', '-1'], "option '--seed <n>' argument '-1' is invalid"],
    [['--seed', '4294967296'], 'Expected a whole number from 0 to 4294967295'],
    [['--backend', 'webgl'], 'Allowed choices are cpu, wasm'],
    [
      ['--regularizers', 'l1,l3'],
      "Unknown regularizer 'l3'; choose from: none, l1, proximal-l1, l2, adamw",
    ],
    [['--regularizers', ' , '], 'Name at least one of'],
    [['--out', ''], "option '--out <dir>' needs a folder name"],
    [['--epoch', '3'], "unknown option '--epoch'"],
    [['extra'], 'too many arguments'],
  ])('exits %j with code 2 and says why', (argv, message) => {
    const result = parse(argv);
    expect(result).toMatchObject({ kind: 'exit', code: USAGE_ERROR });
    expect(result.stderr).toContain(message);
    expect(result.stderr).toContain('--help');
  });

  it.each([
    ['/dev/null/x', "'/dev/null/x' cannot be created: '/dev/null' is not a folder."],
    ['/dev/null/x/y', "'/dev/null/x/y' cannot be created: '/dev/null' is not a folder."],
  ])('refuses --out %s, inside something that is not a folder, before training', (out, why) => {
    const result = parse(['--out', out]);
    expect(result).toMatchObject({ kind: 'exit', code: USAGE_ERROR });
    expect(result.stderr).toContain(`error: option '--out <dir>' ${why}`);
  });

  it('shows the default of --regularizers in words in the help, not as a JSON array', () => {
    const result = parse(['--help']);
    // commander wraps the help at 80 columns.
    expect(result.stdout.replace(/\s+/g, ' ')).toContain('(default: all eight)');
    expect(result.stdout).not.toContain('["none"');
  });

  it('refuses an output folder that is a file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'demo-flags-'));
    writeFileSync(join(dir, 'taken'), '');
    const result = parse(['--out', 'taken'], dir);
    expect(result).toMatchObject({ kind: 'exit', code: USAGE_ERROR });
    expect(result.stderr).toContain('exists and is not a folder');
    rmSync(dir, { recursive: true, force: true });
  });
});
