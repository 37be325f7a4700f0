import {
  DeserializationError,
  RegistrationError,
  SerializationError,
  UnknownRegularizerError,
} from './errors.js';
import { describeValue } from './describe-value.js';
import { toJsonSafe } from './json-safe.js';
import { qualifiedName } from './names.js';
import { regularizerLabel } from './compute-penalty.js';
import { unwrapFunction, wrapFunction } from './function-regularizer.js';
import type {
  Regularizer,
  RegularizerClass,
  RegularizerConfig,
  RegularizerFunction,
  RegularizerIdentifier,
  RegularizerTarget,
  SerializedRegularizer,
} from './regularizer.js';

/**
 * A static property key by which two distinct class or function objects declare that they are the
 * same regularizer, typically two installed copies of one plugin package. Registering the second
 * is then a no-op instead of a name clash, and instances of both serialize under the one name.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { registrationKey } from '@regularizers/core';
 *
 * class MyRegularizer {
 *   static readonly className = 'MyRegularizer';
 *   static readonly [registrationKey] = 'my-package/MyRegularizer';
 *   apply(x: tf.Tensor): tf.Scalar {
 *     return tf.sum(tf.square(x));
 *   }
 * }
 * ```
 */
export const registrationKey: unique symbol = Symbol.for('@regularizers/core.registrationKey');

/** Another name for a registered entry, with what the name means when it appears alone as a string. */
export interface RegularizerAlias {
  /** The alias, such as `"l1_l2"`. */
  readonly name: string;
  /** Builds the regularizer the bare string stands for, such as `l1l2()` with its defaults. */
  readonly create: () => Regularizer;
}

/** Options of {@link RegularizerRegistry.register}. */
export interface RegisterOptions {
  /** The name to register under. Defaults to the class's static `className`, or the function's own name. */
  readonly name?: string;
  /** A package prefix: the registered name becomes `"Package>Name"`, as in Keras. */
  readonly package?: string;
  /** Replace whatever holds the name (with all its aliases) instead of throwing. */
  readonly override?: boolean;
  /**
   * Other names that resolve to this entry, when reading files and string identifiers. A plain
   * string builds the class with no arguments; a {@link RegularizerAlias} says what to build.
   * Writing always uses the canonical name.
   */
  readonly aliases?: ReadonlyArray<string | RegularizerAlias>;
}

/** Options of {@link RegularizerRegistry.deserialize}. */
export interface DeserializeOptions {
  /** Names mapped to classes or functions, consulted before the registry, for this call only. */
  readonly customObjects?: Readonly<Record<string, RegularizerTarget>>;
}

/** One registered entry, as {@link RegularizerRegistry.lookup} and registration listeners see it. */
export interface RegisteredRegularizer {
  /** The canonical name, written when serializing. */
  readonly name: string;
  /** The registered class or function. */
  readonly target: RegularizerTarget;
  /** Every other name that resolves to this entry. */
  readonly aliases: readonly string[];
}

interface Resolution {
  readonly target: RegularizerTarget;
  readonly create?: () => Regularizer;
}

interface Entry {
  readonly name: string;
  readonly target: RegularizerTarget;
  readonly aliases: string[];
  /** The builders of the aliases that have one, by alias. */
  readonly creators: Map<string, () => Regularizer>;
}

/** Names whose absence means `@regularizers/builtin` is not loaded, for the hint in unknown-name errors. */
const BUILTIN_NAMES = ['L1', 'L2', 'L1L2', 'OrthogonalRegularizer'];

/**
 * A set of named regularizers, and the reading and writing of their JSON.
 *
 * Most code uses the default registry through the free functions ({@link registerRegularizer},
 * {@link getRegularizer}, …), which every installed copy of core shares. Create your own registry
 * to isolate a test or a sandboxed load.
 *
 * Names are kept in `Map`s, so a look-up never resolves an inherited member such as `__proto__`.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { RegularizerRegistry } from '@regularizers/core';
 *
 * const registry = new RegularizerRegistry();
 * const sumOfSquares = (x: tf.Tensor) => tf.sum(tf.square(x));
 * registry.register(sumOfSquares, { package: 'Demo' }); // 'Demo>sumOfSquares'
 * registry.serialize(registry.get(sumOfSquares)!); // { className: 'Demo>sumOfSquares', config: {} }
 * ```
 */
