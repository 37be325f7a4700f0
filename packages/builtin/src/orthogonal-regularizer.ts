import {
  registrationKey,
  checkArguments,
  checkOneOf,
  floatInput,
  ScheduledFactor,
} from '@regularizers/core';
import { InvalidArgumentError } from '@regularizers/core';
import type { FactorValue, JsonValue, Regularizer, TrainingPosition } from '@regularizers/core';
import { tidy } from '@tensorflow/tfjs-core';
import type { Scalar, Tensor, Tensor2D } from '@tensorflow/tfjs-core';
import { orthogonalPenalty } from './orthogonal-penalty.js';
import type { OrthogonalMode } from './orthogonal-penalty.js';
import { refuseBareNumber } from './bare-number.js';
import { setFactorPositions } from './factor-arguments.js';
import type { ForANumberUse } from './bare-number.js';
import { jsonWithTfjsHint } from './tfjs-hint.js';

/** Arguments of {@link OrthogonalRegularizer}. */
export interface OrthogonalRegularizerArgs {
  /**
   * The factor, a finite number ≥ 0, or a schedule of them. Default 0.01. As in Keras, `null` is an
   * error.
   */
  factor?: FactorValue;
  /** `'rows'` (the default) or `'columns'`. As in Keras, `null` is an error. */
  mode?: OrthogonalMode;
}

const MODES = ['rows', 'columns'] as const;

/**
 * Encourages the rows (or columns) of a rank-2 weight to be orthogonal, as Keras's
 * `OrthogonalRegularizer`: each vector is L2-normalised (a zero vector stays zero), and the penalty
 * is `factor` times the mean absolute cosine similarity over unordered pairs,
 * `factor * 0.5 * sum(|P| off the diagonal) / (N (N - 1) / 2)` with `P = X Xᵀ` over N vectors.
 *
 * With a single vector there are no pairs, and the penalty is 0 (Keras gives 0/0 = NaN). The
 * gradient is analytic: `sign(0) = 0` where two vectors are orthogonal, as in Keras on TensorFlow,
 * and 0 for an all-zero vector, where Keras gives NaN (see the package README).
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import '@tensorflow/tfjs-backend-cpu';
 * import { OrthogonalRegularizer } from '@regularizers/builtin';
 *
 * const regularizer = new OrthogonalRegularizer({ factor: 1, mode: 'rows' });
 * regularizer.apply(tf.tensor2d([[1, 2], [-1, -2]])); // 1: the rows are parallel
 * ```
 */
export class OrthogonalRegularizer implements Regularizer {
  /** The name written in model files. */
  static readonly className = 'OrthogonalRegularizer';
  /** Lets two installed copies of this package register as one. */
  static readonly [registrationKey] = '@regularizers/builtin/OrthogonalRegularizer';
  readonly #factor: ScheduledFactor;
  /** Whether rows or columns are compared. */
  readonly mode: OrthogonalMode;

  /**
   * @param args - `{ factor, mode }`: the factor (default 0.01) and `'rows'` or `'columns'`
   *   (default `'rows'`).
   *
   * @throws `InvalidArgumentError` for an unknown argument, a bad factor or a mode other than
   * `'rows'` and `'columns'`, and for a bare number (Keras's `OrthogonalRegularizer(0.01)`), which
   * is written `new OrthogonalRegularizer({ factor: 0.01 })` here.
   */
  constructor(
    args?: OrthogonalRegularizerArgs | ForANumberUse<'new OrthogonalRegularizer({ factor: 0.01 })'>,
  ) {
    refuseBareNumber(
      'OrthogonalRegularizer',
      args,
      (factor) => `new OrthogonalRegularizer({ factor: ${factor} })`,
    );
    const config = checkArguments('OrthogonalRegularizer', args, ['factor', 'mode']);
    this.#factor = new ScheduledFactor(
      'factor',
      config.factor === undefined ? 0.01 : config.factor,
    );
    // Only a missing mode means 'rows': null is refused, as Keras refuses mode=None.
    this.mode = checkOneOf('mode', config.mode === undefined ? 'rows' : config.mode, MODES);
  }

  /** The factor in effect now (a schedule's current value). */
  get factor(): number {
    return this.#factor.value;
  }

  /**
   * Re-reads a scheduled factor; the adapter calls it at the start of each training step.
   *
   * @param position - where training stands: the step and the epoch.
   */
  setTrainingPosition(position: TrainingPosition): void {
    setFactorPositions([this.#factor], position);
  }

  /**
   * The penalty of a rank-2 `x`, a float32 scalar.
   *
   * @param x - the weight (a kernel, a bias, …) or the layer output to penalise.
   *
   * @throws `InvalidArgumentError` naming the shape when `x` is not rank 2.
   */
  apply(x: Tensor): Scalar {
    return tidy(() => {
      const input = floatInput('OrthogonalRegularizer', x);
      if (input.rank !== 2) {
        throw new InvalidArgumentError(
          'inputs',
          `OrthogonalRegularizer needs a rank-2 tensor (a matrix). Received: a tensor of shape [${input.shape.join(', ')}]. Use it on Dense kernels, or reshape the weight first.`,
        );
      }
      return orthogonalPenalty(input as Tensor2D, this.factor, this.mode);
    });
  }

  /** The constructor arguments, for saving: a schedule saves as `{ className, config }`. */
  getConfig(): { factor: JsonValue; mode: OrthogonalMode } {
    return { factor: this.#factor.toConfig(), mode: this.mode };
  }

  /**
   * What `JSON.stringify` shows: the config, and what a stock tfjs-layers layer needs instead of
   * this object, which tfjs's "Improper config format" error then prints. Save with
   * `serializeRegularizer` (from `@regularizers/core`), not with this.
   */
  toJSON(): Record<string, unknown> {
    return jsonWithTfjsHint('OrthogonalRegularizer', this.getConfig());
  }
}
