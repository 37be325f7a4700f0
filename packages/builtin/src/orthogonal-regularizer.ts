import {
  registrationKey,
  checkArguments,
  checkFactor,
  checkOneOf,
  floatInput,
} from '@regularizers/core';
import { InvalidArgumentError } from '@regularizers/core';
import type { Regularizer } from '@regularizers/core';
import {
  abs,
  eye,
  matMul,
  maximum,
  mul,
  scalar,
  sqrt,
  square,
  sub,
  sum,
  tidy,
  transpose,
  div,
} from '@tensorflow/tfjs-core';
import type { Scalar, Tensor, Tensor2D } from '@tensorflow/tfjs-core';
import { refuseBareNumber } from './bare-number.js';
import type { ForANumberUse } from './bare-number.js';

/** Which vectors of the matrix are made orthogonal to each other. */
export type OrthogonalMode = 'rows' | 'columns';

/** Arguments of {@link OrthogonalRegularizer}. */
export interface OrthogonalRegularizerArgs {
  /** The factor, a finite number ≥ 0. Default 0.01. As in Keras, `null` is an error. */
  factor?: number;
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
 * With a single vector there are no pairs, and the penalty is 0 (Keras gives 0/0 = NaN).
 *
 * Its gradient comes from tfjs's autodiff, so it needs tfjs's gradients registered, as they are
 * whenever `@tensorflow/tfjs-layers` or `@tensorflow/tfjs` is loaded.
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
  /** The factor. */
  readonly factor: number;
  /** Whether rows or columns are compared. */
  readonly mode: OrthogonalMode;

  /**
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
    this.factor = checkFactor('factor', config.factor === undefined ? 0.01 : config.factor);
    // Only a missing mode means 'rows': null is refused, as Keras refuses mode=None.
    this.mode = checkOneOf('mode', config.mode === undefined ? 'rows' : config.mode, MODES);
  }

  /**
   * The penalty of a rank-2 `x`, a float32 scalar.
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
      const vectors = (this.mode === 'rows' ? input : transpose(input)) as Tensor2D;
      const count = vectors.shape[0];
      if (count < 2) return scalar(0);
      const norms = sqrt(maximum(sum(square(vectors), 1, true), 1e-14));
      const normalized = div(vectors, norms);
      const products = matMul(normalized, normalized, false, true);
      const offDiagonal = mul(products, sub(1, eye(count)));
      const pairs = (count * (count - 1)) / 2;
      return mul(sum(abs(offDiagonal)), (this.factor * 0.5) / pairs);
    });
  }

  /** The constructor arguments, for saving. */
  getConfig(): { factor: number; mode: OrthogonalMode } {
    return { factor: this.factor, mode: this.mode };
  }
}
