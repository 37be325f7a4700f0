import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

// The built CLI, as `npm start` runs it (turbo builds the demo before its tests).
const cli = fileURLToPath(new URL('../dist/cli.js', import.meta.url));

const folders: string[] = [];
afterAll(() => {
  for (const folder of folders) rmSync(folder, { recursive: true, force: true });
});

/** A new empty folder to run the CLI in, removed after the tests. */
function emptyFolder(): string {
  const folder = mkdtempSync(join(tmpdir(), 'demo-cli-'));
  folders.push(folder);
  return folder;
}

function run(args: string[], cwd: string) {
  const result = spawnSync(process.execPath, [cli, ...args], {
    cwd,
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('the demo CLI', () => {
  it.each([
    [['--epochs', 'abc']],
    [['--backend', 'gpu']],
    [['--regularizers', 'l1,dropout']],
    [['--seed', '1e3']],
    [['--frobnicate']],
  ])('exits 2 on %j, says why on stderr, and writes nothing', (args) => {
    const cwd = emptyFolder();
    const result = run([...args, '--out', 'out'], cwd);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^error: /);
    expect(result.stdout).toBe('');
    expect(readdirSync(cwd)).toEqual([]);
  });

  it('exits 2 on an --out that cannot be created, before training, and writes nothing', () => {
    const cwd = emptyFolder();
    const result = run(['--out', '/dev/null/x', '--epochs', '1'], cwd);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("'/dev/null' is not a folder");
    expect(result.stdout).toBe('');
    expect(readdirSync(cwd)).toEqual([]);
  });

  it('prints the help and exits 0', () => {
    const cwd = emptyFolder();
    const result = run(['--help'], cwd);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Usage: regularizers-demo [options]');
    expect(readdirSync(cwd)).toEqual([]);
  });

  it('runs a short demo: the seed example, the table, the reload, and the report', () => {
    const cwd = emptyFolder();
    const result = run(['--regularizers', 'l1l2,none', '--epochs', '3', '--out', 'out'], cwd);
    expect(result.stderr).not.toMatch(/error/i);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('kernel 0.25, activity 5, total 5.25');
    expect(result.stdout).toMatch(/^ {3}none +\d/m);
    expect(result.stdout).toMatch(/^ {3}l1l2 +\d/m);
    // The progress bar's losses are fit's, with the penalty and its part; the table's are the data
    // loss, but for one column: both say so.
    expect(result.stderr).toMatch(
      /epoch 3\/3 \| loss \+ penalty \d\S* \| regularization_loss \d\S* \| val loss \+ penalty \d/,
    );
    expect(result.stdout).toContain('Comparison (final epoch; losses without the penalty, but');
    expect(result.stdout).toMatch(/penalty \S+ before, \S+ after: identical/);
    const report = join(cwd, 'out', 'report.html');
    expect(result.stdout.trimEnd().endsWith(`Report: ${report}`)).toBe(true);
    expect(existsSync(report)).toBe(true);
    expect(readFileSync(report, 'utf8')).toContain('<svg');
  });
});
