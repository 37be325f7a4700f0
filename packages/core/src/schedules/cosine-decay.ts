/* Keras: keras/src/optimizers/schedules/learning_rate_schedule.py, CosineDecay */
import type { RegularizerConfig } from '../regularizer.js';
import { checkArguments } from '../validation.js';
import { CountSchedule, checkScheduleNumber } from './schedule.js';
import type { ScheduleUnit } from './schedule.js';

/** Arguments of {@link CosineDecay}, with Keras's names and defaults. */
export interface CosineDecayArgs {
  /** The value at step 0 (the start of the warm-up, when there is one). */
  initialLearningRate: number;
  /** Steps (or epochs) of the cosine decay, after the warm-up; > 0. */
  decaySteps: number;
  /** The floor, as a fraction of the decay's start value. Default 0. */
  alpha?: number;
  /** The value reached at the end of the warm-up; `null` (the default) means no warm-up. */
  warmupTarget?: number | null;
  /** Steps (or epochs) of the linear warm-up. Default 0. */
  warmupSteps?: number;
  /** Whether the schedule counts steps (default, as in Keras) or epochs. */
  per?: ScheduleUnit;
}

/**
 * Keras's `CosineDecay`: an optional linear warm-up from `initialLearningRate` to `warmupTarget`
 * over `warmupSteps`, then a half cosine from there down to `alpha` times it over `decaySteps`,
 * where it stays.
 *
 * @example
 * ```ts
 * import { CosineDecay } from '@regularizers/core';
 *
 * const schedule = new CosineDecay({ initialLearningRate: 1e-3, decaySteps: 1000 });
 * schedule.valueAt({ step: 500, epoch: 0 }); // 5e-4
 * ```
 */
export class CosineDecay extends CountSchedule {
  /** The name written in saved configs. */
  static readonly className = 'CosineDecay';
  /** The value at step 0. */
  readonly initialLearningRate: number;
  /** Steps (or epochs) of the cosine decay. */
  readonly decaySteps: number;
  /** The floor, as a fraction of the decay's start value. */
  readonly alpha: number;
  /** The value at the end of the warm-up, or `null` for none. */
  readonly warmupTarget: number | null;
  /** Steps (or epochs) of the warm-up. */
  readonly warmupSteps: number;

  /**
   * @param args - `{ initialLearningRate, decaySteps, alpha, warmupTarget, warmupSteps, per }`, as Keras names them.
   * @throws `InvalidArgumentError` for an unknown or missing argument, or a bad number.
   */
  constructor(args: CosineDecayArgs) {
    const config = checkArguments('CosineDecay', args, [
      'initialLearningRate',
      'decaySteps',
      'alpha',
      'warmupTarget',
      'warmupSteps',
      'per',
    ]);
    super(config.per);
    this.initialLearningRate = checkScheduleNumber(
      'initialLearningRate',
      config.initialLearningRate,
      'finite',
    );
    this.decaySteps = checkScheduleNumber('decaySteps', config.decaySteps, 'positive');
    this.alpha = checkScheduleNumber('alpha', config.alpha ?? 0, 'finite');
    this.warmupTarget =
      config.warmupTarget == null
        ? null
        : checkScheduleNumber('warmupTarget', config.warmupTarget, 'finite');
    this.warmupSteps = checkScheduleNumber('warmupSteps', config.warmupSteps ?? 0, 'non-negative');
  }

  /** @internal */
  protected at(count: number): number {
    if (this.warmupTarget === null) {
      return this.#decay(Math.min(count, this.decaySteps), this.initialLearningRate);
    }
    const done = Math.min(count, this.decaySteps + this.warmupSteps);
    if (done < this.warmupSteps) {
      const rise = this.warmupTarget - this.initialLearningRate;
      return rise * (done / this.warmupSteps) + this.initialLearningRate;
    }
    return this.#decay(done - this.warmupSteps, this.warmupTarget);
  }

  /** @internal */
  protected ownConfig(): RegularizerConfig {
    const { initialLearningRate, decaySteps, alpha, warmupTarget, warmupSteps } = this;
    return { initialLearningRate, decaySteps, alpha, warmupTarget, warmupSteps };
  }

  #decay(done: number, from: number): number {
    const cosine = 0.5 * (1 + Math.cos(Math.PI * (done / this.decaySteps)));
    return from * ((1 - this.alpha) * cosine + this.alpha);
  }
}
