import { defaultRegistry } from '@regularizers/core';
import {
  isTfjsClassOfKind,
  tfjsCamelCase,
  tfjsIdentifierClass,
  tfjsLoadsClassName,
  tfjsLoadsLayerClass,
} from '../tfjs-internals.js';
import { checkModelGraph } from './check-model-graph.js';
import { capitalize, listOf } from './message-text.js';
import { ModelJsonError } from './model-json-error.js';
import type { JsonObject } from './json-object.js';
import type { KerasModelTopology } from './normalize-keras-json.js';
import { readModelJson } from './read-model-json.js';
import { DEFAULT_RESOURCE_BUDGET, checkResourceBudget } from './resource-budget.js';
import type { ResourceBudget } from './resource-budget.js';
import { identifierKind, walkModelTopology } from './walk-model-topology.js';
import type { ClassUse, ModelUses } from './walk-model-topology.js';

/** What a check may read besides the walk's findings: the topology, and the load's budget. */
interface CheckContext {
  readonly topology: JsonObject;
  readonly budget: Required<ResourceBudget>;
}

/** One refusal: it throws a {@link ModelJsonError} when the model breaks its rule. */
type ModelCheck = (uses: ModelUses, context: CheckContext) => void;

/**
 * Checks a normalized model topology before anything is built, so that loading refuses bad and
 * unsupported files with a message that names the real cause, and hostile files before they reach
 * tfjs. It exists because tfjs-layers trusts its input: it looks class names and layer names up as
 * keys of plain objects (so `"constructor"` finds `Object.prototype.constructor`), waits forever on
 * a circular graph or a call that does not exist, and reports the first thing it trips on, often a
 * regularizer of a layer that could never have loaded anyway.
 *
 * The topology is re-read with `readModelJson`, so every walk is bounded whatever is passed, then
 * walked once (`walkModelTopology` refuses unsafe names and configs of the wrong shape), and then
 * the checks of `MODEL_CHECKS` run in order, each over the whole model, so that the first
 * error is the real one. A new refusal is a new entry there.
 *
 * @param topology - what {@link normalizeKerasJson} returned.
 * @param budget - the resource budget of the load (see `resolveResourceBudget`).
 * @throws {@link ModelJsonError} naming the layer, the key and the offending value.
 */
export function checkModelTopology(
  topology: KerasModelTopology,
  budget: Required<ResourceBudget> = DEFAULT_RESOURCE_BUDGET,
): void {
  const read = readModelJson(topology);
  const uses = walkModelTopology(read);
  const context: CheckContext = { topology: read as JsonObject, budget };
  for (const check of MODEL_CHECKS) check(uses, context);
}

/** Every functional model's graph connects layers and calls that exist, without a cycle. */
const connectedGraphs: ModelCheck = ({ graphs }) => {
  for (const graph of graphs) checkModelGraph(graph);
};

/** No `Lambda` layer: it holds Python code, which nothing can load in JavaScript. */
const noLambdaLayers: ModelCheck = ({ classes }) => {
  const lambda = unknownClasses(classes).find(({ className }) => className === 'Lambda');
  if (lambda === undefined) return;
  throw new ModelJsonError(
    `${capitalize(lambda.where)} is a Lambda layer: it holds Python code (a marshalled Python function), which cannot be loaded in TensorFlow.js. Replace it in Keras with built-in layers, or with a custom layer that you also implement in JavaScript and register with tf.serialization.registerClass, and save the model again.`,
  );
};

/** No dtype policy tfjs lacks (the normalizer has already mapped the ones it can compute). */
const supportedDtypePolicies: ModelCheck = ({ classes }) => {
  const dtype = unknownClasses(classes).find(({ isDtype }) => isDtype);
  if (dtype === undefined) return;
  throw new ModelJsonError(
    `${capitalize(dtype.where)} has the dtype policy "${dtype.className}", which TensorFlow.js does not support: it computes in plain dtypes (float32, int32, bool) only.`,
  );
};

/** Every layer class is one tfjs has: its own, ours, or one the user registered. */
const knownLayerClasses: ModelCheck = ({ classes }) => {
  const unknown = unknownClasses(classes);
  if (unknown.length === 0) return;
  const list = [...groupBy(unknown, ({ className }) => className)]
    .map(([className, uses]) => `"${className}" (${listOf(uses.map(({ where }) => where))})`)
    .join('; ');
  const first = unknown[0]?.className ?? '';
  throw new ModelJsonError(
    `The model uses custom layer classes that TensorFlow.js does not have: ${list}. A custom layer must be implemented in JavaScript (a tf.layers.Layer subclass with static className = '${first}') and registered with tf.serialization.registerClass, in a module imported before the model is loaded.`,
  );
};

/**
 * Every layer, wrapped layer and cell names a layer class, not an initializer, a regularizer or
 * another kind of class (as a damaged or hand-edited file can), which tfjs would add as a layer.
 */
