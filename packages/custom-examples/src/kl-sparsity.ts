import {
  InvalidArgumentError,
  checkArguments,
  checkFactor,
  floatInput,
  registrationKey,
} from '@regularizers/core';
import type { Regularizer } from '@regularizers/core';
import { add, clipByValue, log, mean, mul, sub, sum, tidy } from '@tensorflow/tfjs-core';
import type { Scalar, Tensor } from '@tensorflow/tfjs-core';

/**
 * Arguments of {@link KLSparsity}, and the config it saves.
 *
 * @example
 * ```ts
 * import { KLSparsity } from '@regularizers/custom-examples';
 * import type { KLSparsityArgs } from '@regularizers/custom-examples';
 *
 * // The UFLDL sparse-autoencoder exercise's settings: units active 1% of the time, weight 3.
 * const args: KLSparsityArgs = { rho: 0.01, beta: 3 };
 * const regularizer = new KLSparsity(args);
 * ```
 */
export interface KLSparsityArgs {
  /** The target mean activation of each unit, strictly between 0 and 1. Default 0.05. */
  rho?: number;
  /** The weight of the penalty, a finite number ≥ 0. Default 1. */
  beta?: number;
}

/**
 * How far the mean activations are kept from 0 and 1, so that the logarithms stay finite. A unit
 * whose mean is clipped gets no gradient from the penalty.
 */
const EPSILON = 1e-6;

/**
 * The sparse-autoencoder activity penalty (Ng, "Sparse autoencoder", CS294A notes): it keeps the
 * mean activation of each unit near a small target `rho`, so that each unit fires for few
 * examples, by adding `beta * sum over units j of KL(rho || rhoHat_j)` to the loss, where
 * `rhoHat_j` is unit j's mean activation over the batch and
 * `KL(rho || q) = rho * log(rho / q) + (1 - rho) * log((1 - rho) / (1 - q))`.
 *
 * It is meant as an **activity regularizer** on a layer with outputs in (0, 1), such as a sigmoid
 * Dense layer. The means are clipped to `[1e-6, 1 - 1e-6]`, so the penalty stays finite.
 *
 * **Scale.** That penalty is already a mean over the batch, but Keras, and the adapter, divide an
 * activity penalty by the batch size. So `apply` returns the penalty multiplied by the batch size
 * `n`, and the training loss sees exactly `beta * sum_j KL(rho || rhoHat_j)`, the standard
 * sparse-autoencoder scale, at every batch size: changing the batch size does not change how much
 * sparsity weighs against a mean reconstruction loss. Called directly, `apply` gives `n` times the
 * standard value.
 *
 * **Shapes.** The first axis is the batch, so `n = x.shape[0]`, and the units are the last axis;
 * `rhoHat_j` is the mean over every other axis (over the batch and the positions, for the output
 * `[batch, height, width, channels]` of a convolution). A rank-1 tensor is a batch of one unit,
 * a rank-0 tensor one activation of one unit (`n = 1`), and an empty tensor has penalty 0.
 *
 * Its gradient comes from tfjs's autodiff, which needs tfjs's gradients registered, as they are
 * whenever `@tensorflow/tfjs-layers` is loaded.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import '@tensorflow/tfjs-backend-cpu';
 * import { layers } from '@regularizers/tfjs-adapter';
 * import { KLSparsity } from '@regularizers/custom-examples';
 *
 * // A sparse autoencoder's code layer: each unit should be active for about 5% of the inputs.
 * const encoder = layers.dense({
 *   units: 64,
 *   activation: 'sigmoid',
 *   activityRegularizer: new KLSparsity({ rho: 0.05, beta: 3 }),
 * });
 * ```
 */
export class KLSparsity implements Regularizer {
  /** The name written in model files, after the package prefix: `Examples>KLSparsity`. */
  static readonly className = 'KLSparsity';
  /** Lets two installed copies of this package register as one. */
  static readonly [registrationKey] = '@regularizers/custom-examples/KLSparsity';
  /** The target mean activation. */
  readonly rho: number;
  /** The weight of the penalty. */
  readonly beta: number;

  /**
   * @throws `InvalidArgumentError` for an unknown argument, a `rho` outside (0, 1), or a `beta` that is not a finite number ≥ 0.
   *
   * @param args - `{ rho, beta }`: the target mean activation (default 0.05) and the weight of the
   *   penalty (default 1).
   */
  constructor(args?: KLSparsityArgs) {
    const config = checkArguments('KLSparsity', args, ['rho', 'beta']);
    this.rho = checkFactor('rho', config.rho ?? 0.05);
    if (this.rho <= 0 || this.rho >= 1) {
      throw new InvalidArgumentError(
        'rho',
        `Invalid value for argument rho: expected a number strictly between 0 and 1. Received: rho=${this.rho}`,
      );
    }
    this.beta = checkFactor('beta', config.beta ?? 1);
  }

  /**
   * The batch size times `beta * sum_j KL(rho || rhoHat_j)`, a float32 scalar: see the scale above.
   *
   * @param x - the weight (a kernel, a bias, …) or the layer output to penalise.
   */
  apply(x: Tensor): Scalar {
    return tidy(() => {
      const input = floatInput('KLSparsity', x);
      // Still computed from x, so that tf.grad of an empty batch is a zero gradient, not an error.
      if (input.size === 0) return mul<Scalar>(0, sum(input));
      const batch = input.rank === 0 ? 1 : input.shape[0];
      const unitAxis = input.rank >= 2 ? input.rank - 1 : -1;
      const otherAxes = input.shape.map((_, axis) => axis).filter((axis) => axis !== unitAxis);
      const means = clipByValue(
        otherAxes.length === 0 ? input : mean(input, otherAxes),
        EPSILON,
        1 - EPSILON,
      );
      const rho = this.rho;
      // KL(rho || q) = rho * (log rho - log q) + (1 - rho) * (log(1 - rho) - log(1 - q))
      const divergence = sum(
        add(
          mul(rho, sub(Math.log(rho), log(means))),
          mul(1 - rho, sub(Math.log(1 - rho), log(sub(1, means)))),
        ),
      );
      return mul<Scalar>(batch * this.beta, divergence);
    });
  }

  /** The constructor arguments, for saving. */
  getConfig(): Required<KLSparsityArgs> {
    return { rho: this.rho, beta: this.beta };
  }
}
