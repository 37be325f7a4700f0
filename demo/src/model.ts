import * as tfl from '@tensorflow/tfjs-layers';
import type { Regularizer } from '@regularizers/core';
import { layers, sequential } from '@regularizers/tfjs-adapter';

/** Hidden units of the demo's network: far more weights than 64 samples can pin down. */
export const HIDDEN_UNITS = 16;

/**
 * The demo's network: `featureCount` inputs, a ReLU layer of {@link HIDDEN_UNITS} whose kernel
 * carries `regularizer`, and a sigmoid output. Its initial weights depend on `seed` alone, so every
 * regularizer starts from the same weights. The adapter's `sequential()` counts the penalty in
 * `val_loss`, as Keras does, and logs it as `regularization_loss`.
 */
export function buildModel(
  featureCount: number,
  regularizer: Regularizer | null,
  seed: number,
): tfl.Sequential {
  return sequential({
    layers: [
      layers.dense({
        units: HIDDEN_UNITS,
        inputShape: [featureCount],
        activation: 'relu',
        kernelInitializer: tfl.initializers.glorotUniform({ seed }),
        kernelRegularizer: regularizer,
        name: 'hidden',
      }),
      layers.dense({
        units: 1,
        activation: 'sigmoid',
        kernelInitializer: tfl.initializers.glorotUniform({ seed: seed + 1 }),
        name: 'output',
      }),
    ],
  });
}
