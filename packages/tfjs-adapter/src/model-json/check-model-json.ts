import { defaultRegistry, describeValue } from '@regularizers/core';
import type { JsonValue } from '@regularizers/core';
import { tfjsCamelCase, tfjsLoadsClassName, tfjsResolvesIdentifier } from '../tfjs-internals.js';
import { fromTfjsClassName } from './case-conversion-codec.js';
import { ModelJsonError } from './model-json-error.js';
import type { KerasModelTopology } from './normalize-keras-json.js';
import { readModelJson } from './read-model-json.js';
import { isJsonObject, isModelClass } from './json-object.js';
import type { JsonObject } from './json-object.js';

/** Names that resolve to `Object.prototype` members when used as a key of a plain object. */
const RESERVED_NAMES: ReadonlySet<string> = new Set(Object.getOwnPropertyNames(Object.prototype));

/** Layer config keys that name an activation, initializer or constraint (looked up in tfjs's map). */
function isIdentifierKey(key: string): boolean {
  return (
    key === 'activation' ||
    key === 'recurrent_activation' ||
    key.endsWith('_initializer') ||
    key.endsWith('_constraint')
  );
}

/** A class'd object met in a model: a layer, a wrapped layer or cell, or an unknown dtype policy. */
interface ClassUse {
  readonly where: string;
  readonly className: string;
  readonly isDtype: boolean;
}

/** A value in an activation, initializer or constraint slot. */
interface IdentifierUse {
  readonly where: string;
  readonly key: string;
  readonly name: string;
}

/** A value in a regularizer slot, with the registered name it is written under. */
interface RegularizerUse {
  readonly where: string;
  readonly key: string;
  readonly name: string;
}

/** One layer of a functional model, as a node of the graph its `inbound_nodes` describe. */
interface GraphLayer {
  readonly name: string;
  readonly where: string;
  /** tfjs creates node 0 itself for an `InputLayer` and for a nested model. */
  readonly ownNodes: number;
  readonly inboundNodes: JsonValue[];
}

/** What the walk of a topology collects for the checks that come after the structural ones. */
interface Uses {
  readonly classes: ClassUse[];
  readonly identifiers: IdentifierUse[];
  readonly regularizers: RegularizerUse[];
}

/**
 * Checks a normalized model topology before anything is built, so that loading refuses bad and
 * unsupported files with a message that names the real cause, and hostile files before they reach
 * tfjs. It exists because tfjs-layers trusts its input: it looks class names and layer names up as
 * keys of plain objects (so `"constructor"` finds `Object.prototype.constructor`), waits forever on
 * a circular graph or a call that does not exist, and reports the first thing it trips on, often a
 * regularizer of a layer that could never have loaded anyway.
 *
 * The checks run in this order, each over the whole model, so that the first error is the real one:
 * 1. structure and safety: class names and layer names that are `Object.prototype` members; configs
 *    that are not objects where an object is required (layer, regularizer, initializer configs);
 *    duplicate layer names; `inbound_nodes`, `input_layers` and `output_layers` that refer to layers
 *    or calls that do not exist, or that make a layer depend on itself;
 * 2. layer classes tfjs does not have: a `Lambda` layer (Python code, never loadable), or a custom
 *    layer that must be implemented and registered with `tf.serialization.registerClass`;
 * 3. activations, initializers and constraints tfjs does not have (custom Python objects);
 * 4. regularizers nothing is registered under, listing the registered names.
 *
 * The topology is first re-read with `readModelJson`, so the walks are bounded whatever is passed.
 *
 * @param topology - what {@link normalizeKerasJson} returned.
 * @throws {@link ModelJsonError} naming the layer, the key and the offending value.
 */
export function checkModelTopology(topology: KerasModelTopology): void {
  const root = readModelJson(topology);
  if (!isJsonObject(root) || typeof root.class_name !== 'string') {
    throw new ModelJsonError(
      'The model topology must be an object with a class_name and a config.',
    );
  }
  const uses: Uses = { classes: [], identifiers: [], regularizers: [] };
  checkName(root.class_name, 'the model', 'class name');
  walkModel(root.class_name, root.config ?? null, 'the model', '', uses);
  checkClasses(uses.classes);
  checkIdentifiers(uses.identifiers);
  checkRegularizers(uses.regularizers);
}

