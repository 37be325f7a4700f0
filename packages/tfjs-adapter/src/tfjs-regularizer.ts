import type * as tfl from '@tensorflow/tfjs-layers';
import {
  PenaltyError,
  SerializationError,
  computePenalty,
  getRegularizer,
  serializeRegularizer,
} from '@regularizers/core';
import type {
  Regularizer,
  RegularizerConfig,
  RegularizerIdentifier,
  SerializedRegularizer,
} from '@regularizers/core';
import type { Scalar, Tensor, serialization } from '@tensorflow/tfjs-core';
import { protectConfig, toTfjsClassName } from './model-json/case-conversion-codec.js';
import { tfjsRegularizerBase } from './tfjs-internals.js';

/** The regularizer type that tfjs-layers' layers accept. */
export type TfjsRegularizer = ReturnType<typeof tfl.regularizers.l1l2>;

/**
 * tfjs-layers' `Regularizer` class, the only kind its layers accept in a slot. Typed through
 * tfjs-layers' public exports, so the declaration files never name its `dist/` modules, which
 * TypeScript's `nodenext` resolution cannot find.
 */
const TfjsRegularizerBase: abstract new () => TfjsRegularizer = tfjsRegularizerBase();

/** Whether a value is already an instance of tfjs-layers' `Regularizer`, ours or stock. */
export function isTfjsRegularizer(value: unknown): value is TfjsRegularizer {
  return value instanceof TfjsRegularizerBase;
}

/**
 * One of our regularizers, presented as a tfjs-layers `Regularizer`. Its penalty goes through
 * `computePenalty`, and it saves under its registered name and config, protected against tfjs's
 * case conversion, so that `model.toJSON()` writes something the adapter loads back. `toTfjs`
 * makes these; the class is exported for `instanceof` checks and for its `regularizer`.
 *
 * @example
 * ```ts
 * import { L2 } from '@regularizers/builtin';
 * import { RegularizerBridge, toTfjs } from '@regularizers/tfjs-adapter';
 *
 * const bridge = toTfjs('l2');
 * if (bridge instanceof RegularizerBridge) console.log(bridge.regularizer instanceof L2); // true
 * ```
 */
export class RegularizerBridge extends TfjsRegularizerBase {
  /** tfjs's registry requires a class name; loading goes through the per-name classes instead. */
  static readonly className: string = 'RegularizersBridge';
  /** Where the regularizer is used (`Dense layer "dense_1", kernelRegularizer`), for error messages. */
  context = 'a tfjs-layers layer';

  /** @param regularizer - the regularizer to present to tfjs. */
  constructor(readonly regularizer: Regularizer) {
    super();
  }

  /**
   * The penalty of `x`, with errors that say which layer and slot failed.
   *
   * @param x - the weight (a kernel, a bias, …) or the layer output to penalise.
   */
  apply(x: Tensor): Scalar {
    try {
      return computePenalty(this.regularizer, x);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      throw new PenaltyError(`The regularizer in ${this.context} failed: ${message}`, {
        cause: error,
      });
    }
  }

  /** The registered name, written as the class name in tfjs model JSON. */
  override getClassName(): string {
    return toTfjsClassName(this.#serialized().className);
  }

  /** The regularizer's config, protected against tfjs's case conversion. */
  getConfig(): serialization.ConfigDict {
    return protectConfig(this.#serialized().config) as serialization.ConfigDict;
  }

  /** The saved form, with errors (an unregistered class, a function schedule) that say where. */
  #serialized(): SerializedRegularizer {
    try {
      return serializeRegularizer(this.regularizer);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      throw new SerializationError(`Cannot save the regularizer in ${this.context}: ${message}`, {
        cause: error,
      });
    }
  }
}

/**
 * Turns anything `getRegularizer` accepts into a regularizer that tfjs-layers' own layers accept:
 * an instance of the very `Regularizer` class tfjs checks. tfjs regularizers are returned as they
 * are, and `null` or `undefined` give `null` (so a value that may be nothing gives a result that
 * may be `null`).
 *
 * @param identifier - one of our regularizers, a plain function, a name or a config (anything
 *   `getRegularizer` accepts), a tfjs regularizer, or `null`.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import * as tfl from '@tensorflow/tfjs-layers';
 * import { l1l2 } from '@regularizers/builtin';
 * import { toTfjs } from '@regularizers/tfjs-adapter';
 *
 * tfl.layers.dense({ units: 64, kernelRegularizer: toTfjs(l1l2({ l1: 1e-5, l2: 1e-4 })) });
 * tfl.layers.dense({ units: 64, kernelRegularizer: toTfjs((x: tf.Tensor) => tf.mul(1e-3, tf.sum(tf.square(x)))) });
 * tfl.layers.dense({ units: 64, kernelRegularizer: toTfjs('l2') });
 * ```
 */
export function toTfjs(identifier: null | undefined): null;
export function toTfjs(
  identifier: NonNullable<RegularizerIdentifier> | TfjsRegularizer,
): TfjsRegularizer;
export function toTfjs(identifier: RegularizerIdentifier | TfjsRegularizer): TfjsRegularizer | null;
export function toTfjs(
  identifier: RegularizerIdentifier | TfjsRegularizer,
): TfjsRegularizer | null {
  if (isTfjsRegularizer(identifier)) return identifier;
  const regularizer = getRegularizer(identifier);
  return regularizer === null ? null : new RegularizerBridge(regularizer);
}

/** The JSON a tfjs regularizer is saved as in a layer config: `{ className, config }`. */
export function tfjsRegularizerJson(regularizer: TfjsRegularizer): {
  className: string;
  config: RegularizerConfig;
} {
  return { className: regularizer.getClassName(), config: regularizer.getConfig() };
}
