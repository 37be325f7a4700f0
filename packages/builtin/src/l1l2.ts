import { registrationKey } from '@regularizers/core';
import type {
  FactorValue,
  JsonValue,
  Regularizer,
  ScheduledFactor,
  TrainingPosition,
} from '@regularizers/core';
import type { Scalar, Tensor } from '@tensorflow/tfjs-core';
import { applyL1L2 } from './apply-l1l2.js';
import { refuseBareNumber } from './bare-number.js';
import type { ForANumberUse } from './bare-number.js';
import { factorArguments, isFactorConfig, setFactorPositions } from './factor-arguments.js';
import { jsonWithTfjsHint } from './tfjs-hint.js';

/** Arguments of {@link L1L2} and {@link l1l2}. */
export interface L1L2Args {
  /** The L1 factor, a finite number ≥ 0, or a schedule of them. `null` means the default. */
  l1?: FactorValue | null;
  /** The L2 factor, a finite number ≥ 0, or a schedule of them. `null` means the default. */
  l2?: FactorValue | null;
}

/**
 * Both penalties added: `l1 * sum(abs(x)) + l2 * sum(square(x))`, as Keras's `L1L2`. A term whose
 * factor is exactly 0 is skipped, so an infinite weight cannot turn a disabled term into NaN.
 *
 * The class defaults to `l1 = 0, l2 = 0`, as in Keras; the {@link l1l2} factory defaults to 0.01
 * each, as tf.keras's `l1_l2`.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import '@tensorflow/tfjs-backend-cpu';
 * import { L1L2 } from '@regularizers/builtin';
 *
 * new L1L2({ l1: 0.1, l2: 0.2 }).apply(tf.tensor1d([1, -2])); // 0.3 + 1.0 = 1.3
 * ```
 */
export class L1L2 implements Regularizer {
  /** The name written in model files. */
  static readonly className = 'L1L2';
  /** Lets two installed copies of this package register as one. */
  static readonly [registrationKey] = '@regularizers/builtin/L1L2';
  readonly #l1: ScheduledFactor;
  readonly #l2: ScheduledFactor;

  /**
   * @param args - `{ l1, l2 }`, the two factors (default 0 each, as Keras's class). Not a bare
   *   number.
   *
   * @throws `InvalidArgumentError` for an unknown argument or a factor that is not a finite number
   * ≥ 0, and for a bare number (Keras's `L1L2(1e-5)`, an L1 factor), which is written
   * `new L1L2({ l1: 1e-5 })` or `l1l2(1e-5, 0)` here.
   */
  constructor(args?: L1L2Args | ForANumberUse<'new L1L2({ l1: 1e-5 }) or l1l2(1e-5, 0)'>) {
    refuseBareNumber('L1L2', args, (factor) => `new L1L2({ l1: ${factor} }) or l1l2(${factor}, 0)`);
    ({ l1: this.#l1, l2: this.#l2 } = factorArguments('L1L2', args, { l1: 0, l2: 0 }));
  }

  /** The L1 factor in effect now (a schedule's current value). */
  get l1(): number {
    return this.#l1.value;
  }

  /** The L2 factor in effect now (a schedule's current value). */
  get l2(): number {
    return this.#l2.value;
  }

  /**
   * Re-reads the scheduled factors; the adapter calls it at the start of each training step.
   *
   * @param position - where training stands: the step and the epoch.
   */
  setTrainingPosition(position: TrainingPosition): void {
    setFactorPositions([this.#l1, this.#l2], position);
  }

  /**
   * The penalty of `x`, a float32 scalar.
   *
   * @param x - the weight (a kernel, a bias, …) or the layer output to penalise.
   */
  apply(x: Tensor): Scalar {
    return applyL1L2('L1L2', x, this.l1, this.l2);
  }

  /** The constructor arguments, for saving: a schedule saves as `{ className, config }`. */
  getConfig(): { l1: JsonValue; l2: JsonValue } {
    return { l1: this.#l1.toConfig(), l2: this.#l2.toConfig() };
  }

  /**
   * What `JSON.stringify` shows: the config, and what a stock tfjs-layers layer needs instead of
   * this object, which tfjs's "Improper config format" error then prints. Save with
   * `serializeRegularizer` (from `@regularizers/core`), not with this.
   */
  toJSON(): Record<string, unknown> {
    return jsonWithTfjsHint('L1L2', this.getConfig());
  }
}

/**
 * Builds an {@link L1L2} with tf.keras's `l1_l2` defaults of 0.01 each: `l1l2()`,
 * `l1l2(1e-5, 1e-4)` (positional, as in Keras) or `l1l2({ l1: 1e-5, l2: 1e-4 })`.
 *
 * @param args - the L1 factor as a number (`l1l2(0.01, 0.02)`), or `{ l1, l2 }`; nothing or `null`
 *   means 0.01.
 * @param l2 - the L2 factor, after a number `args`; nothing or `null` means 0.01.
 *
 * @example
 * ```ts
 * import { l1l2 } from '@regularizers/builtin';
 *
 * const kernelRegularizer = l1l2({ l1: 1e-5, l2: 1e-4 });
 * ```
 */
export function l1l2(args?: FactorValue | L1L2Args | null, l2?: FactorValue | null): L1L2 {
  const config: L1L2Args = isFactorConfig(args) ? { ...args } : { l1: args, l2 };
  config.l1 ??= 0.01;
  config.l2 ??= 0.01;
  return new L1L2(config);
}