/** Walks a model's layers (recursing into nested models) and checks its graph. */
function walkModel(
  className: string,
  config: JsonValue,
  model: string,
  scope: string,
  uses: Uses,
): void {
  if (!isJsonObject(config) || !Array.isArray(config.layers)) {
    throw new ModelJsonError(
      `The config of ${model} must be an object with a list of layers. Received: ${describeValue(config)}.`,
    );
  }
  const functional = className !== 'Sequential';
  const names = new Set<string>();
  const graph: GraphLayer[] = [];
  config.layers.forEach((layer, index) => {
    if (!isJsonObject(layer) || typeof layer.class_name !== 'string') {
      throw new ModelJsonError(
        `Layer #${index} of ${model} must be an object with a class_name. Received: ${describeValue(layer)}.`,
      );
    }
    const layerConfig = layer.config ?? null;
    const rawName = functional
      ? layer.name
      : isJsonObject(layerConfig)
        ? layerConfig.name
        : undefined;
    if (functional && typeof rawName !== 'string') {
      throw new ModelJsonError(
        `Layer #${index} (${layer.class_name}) of ${model} has no name: a functional model's layers are connected by name.`,
      );
    }
    const where =
      typeof rawName === 'string'
        ? `layer "${rawName}"${scope}`
        : `layer #${index} (${layer.class_name})${scope}`;
    if (typeof rawName === 'string') {
      checkName(rawName, where, 'layer name');
      if (names.has(rawName)) {
        throw new ModelJsonError(`${capitalize(model)} has two layers named "${rawName}".`);
      }
      names.add(rawName);
    }
    checkName(layer.class_name, where, 'class name');
    if (isModelClass(layer.class_name)) {
      const label = typeof rawName === 'string' ? rawName : `#${index}`;
      walkModel(layer.class_name, layerConfig, `model "${label}"`, ` in model "${label}"`, uses);
    } else {
      uses.classes.push({ where, className: layer.class_name, isDtype: false });
      walkConfig(layerConfig, where, uses);
    }
    if (functional && typeof rawName === 'string') {
      const inbound = layer.inbound_nodes ?? [];
      if (!Array.isArray(inbound)) {
        throw new ModelJsonError(
          `The inbound_nodes of ${where} must be a list. Received: ${describeValue(inbound)}.`,
        );
      }
      const ownNodes = isModelClass(layer.class_name) || layer.class_name === 'InputLayer' ? 1 : 0;
      graph.push({ name: rawName, where, ownNodes, inboundNodes: inbound });
    }
  });
  if (functional) checkGraph(graph, config, model);
}

/** Walks a layer's config: records every slot, and every class'd object, checking their shapes. */
function walkConfig(config: JsonValue, where: string, uses: Uses): void {
  if (!isJsonObject(config)) {
    throw new ModelJsonError(
      `The config of ${where} must be an object. Received: ${describeValue(config)}.`,
    );
  }
  for (const [key, value] of Object.entries(config)) {
    if (value === null) continue;
    if (key.endsWith('_regularizer')) recordRegularizer(value, where, key, uses);
    else if (isIdentifierKey(key)) recordIdentifier(value, where, key, uses);
    else if (key === 'dtype' && typeof value !== 'string') {
      const className =
        isJsonObject(value) && typeof value.class_name === 'string'
          ? value.class_name
          : describeValue(value);
      checkName(className, where, 'dtype class name');
      uses.classes.push({ where, className, isDtype: true });
    } else walkValue(value, where, key, uses);
  }
}

/** Finds the layers (a wrapper's `layer`, an RNN's `cell`, …) held anywhere in a config value. */
function walkValue(value: JsonValue, where: string, key: string, uses: Uses): void {
  if (Array.isArray(value)) {
    for (const item of value) walkValue(item, where, key, uses);
  } else if (isJsonObject(value)) {
    if (typeof value.class_name !== 'string') {
      for (const [name, item] of Object.entries(value)) walkValue(item, where, name, uses);
      return;
    }
    const inner = `${key} of ${where}`;
    checkName(value.class_name, inner, 'class name');
    if (isModelClass(value.class_name)) {
      walkModel(
        value.class_name,
        value.config ?? null,
        `the model in ${inner}`,
        ` in ${inner}`,
        uses,
      );
      return;
    }
    uses.classes.push({ where: inner, className: value.class_name, isDtype: false });
    walkConfig(value.config ?? null, inner, uses);
  }
}

