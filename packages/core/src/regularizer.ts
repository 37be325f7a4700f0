import type { Scalar, Tensor } from '@tensorflow/tfjs-core';
import type { TrainingPosition } from './schedules/training-position.js';

/** A value that survives `JSON.stringify` and `JSON.parse` unchanged, so configs can be saved in model files. */
export type JsonValue =
  null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/**
 * The arguments that rebuild a regularizer, as a plain JSON object.
 *
 * It is what `getConfig()` returns and what a class's constructor (or static `fromConfig`) receives
 * back when a saved model is loaded.
 */
export type RegularizerConfig = { [key: string]: JsonValue };

/**
 * The protocol every regularizer implements: a penalty on a weight or activation tensor.
 *
 * It is structural on purpose. A class written against another installed copy of
 * `@regularizers/core`, or with no base class at all, satisfies it, so plugins never depend on
 * `instanceof` across packages.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import type { Regularizer } from '@regularizers/core';
 *
 * class MyRegularizer implements Regularizer {
 *   static readonly className = 'MyRegularizer';
 *   constructor(readonly config: { strength: number }) {}
 *   apply(x: tf.Tensor): tf.Scalar {
 *     return tf.tidy(() => tf.mul(this.config.strength, tf.sum(tf.square(x))));
 *   }
 *   getConfig() {
 *     return { strength: this.config.strength };
 *   }
 * }
 * ```
 */
export interface Regularizer {
  /**
   * Computes the penalty for `x`. Called on every training step, so it should return a rank-0
   * float tensor and leave no other tensor behind.
   *
   * @param x - the weight or the layer output to penalise, of any shape.
   */
  apply(x: Tensor): Scalar;
  /**
   * Returns the constructor arguments as plain JSON. It is what lets a model that uses this
   * regularizer be saved and loaded; without it the regularizer cannot be serialized.
   */
  getConfig?(): RegularizerConfig;
  /**
   * Re-reads the factors that follow schedules, at the start of each training step. Only a
   * regularizer whose factors change during training has it; the adapter calls it in `fit`.
   *
   * @param position - where training stands: the step and the epoch.
   */
  setTrainingPosition?(position: TrainingPosition): void;
}

/**
 * A plain function used as a regularizer, as in Keras's `def my_regularizer(x): ...`.
 *
 * It may return a rank-0 tensor, any tensor (which is summed) or a number: {@link computePenalty}
 * normalises the result.
 *
 * @param x - the weight or the layer output to penalise, of any shape.
 */
export type RegularizerFunction = (x: Tensor) => Tensor | number;

/**
 * The class side of a serializable regularizer.
 *
 * The registry reads its static `className` as the default registered name, and rebuilds instances
 * with the static `fromConfig(config)` when present, or with `new Class(config)` otherwise.
 */
export interface RegularizerClass {
  /**
   * Builds an instance (from a config, unless `fromConfig` does). `never[]` lets any constructor
   * signature fit, with any number of parameters.
   *
   * @param args - the saved config (what `getConfig()` returned), unless the class has a
   *   `fromConfig`.
   */
  new (...args: never[]): Regularizer;
  /** The stable name written in model files. Never rely on `constructor.name`: minifiers change it. */
  readonly className?: string;
  /**
   * Rebuilds an instance from a saved config, for classes whose constructor takes other arguments.
   *
   * @param config - what `getConfig()` returned, read back from a model file.
   */
  fromConfig?(config: RegularizerConfig): Regularizer;
}

/** What the registry can hold under a name: a regularizer class or a plain function. */
export type RegularizerTarget = RegularizerClass | RegularizerFunction;

/** The JSON shape {@link serializeRegularizer} writes: the one tfjs-layers uses in model files. */
export interface SerializedRegularizer {
  /** The registered name, with its package prefix when it has one (`"Examples>GroupLasso"`). */
  className: string;
  /** The JSON-safe result of `getConfig()`; `{}` for a function. */
  config: RegularizerConfig;
}

/**
 * A regularizer as Keras 3 writes it in a model's `config.json`, what
 * {@link serializeKerasRegularizer} returns: a built-in under `keras.regularizers`, a plugin class
 * by its `registered_name` (`"Pkg>Name"`), a registered function in Keras's function form.
 */
export interface KerasRegularizerJson {
  /** `'keras.regularizers'` for a built-in, `'builtins'` for a function, `null` for a plugin. */
  module: string | null;
  /** The class name (the part after `>`), or `'function'`. */
  class_name: string;
  /** The JSON-safe result of `getConfig()`, or a function's registered name. */
  config: RegularizerConfig | string;
  /** The registered name of a plugin, `'function'` for a function, `null` for a built-in. */
  registered_name: string | null;
}

/**
 * Everything {@link getRegularizer} accepts, as in Keras's `regularizers.get`: a regularizer, a
 * plain function, a registered class, a registered name, a serialized config, or nothing.
 */
export type RegularizerIdentifier =
  | Regularizer
  | RegularizerFunction
  | RegularizerClass
  | string
  | SerializedRegularizer
  | { class_name: string; config?: unknown }
  | null
  | undefined;
