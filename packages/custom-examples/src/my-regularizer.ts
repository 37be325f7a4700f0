import { checkArguments, checkFactor, floatInput, registrationKey } from '@regularizers/core';
import type { Regularizer } from '@regularizers/core';
import { mul, square, sum, tidy } from '@tensorflow/tfjs-core';
import type { Scalar, Tensor } from '@tensorflow/tfjs-core';

/**
 * Arguments of {@link MyRegularizer}, and the config it saves.
 *
 * @example
 * ```ts
 * import { MyRegularizer } from '@regularizers/custom-examples';
 * import type { MyRegularizerArgs } from '@regularizers/custom-examples';
 *
 * // Typed options can be kept apart from the layer, e.g. in a hyperparameter table.
 * const args: MyRegularizerArgs = { strength: 1e-4 };
 * const regularizer = new MyRegularizer(args);
 * ```
 */
export interface MyRegularizerArgs {
  /** The factor, a finite number ≥ 0. Default 0.01, so that the bare name builds a useful penalty. */
  strength?: number;
}

/**
 * The Keras page's `Regularizer` subclass example: `strength * sum(square(x))`, configured by one
 * argument and saved as `{ strength }`.
 *
 * It is the smallest complete plugin: a static `className` (the name written in model files, which
 * minifiers cannot change), validated constructor arguments, and a `getConfig()` that returns
 * exactly those arguments, so a model that uses it saves and loads.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import '@tensorflow/tfjs-backend-cpu';
 * import { MyRegularizer } from '@regularizers/custom-examples';
 *
 * // A weight decay whose strength is saved with the model, unlike a bare function's constant.
 * new MyRegularizer({ strength: 0.1 }).apply(tf.tensor1d([1, -2])); // 0.5
 * ```
 */
export class MyRegularizer implements Regularizer {
  /** The name written in model files, after the package prefix: `Examples>MyRegularizer`. */
  static readonly className = 'MyRegularizer';
  /** Lets two installed copies of this package register as one. */
  static readonly [registrationKey] = '@regularizers/custom-examples/MyRegularizer';
  /** The factor. */
  readonly strength: number;

  /**
   * @throws `InvalidArgumentError` for an unknown argument or a strength that is not a finite number ≥ 0.
   *
   * @param args - `{ strength }`, the factor (default 0.01).
   */
  constructor(args?: MyRegularizerArgs) {
    const config = checkArguments('MyRegularizer', args, ['strength']);
    this.strength = checkFactor('strength', config.strength ?? 0.01);
  }

  /**
   * The penalty of `x`, a float32 scalar.
   *
   * @param x - the weight (a kernel, a bias, …) or the layer output to penalise.
   */
  apply(x: Tensor): Scalar {
    return tidy(() => mul<Scalar>(this.strength, sum(square(floatInput('MyRegularizer', x)))));
  }

  /** The constructor arguments, for saving. */
  getConfig(): Required<MyRegularizerArgs> {
    return { strength: this.strength };
  }
}
