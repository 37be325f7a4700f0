import * as tf from '@tensorflow/tfjs-core';
import { l1, l2 } from '@regularizers/builtin';
import { layers } from '@regularizers/tfjs-adapter';

/** The penalties of the seed example, as plain numbers. */
export interface SeedPenalties {
  kernel: number;
  activity: number;
  total: number;
}

/**
 * The seed example from the Keras regularizers page: a Dense layer of 5 units with a ones kernel,
 * `l1(0.01)` on the kernel and `l2(0.01)` on the activity, called on a 5×5 batch of twos. The
 * kernel penalty is `0.01 * 25 = 0.25`; each output is 10, so the activity penalty is
 * `0.01 * 25 * 100 / 5 = 5` (divided by the batch size, as Keras does); 5.25 in all.
 */
export function runSeedExample(): SeedPenalties {
  const layer = layers.dense({
    units: 5,
    kernelInitializer: 'ones',
    kernelRegularizer: l1({ l1: 0.01 }),
    activityRegularizer: l2({ l2: 0.01 }),
  });
  try {
    return tf.tidy(() => {
      layer.apply(tf.mul(tf.ones([5, 5]), 2));
      const losses = layer.calculateLosses();
      const [kernel, activity, total] = [...losses, tf.addN(losses)].map(
        (loss) => loss.dataSync()[0],
      );
      if (losses.length !== 2 || kernel === undefined || activity === undefined) {
        throw new Error('The seed example should have one kernel and one activity penalty.');
      }
      return { kernel, activity, total: total ?? Number.NaN };
    });
  } finally {
    layer.dispose();
  }
}
