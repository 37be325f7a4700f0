import { InvalidArgumentError, describeValue } from '@regularizers/core';
import type { Optimizer } from '@tensorflow/tfjs-core';

/** An optimizer that knows the learning rate of its next step: this package's, with schedules. */
export interface CurrentLearningRate {
  /** The learning rate the next step uses (a schedule's value at the optimizer's step). */
  currentLearningRate(): number;
}

/**
 * The learning rate of an optimizer's next step, which the decay and the proximal step scale by,
 * as Keras's `_apply_weight_decay` does: this package's optimizers say it; every tfjs optimizer
 * writes it as `learningRate` in its public `getConfig()`, read at each step, so a rate changed
 * with SGD's `setLearningRate` is followed.
 *
 * @param optimizer - the optimizer.
 * @param owner - who needs it, for the message (`'withWeightDecay'`).
 * @throws `InvalidArgumentError` naming `optimizer` when it has no learning rate that is a finite
 * number ≥ 0.
 */
export function learningRateOf(optimizer: Optimizer, owner: string): number {
  const own = optimizer as Partial<CurrentLearningRate>;
  const rate: unknown =
    typeof own.currentLearningRate === 'function'
      ? own.currentLearningRate()
      : optimizer.getConfig().learningRate;
  if (typeof rate !== 'number' || !Number.isFinite(rate) || rate < 0) {
    throw new InvalidArgumentError(
      'optimizer',
      `${owner} scales by the optimizer's learning rate, read from its getConfig().learningRate, and ${optimizer.getClassName()}'s is ${describeValue(rate)}. Wrap an optimizer whose config holds its learning rate as a number ≥ 0, as every tfjs optimizer's does.`,
    );
  }
  return rate;
}
