/* Keras: keras/src/optimizers/schedules/learning_rate_schedule.py, PolynomialDecay */
import type { RegularizerConfig } from '../regularizer.js';
import { checkArguments } from '../validation.js';
import { CountSchedule, checkScheduleNumber } from './schedule.js';
import type { ScheduleUnit } from './schedule.js';

/** Arguments of {@link PolynomialDecay}, with Keras's names and defaults. */
export interface PolynomialDecayArgs {
  /** The value at step 0. */
  initialLearningRate: number;
  /** Steps (or epochs) to reach `endLearningRate`; > 0. */
  decaySteps: number;
  /** The value from `decaySteps` on. Default 0.0001. */
  endLearningRate?: number;
  /** The power of the polynomial. Default 1: a straight line. */
  power?: number;
  /** Whether to start again, over a longer period, after `decaySteps`. Default `false`. */
  cycle?: boolean;
  /** Whether the schedule counts steps (default, as in Keras) or epochs. */
  per?: ScheduleUnit;
}

/**
 * Keras's `PolynomialDecay`: from `initialLearningRate` to `endLearningRate` over `decaySteps`,
 * `(initial - end) * (1 - count / decaySteps) ^ power + end`, then `endLearningRate`. With an end
 * above the start it rises instead: a linear warm-up of a factor is
 * `{ initialLearningRate: 0, endLearningRate: 1e-4, decaySteps: 1000 }`.
 *
 * @example
 * ```ts
 * import { PolynomialDecay } from '@regularizers/core';
 *
 * const warmUp = new PolynomialDecay({ initialLearningRate: 0, endLearningRate: 1e-4, decaySteps: 1000 });
 * warmUp.valueAt({ step: 250, epoch: 0 }); // 2.5e-5
 * ```
 */
export class PolynomialDecay extends CountSchedule {
  /** The name written in saved configs. */
  static readonly className = 'PolynomialDecay';
  /** The value at step 0. */
  readonly initialLearningRate: number;
  /** Steps (or epochs) to reach `endLearningRate`. */
  readonly decaySteps: number;
  /** The value from `decaySteps` on. */
  readonly endLearningRate: number;
  /** The power of the polynomial. */
  readonly power: number;
  /** Whether the decay starts again after `decaySteps`. */
  readonly cycle: boolean;

  /**
   * @param args - `{ initialLearningRate, decaySteps, endLearningRate, power, cycle, per }`, as Keras names them.
   * @throws `InvalidArgumentError` for an unknown or missing argument, or a bad number.
   */
  constructor(args: PolynomialDecayArgs) {
    const config = checkArguments('PolynomialDecay', args, [
      'initialLearningRate',
      'decaySteps',
      'endLearningRate',
      'power',
      'cycle',
      'per',
    ]);
    super(config.per);
    this.initialLearningRate = checkScheduleNumber(
      'initialLearningRate',
      config.initialLearningRate,
      'finite',
    );
    this.decaySteps = checkScheduleNumber('decaySteps', config.decaySteps, 'positive');
    this.endLearningRate = checkScheduleNumber(
      'endLearningRate',
      config.endLearningRate ?? 0.0001,
      'finite',
    );
    this.power = checkScheduleNumber('power', config.power ?? 1, 'finite');
    this.cycle = config.cycle === true;
  }

  /** @internal */
  protected at(count: number): number {
    let steps = this.decaySteps;
    let done = count;
    if (this.cycle) steps *= count === 0 ? 1 : Math.ceil(count / this.decaySteps);
    else done = Math.min(count, steps);
    const remaining = (1 - done / steps) ** this.power;
    return (this.initialLearningRate - this.endLearningRate) * remaining + this.endLearningRate;
  }

  /** @internal */
  protected ownConfig(): RegularizerConfig {
    const { initialLearningRate, decaySteps, endLearningRate, power, cycle } = this;
    return { initialLearningRate, decaySteps, endLearningRate, power, cycle };
  }
}
