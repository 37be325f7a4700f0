import type { Optimizer, serialization } from '@tensorflow/tfjs-core';
import type { FactorValue } from '@regularizers/core';
import type { ExcludeRule } from './exclude.js';
import type { VariableGradients } from './gradient-entries.js';
import { softThreshold } from './soft-threshold.js';
import { WrappedOptimizer, wrappedFromConfig } from './wrapped-optimizer.js';

/** Options of {@link proximalL1}. */
export interface ProximalL1Options {
  /** The L1 strength, a number ≥ 0 or a schedule. */
  l1: FactorValue;
  /** Variables left alone (see {@link ExcludeRule}). Default: none. */
  exclude?: ExcludeRule | readonly ExcludeRule[];
}

/**
 * L1 as a proximal step: after each of the wrapped optimizer's steps, every variable with a
 * gradient that is not excluded is soft-thresholded, `w ← sign(w) · max(|w| − learningRate · l1, 0)`,
 * so weights within the threshold of 0 become exactly 0. Made by {@link proximalL1}.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { ProximalL1, proximalL1 } from '@regularizers/weight-decay';
 *
 * proximalL1(tf.train.sgd(0.1), { l1: 1e-3 }) instanceof ProximalL1; // true
 * ```
 */
export class ProximalL1 extends WrappedOptimizer {
  /** The name tfjs saves and loads it under. */
  static readonly className = 'ProximalL1';

  /**
   * @param optimizer - the optimizer to wrap, which the wrapper owns from now on.
   * @param options - the L1 strength and the exclusion rules.
   * @throws `InvalidArgumentError` for a bad optimizer, strength or rule, naming it.
   */
  constructor(optimizer: Optimizer, options: ProximalL1Options) {
    super(optimizer, 'proximalL1', 'l1', options.l1, options.exclude);
  }

  /**
   * The wrapped optimizer's step, then the soft threshold at the step's learning rate.
   *
   * @param variableGradients - the gradient of each variable, by the variable's name.
   */
  applyGradients(variableGradients: VariableGradients): void {
    const threshold = this.stepAmount();
    this.optimizer.applyGradients(variableGradients);
    this.updateIncluded(variableGradients, threshold, softThreshold);
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
    return new cls(optimizer, { l1: rest.l1, exclude });
  }
}

/**
 * Exact sparsity: wraps any tfjs optimizer so that after each step, every variable it updated
 * (except those excluded) is soft-thresholded by `learningRate · l1`:
 * `w ← sign(w) · max(|w| − learningRate · l1, 0)`. This is the proximal step of L1, so with SGD it
 * minimises the same objective as `l1` in the loss; but where L1's subgradient makes small weights
 * oscillate around 0 (a step of `lr · l1` that overshoots), the threshold sets them to exactly 0
 * and keeps them there until their gradient is larger than `l1`. With an adaptive optimizer (Adam)
 * the threshold uses the base learning rate, a common heuristic rather than an exact proximal step.
 *
 * @param optimizer - any tfjs optimizer; the result owns it, and disposes it with itself.
 * @param options - the L1 strength and the variables to exclude.
 * @returns an optimizer to compile the model with, which saves and loads with it.
 * @throws `InvalidArgumentError` naming the argument for a bad strength or rule, or an optimizer
 * without a learning rate in its config.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { COMMON_EXCLUSIONS, proximalL1 } from '@regularizers/weight-decay';
 *
 * const optimizer = proximalL1(tf.train.sgd(0.05), { l1: 1e-3, exclude: COMMON_EXCLUSIONS });
 * ```
 */
export function proximalL1(optimizer: Optimizer, options: ProximalL1Options): ProximalL1 {
  return new ProximalL1(optimizer, options);
}
