import { InvalidArgumentError, ScheduledFactor, describeValue } from '@regularizers/core';
import type { Schedulable, TrainingPosition } from '@regularizers/core';
import { Optimizer, tidy } from '@tensorflow/tfjs-core';
import type { Tensor, Variable, serialization } from '@tensorflow/tfjs-core';
import { Exclusions, savedExclusions } from './exclude.js';
import { gradientEntries } from './gradient-entries.js';
import type { NamedTensor, VariableGradients } from './gradient-entries.js';
import { learningRateOf } from './learning-rate.js';
import type { CurrentLearningRate } from './learning-rate.js';
import {
  protectOptimizerConfig,
  registeredOptimizerClass,
  restoreOptimizerConfig,
} from './tfjs-internals.js';

/**
 * The base of the optimizers that add a step of their own around another optimizer's
 * (`withWeightDecay`, `proximalL1`): one scheduled factor, exclusion rules, and everything else
 * left to the wrapped optimizer, whose step count, slots (`getWeights`, `setWeights`) and
 * `dispose` are the wrapper's. It saves as the wrapped optimizer's class name and config, the
 * factor, and the rules.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { WrappedOptimizer, proximalL1, withWeightDecay } from '@regularizers/weight-decay';
 *
 * const optimizer = withWeightDecay(proximalL1(tf.train.sgd(0.1), { l1: 1e-3 }), { weightDecay: 1e-4 });
 * optimizer instanceof WrappedOptimizer; // true
 * optimizer.optimizer; // the ProximalL1 it wraps, which wraps the SGD
 * ```
 */
export abstract class WrappedOptimizer
  extends Optimizer
  implements Schedulable, CurrentLearningRate
{
  /** The factor, a number or a schedule. @internal */
  protected readonly factor: ScheduledFactor;
  /** Which variables the wrapper leaves alone. @internal */
  protected readonly exclusions: Exclusions;
  readonly #owner: string;
  #epoch = 0;

  /**
   * @param optimizer - the optimizer to wrap; the wrapper owns it from now on.
   * @param owner - the wrapper's factory, for messages.
   * @param argument - the factor's name (`'weightDecay'`, `'l1'`).
   * @param factor - the factor's value, a number or a schedule.
   * @param exclude - the exclusion rules.
   */
  protected constructor(
    readonly optimizer: Optimizer,
    owner: string,
    argument: string,
    factor: unknown,
    exclude: unknown,
  ) {
    super();
    if (!(optimizer instanceof Optimizer)) {
      throw new InvalidArgumentError(
        'optimizer',
        `${owner} wraps a tfjs optimizer, such as tf.train.sgd(0.1). Received: optimizer=${describeValue(optimizer)}`,
      );
    }
    this.#owner = owner;
    this.factor = new ScheduledFactor(argument, factor);
    this.exclusions = new Exclusions(exclude);
    learningRateOf(optimizer, owner); // refuses an optimizer without a learning rate now
  }

  /** The wrapped optimizer's step count. */
  override get iterations(): number {
    return this.optimizer.iterations;
  }

  /** The wrapped optimizer's learning rate for its next step. */
  currentLearningRate(): number {
    return learningRateOf(this.optimizer, this.#owner);
  }

  /**
   * Records the epoch (for schedules by epoch), and tells the wrapped optimizer too.
   *
   * @param position - where training stands; its `epoch` is read.
   */
  setTrainingPosition(position: TrainingPosition): void {
    this.#epoch = position.epoch;
    (this.optimizer as Partial<Schedulable>).setTrainingPosition?.(position);
  }

  /** The wrapped optimizer's slots, as it saves them. */
  override getWeights(): Promise<NamedTensor[]> {
    return this.optimizer.getWeights();
  }

  /**
   * Restores the wrapped optimizer's slots.
   *
   * @param weightValues - what the wrapped optimizer's `getWeights` saved.
   */
  override setWeights(weightValues: NamedTensor[]): Promise<void> {
    return this.optimizer.setWeights(weightValues);
  }

  /** Frees the wrapped optimizer. */
  override dispose(): void {
    this.optimizer.dispose();
  }

  /** The wrapped optimizer's class and config, the factor and the exclusion rules. */
  override getConfig(): serialization.ConfigDict {
    return protectOptimizerConfig({
      optimizer: { className: this.optimizer.getClassName(), config: this.optimizer.getConfig() },
      [this.factor.argument]: this.factor.toConfig(),
      exclude: this.exclusions.toConfig(),
    }) as serialization.ConfigDict;
  }

  /**
   * The factor at the wrapped optimizer's step times that step's learning rate: how far this
   * step decays or thresholds. Read it before the wrapped optimizer's step, which moves both.
   * @internal
   */
  protected stepAmount(): number {
    this.factor.setTrainingPosition({ step: this.iterations, epoch: this.#epoch });
    return this.factor.value * this.currentLearningRate();
  }

  /**
   * Sets every variable of a step that the wrapper acts on (those with a gradient, not excluded)
   * to `update(variable, amount)`, freeing what `update` makes; nothing when `amount` is 0.
   * @internal
   */
  protected updateIncluded(
    gradients: VariableGradients,
    amount: number,
    update: (variable: Variable, amount: number) => Tensor,
  ): void {
    if (amount === 0) return;
    tidy(() => {
      for (const { name, variable } of gradientEntries(gradients)) {
        if (!this.exclusions.excludes(name)) variable.assign(update(variable, amount));
      }
    });
  }
}

/**
 * Reads back what {@link WrappedOptimizer.getConfig} wrote: the wrapped optimizer, built from its
 * registered class, and the wrapper's own arguments.
 *
 * @throws `InvalidArgumentError` when no optimizer class is registered under the saved name.
 */
export function wrappedFromConfig(config: serialization.ConfigDict): {
  optimizer: Optimizer;
  exclude: unknown[];
  rest: Record<string, unknown>;
} {
  const {
    customObjects: _injected,
    optimizer,
    exclude,
    ...rest
  } = restoreOptimizerConfig(config) as Record<string, unknown>;
  const { className, config: optimizerConfig } = (optimizer ?? {}) as {
    className?: unknown;
    config?: unknown;
  };
  const Class = typeof className === 'string' ? registeredOptimizerClass(className) : undefined;
  if (Class === undefined || typeof optimizerConfig !== 'object' || optimizerConfig === null) {
    throw new InvalidArgumentError(
      'optimizer',
      `The saved config names no registered optimizer to wrap. Register its class with tf.serialization.registerClass before loading. Received: optimizer=${describeValue(optimizer)}`,
    );
  }
  const fromConfig = (Class as unknown as { fromConfig: typeof Optimizer.fromConfig }).fromConfig;
  return {
    optimizer: fromConfig(Class, optimizerConfig as serialization.ConfigDict),
    exclude: savedExclusions(exclude),
    rest,
  };
}
