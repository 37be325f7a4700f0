/* Keras: keras/src/optimizers/schedules/learning_rate_schedule.py, ExponentialDecay */
import type { RegularizerConfig } from '../regularizer.js';
import { checkArguments } from '../validation.js';
import { CountSchedule, checkScheduleNumber } from './schedule.js';
import type { ScheduleUnit } from './schedule.js';

/** Arguments of {@link ExponentialDecay}, with Keras's names. */
export interface ExponentialDecayArgs {
  /** The value at step 0. */
  initialLearningRate: number;
  /** Steps (or epochs) over which the value is multiplied by `decayRate`; > 0. */
  decaySteps: number;
  /** The factor applied every `decaySteps`. */
  decayRate: number;
  /** Whether to decay in whole periods of `decaySteps` (a staircase). Default `false`. */
  staircase?: boolean;
  /** Whether the schedule counts steps (default, as in Keras) or epochs. */
  per?: ScheduleUnit;
}

/**
 * Keras's `ExponentialDecay`: `initialLearningRate * decayRate ^ (count / decaySteps)`, the
 * exponent floored when `staircase` is set. The names are Keras's, whatever the value is: a
 * learning rate, a weight decay, or a regularizer's factor.
 *
 * @example
 * ```ts
 * import { ExponentialDecay } from '@regularizers/core';
 *
 * const halving = new ExponentialDecay({ initialLearningRate: 1e-3, decaySteps: 100, decayRate: 0.5 });
 * halving.valueAt({ step: 200, epoch: 0 }); // 2.5e-4
 * ```
 */
export class ExponentialDecay extends CountSchedule {
  /** The name written in saved configs. */
  static readonly className = 'ExponentialDecay';
  /** The value at step 0. */
  readonly initialLearningRate: number;
  /** The period of one multiplication by `decayRate`. */
  readonly decaySteps: number;
  /** The factor applied every `decaySteps`. */
  readonly decayRate: number;
  /** Whether the exponent is floored. */
  readonly staircase: boolean;

  /**
   * @param args - `{ initialLearningRate, decaySteps, decayRate, staircase, per }`, as Keras names them.
   * @throws `InvalidArgumentError` for an unknown or missing argument, or a bad number.
   */
  constructor(args: ExponentialDecayArgs) {
    const config = checkArguments('ExponentialDecay', args, [
      'initialLearningRate',
      'decaySteps',
      'decayRate',
      'staircase',
      'per',
    ]);
    super(config.per);
    this.initialLearningRate = checkScheduleNumber(
      'initialLearningRate',
      config.initialLearningRate,
      'finite',
    );
    this.decaySteps = checkScheduleNumber('decaySteps', config.decaySteps, 'positive');
    this.decayRate = checkScheduleNumber('decayRate', config.decayRate, 'finite');
    this.staircase = config.staircase === true;
  }

  /** @internal */
  protected at(count: number): number {
    const exponent = count / this.decaySteps;
    return (
      this.initialLearningRate *
      this.decayRate ** (this.staircase ? Math.floor(exponent) : exponent)
    );
  }

  /** @internal */
  protected ownConfig(): RegularizerConfig {
    const { initialLearningRate, decaySteps, decayRate, staircase } = this;
    return { initialLearningRate, decaySteps, decayRate, staircase };
  }
}
