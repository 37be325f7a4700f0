// The wire format: turning identifiers and the JSON shapes of tfjs, Keras 2 and Keras 3 into
// regularizers, and regularizers into tfjs JSON. It reads names through a registry and keeps none
// of its own, as Keras's `serialization_lib.py` does beside `object_registration.py`.
import {
  DeserializationError,
  SerializationError,
  UnknownRegularizerError,
} from './errors/index.js';
import { describeValue } from './describe-value.js';
import { toJsonSafe } from './json-safe.js';
import { regularizerLabel } from './compute-penalty.js';
import { unwrapFunction, wrapFunction } from './function-regularizer.js';
import { isPlainObject } from './is-plain-object.js';
import { isRegularizerClass } from './is-regularizer-class.js';
import type { RegularizerRegistry } from './registry.js';
import type { Resolution } from './registry-types.js';
import type {
  KerasRegularizerJson,
  Regularizer,
  RegularizerConfig,
  RegularizerFunction,
  RegularizerIdentifier,
  RegularizerTarget,
  SerializedRegularizer,
} from './regularizer.js';

/** Options of {@link RegularizerRegistry.deserialize}. */
export interface DeserializeOptions {
  /** Names mapped to classes or functions, consulted before the registry, for this call only. */
  readonly customObjects?: Readonly<Record<string, RegularizerTarget>>;
}

/** The package that registers L1, L2 and the rest, suggested when nothing it registers is loaded. */
const BUILTIN_SOURCE = '@regularizers/builtin';

/** {@link RegularizerRegistry.get}: any accepted identifier as a regularizer, or `null`. */
export function getRegularizerWith(
  registry: RegularizerRegistry,
  identifier: RegularizerIdentifier,
): Regularizer | null {
  if (identifier === null || identifier === undefined) return null;
  if (typeof identifier === 'string') return deserializeRegularizerWith(registry, identifier);
  if (typeof identifier === 'function') {
    return isRegularizerClass(identifier)
      ? build(identifier, undefined, regularizerLabel(identifier))
      : wrapFunction(identifier);
  }
  if (typeof (identifier as Partial<Regularizer> | null)?.apply === 'function') {
    return identifier as Regularizer;
  }
  if (isPlainObject(identifier) && ('className' in identifier || 'class_name' in identifier)) {
    return deserializeRegularizerWith(registry, identifier);
  }
  throw new DeserializationError(
    `Could not interpret regularizer identifier: ${describeValue(identifier)}. Pass a regularizer, a function, a registered name (${listNames(registry)}) or a { className, config } object.`,
  );
}

/** {@link RegularizerRegistry.serialize}: a registered regularizer as tfjs `{ className, config }`. */
export function serializeRegularizerWith(
  registry: RegularizerRegistry,
  regularizer: Regularizer | RegularizerFunction,
): SerializedRegularizer {
  const fn = typeof regularizer === 'function' ? regularizer : unwrapFunction(regularizer);
  const target = fn ?? (regularizer as Regularizer).constructor;
  const className = registry.nameOf(target as RegularizerTarget);
  const label = regularizerLabel(fn ?? regularizer);
  if (className === undefined) {
    throw new SerializationError(
      `Cannot serialize ${label}: its ${fn === undefined ? 'class' : 'function'} is not registered, so a saved model could not load it back. Call registerRegularizer(${label}, { package: 'YourPackage' }) first.`,
    );
  }
  if (fn !== undefined) return { className, config: {} };
  const instance = regularizer as Regularizer;
  if (typeof instance.getConfig !== 'function') {
    throw new SerializationError(
      `Cannot serialize ${className}: it has no getConfig(). Add getConfig() returning the constructor arguments as plain JSON.`,
    );
  }
  const config = toJsonSafe(
    instance.getConfig(),
    `${className}.getConfig()`,
    (message) => new SerializationError(`Cannot serialize ${className}: ${message}`),
  );
  if (!isPlainObject(config)) {
    throw new SerializationError(
      `Cannot serialize ${className}: getConfig() must return an object. Received: ${describeValue(config)}`,
    );
  }
  return { className, config };
}

/* Keras: keras/src/saving/serialization_lib.py (serialize_keras_object, serialize_with_public_class) */
/** {@link RegularizerRegistry.serializeKeras}: a registered regularizer as Keras 3 writes it. */
export function serializeKerasRegularizerWith(
  registry: RegularizerRegistry,
  regularizer: Regularizer | RegularizerFunction,
): KerasRegularizerJson {
  const { className, config } = serializeRegularizerWith(registry, regularizer);
  const entry = registry.lookup(className);
  if (entry !== undefined && !isRegularizerClass(entry.target)) {
    return {
      module: 'builtins',
      class_name: 'function',
      config: className,
      registered_name: 'function',
    };
  }
  if (entry?.source === BUILTIN_SOURCE) {
    return { module: 'keras.regularizers', class_name: className, config, registered_name: null };
  }
  const separator = className.lastIndexOf('>');
  return {
    module: null,
    class_name: className.slice(separator + 1),
    config,
    registered_name: className,
  };
}

