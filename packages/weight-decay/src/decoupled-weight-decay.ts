/* Keras: keras/src/optimizers/base_optimizer.py (apply, _apply_weight_decay, exclude_from_weight_decay) */
import type { Optimizer, serialization } from '@tensorflow/tfjs-core';
import type { FactorValue } from '@regularizers/core';
import { decayed } from './decay.js';
import type { ExcludeRule } from './exclude.js';
import type { VariableGradients } from './gradient-entries.js';
import { WrappedOptimizer, wrappedFromConfig } from './wrapped-optimizer.js';

/** Options of {@link withWeightDecay}. */
export interface WeightDecayOptions {
  /** The decoupled weight decay, a number ≥ 0 or a schedule. */
  weightDecay: FactorValue;
  /** Variables left out of the decay (see {@link ExcludeRule}). Default: none, as in Keras 3. */
  exclude?: ExcludeRule | readonly ExcludeRule[];
}

/**
 * Keras 3's `weight_decay` for any tfjs optimizer: before each of the wrapped optimizer's steps,
 * every variable with a gradient that is not excluded is multiplied by
 * `1 − weightDecay · learningRate`, with the wrapped optimizer's learning rate of that step. Made
 * by {@link withWeightDecay}.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { DecoupledWeightDecay, withWeightDecay } from '@regularizers/weight-decay';
 *
 * const optimizer = withWeightDecay(tf.train.momentum(0.1, 0.9), { weightDecay: 1e-4 });
 * optimizer instanceof DecoupledWeightDecay; // true
 * ```
 */
export class DecoupledWeightDecay extends WrappedOptimizer {
  /** The name tfjs saves and loads it under. */
  static readonly className = 'DecoupledWeightDecay';

  /**
   * @param optimizer - the optimizer to wrap, which the wrapper owns from now on.
   * @param options - the decay and the exclusion rules.
   * @throws `InvalidArgumentError` for a bad optimizer, decay or rule, naming it.
   */
  constructor(optimizer: Optimizer, options: WeightDecayOptions) {
    super(optimizer, 'withWeightDecay', 'weightDecay', options.weightDecay, options.exclude);
  }

  /**
   * The decay, then the wrapped optimizer's step, in Keras's order.
   *
   * @param variableGradients - the gradient of each variable, by the variable's name.
   */
  applyGradients(variableGradients: VariableGradients): void {
    this.updateIncluded(variableGradients, this.stepAmount(), decayed);
    this.optimizer.applyGradients(variableGradients);
  }

  /**
   * Rebuilds the wrapper and the optimizer it wraps, as tfjs's loader calls it.
   *
   * @param cls - the class tfjs found under the saved class name.
   * @param config - the saved config (with the `customObjects` key tfjs adds, which is ignored).
   */
  static override fromConfig<T extends serialization.Serializable>(
    cls: serialization.SerializableConstructor<T>,
    config: serialization.ConfigDict,
  ): T {
    const { optimizer, exclude, rest } = wrappedFromConfig(config);
    return new cls(optimizer, { weightDecay: rest.weightDecay, exclude });
  }
}

/**
 * Adds decoupled weight decay to any tfjs optimizer, with Keras 3's semantics (every optimizer's
 * `weight_decay` there): `w ← w − w · weightDecay · learningRate` for each variable with a
 * gradient, before the optimizer's own step and with its learning rate. Unlike L2 in the loss, the
 * decay does not pass through the optimizer's adaptive scaling, which is the point of AdamW.
 *
 * @param optimizer - any tfjs optimizer (`tf.train.sgd`, `tf.train.momentum`, `tf.train.adam`, …);
 * the result owns it, and disposes it with itself.
 * @param options - the decay and the variables to exclude.
 * @returns an optimizer to compile the model with, which saves and loads with it.
 * @throws `InvalidArgumentError` naming the argument for a bad decay or rule, or an optimizer
 * without a learning rate in its config.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { COMMON_EXCLUSIONS, withWeightDecay } from '@regularizers/weight-decay';
 *
 * const optimizer = withWeightDecay(tf.train.sgd(0.1), {
 *   weightDecay: 5e-4,
 *   exclude: COMMON_EXCLUSIONS,
 * });
 * ```
 */
export function withWeightDecay(
  optimizer: Optimizer,
  options: WeightDecayOptions,
): DecoupledWeightDecay {
  return new DecoupledWeightDecay(optimizer, options);
}
