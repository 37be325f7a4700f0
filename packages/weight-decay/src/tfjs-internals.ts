// This package's one door to what tfjs does without documenting it, as the adapter's
// tfjs-internals.ts is the adapter's: every reliance on tfjs beyond its public API is a function
// here, and tfjs-internals.test.ts pins each one against the installed tfjs, with a test named
// after it. The package's peerDependencies name the tfjs versions those tests ran against.
import { engine, serialization } from '@tensorflow/tfjs-core';
import type { Optimizer, Variable } from '@tensorflow/tfjs-core';

/**
 * The variable tfjs registered under `name`. An optimizer's `applyGradients` receives gradients by
 * variable name only, and every tfjs optimizer finds the variable to update this way, through the
 * engine's table of live variables (`engine().registeredVariables`, undocumented).
 *
 * @throws Error naming the variable when tfjs has none of that name (disposed, or never made).
 */
export function registeredVariable(name: string): Variable {
  const variables = engine().registeredVariables;
  const variable = Object.hasOwn(variables, name) ? variables[name] : undefined;
  if (variable === undefined) {
    throw new Error(
      `No variable named ${JSON.stringify(name)} is alive: an optimizer was given a gradient for a variable that was disposed, or never created.`,
    );
  }
  return variable;
}

/**
 * The name a layer gave its weight, from the name of the tfjs variable that holds it: tfjs-layers
 * appends `_1`, `_2`, … to a variable's name when another variable has it already (two models
 * with a layer named `dense` hold `dense/kernel` and `dense/kernel_1`), which exclusion rules
 * must not see.
 */
export function weightName(variableName: string): string {
  return variableName.replace(/_\d+$/, '');
}

/**
 * The optimizer class registered with tfjs's `serialization.registerClass` under `className`, or
 * `undefined`. tfjs keeps registered classes in an undocumented map, and a wrapper read back
 * from a saved model must build the optimizer it wrapped from the class name saved with it.
 */
export function registeredOptimizerClass(
  className: string,
): serialization.SerializableConstructor<Optimizer> | undefined {
  const classes = serialization.SerializationMap.getMap().classNameMap;
  const entry = Object.hasOwn(classes, className) ? classes[className] : undefined;
  return entry?.[0] as serialization.SerializableConstructor<Optimizer> | undefined;
}

/**
 * Protects an optimizer's config from tfjs-layers' load, which camelCases every key and every
 * string of a saved optimizer config that holds an `_` (`loadTrainingConfig`; saving writes it as
 * it is): `%` is written `%25` and `_` is written `%5F`, in keys and strings, so that exclusion
 * patterns such as `'moving_mean'` come back unchanged.
 */
export function protectOptimizerConfig(value: unknown): unknown {
  return mapStrings(value, (text) => text.replaceAll('%', '%25').replaceAll('_', '%5F'));
}

/** Undoes {@link protectOptimizerConfig}. */
export function restoreOptimizerConfig(value: unknown): unknown {
  return mapStrings(value, (text) =>
    text.replace(/%(25|5F)/g, (_, code: string) => (code === '25' ? '%' : '_')),
  );
}

/** Deeper than this, a config is refused: a saved file is data, and is walked with a bound. */
const MAX_DEPTH = 32;

function mapStrings(value: unknown, map: (text: string) => string, depth = 0): unknown {
  if (depth > MAX_DEPTH) throw new Error(`An optimizer config nests deeper than ${MAX_DEPTH}.`);
  if (typeof value === 'string') return map(value);
  if (Array.isArray(value)) return value.map((item: unknown) => mapStrings(item, map, depth + 1));
  if (typeof value !== 'object' || value === null) return value;
  // fromEntries defines each key, so a "__proto__" key stays a plain key.
  return Object.fromEntries(
    Object.entries(value).map(([key, item]: [string, unknown]) => [
      map(key),
      mapStrings(item, map, depth + 1),
    ]),
  );
}
