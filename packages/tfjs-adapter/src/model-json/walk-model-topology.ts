import { describeValue } from '@regularizers/core';
import type { JsonValue } from '@regularizers/core';
import { tfjsAcceptsName, tfjsCamelCase } from '../tfjs-internals.js';
import type { IdentifierKind } from '../tfjs-internals.js';
import { fromTfjsClassName } from './case-conversion-codec.js';
import type { GraphLayer, ModelGraph } from './check-model-graph.js';
import { isJsonObject, isModelClass } from './json-object.js';
import type { JsonObject } from './json-object.js';
import { capitalize } from './message-text.js';
import { outputCount } from './output-count.js';
import { ModelJsonError } from './model-json-error.js';

/** A class'd object met in a model: a layer, a wrapped layer or cell, or an unknown dtype policy. */
export interface ClassUse {
  readonly where: string;
  readonly className: string;
  readonly isDtype: boolean;
}

/** A name in an activation, initializer or constraint slot, or in a regularizer slot. */
export interface NameUse {
  readonly where: string;
  /** The config key: `activation`, `kernel_initializer`, `kernel_regularizer`, … */
  readonly key: string;
  /** The name as tfjs would look it up; for a regularizer, the registered name it stands for. */
  readonly name: string;
}

/** What the walk of a topology found, for the checks that follow it. */
export interface ModelUses {
  readonly classes: ClassUse[];
  readonly identifiers: NameUse[];
  readonly regularizers: NameUse[];
  /** The graph of every functional model, nested ones first. */
  readonly graphs: ModelGraph[];
}

/** Names that resolve to `Object.prototype` members when used as a key of a plain object. */
const RESERVED_NAMES: ReadonlySet<string> = new Set(Object.getOwnPropertyNames(Object.prototype));

/**
 * What a layer config key names: an activation, initializer or constraint (looked up in tfjs's
 * map), or `undefined` for any other key.
 */
export function identifierKind(key: string): IdentifierKind | undefined {
  if (key === 'activation' || key === 'recurrent_activation') return 'activation';
  if (key.endsWith('_initializer')) return 'initializer';
  return key.endsWith('_constraint') ? 'constraint' : undefined;
}

/**
 * Walks a model topology (nested models, wrapped layers and cells included) and collects what the
 * model uses, refusing on the way what makes the walk itself unsafe or meaningless: a class name or
 * layer name that is an `Object.prototype` member (as written, or once tfjs camelCases it); a
 * config that is not an object where one is required (the model's, a layer's, a regularizer's, an
 * initializer's); a functional model's layer without a name, or two with the same name; and
 * `inbound_nodes` that are not a list. The value must be bounded, as `readModelJson` returns it.
 *
 * @throws {@link ModelJsonError} naming the layer, the key and the offending value.
 */
export function walkModelTopology(root: JsonValue): ModelUses {
  if (!isJsonObject(root) || typeof root.class_name !== 'string') {
    throw new ModelJsonError(
      'The model topology must be an object with a class_name and a config.',
    );
  }
  const uses: ModelUses = { classes: [], identifiers: [], regularizers: [], graphs: [] };
  checkName(root.class_name, 'the model', 'class name');
  walkModel(root.class_name, root.config ?? null, 'the model', '', uses);
  return uses;
}

/** Walks a model's layers (recursing into nested models) and records its graph. */
function walkModel(
  className: string,
  config: JsonValue,
  model: string,
  scope: string,
  uses: ModelUses,
): void {
  if (!isJsonObject(config) || !Array.isArray(config.layers)) {
    throw new ModelJsonError(
      `The config of ${model} must be an object with a list of layers. Received: ${describeValue(config)}.`,
    );
  }
  requireStringName(config, model);
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
    for (const named of [layer, isJsonObject(layerConfig) ? layerConfig : {}]) {
      requireStringName(named, `layer #${index} (${layer.class_name}) of ${model}`);
    }
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
    // tfjs names a layer by its config's name and connects a functional model by the layer's own:
    // both must be unique (Keras writes the same name in both places).
    const configName = isJsonObject(layerConfig) ? layerConfig.name : undefined;
    for (const name of new Set([rawName, configName])) {
      if (typeof name !== 'string') continue;
      checkName(name, where, 'layer name');
      // An empty name is no name: tfjs makes one up.
      if (name !== '' && !tfjsAcceptsName(name)) {
        throw new ModelJsonError(
          `The layer name ${JSON.stringify(name)} of ${where} is refused: TensorFlow.js accepts only names that start with a letter or digit, followed by letters, digits, "-", "_", "." or "/" (it names each weight after its layer). Rename the layer in the file.`,
        );
      }
      if (names.has(name)) {
        throw new ModelJsonError(`${capitalize(model)} has two layers named "${name}".`);
      }
      names.add(name);
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
      // tfjs reads every layer's inbound_nodes as a list, an InputLayer's too (empty).
      const inbound = layer.inbound_nodes;
      if (!Array.isArray(inbound)) {
        throw new ModelJsonError(
          `The inbound_nodes of ${where} must be a list. Received: ${inbound === undefined ? 'undefined' : describeValue(inbound)}.`,
        );
      }
      const ownNodes = isModelClass(layer.class_name) || layer.class_name === 'InputLayer' ? 1 : 0;
      const outputs = outputCount(layer.class_name, layerConfig);
      graph.push({ name: rawName, where, outputs, ownNodes, inboundNodes: inbound });
    }
  });
  if (functional) uses.graphs.push({ model, config, layers: graph });
}

