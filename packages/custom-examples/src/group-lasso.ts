import {
  InvalidArgumentError,
  checkArguments,
  checkFactor,
  checkOneOf,
  floatInput,
  registrationKey,
} from '@regularizers/core';
import type { Regularizer } from '@regularizers/core';
import {
  customGrad,
  div,
  greater,
  mul,
  onesLike,
  sqrt,
  square,
  sum,
  tidy,
  where,
} from '@tensorflow/tfjs-core';
import type { GradSaveFunc, Scalar, Tensor } from '@tensorflow/tfjs-core';

/**
 * Which slices of a weight form the groups of {@link GroupLasso}, in the Keras kernel layout
 * `[..., inputs, outputs]`:
 *
 * - `'rows'`: one group per input unit, the second-to-last axis. A Dense kernel `[inputs, units]`
 *   has one group per row, so a zeroed group removes an input feature; a Conv2D kernel
 *   `[height, width, inChannels, filters]` has one group per input channel.
 * - `'columns'`: one group per output unit, the last axis. A zeroed group removes a Dense unit or
 *   a convolution filter.
 *
 * @example
 * ```ts
 * import { GroupLasso } from '@regularizers/custom-examples';
 * import type { GroupLassoAxis } from '@regularizers/custom-examples';
 *
 * // Prune whole filters of a convolution rather than its input channels.
 * const axis: GroupLassoAxis = 'columns';
 * const regularizer = new GroupLasso({ factor: 1e-3, axis });
 * ```
 */
export type GroupLassoAxis = 'rows' | 'columns';

/**
 * Arguments of {@link GroupLasso}, and the config it saves.
 *
 * @example
 * ```ts
 * import { GroupLasso } from '@regularizers/custom-examples';
 * import type { GroupLassoArgs } from '@regularizers/custom-examples';
 *
 * // Feature selection on a first-layer kernel: one group per input feature.
 * const args: GroupLassoArgs = { factor: 0.01, axis: 'rows' };
 * const regularizer = new GroupLasso(args);
 * ```
 */
export interface GroupLassoArgs {
  /** The factor, a finite number ≥ 0. Default 0.01. */
  factor?: number;
  /** `'rows'` (the default: one group per input unit) or `'columns'` (one per output unit). */
  axis?: GroupLassoAxis;
}

const AXES = ['rows', 'columns'] as const;

/**
 * The group lasso (Yuan & Lin 2006), as used for structured sparsity in neural networks
 * (Scardapane et al. 2017): `factor * sqrt(p) * sum over groups g of ||w_g||₂`, where the groups
 * are the rows (one per input unit) or the columns (one per output unit) of a weight, and `p` is
 * the number of weights in a group.
 *
 * Because the L2 norm of a group is not differentiable at zero, this penalty pulls a whole group to
 * exactly zero once the data no longer needs it, where L1 zeroes single weights and L2 zeroes
 * nothing. With `'rows'` on a first-layer kernel, that is feature selection: whole inputs drop out.
 * Plain gradient descent makes the discarded groups hover within about `learningRate * factor *
 * sqrt(p)` of zero rather than land on it; prune the groups whose norm is below a small threshold.
 *
 * The groups follow the Keras kernel layout `[..., inputs, outputs]`, so a tensor of rank 3 or more
 * (a convolution kernel) is grouped by its second-to-last axis (`'rows'`: input channels) or its
 * last axis (`'columns'`: filters), each group holding every other axis. Tensors of rank 0 and 1,
 * such as biases, have no rows and columns, and are refused.
 *
 * It brings its own gradient, `factor * sqrt(p) * w_g / ||w_g||₂` on each group, which is 0 on a
 * group that is exactly zero (the smallest subgradient there), never NaN. So it trains with
 * tfjs-core alone, with no gradients registered.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import '@tensorflow/tfjs-backend-cpu';
 * import { GroupLasso } from '@regularizers/custom-examples';
 *
 * // Penalise each input feature's outgoing weights as one group, to select features.
 * const regularizer = new GroupLasso({ factor: 0.1, axis: 'rows' });
 * // Rows [3, 4] and [0, 0]: 0.1 * sqrt(2) * (5 + 0)
 * regularizer.apply(tf.tensor2d([[3, 4], [0, 0]])); // 0.7071
 * ```
 */
export class GroupLasso implements Regularizer {
  /** The name written in model files, after the package prefix: `Examples>GroupLasso`. */
  static readonly className = 'GroupLasso';
  /** Lets two installed copies of this package register as one. */
  static readonly [registrationKey] = '@regularizers/custom-examples/GroupLasso';
  /** The factor. */
  readonly factor: number;
  /** Whether the groups are the rows (input units) or the columns (output units). */
  readonly axis: GroupLassoAxis;

  /**
   * @throws `InvalidArgumentError` for an unknown argument, a bad factor, or an axis other than `'rows'` and `'columns'`.
   *
   * @param args - `{ factor, axis }`: the factor (default 0.01), and whether the groups are the
   *   rows (the default) or the columns.
   */
  constructor(args?: GroupLassoArgs) {
    const config = checkArguments('GroupLasso', args, ['factor', 'axis']);
    this.factor = checkFactor('factor', config.factor ?? 0.01);
    this.axis = checkOneOf('axis', config.axis ?? 'rows', AXES);
  }

  /**
   * The penalty of `x`, a float32 scalar.
   *
   * @param x - the weight (a kernel, a bias, …) or the layer output to penalise.
   *
   * @throws `InvalidArgumentError` naming the shape when `x` has rank 0 or 1.
   */
  apply(x: Tensor): Scalar {
    return tidy(() => {
      const input = floatInput('GroupLasso', x);
      if (input.rank < 2) {
        throw new InvalidArgumentError(
          'inputs',
          `GroupLasso needs a tensor of rank 2 or more, grouped by its rows or columns. Received: a tensor of shape [${input.shape.join(', ')}]. Use it on kernels, not on biases.`,
        );
      }
      const groupAxis = this.axis === 'rows' ? input.rank - 2 : input.rank - 1;
      const groups = input.shape[groupAxis] ?? 0;
      const groupSize = groups === 0 ? 0 : input.size / groups;
      const withinGroup = input.shape.map((_, axis) => axis).filter((axis) => axis !== groupAxis);
      return groupNormSum(input, withinGroup, this.factor * Math.sqrt(groupSize));
    });
  }

  /** The constructor arguments, for saving. */
  getConfig(): Required<GroupLassoArgs> {
    return { factor: this.factor, axis: this.axis };
  }
}

/** `scale * sum of the L2 norms over the groups`, each group spanning `withinGroup`, with the gradient 0 on a zero group. */
function groupNormSum(x: Tensor, withinGroup: number[], scale: number): Scalar {
  const penalty = customGrad<Scalar>((...args) => {
    const input = args[0] as Tensor;
    const save = args[1] as GradSaveFunc;
    const norms = sqrt(sum(square(input), withinGroup, true));
    save([input, norms]);
    return {
      value: mul<Scalar>(scale, sum(norms)),
      gradFunc: (dy: Scalar, saved: Tensor[]): Tensor => {
        const [savedX, savedNorms] = saved;
        if (savedX === undefined || savedNorms === undefined) {
          throw new Error('GroupLasso: the input was not saved for the gradient.');
        }
        return tidy(() => {
          // A zero group has zero weights, so dividing them by 1 instead of their norm gives 0.
          const safeNorms = where(greater(savedNorms, 0), savedNorms, onesLike(savedNorms));
          return mul(mul(dy, scale), div(savedX, safeNorms));
        });
      },
    };
  });
  return penalty(x);
}
