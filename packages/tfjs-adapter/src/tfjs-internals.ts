// The adapter's one door to what tfjs does without documenting it. Every reliance on tfjs-core or
// tfjs-layers beyond their public API is a function here, and nowhere else (the root
// scripts/check-tfjs-internals.js refuses the names of tfjs's private state in any other source
// file). tfjs-internals.test.ts pins each one against the installed tfjs, with one test per
// assumption named after it, so that a tfjs release that changes one fails a test that says which.
// The adapter's peerDependencies name the tfjs versions those tests ran against.
//
// No private tfjs method is overridden today; one that must be belongs here too.
import { engine, serialization } from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';

/** A class registered with tfjs's `serialization.registerClass`. */
export type TfjsClass = serialization.SerializableConstructor<serialization.Serializable>;

/** What tfjs-layers' layers accept in a regularizer slot. */
type StockRegularizer = ReturnType<typeof tfl.regularizers.l1l2>;

/**
 * tfjs-layers 4.22's `toSnakeCase` (`utils/generic_utils.ts`, not exported). Saving a model
 * (`toJSON`, `save`) passes every key and every string value of a config through it, except the
 * values of `name` and `className`. The case-conversion codec needs it to know which strings a
 * save would change.
 */
export function tfjsSnakeCase(text: string): string {
  const snake = text
    .replace(/(.)([A-Z][a-z0-9]+)/g, '$1_$2')
    .replace(/([a-z])([A-Z])/g, '$1_$2')
    .toLowerCase();
  return snake.startsWith('_') ? `private${snake}` : snake;
}

/**
 * tfjs-layers 4.22's `toCamelCase` (`utils/generic_utils.ts`, not exported). Loading a model passes
 * every key and every string value through it, class names included, except the values of `name`.
 * The codec needs it to know which strings a load would change, and the model-file checks to know
 * which class name tfjs will look up (`"glorot_uniform"` is looked up as `"glorotUniform"`).
 */
export function tfjsCamelCase(text: string): string {
  if (text.length <= 1 || !text.includes('_')) return text;
  return text.replace(/[_]+(\w|$)/g, (_, next: string) => next.toUpperCase());
}

/**
 * The class registered with tfjs under exactly `className`, or `undefined`. tfjs keeps what
 * `serialization.registerClass` registers in an undocumented map, and this reads it: to see
 * whether tfjs already uses a name before the adapter registers a loader class under it, and (with
 * the functions below) to extend the stock classes tfjs does not export and to check a model
 * file's names before tfjs builds anything.
 */
export function registeredTfjsClass(className: string): TfjsClass | undefined {
  const classes = serialization.SerializationMap.getMap().classNameMap;
  return Object.hasOwn(classes, className) ? classes[className]?.[0] : undefined;
}

/**
 * The class tfjs-layers registered under `className`, to be subclassed: tfjs-layers exports
 * factories (`tf.layers.dense`), not its layer and initializer classes, and the adapter registers
 * its subclass under the same name so that tfjs's loader builds ours. Call it when a module is
 * first evaluated, before the adapter registers its own class under that name.
 *
 * @throws Error when tfjs registered no class under that name, as a tfjs release could do.
 */
export function stockTfjsClass(className: string): TfjsClass {
  const found = registeredTfjsClass(className);
  if (found === undefined) {
    throw new Error(
      `tfjs-layers has no class ${className} to extend. @regularizers/tfjs-adapter was tested with the tfjs versions its peerDependencies name.`,
    );
  }
  return found;
}

/**
 * Whether tfjs finds a class for a `class_name` as a model file writes it (a layer, a wrapped
 * layer, a dtype policy): tfjs camelCases it on load, then looks the result up among registered
 * classes. `checkModelTopology` uses it to refuse a custom layer by name before tfjs fails on it.
 */
export function tfjsLoadsClassName(className: string): boolean {
  return registeredTfjsClass(tfjsCamelCase(className)) !== undefined;
}

/**
 * Whether tfjs resolves a string identifier of a model file (an activation, initializer or
 * constraint, such as `"relu"` or `"glorot_uniform"`): tfjs camelCases it on load, then finds
 * activations by that name (`"relu"`) and initializers and constraints through private tables that
 * capitalize it (`"glorotUniform"` is `GlorotUniform`). A custom class registered under a
 * capitalized name passes too; tfjs then names it itself if it cannot build it.
 */
export function tfjsResolvesIdentifier(name: string): boolean {
  const camel = tfjsCamelCase(name);
  const capitalized = camel.charAt(0).toUpperCase() + camel.slice(1);
  return registeredTfjsClass(camel) !== undefined || registeredTfjsClass(capitalized) !== undefined;
}

/**
 * tfjs-layers' abstract `Regularizer` class. It is not exported, but tfjs's layers accept only its
 * instances in a regularizer slot (anything else is read as a config), so the adapter's bridge
 * must extend it. It is reached as the parent of the class `tf.regularizers.l1l2()` builds.
 */
export function tfjsRegularizerBase(): abstract new () => StockRegularizer {
  return Object.getPrototypeOf(
    tfl.regularizers.l1l2().constructor,
  ) as abstract new () => StockRegularizer;
}

/**
 * Runs `build`; when it fails, disposes every variable created while it ran, then rethrows.
 * tfjs-layers frees nothing when building a model fails part-way, and its variables are reachable
 * only through tfjs-core's engine state (`engine().state`), whose table of live variables by name
 * this reads before and after. Sound only when nothing else creates variables meanwhile, as when
 * tfjs builds a model from a topology without weights (synchronously).
 */
export async function freeVariablesOnFailure<T>(build: () => Promise<T>): Promise<T> {
  const before = new Set(Object.keys(engine().state.registeredVariables));
  try {
    return await build();
  } catch (error) {
    for (const [name, variable] of Object.entries(engine().state.registeredVariables)) {
      if (!before.has(name)) variable.dispose();
    }
    throw error;
  }
}