export class RegularizerRegistry {
  readonly #entries = new Map<string, Entry>();
  readonly #names = new Map<string, Entry>();
  readonly #targetNames = new Map<RegularizerTarget, string>();
  readonly #listeners = new Set<(entry: RegisteredRegularizer) => void>();

  /**
   * Registers a class or a plain function, so it can be serialized and found by name.
   *
   * Registering the same target again under the same name is a no-op. A different target under a
   * taken name throws, naming both, unless `override` is set. Bad input changes nothing.
   *
   * @returns the registered name, with its package prefix.
   * @throws {@link RegistrationError} for a bad name, a taken name, or a target with no name.
   */
  register(target: RegularizerTarget, options: RegisterOptions = {}): string {
    const name = qualifiedName(defaultName(target, options), options.package);
    const aliases = (options.aliases ?? []).map(
      (alias): { readonly name: string; readonly create?: () => Regularizer } =>
        typeof alias === 'string' ? { name: alias } : alias,
    );
    const aliasNames = aliases.map((alias) => qualifiedName(alias.name, undefined));
    const allNames = [name, ...aliasNames];
    if (new Set(allNames).size !== allNames.length) {
      throw new RegistrationError(
        `Cannot register ${describeValue(target)}: the names ${allNames.map((n) => `"${n}"`).join(', ')} repeat one another.`,
      );
    }
    const displaced = this.#displacedEntries(target, name, allNames, options.override === true);
    const existing = this.#entries.get(name);
    if (displaced.length === 0 && existing !== undefined) {
      // The same regularizer again (or another copy of it): remember this copy, add any new alias.
      this.#targetNames.set(target, name);
      const added = aliases.filter((alias) => !this.#names.has(alias.name));
      for (const alias of added) this.#addAlias(existing, alias);
      if (added.length > 0) this.#notify(existing);
      return name;
    }
    for (const entry of displaced) this.#remove(entry);
    const entry: Entry = { name, target, aliases: [], creators: new Map() };
    this.#entries.set(name, entry);
    this.#names.set(name, entry);
    this.#targetNames.set(target, name);
    for (const alias of aliases) this.#addAlias(entry, alias);
    this.#notify(entry);
    return name;
  }

  /**
   * Removes a name. A canonical name removes its entry with all its aliases; an alias removes only itself.
   *
   * @returns whether anything was registered under the name.
   */
  unregister(name: string): boolean {
    const entry = this.#names.get(name);
    if (entry === undefined) return false;
    if (entry.name === name) {
      this.#remove(entry);
    } else {
      entry.aliases.splice(entry.aliases.indexOf(name), 1);
      entry.creators.delete(name);
      this.#names.delete(name);
    }
    return true;
  }

  /** Finds the entry a name or alias resolves to, or `undefined`. */
  lookup(name: string): RegisteredRegularizer | undefined {
    const entry = this.#names.get(name);
    return entry === undefined ? undefined : publicEntry(entry);
  }

  /** Every registered name and alias, sorted, as listed in unknown-name errors. */
  names(): string[] {
    return [...this.#names.keys()].sort();
  }

  /**
   * Calls `listener` for every entry registered so far, then for each new one. It lets a host
   * adapter (such as the tfjs-layers one) make plugins loadable even when they register later.
   *
   * @returns a function that stops the notifications.
   */
  onRegister(listener: (entry: RegisteredRegularizer) => void): () => void {
    for (const entry of this.#entries.values()) listener(publicEntry(entry));
    this.#listeners.add(listener);
    return () => {
      this.#listeners.delete(listener);
    };
  }

  /**
   * Turns any accepted identifier into a regularizer, as Keras's `regularizers.get` does.
   *
   * - `null` or `undefined` gives `null`.
   * - A string is a registered name or alias.
   * - A config object is deserialized.
   * - A regularizer object is returned as it is.
   * - A registered class is built with no arguments.
   * - A plain function is wrapped, and the wrapper serializes under the function's registered name.
   *
   * @throws {@link DeserializationError} `Could not interpret regularizer identifier: …` for anything else.
   * @throws {@link UnknownRegularizerError} for a name nothing is registered under.
   */
  get(identifier: RegularizerIdentifier): Regularizer | null {
    if (identifier === null || identifier === undefined) return null;
    if (typeof identifier === 'string') return this.deserialize(identifier);
    if (typeof identifier === 'function') {
      return isRegularizerClass(identifier)
        ? build(identifier, undefined, regularizerLabel(identifier))
        : wrapFunction(identifier);
    }
    if (typeof (identifier as Partial<Regularizer> | null)?.apply === 'function') {
      return identifier as Regularizer;
    }
    if (isPlainObject(identifier) && ('className' in identifier || 'class_name' in identifier)) {
      return this.deserialize(identifier);
    }
    throw new DeserializationError(
      `Could not interpret regularizer identifier: ${describeValue(identifier)}. Pass a regularizer, a function, a registered name (${this.#listNames()}) or a { className, config } object.`,
    );
  }

  /**
   * Writes a regularizer as `{ className, config }`, the shape tfjs-layers model files use.
   *
   * @throws {@link SerializationError} when its class or function is not registered, it has no
   * `getConfig`, or its config is not JSON. A file that cannot be loaded back is never written.
   */
  serialize(regularizer: Regularizer | RegularizerFunction): SerializedRegularizer {
    const fn = typeof regularizer === 'function' ? regularizer : unwrapFunction(regularizer);
    const target = fn ?? (regularizer as Regularizer).constructor;
    const className = this.#targetNames.get(target as RegularizerTarget);
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

  /**
   * Reads a regularizer from any JSON shape Keras or tfjs writes, or from a bare name:
   *
   * - tfjs `{ className, config }`;
   * - Keras 2 `{ class_name, config }`, with or without `shared_object_id`;
   * - Keras 3 `{ module, class_name, config, registered_name }`, trying `registered_name` first;
   * - the Keras 3 function form `{ class_name: 'function', config: 'name' }`.
   *
   * Unknown config keys reach the class, which rejects them. The input is never modified.
   *
   * @throws {@link DeserializationError} for a shape that is not one of these.
   * @throws {@link UnknownRegularizerError} for a name that nothing is registered under.
   */
  deserialize(json: unknown, options: DeserializeOptions = {}): Regularizer {
    const { customObjects } = options;
    if (typeof json === 'string') {
      const { target, create } = this.#resolve([json], customObjects);
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
    if (className === 'function' && typeof json.config === 'string') {
      const { target } = this.#resolve([json.config], customObjects);
      return build(target, undefined, json.config);
    }
    const registeredName = json.registered_name;
    const candidates =
      typeof registeredName === 'string' && registeredName !== 'function'
        ? [registeredName, className]
        : [className];
    const { target } = this.#resolve(candidates, customObjects);
    const config = json.config ?? {};
    if (!isPlainObject(config)) {
      throw new DeserializationError(
        `Cannot deserialize ${className}: its config must be an object. Received: config=${describeValue(config)}`,
      );
    }
    return build(target, { ...config } as RegularizerConfig, className);
  }

  #resolve(
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
      const entry = this.#names.get(candidate);
      if (entry !== undefined) {
        const create = entry.creators.get(candidate);
        return create === undefined ? { target: entry.target } : { target: entry.target, create };
      }
    }
    const requested = candidates[candidates.length - 1] ?? '';
    const builtinHint = BUILTIN_NAMES.some((name) => this.#names.has(name))
      ? ''
      : ' The built-in regularizers are not loaded: install @regularizers/builtin and import it.';
    throw new UnknownRegularizerError(
      requested,
      this.names(),
      `Unknown regularizer ${candidates.map((name) => describeValue(name)).join(' or ')}. Registered names: ${this.#listNames()}.${builtinHint} A plugin must be imported, or registered with registerRegularizer(), before it is loaded.`,
    );
  }

  #listNames(): string {
    const names = this.names();
    return names.length === 0 ? '(none)' : names.join(', ');
  }

  /** The entries that registering `target` under these names would replace; throws when that is not allowed. */
  #displacedEntries(
    target: RegularizerTarget,
    name: string,
    allNames: readonly string[],
    override: boolean,
  ): Entry[] {
    const displaced = new Set<Entry>();
    const previousName = this.#targetNames.get(target);
    if (previousName !== undefined && previousName !== name) {
      const previous = this.#entries.get(previousName);
      if (previous !== undefined) {
        if (!override) {
          throw new RegistrationError(
            `Cannot register ${describeValue(target)} as "${name}": it is already registered as "${previousName}". Unregister it first, or pass { override: true }.`,
          );
        }
        displaced.add(previous);
      }
    }
    for (const candidate of allNames) {
      const holder = this.#names.get(candidate);
      if (holder === undefined || (holder.name === name && sameTarget(holder.target, target)))
        continue;
      if (!override) {
        throw new RegistrationError(
          `Cannot register ${describeValue(target)} as "${candidate}": that name is taken by ${describeValue(holder.target)}${holder.name === candidate ? '' : ` (an alias of "${holder.name}")`}. Choose another name or package, or pass { override: true } to replace it.`,
        );
      }
      displaced.add(holder);
    }
    return [...displaced];
  }

  #addAlias(
    entry: Entry,
    alias: { readonly name: string; readonly create?: () => Regularizer },
  ): void {
    entry.aliases.push(alias.name);
    if (alias.create !== undefined) entry.creators.set(alias.name, alias.create);
    this.#names.set(alias.name, entry);
  }

  #notify(entry: Entry): void {
    for (const listener of this.#listeners) listener(publicEntry(entry));
  }

  #remove(entry: Entry): void {
    this.#entries.delete(entry.name);
    for (const key of [entry.name, ...entry.aliases]) this.#names.delete(key);
    for (const [target, name] of this.#targetNames) {
      if (name === entry.name) this.#targetNames.delete(target);
    }
  }
}

