import { afterAll, describe, expect, it } from 'vitest';
import { cpSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import * as firstCopy from './index.js';
import { Strength } from './test-plugins.js';

const sourceDir = dirname(fileURLToPath(import.meta.url));
const workspaceModules = join(sourceDir, '../../../node_modules');

/** Copies core's sources to a second path, as when a plugin bundles its own copy of core. */
function secondCopyOfCore(): string {
  const root = mkdtempSync(join(tmpdir(), 'regularizers-core-copy-'));
  cpSync(sourceDir, join(root, 'src'), {
    recursive: true,
    filter: (path) => !basename(path).includes('test'),
  });
  symlinkSync(workspaceModules, join(root, 'node_modules'), 'dir');
  return root;
}

const copyRoot = secondCopyOfCore();
afterAll(() => {
  rmSync(copyRoot, { recursive: true, force: true });
});

describe('two copies of core loaded from two paths', () => {
  it('share one default registry', async () => {
    const secondCopy = (await import(
      pathToFileURL(join(copyRoot, 'src/index.ts')).href
    )) as typeof firstCopy;
    expect(secondCopy.registerRegularizer).not.toBe(firstCopy.registerRegularizer);
    expect(secondCopy.defaultRegistry).toBe(firstCopy.defaultRegistry);

    secondCopy.registerRegularizer(Strength, { package: 'TwoCopies' });
    const built = firstCopy.getRegularizer({
      className: 'TwoCopies>Strength',
      config: { strength: 2 },
    });
    const penalty = tf.tidy(() => built?.apply(tf.tensor1d([1, 2])).dataSync()[0]);
    expect(penalty).toBeCloseTo(2 * (1 + 4), 5);
    expect(firstCopy.serializeRegularizer(new Strength({ strength: 2 }))).toEqual({
      className: 'TwoCopies>Strength',
      config: { strength: 2 },
    });
    expect(firstCopy.unregisterRegularizer('TwoCopies>Strength')).toBe(true);
    expect(secondCopy.defaultRegistry.lookup('TwoCopies>Strength')).toBeUndefined();
  });

  it("recognise each other's errors with isInstance", async () => {
    const secondCopy = (await import(
      pathToFileURL(join(copyRoot, 'src/index.ts')).href
    )) as typeof firstCopy;
    let caught: unknown;
    try {
      secondCopy.checkFactor('l1', -1);
    } catch (error) {
      caught = error;
    }
    expect(caught).not.toBeInstanceOf(firstCopy.InvalidArgumentError);
    expect(firstCopy.InvalidArgumentError.isInstance(caught)).toBe(true);
    expect(firstCopy.RegularizerError.isInstance(caught)).toBe(true);
    expect(firstCopy.RegistrationError.isInstance(caught)).toBe(false);
  });
});
