import { RegistrationError } from './errors/index.js';
import { describeValue } from './describe-value.js';
import { checkRegistration } from './register-options.js';
import type { CheckedAlias } from './register-options.js';
import { registrationSite } from './registration-site.js';
import { displacedEntries } from './registration-clash.js';
import { publicEntry } from './registry-entry.js';
import type { Entry } from './registry-entry.js';
import {
  deserializeRegularizerWith,
  getRegularizerWith,
  serializeKerasRegularizerWith,
  serializeRegularizerWith,
} from './serialization.js';
import type { DeserializeOptions } from './serialization.js';
import type {
  KerasRegularizerJson,
  Regularizer,
  RegularizerFunction,
  RegularizerIdentifier,
  RegularizerTarget,
  SerializedRegularizer,
} from './regularizer.js';
import type { RegisterOptions, RegisteredRegularizer, Resolution } from './registry-types.js';

/**
 * A set of named regularizers: the names, their aliases, and the classes or functions they stand
 * for. Reading and writing their JSON is the serialization module's job; the `get`, `serialize`
 * and `deserialize` methods here hand over to it with this registry.
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
  readonly #removalListeners = new Set<(name: string) => void>();

  /**
   * Registers a class or a plain function, so it can be serialized and found by name.
   *
   * Registering the same target again under the same name is a no-op. A different target under a
   * taken name throws, naming both, unless `override` is set. Bad input changes nothing.
   *
   * @param target - the class (with a static `className`) or the named plain function to register.
   * @param options - the package prefix, another name, aliases, the npm package registering it
   *   (`source`), or `override`.
   *
   * @returns the registered name, with its package prefix.
   * @throws {@link RegistrationError} for a taken name, a target with no name, or a bad option (a
   * name, package or source that breaks the rules, an unknown option, an `override` that is not a
   * boolean, aliases that are not names or `{ name, create }` objects), naming it and the value.
   */
  register(target: RegularizerTarget, options: RegisterOptions = {}): string {
    const { name, source, aliases, override } = checkRegistration(target, options);
    const allNames = [name, ...aliases.map((alias) => alias.name)];
    if (new Set(allNames).size !== allNames.length) {
      throw new RegistrationError(
        `Cannot register ${describeValue(target)}: the names ${allNames.map((n) => `"${n}"`).join(', ')} repeat one another.`,
      );
    }
    const site = registrationSite();
    const displaced = displacedEntries(
      { entries: this.#entries, names: this.#names, targetNames: this.#targetNames },
      { target, source, site },
      name,
      allNames,
      override,
    );
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
    const entry: Entry = { name, target, source, site, aliases: [], creators: new Map() };
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
   * @param name - a registered name (removing its aliases too) or one alias.
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
      this.#notifyRemoved([name]);
    }
    return true;
  }

  /**
   * Finds the entry a name or alias resolves to, or `undefined`.
   *
   * @param name - a registered name or alias.
   */
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
   * @param listener - called once with each entry, registered before or after; it must not throw.
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
   * Calls `listener` with each name that stops resolving: unregistered, or replaced by a
   * registration with `override` (the new entry is then announced to {@link onRegister}'s
   * listeners). It lets a host adapter forget what it made loadable under a name.
   *
   * @param listener - called once with each name that stops resolving; it must not throw.
   *
   * @returns a function that stops the notifications.
   */
  onUnregister(listener: (name: string) => void): () => void {
    this.#removalListeners.add(listener);
    return () => {
      this.#removalListeners.delete(listener);
    };
  }

  /**
   * What a name or alias resolves to, for the serialization module: {@link lookup} without the
   * copying, plus what an alias builds when it appears alone. Only this copy of core calls it, from
   * `get` and `deserialize`, so registries shared between installed copies need only the
   * documented methods.
   *
   * @internal
   */
  resolve(name: string): Resolution | undefined {
    const entry = this.#names.get(name);
    if (entry === undefined) return undefined;
    const create = entry.creators.get(name);
    return create === undefined ? { target: entry.target } : { target: entry.target, create };
  }

  /**
   * The canonical name a class or function is registered under, also for another installed copy
   * of it (see {@link registrationKey}), or `undefined`. Serializing writes this name.
   *
   * @internal
   */
  nameOf(target: RegularizerTarget): string | undefined {
    return this.#targetNames.get(target);
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
   * @param identifier - what a layer slot or a Keras call accepts: `null`, a name, a config, a
   *   regularizer, a class or a function.
   *
   * @throws {@link DeserializationError} `Could not interpret regularizer identifier: …` for anything else.
   * @throws {@link UnknownRegularizerError} for a name nothing is registered under.
   */
  get(identifier: RegularizerIdentifier): Regularizer | null {
    return getRegularizerWith(this, identifier);
  }

  /**
   * Writes a regularizer as `{ className, config }`, the shape tfjs-layers model files use.
   *
   * @param regularizer - an instance of a registered class, or a registered plain function.
   *
   * @throws {@link SerializationError} when its class or function is not registered, it has no
   * `getConfig`, or its config is not JSON. A file that cannot be loaded back is never written.
   */
  serialize(regularizer: Regularizer | RegularizerFunction): SerializedRegularizer {
    return serializeRegularizerWith(this, regularizer);
  }

  /**
   * Writes a regularizer as Keras 3 does in a model's `config.json`, so that
   * `keras.saving.load_model` reads it back: a built-in (registered by `@regularizers/builtin`)
   * as `{ module: 'keras.regularizers', class_name: 'L2', config, registered_name: null }`; a
   * plugin class by its registered name, `{ module: null, class_name: 'Name', config,
   * registered_name: 'Pkg>Name' }`, which Keras resolves among the classes registered with
   * `@keras.saving.register_keras_serializable(package='Pkg')` (its `module` is `null`, as Keras
   * writes for a class it cannot import, since the Python module is not known here); a function
   * in Keras's function form, `{ module: 'builtins', class_name: 'function', config: 'Pkg>name',
   * registered_name: 'function' }`.
   *
   * @param regularizer - a regularizer whose class or function is registered here.
   * @throws {@link SerializationError} as {@link RegularizerRegistry.serialize} does.
   */
  serializeKeras(regularizer: Regularizer | RegularizerFunction): KerasRegularizerJson {
    return serializeKerasRegularizerWith(this, regularizer);
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
   * @param json - a saved regularizer in any tfjs or Keras shape, or a registered name; it is not
   *   modified.
   * @param options - how to read it; see `DeserializeOptions`.
   *
   * @throws {@link DeserializationError} for a shape that is not one of these.
   * @throws {@link UnknownRegularizerError} for a name that nothing is registered under.
   */
  deserialize(json: unknown, options: DeserializeOptions = {}): Regularizer {
    return deserializeRegularizerWith(this, json, options);
  }

  #addAlias(entry: Entry, alias: CheckedAlias): void {
    entry.aliases.push(alias.name);
    if (alias.create !== undefined) entry.creators.set(alias.name, alias.create);
    this.#names.set(alias.name, entry);
  }

  #notify(entry: Entry): void {
    for (const listener of this.#listeners) listener(publicEntry(entry));
  }

  #notifyRemoved(names: readonly string[]): void {
    for (const listener of this.#removalListeners) for (const name of names) listener(name);
  }

  #remove(entry: Entry): void {
    this.#entries.delete(entry.name);
    for (const key of [entry.name, ...entry.aliases]) this.#names.delete(key);
    for (const [target, name] of this.#targetNames) {
      if (name === entry.name) this.#targetNames.delete(target);
    }
    this.#notifyRemoved([entry.name, ...entry.aliases]);
  }
}