function publicEntry(entry: Entry): RegisteredRegularizer {
  return { name: entry.name, target: entry.target, aliases: [...entry.aliases] };
}

function defaultName(target: RegularizerTarget, options: RegisterOptions): unknown {
  if (typeof target !== 'function') {
    throw new RegistrationError(
      `registerRegularizer expects a regularizer class or a plain function. Received: ${describeValue(target)}`,
    );
  }
  if (options.name !== undefined) return options.name;
  if (isRegularizerClass(target)) {
    if (typeof target.className === 'string') return target.className;
    throw new RegistrationError(
      `Cannot register ${describeValue(target)}: it has no static className. Add \`static readonly className = '${target.name || 'MyRegularizer'}'\`, or pass { name }. The class's own name is not used, because minifiers change it.`,
    );
  }
  if (target.name !== '') return target.name;
  throw new RegistrationError(
    'Cannot register an anonymous function: pass { name: "my_regularizer" } so saved models can refer to it.',
  );
}

/** A class has an `apply` method on its prototype (or declares a `className`); a plain penalty function has neither. */
function isRegularizerClass(value: unknown): value is RegularizerClass {
  if (typeof value !== 'function') return false;
  const prototype = (value as { prototype?: { apply?: unknown } }).prototype;
  return (
    typeof prototype?.apply === 'function' ||
    typeof (value as { className?: unknown }).className === 'string'
  );
}

function sameTarget(a: RegularizerTarget, b: RegularizerTarget): boolean {
  if (a === b) return true;
  const key = (a as { [registrationKey]?: unknown })[registrationKey];
  return typeof key === 'string' && key === (b as { [registrationKey]?: unknown })[registrationKey];
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const prototype = Object.getPrototypeOf(value) as unknown;
  return prototype === Object.prototype || prototype === null;
}

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
