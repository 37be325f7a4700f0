import type { Regularizer, RegularizerTarget } from './regularizer.js';

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
  /**
   * The npm package that registers this entry, such as `"my-regularizers"`, named in messages: a
   * name clash then says which package holds the name, so two same-named classes can be told
   * apart. `@regularizers/builtin` passes its own name, which is how an unknown-name error knows
   * whether to suggest installing it.
   */
  readonly source?: string;
}

/** One registered entry, as {@link RegularizerRegistry.lookup} and registration listeners see it. */
export interface RegisteredRegularizer {
  /** The canonical name, written when serializing. */
  readonly name: string;
  /** The registered class or function. */
  readonly target: RegularizerTarget;
  /** Every other name that resolves to this entry. */
  readonly aliases: readonly string[];
  /** The npm package that registered it, when it said so (see {@link RegisterOptions.source}). */
  readonly source?: string;
}

/**
 * What a name resolves to: the registered class or function, and, for an alias that has one, what
 * the alias builds when it appears alone.
 *
 * @internal
 */
export interface Resolution {
  readonly target: RegularizerTarget;
  readonly create?: () => Regularizer;
}
