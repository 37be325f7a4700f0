import { checkArguments, checkFactor } from '@regularizers/core';

/**
 * Reads a config of penalty factors: no unknown argument, every factor a finite number ≥ 0, and a
 * missing, `undefined` or `null` factor replaced by its default, as in Keras.
 *
 * @param owner - the class name, for messages.
 * @param config - what the constructor received.
 * @param defaults - every argument the class takes, with its default.
 */
export function factorArguments<Name extends string>(
  owner: string,
  config: unknown,
  defaults: Readonly<Record<Name, number>>,
): Record<Name, number> {
  const names = Object.keys(defaults) as Name[];
  const args = checkArguments(owner, config, names);
  const factors = {} as Record<Name, number>;
  for (const name of names) factors[name] = checkFactor(name, args[name] ?? defaults[name]);
  return factors;
}

/**
 * Turns a factory's argument into a constructor config: a number is the factor itself
 * (`l1(0.05)`), an object is the config (`l1({ l1: 0.05 })`), and nothing means the defaults.
 * Anything else is passed as the factor, so the error names the argument.
 */
export function factoryConfig(argument: string, value: unknown): unknown {
  if (value === undefined || value === null) return undefined;
  return typeof value === 'object' && !Array.isArray(value) ? value : { [argument]: value };
}
