import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import * as tfl from '@tensorflow/tfjs-layers';
import { L1L2 } from '@regularizers/builtin';
import { registerRegularizer, unregisterRegularizer } from '@regularizers/core';
import type { RegularizerConfig } from '@regularizers/core';
// The package entry registers a tfjs class for every name in the default registry.
import './index.js';
import { registeredTfjsClass } from './tfjs-internals.js';

// What the adapter registers with tfjs for each registered regularizer name follows the default
// registry both ways: a name that stops resolving there stops resolving in tfjs too.

class UnregisterProbe {
  static readonly className = 'UnregisterProbe';
  apply(x: tf.Tensor): tf.Scalar {
    return tf.sum(x);
  }
  getConfig(): RegularizerConfig {
    return {};
  }
}

/** Whether a stock tfjs layer accepts `name` as its kernel regularizer. */
function tfjsResolves(name: string): boolean {
  try {
    tfl.layers.dense({ units: 1, kernelRegularizer: name });
    return true;
  } catch (error) {
    expect((error as Error).message).toMatch(new RegExp(`Unknown regularizer: ${name}`));
    return false;
  }
}

describe('unregistering a regularizer', () => {
  it('removes the class the adapter registered with tfjs under its name and its aliases', () => {
    registerRegularizer(UnregisterProbe, { aliases: ['probeAlias', 'otherAlias'] });
    expect(['UnregisterProbe', 'probeAlias', 'otherAlias'].map(tfjsResolves)).toEqual([
      true,
      true,
      true,
    ]);

    unregisterRegularizer('probeAlias');
    expect(['UnregisterProbe', 'probeAlias', 'otherAlias'].map(tfjsResolves)).toEqual([
      true,
      false,
      true,
    ]);

    unregisterRegularizer('UnregisterProbe');
    expect(['UnregisterProbe', 'otherAlias'].map(tfjsResolves)).toEqual([false, false]);
    expect(registeredTfjsClass('UnregisterProbe')).toBeUndefined();

    registerRegularizer(UnregisterProbe);
    expect(tfjsResolves('UnregisterProbe')).toBe(true);
    unregisterRegularizer('UnregisterProbe');
  });

  it("gives tfjs back its own L1L2 class, which the adapter's replaced", () => {
    const stockL1L2 = tfl.regularizers.l1l2().constructor;
    const ours = registeredTfjsClass('L1L2');
    expect(ours).not.toBe(stockL1L2);

    unregisterRegularizer('L1L2');
    expect(registeredTfjsClass('L1L2')).toBe(stockL1L2);

    registerRegularizer(L1L2, {
      source: '@regularizers/builtin',
      aliases: ['l1l2', 'l1_l2'],
    });
    expect(registeredTfjsClass('L1L2')).not.toBe(stockL1L2);
  });
});