function recordIdentifier(value: JsonValue, where: string, key: string, uses: Uses): void {
  if (typeof value === 'string') {
    checkName(value, where, key);
    uses.identifiers.push({ where, key, name: value });
    return;
  }
  if (!isJsonObject(value) || typeof value.class_name !== 'string') {
    throw new ModelJsonError(
      `The ${key} of ${where} must be a name or a { class_name, config } object. Received: ${describeValue(value)}.`,
    );
  }
  checkName(value.class_name, where, `${key} class name`);
  requireObjectConfig(value, where, key);
  uses.identifiers.push({ where, key, name: value.class_name });
}

function recordRegularizer(value: JsonValue, where: string, key: string, uses: Uses): void {
  if (typeof value === 'string') {
    checkName(value, where, key);
    uses.regularizers.push({ where, key, name: value });
    return;
  }
  if (!isJsonObject(value) || typeof value.class_name !== 'string') {
    throw new ModelJsonError(
      `The ${key} of ${where} must be a regularizer name or a { class_name, config } object. Received: ${describeValue(value)}.`,
    );
  }
  const name = fromTfjsClassName(value.class_name);
  checkName(name, where, `${key} class name`);
  requireObjectConfig(value, where, key);
  uses.regularizers.push({ where, key, name });
}

function requireObjectConfig(value: JsonObject, where: string, key: string): void {
  if (!isJsonObject(value.config ?? null)) {
    throw new ModelJsonError(
      `The ${key} of ${where} ("${value.class_name as string}") must have an object as its config. Received: config=${describeValue(value.config ?? null)}.`,
    );
  }
}

/** Refuses a name that would find an `Object.prototype` member, as it is or once tfjs camelCases it. */
function checkName(name: string, where: string, what: string): void {
  if (RESERVED_NAMES.has(name) || RESERVED_NAMES.has(tfjsCamelCase(name))) {
    throw new ModelJsonError(
      `The ${what} "${name}" of ${where} is refused: it names a member of Object.prototype, which tfjs would find in place of a class or layer. A model file must never reach Object.prototype.`,
    );
  }
}

/**
 * Checks a functional model's connections: every reference names a layer of this model and a call
 * of it that exists, and no call depends on itself. tfjs would otherwise wait forever.
 */
function checkGraph(graph: readonly GraphLayer[], config: JsonObject, model: string): void {
  const layers = new Map(graph.map((layer) => [layer.name, layer]));
  const nodeCount = (layer: GraphLayer): number => layer.ownNodes + layer.inboundNodes.length;
  /** Validates one `[layer, node, tensor, kwargs?]` reference and returns its node key. */
  const reference = (ref: JsonValue, whose: string): string => {
    if (
      !Array.isArray(ref) ||
      typeof ref[0] !== 'string' ||
      !isIndex(ref[1]) ||
      !isIndex(ref[2]) ||
      !(ref[3] === undefined || ref[3] === null || isJsonObject(ref[3]))
    ) {
      throw new ModelJsonError(
        `${capitalize(whose)} has a malformed reference ${describeValue(ref)}: expected [layer name, node index, tensor index, kwargs].`,
      );
    }
    const [name, node] = ref as [string, number];
    const target = layers.get(name);
    if (target === undefined) {
      throw new ModelJsonError(
        `${capitalize(whose)} refers to layer "${name}", which does not exist in ${model}.`,
      );
    }
    if (node >= nodeCount(target)) {
      throw new ModelJsonError(
        `${capitalize(whose)} refers to node ${node} of layer "${name}", which has only ${nodeCount(target)} node(s) in ${model}.`,
      );
    }
    return nodeKey(name, node);
  };

  const dependencies = new Map<string, string[]>();
  for (const layer of graph) {
    for (let own = 0; own < layer.ownNodes; own++) dependencies.set(nodeKey(layer.name, own), []);
    layer.inboundNodes.forEach((node, index) => {
      if (!Array.isArray(node)) {
        throw new ModelJsonError(
          `Inbound node ${index} of ${layer.where} must be a list of [layer, node, tensor, kwargs]. Received: ${describeValue(node)}.`,
        );
      }
      const whose = `inbound node ${index} of ${layer.where}`;
      dependencies.set(
        nodeKey(layer.name, layer.ownNodes + index),
        node.map((ref) => reference(ref, whose)),
      );
    });
  }
  for (const key of ['input_layers', 'output_layers']) {
    const list = config[key] ?? null;
    if (!Array.isArray(list)) {
      throw new ModelJsonError(
        `The ${key} of ${model} must be a list of [layer, node, tensor]. Received: ${describeValue(list)}.`,
      );
    }
    for (const ref of list) reference(ref, `the ${key} of ${model}`);
  }
  const cycle = findCycle(dependencies);
  if (cycle !== undefined) {
    const path = cycle.map((key) => `"${key.slice(0, key.lastIndexOf('#'))}"`);
    throw new ModelJsonError(
      `The inbound_nodes of ${model} are circular: layer ${path[0] ?? ''} depends on itself (${path.join(' → ')}). A model's graph must not loop.`,
    );
  }
}

