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
import { factorArguments, factoryConfig, setFactorPositions } from './factor-arguments.js';
import { jsonWithTfjsHint } from './tfjs-hint.js';

/** Arguments of {@link L1} and {@link l1}. */
export interface L1Args {
  /**
   * The L1 factor, a finite number ≥ 0, or a schedule of them. Default 0.01; `null` also means the
   * default.
   */
  l1?: FactorValue | null;
}

/**
 * The L1 penalty: `l1 * sum(abs(x))`, as Keras's `L1`. It drives weights to exactly zero.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import '@tensorflow/tfjs-backend-cpu';
 * import { L1 } from '@regularizers/builtin';
 *
 * new L1({ l1: 0.1 }).apply(tf.tensor1d([1, -2, 3])); // 0.6
 * ```
 */
export class L1 implements Regularizer {
  /** The name written in model files. */
  static readonly className = 'L1';
  /** Lets two installed copies of this package register as one. */
  static readonly [registrationKey] = '@regularizers/builtin/L1';
  readonly #l1: ScheduledFactor;

  /**
   * @param args - `{ l1 }`, the L1 factor (default 0.01; `null` means the default). Not a bare
   *   number: that is `l1(…)`.
   *
   * @throws `InvalidArgumentError` for an unknown argument or a factor that is not a finite number
   * ≥ 0, and for a bare number (Keras's `L1(1e-4)`), which is written `l1(1e-4)` here.
   */
  constructor(args?: L1Args | ForANumberUse<'l1(1e-4)'>) {
    refuseBareNumber('L1', args, (factor) => `l1(${factor}) or new L1({ l1: ${factor} })`);
    ({ l1: this.#l1 } = factorArguments('L1', args, { l1: 0.01 }));
  }

  /** The L1 factor in effect now (a schedule's current value). */
  get l1(): number {
    return this.#l1.value;
  }

  /**
   * Re-reads a scheduled factor; the adapter calls it at the start of each training step.
   *
   * @param position - where training stands: the step and the epoch.
   */
  setTrainingPosition(position: TrainingPosition): void {
    setFactorPositions([this.#l1], position);
  }

  /**
   * The penalty of `x`, a float32 scalar.
   *
   * @param x - the weight (a kernel, a bias, …) or the layer output to penalise.
   */
  apply(x: Tensor): Scalar {
    return applyL1L2('L1', x, this.l1, 0);
  }

  /** The constructor arguments, for saving: a schedule saves as `{ className, config }`. */
  getConfig(): { l1: JsonValue } {
    return { l1: this.#l1.toConfig() };
  }

  /**
   * What `JSON.stringify` shows: the config, and what a stock tfjs-layers layer needs instead of
   * this object, which tfjs's "Improper config format" error then prints. Save with
   * `serializeRegularizer` (from `@regularizers/core`), not with this.
   */
  toJSON(): Record<string, unknown> {
    return jsonWithTfjsHint('L1', this.getConfig());
  }
}

/**
 * Builds an {@link L1}, as Keras's `regularizers.l1`: `l1()`, `l1(0.05)` or `l1({ l1: 0.05 })`,
 * or with a schedule, `l1(new ExponentialDecay(…))`.
 *
 * @param args - the L1 factor as a number (`l1(0.01)`), or `{ l1 }`; nothing or `null` means 0.01.
 *
 * @example
 * ```ts
 * import { l1 } from '@regularizers/builtin';
 *
 * const kernelRegularizer = l1(0.05);
 * ```
 */
export function l1(args?: FactorValue | L1Args | null): L1 {
  return new L1(factoryConfig('l1', args) as L1Args);
}