/** {@link RegularizerRegistry.deserialize}: a regularizer from a name or any tfjs or Keras JSON shape. */
export function deserializeRegularizerWith(
  registry: RegularizerRegistry,
  json: unknown,
  options: DeserializeOptions = {},
): Regularizer {
  const resolve = (candidates: readonly string[]) =>
    resolveTarget(registry, candidates, options.customObjects);
  if (typeof json === 'string') {
    const { target, create } = resolve([json]);
    return create === undefined ? build(target, undefined, json) : create();
  }
  if (!isPlainObject(json)) {
    throw new DeserializationError(
      `Cannot deserialize a regularizer from ${describeValue(json)}: expected a registered name or an object such as { className: 'L2', config: { l2: 0.01 } }.`,
    );
  }
  const className = json.className ?? json.class_name;
  if (typeof className !== 'string') {
    throw new DeserializationError(
      `Cannot deserialize a regularizer from ${describeValue(json)}: it has no class name (expected a string className or class_name).`,
    );
  }
  // The Keras 3 function form: { class_name: 'function', config: 'registered_name' }.
  if (className === 'function' && typeof json.config === 'string') {
    return build(resolve([json.config]).target, undefined, json.config);
  }
  const registeredName = json.registered_name;
  const candidates =
    typeof registeredName === 'string' && registeredName !== 'function'
      ? [registeredName, className]
      : [className];
  const { target } = resolve(candidates);
  const config = json.config ?? {};
  if (!isPlainObject(config)) {
    throw new DeserializationError(
      `Cannot deserialize ${className}: its config must be an object. Received: config=${describeValue(config)}`,
    );
  }
  return build(target, { ...config } as RegularizerConfig, className);
}

/** The first candidate name that `customObjects` or the registry knows, in that order. */
function resolveTarget(
  registry: RegularizerRegistry,
  candidates: readonly string[],
  customObjects: Readonly<Record<string, RegularizerTarget>> | undefined,
): Resolution {
  for (const candidate of candidates) {
    if (customObjects !== undefined && Object.hasOwn(customObjects, candidate)) {
      const target = customObjects[candidate];
      if (typeof target === 'function') return { target };
      throw new DeserializationError(
        `customObjects["${candidate}"] must be a regularizer class or function. Received: ${describeValue(target)}`,
      );
    }
    const resolution = registry.resolve(candidate);
    if (resolution !== undefined) return resolution;
  }
  const requested = candidates[candidates.length - 1] ?? '';
  const builtinLoaded = registry
    .names()
    .some((name) => registry.lookup(name)?.source === BUILTIN_SOURCE);
  const builtinHint = builtinLoaded
    ? ''
    : ` The built-in regularizers are not loaded: install ${BUILTIN_SOURCE} and import it.`;
  throw new UnknownRegularizerError(
    requested,
    registry.names(),
    `Unknown regularizer ${candidates.map((name) => describeValue(name)).join(' or ')}. Registered names: ${listNames(registry)}.${builtinHint} A plugin must be imported, or registered with registerRegularizer(), before it is loaded.`,
  );
}

function listNames(registry: RegularizerRegistry): string {
  const names = registry.names();
  return names.length === 0 ? '(none)' : names.join(', ');
}

/** Builds a class from a config (or with no argument), or wraps a function, which takes no config. */
function build(
  target: RegularizerTarget,
  config: RegularizerConfig | undefined,
  requested: string,
): Regularizer {
  if (!isRegularizerClass(target)) {
    if (config !== undefined && Object.keys(config).length > 0) {
      throw new DeserializationError(
        `Cannot deserialize ${requested}: it is a function regularizer, which takes no config. Received: config=${describeValue(config)}`,
      );
    }
    return wrapFunction(target);
  }
  const built: unknown =
    typeof target.fromConfig === 'function'
      ? target.fromConfig(config ?? {})
      : config === undefined
        ? new (target as unknown as new () => Regularizer)()
        : new (target as unknown as new (config: RegularizerConfig) => Regularizer)(config);
  if (typeof (built as Partial<Regularizer> | null)?.apply !== 'function') {
    throw new DeserializationError(
      `Cannot deserialize ${requested}: building it gave ${describeValue(built)}, which has no apply() method.`,
    );
  }
  return built as Regularizer;
}