/** A cycle in the dependency graph, as the node keys along it (first = last), found iteratively. */
function findCycle(dependencies: ReadonlyMap<string, readonly string[]>): string[] | undefined {
  const state = new Map<string, 'active' | 'done'>();
  for (const start of dependencies.keys()) {
    if (state.has(start)) continue;
    const path: string[] = [start];
    const next: number[] = [0];
    state.set(start, 'active');
    while (path.length > 0) {
      const top = path.length - 1;
      const current = path[top] as string;
      const edges = dependencies.get(current) ?? [];
      const index = next[top] as number;
      if (index >= edges.length) {
        state.set(current, 'done');
        path.pop();
        next.pop();
        continue;
      }
      next[top] = index + 1;
      const target = edges[index] as string;
      const seen = state.get(target);
      if (seen === 'active') return [...path.slice(path.indexOf(target)), target];
      if (seen === undefined) {
        state.set(target, 'active');
        path.push(target);
        next.push(0);
      }
    }
  }
  return undefined;
}

function nodeKey(layer: string, node: number): string {
  return `${layer}#${node}`;
}

/** Phase 2: every layer class must be one tfjs has (its own, ours, or one registered by the user). */
function checkClasses(classes: readonly ClassUse[]): void {
  const unknown = classes.filter(({ className }) => !tfjsLoadsClassName(className));
  const lambda = unknown.find(({ className }) => className === 'Lambda');
  if (lambda !== undefined) {
    throw new ModelJsonError(
      `${capitalize(lambda.where)} is a Lambda layer: it holds Python code (a marshalled Python function), which cannot be loaded in TensorFlow.js. Replace it in Keras with built-in layers, or with a custom layer that you also implement in JavaScript and register with tf.serialization.registerClass, and save the model again.`,
    );
  }
  const dtype = unknown.find(({ isDtype }) => isDtype);
  if (dtype !== undefined) {
    throw new ModelJsonError(
      `${capitalize(dtype.where)} has the dtype policy "${dtype.className}", which TensorFlow.js does not support: it computes in plain dtypes (float32, int32, bool) only.`,
    );
  }
  if (unknown.length === 0) return;
  const byClass = groupBy(unknown, ({ className }) => className);
  const list = [...byClass]
    .map(([className, uses]) => `"${className}" (${listOf(uses.map(({ where }) => where))})`)
    .join('; ');
  const first = unknown[0]?.className ?? '';
  throw new ModelJsonError(
    `The model uses custom layer classes that TensorFlow.js does not have: ${list}. A custom layer must be implemented in JavaScript (a tf.layers.Layer subclass with static className = '${first}') and registered with tf.serialization.registerClass, in a module imported before the model is loaded.`,
  );
}

/** Phase 3: every activation, initializer and constraint must be one tfjs has. */
function checkIdentifiers(identifiers: readonly IdentifierUse[]): void {
  const unknown = identifiers.filter(({ name }) => !tfjsResolvesIdentifier(name));
  if (unknown.length === 0) return;
  const byLayer = groupBy(unknown, ({ where }) => where);
  const list = [...byLayer]
    .map(
      ([where, uses]) => `${where}: ${uses.map(({ key, name }) => `${key} "${name}"`).join(', ')}`,
    )
    .join('; ');
  throw new ModelJsonError(
    `The model uses activations, initializers or constraints that TensorFlow.js does not have: ${list}. They are custom Python objects: implement each in JavaScript, register it with tf.serialization.registerClass under the name tfjs looks up (${listOf([...new Set(unknown.map(({ name }) => `"${tfjsCamelCase(name)}"`))])}), and import it before the model is loaded.`,
  );
}

/** Phase 4, last: every regularizer must be registered with `@regularizers/core`. */
function checkRegularizers(regularizers: readonly RegularizerUse[]): void {
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
}

function safeIdentifier(name: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(name) ? name : 'MyRegularizer';
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function isIndex(value: JsonValue | undefined): boolean {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0;
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

/** At most 5 items, then how many more, so a 300-layer model does not flood the message. */
function listOf(items: readonly string[]): string {
  const shown = items.slice(0, 5).join(', ');
  return items.length > 5 ? `${shown} and ${items.length - 5} more` : shown;
}
