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

/** Arguments of {@link L2} and {@link l2}. */
export interface L2Args {
  /**
   * The L2 factor, a finite number ≥ 0, or a schedule of them. Default 0.01; `null` also means the
   * default.
   */
  l2?: FactorValue | null;
}

/**
 * The L2 penalty: `l2 * sum(square(x))`, as Keras's `L2` (no factor of 1/2). It shrinks weights
 * toward zero, the larger ones most.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import '@tensorflow/tfjs-backend-cpu';
 * import { L2 } from '@regularizers/builtin';
 *
 * new L2({ l2: 0.1 }).apply(tf.tensor1d([1, -2, 3])); // 1.4
 * ```
 */
export class L2 implements Regularizer {
  /** The name written in model files. */
  static readonly className = 'L2';
  /** Lets two installed copies of this package register as one. */
  static readonly [registrationKey] = '@regularizers/builtin/L2';
  readonly #l2: ScheduledFactor;

  /**
   * @param args - `{ l2 }`, the L2 factor (default 0.01; `null` means the default). Not a bare
   *   number: that is `l2(…)`.
   *
   * @throws `InvalidArgumentError` for an unknown argument or a factor that is not a finite number
   * ≥ 0, and for a bare number (Keras's `L2(1e-4)`), which is written `l2(1e-4)` here.
   */
  constructor(args?: L2Args | ForANumberUse<'l2(1e-4)'>) {
    refuseBareNumber('L2', args, (factor) => `l2(${factor}) or new L2({ l2: ${factor} })`);
    ({ l2: this.#l2 } = factorArguments('L2', args, { l2: 0.01 }));
  }

  /** The L2 factor in effect now (a schedule's current value). */
  get l2(): number {
    return this.#l2.value;
  }

  /**
   * Re-reads a scheduled factor; the adapter calls it at the start of each training step.
   *
   * @param position - where training stands: the step and the epoch.
   */
  setTrainingPosition(position: TrainingPosition): void {
    setFactorPositions([this.#l2], position);
  }

  /**
   * The penalty of `x`, a float32 scalar.
   *
   * @param x - the weight (a kernel, a bias, …) or the layer output to penalise.
   */
  apply(x: Tensor): Scalar {
    return applyL1L2('L2', x, 0, this.l2);
  }

  /** The constructor arguments, for saving: a schedule saves as `{ className, config }`. */
  getConfig(): { l2: JsonValue } {
    return { l2: this.#l2.toConfig() };
  }

  /**
   * What `JSON.stringify` shows: the config, and what a stock tfjs-layers layer needs instead of
   * this object, which tfjs's "Improper config format" error then prints. Save with
   * `serializeRegularizer` (from `@regularizers/core`), not with this.
   */
  toJSON(): Record<string, unknown> {
    return jsonWithTfjsHint('L2', this.getConfig());
  }
}

/**
 * Builds an {@link L2}, as Keras's `regularizers.l2`: `l2()`, `l2(0.05)` or `l2({ l2: 0.05 })`,
 * or with a schedule, `l2(new ExponentialDecay(…))`.
 *
 * @param args - the L2 factor as a number (`l2(0.01)`), or `{ l2 }`; nothing or `null` means 0.01.
 *
 * @example
 * ```ts
 * import { l2 } from '@regularizers/builtin';
 *
 * const biasRegularizer = l2(1e-4);
 * ```
 */
export function l2(args?: FactorValue | L2Args | null): L2 {
  return new L2(factoryConfig('l2', args) as L2Args);
}
