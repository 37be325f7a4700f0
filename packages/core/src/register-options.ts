// The options of `RegularizerRegistry.register`, checked before anything is registered, so that a
// bad option is an error naming it and the value received, and changes nothing.
import { RegistrationError } from './errors/index.js';
import { describeValue } from './describe-value.js';
import { isPlainObject } from './is-plain-object.js';
import { nameToRegister, qualifiedName } from './names.js';
import type { Regularizer, RegularizerTarget } from './regularizer.js';
import type { RegisterOptions } from './registry-types.js';

/** An alias once checked: its qualified name, and what it builds when it appears alone. */
export interface CheckedAlias {
  readonly name: string;
  readonly create?: () => Regularizer;
}

/** What `register` does, read from its target and options once they are checked. */
export interface Registration {
  /** The canonical name, with its package prefix. */
  readonly name: string;
  readonly source: string | undefined;
  readonly aliases: readonly CheckedAlias[];
  readonly override: boolean;
}

/** Throws the error of one refused value: what was wrong, and the option and value received. */
type Refuse = (problem: string, label: string, value: unknown) => never;

/**
 * One rule per option, applied in this order to the options given. `name` and `package` are
 * checked where the name is built, in {@link checkRegistration}.
 */
const OPTION_RULES: Readonly<
  Record<keyof RegisterOptions, (value: unknown, refuse: Refuse) => void>
> = {
  name: () => undefined,
  package: () => undefined,
  override: (value, refuse) => {
    if (value !== undefined && typeof value !== 'boolean') {
      refuse('override must be true or false', 'override', value);
    }
  },
  aliases: (value, refuse) => {
    if (value === undefined) return;
    if (!Array.isArray(value)) {
      refuse('aliases must be an array of names and { name, create } objects', 'aliases', value);
    }
    (value as unknown[]).forEach((alias, index) => {
      checkAlias(alias, `aliases[${index}]`, refuse);
    });
  },
  source: (value, refuse) => {
    if (value !== undefined && (typeof value !== 'string' || value.trim() === '')) {
      refuse(
        'source must be the name of the npm package that registers it, such as "my-regularizers"',
        'source',
        value,
      );
    }
  },
};

const OPTION_NAMES = Object.keys(OPTION_RULES);
const ALIAS_KEYS = ['name', 'create'];

/**
 * Checks a target and the options of `register`, and reads what to register from them. Nothing
 * is registered yet, so a refusal leaves the registry as it was.
 *
 * @throws {@link RegistrationError} naming the option, or the alias by its index, and the value
 * received: options that are not an object, an unknown option, an `override` that is not a
 * boolean, `aliases` that are not an array of names and `{ name, create }` objects, a bad name,
 * package or source.
 */
export function checkRegistration(target: RegularizerTarget, options: unknown): Registration {
  const refuse: Refuse = (problem, label, value) => {
    throw new RegistrationError(
      `Cannot register ${describeValue(target)}: ${problem}. Received: ${label}=${describeValue(value)}`,
    );
  };
  if (!isPlainObject(options)) {
    refuse('the options must be an object such as { name, package, aliases }', 'options', options);
  }
  for (const [option, value] of Object.entries(options)) {
    // An own key only: "constructor" or "toString" must not find Object.prototype's.
    const rule = Object.hasOwn(OPTION_RULES, option)
      ? OPTION_RULES[option as keyof RegisterOptions]
      : undefined;
    if (rule === undefined) {
      refuse(`unknown option ${option}; the options are ${OPTION_NAMES.join(', ')}`, option, value);
    }
    rule(value, refuse);
  }
  const checked = options as RegisterOptions;
  const aliases = (checked.aliases ?? []).map((alias): CheckedAlias => {
    const { name, create } = typeof alias === 'string' ? { name: alias, create: undefined } : alias;
    const qualified = qualifiedName(name, undefined);
    return create === undefined ? { name: qualified } : { name: qualified, create };
  });
  return {
    name: qualifiedName(nameToRegister(target, checked.name), checked.package),
    source: checked.source,
    aliases,
    override: checked.override ?? false,
  };
}

/** An alias is a name, or a `{ name, create }` object whose `create` builds the regularizer. */
function checkAlias(alias: unknown, label: string, refuse: Refuse): void {
  if (typeof alias === 'string') return;
  if (!isPlainObject(alias)) {
    refuse(`${label} must be a name or a { name, create } object`, label, alias);
  }
  for (const [key, value] of Object.entries(alias)) {
    if (!ALIAS_KEYS.includes(key)) {
      refuse(`unknown key ${key} in ${label}, which takes name, create`, `${label}.${key}`, value);
    }
  }
  if (alias.create !== undefined && typeof alias.create !== 'function') {
    refuse(
      `${label}.create must be a function that builds the regularizer`,
      `${label}.create`,
      alias.create,
    );
  }
}