const layerClassesAreLayers: ModelCheck = ({ classes }) => {
  const misplaced = classes.find(
    ({ className, isDtype }) => !isDtype && !tfjsLoadsLayerClass(className),
  );
  if (misplaced === undefined) return;
  throw new ModelJsonError(
    `${capitalize(misplaced.where)} has the class_name "${misplaced.className}", which TensorFlow.js has as a class that is not a layer (an initializer, a regularizer, or another kind of object): the file is damaged or was edited by hand. Put a layer's class_name there, as Keras writes it.`,
  );
};

/** Every activation, initializer and constraint is one tfjs has. */
const knownIdentifiers: ModelCheck = ({ identifiers }) => {
  const unknown = identifiers.filter(({ name }) => tfjsIdentifierClass(name) === undefined);
  if (unknown.length === 0) return;
  const list = [...groupBy(unknown, ({ where }) => where)]
    .map(
      ([where, uses]) => `${where}: ${uses.map(({ key, name }) => `${key} "${name}"`).join(', ')}`,
    )
    .join('; ');
  const lookedUp = [...new Set(unknown.map(({ name }) => `"${tfjsCamelCase(name)}"`))];
  throw new ModelJsonError(
    `The model uses activations, initializers or constraints that TensorFlow.js does not have: ${list}. They are custom Python objects: implement each in JavaScript, register it with tf.serialization.registerClass under the name tfjs looks up (${listOf(lookedUp)}), and import it before the model is loaded.`,
  );
};

/**
 * Every activation, initializer and constraint names a class of its kind, not a model, a layer or
 * another kind (as a damaged or hand-edited file can), which tfjs would build and crash on.
 */
const identifiersOfTheirKind: ModelCheck = ({ identifiers }) => {
  for (const { where, key, name } of identifiers) {
    const kind = identifierKind(key);
    const found = tfjsIdentifierClass(name);
    if (kind === undefined || found === undefined || isTfjsClassOfKind(found, kind)) continue;
    throw new ModelJsonError(
      `The ${key} of ${where} is "${name}", which TensorFlow.js has as a class that is not an ${kind} (a model, a layer, or another kind of object): the file is damaged or was edited by hand. Put the name or { class_name, config } of an ${kind} there, as Keras writes it.`,
    );
  }
};

/** Every regularizer is registered with `@regularizers/core`, listing the names that are. */
const registeredRegularizers: ModelCheck = ({ regularizers }) => {
  const unknown = regularizers.filter(({ name }) => defaultRegistry.lookup(name) === undefined);
  if (unknown.length === 0) return;
  const list = unknown.map(({ where, key, name }) => `"${name}" (${key} of ${where})`);
  const registered = defaultRegistry.names();
  const example = unknown[0]?.name ?? 'MyRegularizer';
  const separator = example.indexOf('>');
  const pkg = separator < 0 ? undefined : example.slice(0, separator);
  const className = example.slice(separator + 1);
  const call =
    pkg === undefined
      ? `registerRegularizer(${safeIdentifier(className)})`
      : `registerRegularizer(${safeIdentifier(className)}, { package: '${pkg}' })`;
  throw new ModelJsonError(
    `The model uses regularizers that are not registered: ${listOf(list)}. Registered names: ${registered.length === 0 ? '(none)' : registered.join(', ')}. Implement a custom regularizer in JavaScript and register it from @regularizers/core under the name the file uses, e.g. ${call} for a class whose static className is '${className}' (a plugin package registers with registerRegularizer(MyRegularizer, { package: 'MyPackage' }), which Keras names "MyPackage>MyRegularizer"), in a module imported before the model is loaded.`,
  );
};

/** What building the model allocates stays within the load's resource budget. */
const withinResourceBudget: ModelCheck = (_, { topology, budget }) => {
  checkResourceBudget(topology, budget);
};

/**
 * The checks that follow the walk, in the order they run: first what would make tfjs wait forever,
 * then what no registration can fix (Python code, dtypes), then what registering a class or a
 * regularizer fixes, regularizers last, as a layer that cannot load makes its regularizer moot;
 * then the resource budget, on a model that would otherwise load.
 */
const MODEL_CHECKS: readonly ModelCheck[] = [
  connectedGraphs,
  noLambdaLayers,
  supportedDtypePolicies,
  knownLayerClasses,
  layerClassesAreLayers,
  knownIdentifiers,
  identifiersOfTheirKind,
  registeredRegularizers,
  withinResourceBudget,
];

/** The class'd objects tfjs would not find a class for. */
function unknownClasses(classes: readonly ClassUse[]): ClassUse[] {
  return classes.filter(({ className }) => !tfjsLoadsClassName(className));
}

function safeIdentifier(name: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(name) ? name : 'MyRegularizer';
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const name = key(item);
    const group = groups.get(name);
    if (group === undefined) groups.set(name, [item]);
    else group.push(item);
  }
  return groups;
}