/** Walks a layer's config: records every slot, and every class'd object, checking their shapes. */
function walkConfig(config: JsonValue, where: string, uses: ModelUses): void {
  if (!isJsonObject(config)) {
    throw new ModelJsonError(
      `The config of ${where} must be an object. Received: ${describeValue(config)}.`,
    );
  }
  for (const [key, value] of Object.entries(config)) {
    if (value === null) continue;
    if (key === 'batch_input_shape' || key === 'input_shape' || key === 'batch_size') {
      checkInputShape(key, value, where);
    } else if (key.endsWith('_regularizer') || identifierKind(key) !== undefined) {
      recordName(value, where, key, uses);
    } else if (key === 'dtype' && typeof value !== 'string') {
      const className =
        isJsonObject(value) && typeof value.class_name === 'string'
          ? value.class_name
          : describeValue(value);
      checkName(className, where, 'dtype class name');
      uses.classes.push({ where, className, isDtype: true });
    } else walkValue(value, where, key, uses);
  }
}

/**
 * Refuses an input shape that is not a list of sizes (whole numbers, or null where unknown), or a
 * batch size that is not a whole number: tfjs calls `shape.some()` on it, or makes tensors of
 * whatever it holds.
 */
function checkInputShape(key: string, value: JsonValue, where: string): void {
  const isSize = (dim: JsonValue | undefined) =>
    dim === null || (typeof dim === 'number' && Number.isSafeInteger(dim) && dim >= 0);
  const valid = key === 'batch_size' ? isSize(value) : Array.isArray(value) && value.every(isSize);
  if (valid) return;
  const expected = key === 'batch_size' ? 'a whole number' : 'a list of whole numbers and nulls';
  throw new ModelJsonError(
    `The ${key} of ${where} must be ${expected}. Received: ${describeValue(value)}.`,
  );
}

/** Finds the layers (a wrapper's `layer`, an RNN's `cell`, …) held anywhere in a config value. */
function walkValue(value: JsonValue, where: string, key: string, uses: ModelUses): void {
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

/**
 * Records the name in a regularizer slot, or in an activation, initializer or constraint slot,
 * written as a string or as a `{ class_name, config }` object. A regularizer's class name is
 * decoded from the case-conversion codec into the registered name it stands for.
 */
function recordName(value: JsonValue, where: string, key: string, uses: ModelUses): void {
  const isRegularizer = key.endsWith('_regularizer');
  const found = isRegularizer ? uses.regularizers : uses.identifiers;
  if (typeof value === 'string') {
    checkName(value, where, key);
    found.push({ where, key, name: value });
    return;
  }
  if (!isJsonObject(value) || typeof value.class_name !== 'string') {
    throw new ModelJsonError(
      `The ${key} of ${where} must be a ${isRegularizer ? 'regularizer ' : ''}name or a { class_name, config } object. Received: ${describeValue(value)}.`,
    );
  }
  const name = isRegularizer ? fromTfjsClassName(value.class_name) : value.class_name;
  checkName(name, where, `${key} class name`);
  requireObjectConfig(value, where, key);
  found.push({ where, key, name });
}

function requireObjectConfig(value: JsonObject, where: string, key: string): void {
  if (!isJsonObject(value.config ?? null)) {
    throw new ModelJsonError(
      `The ${key} of ${where} ("${value.class_name as string}") must have an object as its config. Received: config=${describeValue(value.config ?? null)}.`,
    );
  }
}

/** Refuses a `name` that is there but not a string: tfjs reads it as one (`name.match`). */
function requireStringName(object: JsonObject, owner: string): void {
  const name = object.name ?? null;
  if (name === null || typeof name === 'string') return;
  throw new ModelJsonError(
    `The name of ${owner} must be a string. Received: ${describeValue(name)}.`,
  );
}

/** Refuses a name that would find an `Object.prototype` member, as it is or once tfjs camelCases it. */
function checkName(name: string, where: string, what: string): void {
  if (RESERVED_NAMES.has(name) || RESERVED_NAMES.has(tfjsCamelCase(name))) {
    throw new ModelJsonError(
      `The ${what} "${name}" of ${where} is refused: it names a member of Object.prototype, which tfjs would find in place of a class or layer. A model file must never reach Object.prototype.`,
    );
  }
}
