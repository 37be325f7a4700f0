import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import * as firstCopy from './index.js';
import { checkSecondCopy } from './second-copy.js';
import { Strength } from './test-plugins.js';

/** Core loaded again from another path, as when a plugin bundles its own copy of core. */
let secondCopy: typeof firstCopy;
beforeAll(async () => {
  secondCopy = await checkSecondCopy<typeof firstCopy>(
    new URL('./index.ts', import.meta.url),
    (href) => import(href),
  );
});

describe('two copies of core loaded from two paths', () => {
  it('share one default registry', () => {
    expect(secondCopy.registerRegularizer).not.toBe(firstCopy.registerRegularizer);
    expect(secondCopy.defaultRegistry).toBe(firstCopy.defaultRegistry);

    secondCopy.registerRegularizer(Strength, { package: 'TwoCopies' });
    const built = firstCopy.getRegularizer({
      className: 'TwoCopies>Strength',
      config: { strength: 2 },
    });
    const penalty = tf.tidy(() => built?.apply(tf.tensor1d([1, 2])).dataSync()[0]);
    expect(penalty).toBeCloseTo(2 * (1 + 4), 5);
    for (const copy of [firstCopy, secondCopy]) {
      expect(copy.serializeRegularizer(new Strength({ strength: 2 }))).toEqual({
        className: 'TwoCopies>Strength',
        config: { strength: 2 },
      });
    }
    expect(firstCopy.unregisterRegularizer('TwoCopies>Strength')).toBe(true);
    expect(secondCopy.defaultRegistry.lookup('TwoCopies>Strength')).toBeUndefined();
  });

  it("recognise each other's errors with isInstance", () => {
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
