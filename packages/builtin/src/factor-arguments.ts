import { ScheduledFactor, checkArguments } from '@regularizers/core';
import type { FactorValue, Schedulable, TrainingPosition } from '@regularizers/core';

/**
 * Reads a config of penalty factors: no unknown argument, every factor a finite number ≥ 0 or a
 * schedule of them, and a missing, `undefined` or `null` factor replaced by its default, as in
 * Keras.
 *
 * @param owner - the class name, for messages.
 * @param config - what the constructor received.
 * @param defaults - every argument the class takes, with its default.
 */
export function factorArguments<Name extends string>(
  owner: string,
  config: unknown,
  defaults: Readonly<Record<Name, number>>,
): Record<Name, ScheduledFactor> {
  const names = Object.keys(defaults) as Name[];
  const args = checkArguments(owner, config, names);
  const factors = {} as Record<Name, ScheduledFactor>;
  for (const name of names) factors[name] = new ScheduledFactor(name, args[name] ?? defaults[name]);
  return factors;
}

/**
 * Turns a factory's argument into a constructor config: a number or a schedule is the factor
 * itself (`l1(0.05)`, `l1(new ExponentialDecay(…))`, `l1(({ epoch }) => …)`), another object is the
 * config (`l1({ l1: 0.05 })`), and nothing means the defaults. Anything else is passed as the
 * factor, so the error names the argument.
 */
export function factoryConfig(argument: string, value: unknown): unknown {
  if (value === undefined || value === null) return undefined;
  return isFactorConfig(value) ? value : { [argument]: value };
}

/** Whether a factory's argument is a config object, rather than a factor or a schedule. */
export function isFactorConfig<Config extends object>(
  value: Config | FactorValue | null | undefined,
): value is Config {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    typeof (value as { valueAt?: unknown }).valueAt !== 'function'
  );
}

/** Tells each factor where training stands: the `setTrainingPosition` of the built-in classes. */
export function setFactorPositions(
  factors: readonly Schedulable[],
  position: TrainingPosition,
): void {
  for (const factor of factors) factor.setTrainingPosition(position);
}
