import { InvalidArgumentError } from '@regularizers/core';
import { L1L2 } from '@regularizers/builtin';
import * as tfl from '@tensorflow/tfjs-layers';
import type { serialization } from '@tensorflow/tfjs-core';
import { regularizedLayer } from './regularized-layer.js';

/** Arguments of {@link ActivityRegularization}, as Keras's `ActivityRegularization(l1, l2)`. */
export interface ActivityRegularizationArgs {
  /** The L1 factor of the activity penalty. Default 0. */
  l1?: number;
  /** The L2 factor of the activity penalty. Default 0. */
  l2?: number;
  /** The layer's name. */
  name?: string;
  /** The input shape, when this is the first layer of a model. */
  inputShape?: (number | null)[];
  /** The batch input shape, when this is the first layer of a model. */
  batchInputShape?: (number | null)[];
}

/**
 * Keras's `ActivityRegularization`: an identity layer whose activity regularizer is
 * `L1L2(l1, l2)`. tfjs-layers has no such layer. It saves as `{ l1, l2 }`, as Keras writes it.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import '@tensorflow/tfjs-backend-cpu';
 * import { layers } from '@regularizers/tfjs-adapter';
 *
 * const layer = layers.activityRegularization({ l2: 0.01 });
 * layer.apply(tf.mul(tf.ones([5, 5]), 2));
 * layer.calculateLosses(); // [0.2]: 0.01 * 4 * 25 / batch 5
 * ```
 */
export class ActivityRegularization extends regularizedLayer(tfl.layers.Layer, {
  className: 'ActivityRegularization',
  weightSlots: {},
}) {
  /** The name written in model files. */
  static readonly className = 'ActivityRegularization';
  /** The L1 factor. */
  readonly l1: number;
  /** The L2 factor. */
  readonly l2: number;

  /**
   * @throws `InvalidArgumentError` for a bad factor, or for an `activityRegularizer` argument, which this layer sets itself.
   *
   * @param args - `{ l1, l2 }`, the activity factors (default 0 each), and the usual layer
   *   arguments (`name`, `inputShape`, …).
   */
  constructor(args: ActivityRegularizationArgs = {}) {
    const { l1 = 0, l2 = 0, ...layerArgs } = args;
    if ('activityRegularizer' in layerArgs && layerArgs.activityRegularizer != null) {
      throw new InvalidArgumentError(
        'activityRegularizer',
        'ActivityRegularization sets its own activity regularizer from l1 and l2; pass those instead.',
      );
    }
    const activityRegularizer = new L1L2({ l1, l2 });
    // The base's type does not know our slots; the mixin's constructor reads them.
    super({ ...layerArgs, activityRegularizer } as ConstructorParameters<
      typeof tfl.layers.Layer
    >[0]);
    this.l1 = activityRegularizer.l1;
    this.l2 = activityRegularizer.l2;
  }

  /** None: the activity regularizer is `L1L2(l1, l2)`, set when the layer is built, and saved so. */
  override get regularizerSlots(): readonly string[] {
    return [];
  }

  /** `{ l1, l2 }` and the base layer's keys, as Keras writes them. */
  override getConfig(): serialization.ConfigDict {
    const { activityRegularizer: _written, ...config } = super.getConfig();
    return { ...config, l1: this.l1, l2: this.l2 };
  }
}
