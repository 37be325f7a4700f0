import { RegularizerRegistry } from './registry.js';
import type { RegisterOptions } from './registry-types.js';
import { serializeKerasRegularizerWith } from './serialization.js';
import type { DeserializeOptions } from './serialization.js';
import type {
  KerasRegularizerJson,
  Regularizer,
  RegularizerFunction,
  RegularizerIdentifier,
  RegularizerTarget,
  SerializedRegularizer,
} from './regularizer.js';

/**
 * The key of the shared default registry on `globalThis`. It is a `Symbol.for` key, so two
 * installed copies of core (say, a plugin that bundles its own) see one registry. The version
 * suffix changes only if the registry's shape ever changes incompatibly.
 */
const REGISTRY_KEY = Symbol.for('@regularizers/core.registry.v1');

const scope = globalThis as { [REGISTRY_KEY]?: RegularizerRegistry };

/**
 * The registry behind the free functions, shared by every copy of `@regularizers/core` loaded in
 * this JavaScript realm. Plugins register here when imported.
 */
export const defaultRegistry: RegularizerRegistry = (scope[REGISTRY_KEY] ??=
  new RegularizerRegistry());

/**
 * Registers a regularizer class or plain function in the default registry, so models that use it
 * can be saved and loaded. See {@link RegularizerRegistry.register}.
 *
 * @param target - the class (with a static `className`) or the named plain function to register.
 * @param options - the package prefix, another name, aliases, the npm package registering it
 *   (`source`), or `override`.
 *
 * @returns the registered name, such as `"Examples>GroupLasso"`.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { registerRegularizer } from '@regularizers/core';
 *
 * function my_regularizer(x: tf.Tensor): tf.Scalar {
 *   return tf.mul(1e-3, tf.sum(tf.square(x)));
 * }
 * registerRegularizer(my_regularizer, { package: 'MyPackage' }); // 'MyPackage>my_regularizer'
 * ```
 */
export function registerRegularizer(target: RegularizerTarget, options?: RegisterOptions): string {
  return defaultRegistry.register(target, options);
}

/**
 * Removes a name from the default registry. See {@link RegularizerRegistry.unregister}.
 *
 * @param name - a registered name (removing its aliases too) or one alias.
 *
 * @returns whether anything was registered under the name.
 *
 * @example
 * ```ts
 * import { unregisterRegularizer } from '@regularizers/core';
 *
 * unregisterRegularizer('MyPackage>my_regularizer');
 * ```
 */
export function unregisterRegularizer(name: string): boolean {
  return defaultRegistry.unregister(name);
}

/**
 * Turns any identifier into a regularizer, as Keras's `regularizers.get` does: `null`, a name, a
 * config object, a regularizer, a class or a plain function. See {@link RegularizerRegistry.get}.
 *
 * @param identifier - what a layer slot or a Keras call accepts: `null`, a name, a config, a
 *   regularizer, a class or a function.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { getRegularizer } from '@regularizers/core';
 *
 * getRegularizer(null); // null
 * const fromFunction = getRegularizer((x: tf.Tensor) => tf.sum(tf.abs(x)));
 * ```
 */
export function getRegularizer(identifier: RegularizerIdentifier): Regularizer | null {
  return defaultRegistry.get(identifier);
}

/**
 * Writes a registered regularizer as `{ className, config }`. See {@link RegularizerRegistry.serialize}.
 *
 * @param regularizer - an instance of a registered class, or a registered plain function.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { registerRegularizer, serializeRegularizer } from '@regularizers/core';
 *
 * const sumOfAbs = (x: tf.Tensor) => tf.sum(tf.abs(x));
 * registerRegularizer(sumOfAbs, { package: 'Docs' });
 * serializeRegularizer(sumOfAbs); // { className: 'Docs>sumOfAbs', config: {} }
 * ```
 */
export function serializeRegularizer(
  regularizer: Regularizer | RegularizerFunction,
): SerializedRegularizer {
  return defaultRegistry.serialize(regularizer);
}

/**
 * Writes a registered regularizer as Keras 3 writes it in a model's `config.json`, so that a model
 * saved in JavaScript loads in Keras with its regularizers. See
 * {@link RegularizerRegistry.serializeKeras}.
 *
 * @param regularizer - a regularizer whose class or function is registered.
 * @example
 * ```ts
 * import { serializeKerasRegularizer } from '@regularizers/core';
 * import { l2 } from '@regularizers/builtin';
 *
 * serializeKerasRegularizer(l2({ l2: 0.01 }));
 * // { module: 'keras.regularizers', class_name: 'L2', config: { l2: 0.01 }, registered_name: null }
 * ```
 */
export function serializeKerasRegularizer(
  regularizer: Regularizer | RegularizerFunction,
): KerasRegularizerJson {
  // Not defaultRegistry.serializeKeras: the shared registry may come from an older installed copy
  // of core, whose class has no such method.
  return serializeKerasRegularizerWith(defaultRegistry, regularizer);
}

/**
 * Reads a regularizer from tfjs, Keras 2 or Keras 3 JSON, or from a name. See
 * {@link RegularizerRegistry.deserialize}.
 *
 * @param json - a saved regularizer in any tfjs or Keras shape, or a registered name; it is not
 *   modified.
 * @param options - how to read it; see `DeserializeOptions`.
 *
 * @example
 * ```ts
 * import { deserializeRegularizer } from '@regularizers/core';
 * import '@regularizers/builtin';
 *
 * deserializeRegularizer({ class_name: 'L2', config: { l2: 0.009999999776482582 } });
 * deserializeRegularizer({ module: 'keras.regularizers', class_name: 'L1', config: { l1: 0.01 }, registered_name: null });
 * ```
 */
export function deserializeRegularizer(json: unknown, options?: DeserializeOptions): Regularizer {
  return defaultRegistry.deserialize(json, options);
}
