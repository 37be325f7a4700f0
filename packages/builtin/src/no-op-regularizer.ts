/* Keras: keras/src/regularizers/regularizers.py (Regularizer) */
import { checkArguments, floatInput, registrationKey } from '@regularizers/core';
import type { Regularizer } from '@regularizers/core';
import { tidy } from '@tensorflow/tfjs-core';
import type { Scalar, Tensor } from '@tensorflow/tfjs-core';
import { jsonWithTfjsHint } from './tfjs-hint.js';
import { zeroPenalty } from './zero-penalty.js';

/**
 * What Keras's `'Regularizer'` (and `'regularizer'`) stands for: `keras.regularizers.get` and
 * model files resolve the name to Keras's base class, whose penalty is always 0. It is registered
 * under that name, so such files and identifiers load here too and penalise nothing.
 *
 * Keras cannot save its base class (it has no `get_config`); this one saves as
 * `{ className: 'Regularizer', config: {} }`, which Keras and this package both load back as the
 * no-op. It takes no arguments, as Keras's does. To write a regularizer of your own, implement the
 * `Regularizer` interface of `@regularizers/core`: there is no base class to extend.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import '@tensorflow/tfjs-backend-cpu';
 * import { getRegularizer, serializeRegularizer } from '@regularizers/core';
 * import { NoOpRegularizer } from '@regularizers/builtin';
 *
 * const regularizer = getRegularizer('Regularizer'); // a NoOpRegularizer
 * regularizer?.apply(tf.ones([2, 2])); // 0
 * serializeRegularizer(new NoOpRegularizer()); // { className: 'Regularizer', config: {} }
 * ```
 */
export class NoOpRegularizer implements Regularizer {
  /** Keras's class name, written in model files. */
  static readonly className = 'Regularizer';
  /** Lets two installed copies of this package register as one. */
  static readonly [registrationKey] = '@regularizers/builtin/Regularizer';

  /**
   * @param args - nothing, or an empty object: Keras's `Regularizer()` takes no argument.
   *
   * @throws `InvalidArgumentError` for any argument: Keras's `Regularizer()` takes none.
   */
  constructor(args?: Record<string, never>) {
    checkArguments('Regularizer', args, []);
  }

  /**
   * A float32 scalar 0, whatever `x` holds (NaN and Infinity included, as in Keras), with a zero
   * gradient connected to `x`.
   *
   * @param x - the weight (a kernel, a bias, …) or the layer output it does not penalise.
   *
   * @throws `PenaltyError` when `x` is not a live tensor of real numbers.
   */
  apply(x: Tensor): Scalar {
    return tidy(() => zeroPenalty(floatInput('Regularizer', x)));
  }

  /** No arguments, for saving. */
  getConfig(): Record<string, never> {
    return {};
  }

  /**
   * What `JSON.stringify` shows: the config, and what a stock tfjs-layers layer needs instead of
   * this object, which tfjs's "Improper config format" error then prints. Save with
   * `serializeRegularizer` (from `@regularizers/core`), not with this.
   */
  toJSON(): Record<string, unknown> {
    return jsonWithTfjsHint('Regularizer', this.getConfig());
  }
}
