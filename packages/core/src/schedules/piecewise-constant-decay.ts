/* Keras: keras/src/optimizers/schedules/learning_rate_schedule.py, PiecewiseConstantDecay */
import { InvalidArgumentError } from '../errors/index.js';
import { describeValue } from '../describe-value.js';
import type { RegularizerConfig } from '../regularizer.js';
import { checkArguments } from '../validation.js';
import { CountSchedule, checkScheduleNumber } from './schedule.js';
import type { ScheduleUnit } from './schedule.js';

/** Arguments of {@link PiecewiseConstantDecay}, with Keras's names. */
export interface PiecewiseConstantDecayArgs {
  /** Strictly increasing steps (or epochs) where the value changes. */
  boundaries: number[];
  /** One more value than boundaries: the value up to each boundary, then after the last. */
  values: number[];
  /** Whether the schedule counts steps (default, as in Keras) or epochs. */
  per?: ScheduleUnit;
}

/**
 * Keras's `PiecewiseConstantDecay`: `values[0]` while the count is at most `boundaries[0]`,
 * `values[i]` while it is above `boundaries[i - 1]` and at most `boundaries[i]`, and the last value
 * after the last boundary.
 *
 * @example
 * ```ts
 * import { PiecewiseConstantDecay } from '@regularizers/core';
 *
 * const warmUp = new PiecewiseConstantDecay({ boundaries: [2], values: [0, 1e-4], per: 'epoch' });
 * warmUp.valueAt({ step: 500, epoch: 3 }); // 1e-4
 * ```
 */
export class PiecewiseConstantDecay extends CountSchedule {
  /** The name written in saved configs. */
  static readonly className = 'PiecewiseConstantDecay';
  /** Where the value changes. */
  readonly boundaries: readonly number[];
  /** The value of each interval. */
  readonly values: readonly number[];

  /**
   * @param args - `{ boundaries, values, per }`, as Keras names them.
   * @throws `InvalidArgumentError` for an unknown or missing argument, boundaries that do not
   * increase, or a count of values other than one more than the boundaries.
   */
  constructor(args: PiecewiseConstantDecayArgs) {
    const config = checkArguments('PiecewiseConstantDecay', args, ['boundaries', 'values', 'per']);
    super(config.per);
    this.boundaries = numbers('boundaries', config.boundaries);
    this.values = numbers('values', config.values);
    if (this.values.length !== this.boundaries.length + 1) {
      throw new InvalidArgumentError(
        'values',
        `PiecewiseConstantDecay needs one more value than boundaries. Received: boundaries=${describeValue(config.boundaries)} and values=${describeValue(config.values)}`,
      );
    }
    if (this.boundaries.some((boundary, i) => i > 0 && boundary <= (this.boundaries[i - 1] ?? 0))) {
      throw new InvalidArgumentError(
        'boundaries',
        `PiecewiseConstantDecay's boundaries must increase strictly. Received: boundaries=${describeValue(config.boundaries)}`,
      );
    }
  }

  /** @internal */
  protected at(count: number): number {
    const interval = this.boundaries.findIndex((boundary) => count <= boundary);
    return this.values[interval === -1 ? this.boundaries.length : interval] ?? Number.NaN;
  }

  /** @internal */
  protected ownConfig(): RegularizerConfig {
    return { boundaries: [...this.boundaries], values: [...this.values] };
  }
}

function numbers(argument: string, value: unknown): number[] {
  if (!Array.isArray(value)) {
    throw new InvalidArgumentError(
      argument,
      `Invalid value for argument ${argument}: expected an array of numbers. Received: ${argument}=${describeValue(value)}`,
    );
  }
  return value.map((item: unknown, i) => checkScheduleNumber(`${argument}[${i}]`, item, 'finite'));
}
