import { RegistrationError } from './errors/index.js';
import { describeValue } from './describe-value.js';
import { sameRegularizer } from './registration-key.js';
import type { RegularizerTarget } from './regularizer.js';
import type { Entry } from './registry-entry.js';

/** A registry's tables, read to find what a registration would replace. */
export interface RegistryTables {
  /** Entries by canonical name. */
  readonly entries: ReadonlyMap<string, Entry>;
  /** Entries by canonical name and alias. */
  readonly names: ReadonlyMap<string, Entry>;
  /** Canonical names by target. */
  readonly targetNames: ReadonlyMap<RegularizerTarget, string>;
}

/**
 * The entries that registering `incoming` under `name` and `allNames` would replace, in a registry
 * whose tables are `tables`; throws when that is not allowed (a taken name or an already registered
 * target, without `override`), with a message that tells two same-named targets apart.
 */
export function displacedEntries(
  tables: RegistryTables,
  incoming: Pick<Entry, 'target' | 'source' | 'site'>,
  name: string,
  allNames: readonly string[],
  override: boolean,
): Entry[] {
  const { target } = incoming;
  const displaced = new Set<Entry>();
  const previousName = tables.targetNames.get(target);
  if (previousName !== undefined && previousName !== name) {
    const previous = tables.entries.get(previousName);
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
    const holder = tables.names.get(candidate);
    if (holder === undefined || (holder.name === name && sameRegularizer(holder.target, target)))
      continue;
    if (!override) {
      throw new RegistrationError(
        `Cannot register ${clash(incoming, candidate, holder)}. Choose another name or package, or pass { override: true } to replace it.`,
      );
    }
    displaced.add(holder);
  }
  return [...displaced];
}

/** A target as messages name it, with the package that registered it when known. */
function describeTarget(target: RegularizerTarget, source: string | undefined): string {
  return source === undefined ? describeValue(target) : `${describeValue(target)} (from ${source})`;
}

/**
 * What registering `incoming` as `name` clashes with, for the message: `class A as "N": that name
 * is taken by class B`. Two targets that read the same (two classes named WeightDecay, from no
 * package or the same one) are told apart by where each was registered, when the stack says.
 */
function clash(
  incoming: Pick<Entry, 'target' | 'source' | 'site'>,
  name: string,
  holder: Entry,
): string {
  const wanted = describeTarget(incoming.target, incoming.source);
  const taken = describeTarget(holder.target, holder.source);
  const alias = holder.name === name ? '' : ` (an alias of "${holder.name}")`;
  if (wanted !== taken) return `${wanted} as "${name}": that name is taken by ${taken}${alias}`;
  const sites =
    incoming.site !== undefined && holder.site !== undefined && incoming.site !== holder.site;
  return sites
    ? `${wanted} as "${name}" (at ${incoming.site}): that name is taken by another ${taken}${alias}, registered at ${holder.site}`
    : `${wanted} as "${name}": that name is taken by another ${taken}${alias}, registered earlier`;
}
