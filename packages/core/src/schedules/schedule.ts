import { InvalidArgumentError } from '../errors/index.js';
import { describeValue } from '../describe-value.js';
import type { RegularizerConfig } from '../regularizer.js';
import { checkOneOf } from '../validation.js';
import type { TrainingPosition } from './training-position.js';

/**
 * A value that changes during training: a regularizer's factor, a weight decay, a learning rate.
 * Keras's `LearningRateSchedule` objects are schedules, and so is any object with a `valueAt`.
 */
export interface Schedule {
  /**
   * The value at a position of training. It is read once per training step, so keep it cheap.
   *
   * @param position - where training stands: the step and the epoch.
   */
  valueAt(position: TrainingPosition): number;
  /** The arguments that rebuild it, for saving. Only the schedules of core load back. */
  getConfig?(): RegularizerConfig;
}

/**
 * A schedule written as a function of where training stands: `({ step }) => …` follows the step,
 * `({ epoch }) => …` the epoch. It cannot be saved (a function is code, not data): a model that
 * holds one fails to save, with a message that says which.
 *
 * @param position - where training stands: the step and the epoch.
 */
export type ScheduleFunction = (position: TrainingPosition) => number;

/** A schedule as it is saved: the name of one of core's schedule classes and its config. */
export interface SerializedSchedule {
  /** `'ExponentialDecay'`, `'PiecewiseConstantDecay'`, `'PolynomialDecay'` or `'CosineDecay'`. */
  className: string;
  /** The class's constructor arguments. */
  config: RegularizerConfig;
}

/** Everything a scheduled argument accepts: a schedule object, a function, or a saved schedule. */
export type ScheduleIdentifier = Schedule | ScheduleFunction | SerializedSchedule;

/** What a Keras-style schedule counts: training steps (the default, as in Keras) or epochs. */
export type ScheduleUnit = 'step' | 'epoch';

const UNITS = ['step', 'epoch'] as const;

/**
 * The base of core's ports of Keras's schedules: a function of one count, the step (as in Keras)
 * or, with `per: 'epoch'`, the epoch. Subclasses give the formula and their own config.
 *
 * @example
 * ```ts
 * import { ExponentialDecay } from '@regularizers/core';
 * import type { CountSchedule } from '@regularizers/core';
 *
 * const byEpoch: CountSchedule = new ExponentialDecay({
 *   initialLearningRate: 1e-3,
 *   decaySteps: 2,
 *   decayRate: 0.5,
 *   per: 'epoch',
 * });
 * byEpoch.valueAt({ step: 900, epoch: 4 }); // 2.5e-4: the epoch counts, not the step
 * ```
 */
export abstract class CountSchedule implements Schedule {
  /** What the schedule counts: `'step'` or `'epoch'`. */
  readonly per: ScheduleUnit;

  /** @param per - `'step'` (also when `undefined`) or `'epoch'`. */
  protected constructor(per: unknown) {
    this.per = checkOneOf('per', per ?? 'step', UNITS);
  }

  /**
   * The value at `position`, reading the step or the epoch as `per` says.
   *
   * @param position - where training stands: the step and the epoch.
   */
  valueAt(position: TrainingPosition): number {
    return this.at(this.per === 'epoch' ? position.epoch : position.step);
  }

  /** The constructor arguments, `per` included, for saving. */
  getConfig(): RegularizerConfig {
    return { ...this.ownConfig(), per: this.per };
  }

  /** The formula, at a count of steps or epochs. @internal */
  protected abstract at(count: number): number;

  /** The subclass's own arguments. @internal */
  protected abstract ownConfig(): RegularizerConfig;
}

/**
 * Checks a schedule argument that must be a finite number (`decayRate`), or positive too
 * (`decaySteps`), naming the argument as {@link checkFactor} does.
 */
export function checkScheduleNumber(
  argument: string,
  value: unknown,
  bound: 'finite' | 'positive' | 'non-negative',
): number {
  const ok =
    typeof value === 'number' &&
    Number.isFinite(value) &&
    (bound === 'finite' || (bound === 'positive' ? value > 0 : value >= 0));
  if (!ok) {
    const expected = bound === 'finite' ? 'a finite number' : `a ${bound} finite number`;
    throw new InvalidArgumentError(
      argument,
      `Invalid value for argument ${argument}: expected ${expected}. Received: ${argument}=${describeValue(value)}`,
    );
  }
  return value;
}
