import { afterAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { existsSync } from 'node:fs';
import { checkSecondCopy } from './second-copy.js';
import { defaultRegistry, serializeRegularizer } from './default-registry.js';
import { RegularizerRegistry } from './registry.js';
import { ConformanceError, RegistrationError } from './errors/index.js';
import { Keyed } from './test-copy-keyed.js';
import { Strength, my_regularizer } from './test-plugins.js';
import './test-copy-unkeyed.js';

const here = new URL('.', import.meta.url);
const load = (href: string) => import(href);

afterAll(() => {
  for (const name of ['SecondCopy>Keyed', 'SecondCopy>Strength']) {
    defaultRegistry.unregister(name);
  }
});

describe('checkSecondCopy', () => {
  it('loads a second copy that registers as the same entries, and deletes the copy', async () => {
    const hrefs: string[] = [];
    const copy = await checkSecondCopy<{ Keyed: typeof Keyed }>(
      new URL('./test-copy-keyed.ts', import.meta.url),
      (href) => {
        hrefs.push(href);
        return import(href);
      },
    );
    expect(copy.Keyed).not.toBe(Keyed);
    expect(defaultRegistry.lookup('SecondCopy>Keyed')?.target).toBe(Keyed);
    expect(serializeRegularizer(new copy.Keyed())).toEqual({
      className: 'SecondCopy>Keyed',
      config: {},
    });
    expect(hrefs).toHaveLength(1);
    expect(hrefs[0]).toMatch(/regularizers-second-copy-.*\/test-copy-keyed\.ts$/);
    expect(existsSync(new URL(hrefs[0] as string))).toBe(false);
  });

  it('names the clash and the missing registrationKey when the copy cannot register', async () => {
    const checking = checkSecondCopy(new URL('./test-copy-unkeyed.ts', import.meta.url), load);
    await expect(checking).rejects.toThrow(ConformanceError);
    await expect(checking).rejects.toThrow(
      /A second copy of .*test-copy-unkeyed\.ts failed "registers as the same entries": loading it threw: Cannot register class Strength as "SecondCopy>Strength" \(at \S+\): that name is taken by another class Strength, registered at \S+test-copy-unkeyed\.ts:\d+:\d+\..* Give each registered class or function the same static \[registrationKey\] in every copy\.$/,
    );
    const cause = await checking.catch((error: unknown) => (error as Error).cause);
    expect(RegistrationError.isInstance(cause)).toBe(true);
    expect(defaultRegistry.lookup('SecondCopy>Strength')?.target).toBe(Strength);
  });

  it('names every name the copy added, removed or replaced', async () => {
    const registry = new RegularizerRegistry();
    registry.register(Strength);
    registry.register(my_regularizer);
    const entry = new URL('./test-plugins.ts', import.meta.url);
    const meddling = (href: string) => {
      registry.unregister('my_regularizer');
      registry.register(
        class Impostor {
          static readonly className = 'Strength';
          apply(x: tf.Tensor): tf.Scalar {
            return tf.sum(x);
          }
        },
        { override: true },
      );
      registry.register(Keyed);
      return import(href);
    };
    await expect(checkSecondCopy(entry, meddling, { registry })).rejects.toThrow(
      /failed "registers as the same entries": it added Keyed; it removed my_regularizer; it replaced the entries of Strength\. Registering a copy must change nothing/,
    );
  });

  it('copies the folder given as root, and refuses an entry outside it', async () => {
    const copy = await checkSecondCopy<{ Keyed: typeof Keyed }>(
      new URL('./test-copy-keyed.ts', import.meta.url),
      load,
      { root: here },
    );
    expect(copy.Keyed).not.toBe(Keyed);
    await expect(
      checkSecondCopy(new URL('../package.json', import.meta.url), load, { root: here }),
    ).rejects.toThrow(/is not inside the folder to copy/);
  });

  it('says what loading threw when it is not a registration', async () => {
    const failing = () => Promise.reject(new Error('Cannot find module x'));
    await expect(checkSecondCopy(new URL('./index.ts', import.meta.url), failing)).rejects.toThrow(
      /loading it threw: Cannot find module x\.$/,
    );
  });
});
