import { InvalidArgumentError } from '../errors/index.js';
import type { JsonValue } from '../regularizer.js';
import { checkFactor } from '../validation.js';
import { getSchedule, serializeSchedule } from './get-schedule.js';
import type { Schedule, ScheduleIdentifier } from './schedule.js';
import { TRAINING_START } from './training-position.js';
import type { Schedulable, TrainingPosition } from './training-position.js';

/** What a factor argument takes: a number, or a schedule of numbers. */
export type FactorValue = number | ScheduleIdentifier;

/**
 * One factor of a regularizer (or a weight decay): a fixed number, or one that follows a schedule.
 * Its `value` is what the penalty uses now; `setTrainingPosition` re-reads the schedule, once per
 * training step. It exists so that every class with a factor (`L1`, `OrthogonalRegularizer`, a
 * plugin's) checks, schedules and saves it the same way: each value is checked as
 * {@link checkFactor} checks a number, and a schedule saves as `{ className, config }`.
 *
 * The penalty kernels take the factor as a plain number each call (an attribute on the CPU, a
 * uniform on WebGL and WebGPU), so a new value compiles nothing.
 *
 * @example
 * ```ts
 * import { ScheduledFactor, ExponentialDecay } from '@regularizers/core';
 *
 * const l1 = new ScheduledFactor(
 *   'l1',
 *   new ExponentialDecay({ initialLearningRate: 1e-3, decaySteps: 100, decayRate: 0.5 }),
 * );
 * l1.value; // 0.001
 * l1.setTrainingPosition({ step: 100, epoch: 1 });
 * l1.value; // 0.0005
 * l1.toConfig(); // { className: 'ExponentialDecay', config: { … } }
 * ```
 */
export class ScheduledFactor implements Schedulable {
  /** The schedule, or `null` for a fixed number. */
  readonly schedule: Schedule | null;
  #value: number;

  /**
   * @param argument - the argument's name, for messages (`'l1'`).
   * @param value - a number, or anything {@link getSchedule} accepts.
   * @throws {@link InvalidArgumentError} naming the argument for a bad number, a bad schedule, or a
   * schedule whose value at the start of training is not a factor.
   */
  constructor(
    readonly argument: string,
    value: unknown,
  ) {
    const scheduled = typeof value === 'function' || (typeof value === 'object' && value !== null);
    this.schedule = scheduled ? getSchedule(argument, value) : null;
    this.#value = scheduled ? this.#read(TRAINING_START) : checkFactor(argument, value);
  }

  /** The factor in effect now. */
  get value(): number {
    return this.#value;
  }

  /**
   * Re-reads the schedule at `position`; a fixed number stays as it is.
   *
   * @param position - where training stands: the step and the epoch.
   */
  setTrainingPosition(position: TrainingPosition): void {
    if (this.schedule !== null) this.#value = this.#read(position);
  }

  /**
   * The factor as saved: the number, or the saved schedule.
   *
   * @throws `SerializationError` naming the argument when the schedule cannot be saved (a function).
   */
  toConfig(): JsonValue {
    if (this.schedule === null) return this.#value;
    const { className, config } = serializeSchedule(this.argument, this.schedule);
    return { className, config };
  }

  #read(position: TrainingPosition): number {
    const value = (this.schedule as Schedule).valueAt(position);
    try {
      return checkFactor(this.argument, value);
    } catch (error) {
      throw new InvalidArgumentError(
        this.argument,
        `The schedule of ${this.argument} gave an invalid factor at step ${position.step}, epoch ${position.epoch}. ${(error as Error).message}`,
        { cause: error },
      );
    }
  }
}
