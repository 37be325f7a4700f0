import type { Regularizer, RegularizerTarget } from './regularizer.js';
import type { RegisteredRegularizer } from './registry-types.js';

/** What a registry keeps for one registered name: its target, aliases and where it came from. */
export interface Entry {
  readonly name: string;
  readonly target: RegularizerTarget;
  readonly source: string | undefined;
  /** Where it was registered (`file:line:column`), when the stack says. */
  readonly site: string | undefined;
  readonly aliases: string[];
  /** The builders of the aliases that have one, by alias. */
  readonly creators: Map<string, () => Regularizer>;
}

/** An entry as the registry's public methods return it: a copy, without the registry's own fields. */
export function publicEntry(entry: Entry): RegisteredRegularizer {
  const { name, target, source } = entry;
  return { name, target, aliases: [...entry.aliases], ...(source === undefined ? {} : { source }) };
}
