import {
  defaultRegistry,
  describeValue,
  getRegularizer,
  serializeRegularizer,
} from '@regularizers/core';
import type { JsonValue } from '@regularizers/core';
import {
  fromTfjsClassName,
  protectConfig,
  restoreConfig,
  toTfjsClassName,
} from './case-conversion-codec.js';
import { ModelJsonError } from './model-json-error.js';
import { readModelJson } from './read-model-json.js';
import { isJsonObject, isModelClass } from './json-object.js';
import type { JsonObject } from './json-object.js';

/**
 * A model topology in the one shape that `tf.models.modelFromJSON({ modelTopology })` reads: the
 * Keras 2 `model.to_json()` form, Python-style (snake_case keys), with a `Sequential`, `Model` or
 * `Functional` root. It is what {@link normalizeKerasJson} returns for every kind of model file.
 */
export interface KerasModelTopology {
  /** `'Sequential'` or `'Model'` (Keras 3's `'Functional'` is renamed). */
  readonly class_name: string;
  /** The model's config: `layers`, and for a functional model `input_layers` and `output_layers`. */
  readonly config: JsonObject;
  /** The Keras version that wrote the file, when the file says. tfjs does not read it. */
  readonly keras_version?: string;
  /** The Keras backend that wrote the file, when the file says. tfjs does not read it. */
  readonly backend?: string;
}

/** Keys Keras writes beside `class_name` that tfjs does not read, or would pass on to a constructor. */
const DROPPED_KEYS: ReadonlySet<string> = new Set([
  'module',
  'registered_name',
  'shared_object_id',
  'build_config',
  'compile_config',
]);

/** Keras dtype policy classes: tf.keras 2's mixed precision `Policy`, Keras 3's `DTypePolicy`. */
const DTYPE_POLICY_CLASSES: ReadonlySet<string> = new Set([
  'Policy',
  'DTypePolicy',
  'FloatDTypePolicy',
]);

/**
 * Keras dtypes that tfjs-layers has no tensors for, with the tfjs dtype that computes them. tfjs
 * has no 16- or 64-bit floats: a mixed precision model computes in float16 (or bfloat16) with
 * float32 variables in Keras, and entirely in float32 here, which only makes it more precise.
 */
const TFJS_DTYPES: ReadonlyMap<string, string> = new Map([
  ['mixed_float16', 'float32'],
  ['mixed_bfloat16', 'float32'],
  ['float16', 'float32'],
  ['bfloat16', 'float32'],
  ['float64', 'float32'],
  ['int8', 'int32'],
  ['int16', 'int32'],
  ['int64', 'int32'],
  ['uint8', 'int32'],
  ['uint16', 'int32'],
  ['uint32', 'int32'],
]);

/** Keras initializer names that tfjs spells differently (`LecunNormal` is tfjs's `LeCunNormal`). */
const TFJS_INITIALIZERS: ReadonlyMap<string, string> = new Map([
  ['LecunNormal', 'LeCunNormal'],
  ['LecunUniform', 'LeCunUniform'],
  ['lecun_normal', 'LeCunNormal'],
  ['lecun_uniform', 'LeCunUniform'],
]);

/**
 * Rewrites any Keras or TensorFlow.js model file into the topology stock tfjs-layers reads, so that
 * models saved by every Keras version load with our regularizers. It exists because tfjs 4.22 reads
 * only Keras 2 topologies, and only regularizer names it knows; everything else in the list below
 * fails inside tfjs with messages that do not name the cause.
 *
 * Accepted, as an object or a JSON string:
 * - a tfjs-converter `model.json` (`{ modelTopology, weightsManifest, format, … }`, whose
 *   `modelTopology` is a `to_json()` object or `{ model_config, training_config }`);
 * - a Keras `model.to_json()` (`{ class_name, config, keras_version, backend }`), or the
 *   `model_config` stored in an HDF5 file;
 * - a Keras 3 `.keras` archive's `config.json` (`{ module, class_name, config, registered_name,
 *   build_config, compile_config }`);
 * - the Keras 2.0 `Sequential` whose `config` is a bare list of layers.
 *
 * What it changes:
 * - every regularizer (a non-null `*_regularizer` value) in any Keras shape becomes
 *   `{ class_name, config }` under its canonical registered name (`'l2'` becomes `'L2'`; Keras 3's
 *   `registered_name` is tried before `class_name`, and the function form `{ class_name:
 *   'function', config: 'pkg>name' }` names the function), encoded with the case-conversion codec
 *   so that tfjs's snake_case to camelCase conversion gives it back unchanged;
 * - Keras 3 `batch_shape` becomes `batch_input_shape`;
 * - dtype policies (`Policy`, `DTypePolicy`) become a dtype string tfjs has: `mixed_float16` and
 *   `mixed_bfloat16` compute in `float32`, as tfjs has no 16-bit floats;
 * - Keras 3 inbound nodes (`{ args, kwargs }` holding `__keras_tensor__` objects, including lists
 *   of them for merge layers) become Keras 2 `[[layer, node, tensor, {}], …]`; call keyword
 *   arguments are dropped, as tfjs's executor ignores them;
 * - Keras 3 references to a nested model's call `n` become `n + 1`, because tfjs (like tf.keras 2)
 *   counts the nested model's own internal node as node 0;
 * - `input_layers` and `output_layers` written as one `[layer, node, tensor]` become a list of them;
 * - `module`, `registered_name`, `shared_object_id`, `build_config` and `compile_config` are dropped
 *   everywhere, `Functional` becomes `Model`, and `LecunNormal`/`LecunUniform` become tfjs's
 *   `LeCunNormal`/`LeCunUniform`;
 * - the training config, weights manifest and other file-level keys are left out: the topology is
 *   all tfjs needs to build the model.
 *
 * Nothing is checked here beyond the safety of the JSON itself: an unknown class or regularizer is
 * passed through, for `checkModelTopology` to name. The input is never modified.
 *
 * @throws {@link ModelJsonError} for input that is not safe JSON (see `readModelJson`), or that is
 * not one of the model file forms above.
 */
export function normalizeKerasJson(json: unknown): KerasModelTopology {
  let file = readModelJson(json);
  let keras: JsonObject = {};
  if (isJsonObject(file) && 'modelTopology' in file) {
    file = readNested(file.modelTopology ?? null, 'modelTopology');
  }
  if (isJsonObject(file) && 'model_config' in file) {
    keras = file;
    file = readNested(file.model_config ?? null, 'model_config');
  }
  if (!isJsonObject(file) || typeof file.class_name !== 'string' || !('config' in file)) {
    throw new ModelJsonError(
      `This is not a Keras or TensorFlow.js model file: expected a tfjs model.json ({ modelTopology, … }), a Keras model.to_json() or config.json ({ class_name, config, … }), or a { model_config } object. Received: ${describeValue(file)}.`,
    );
  }
  const className = file.class_name === 'Functional' ? 'Model' : file.class_name;
  if (!isModelClass(className)) {
    throw new ModelJsonError(
      `The model file's root is a "${file.class_name}", not a Sequential or functional model: only those can be loaded (a subclassed Keras model has no topology to rebuild).`,
    );
  }
  const config = normalizeModelConfig(file.config ?? null, className);
  if (!isJsonObject(config)) {
    throw new ModelJsonError(
      `The model's config must be an object with its layers (or, for a Keras 2.0 Sequential, a list of layers). Received: ${describeValue(config)}.`,
    );
  }
  const topology: { -readonly [K in keyof KerasModelTopology]: KerasModelTopology[K] } = {
    class_name: className,
    config,
  };
  const version = keras.keras_version ?? file.keras_version;
  const backend = keras.backend ?? file.backend;
  if (typeof version === 'string') topology.keras_version = version;
  if (typeof backend === 'string') topology.backend = backend;
  return topology;
}

/** A topology embedded as a JSON string (as HDF5 attributes hold it) is read like the file. */
function readNested(value: JsonValue, key: string): JsonValue {
  if (typeof value !== 'string') return value;
  try {
    return readModelJson(value);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new ModelJsonError(`The model file's ${key} string: ${message}`, { cause: error });
  }
}

/** A model's config: its layers, and for a functional model its graph in tfjs's form. */
function normalizeModelConfig(config: JsonValue, className: string): JsonValue {
  if (Array.isArray(config)) return normalizeModelConfig({ layers: config }, className); // Keras 2.0
  if (!isJsonObject(config) || !Array.isArray(config.layers))
    return normalizeValue('config', config);
  const rawLayers = config.layers;
  const result: JsonObject = {};
  for (const [key, value] of Object.entries(config)) {
    if (key !== 'layers' && key !== 'input_layers' && key !== 'output_layers') {
      result[key] = normalizeValue(key, value);
    }
  }
  const layers = rawLayers.map(normalizeLayer);
  result.layers = layers;
  if (className === 'Sequential') {
    layers.slice(1).forEach(dropBatchInputShape);
    return result;
  }
  if (className !== 'Model') return result;

  const keras3 = rawLayers.some(
    (layer) =>
      isJsonObject(layer) &&
      Array.isArray(layer.inbound_nodes) &&
      layer.inbound_nodes.some(isJsonObject),
  );
  const models = new Set<string>();
  for (const layer of rawLayers) {
    if (
      isJsonObject(layer) &&
      typeof layer.name === 'string' &&
      typeof layer.class_name === 'string'
    ) {
      if (isModelClass(layer.class_name)) models.add(layer.name);
    }
  }
  const reference = (name: string, node: JsonValue, tensor: JsonValue): JsonValue[] => [
    name,
    keras3 && models.has(name) && typeof node === 'number' ? node + 1 : node,
    tensor,
  ];
  rawLayers.forEach((layer, index) => {
    const normalized = layers[index];
    if (isJsonObject(layer) && isJsonObject(normalized) && Array.isArray(layer.inbound_nodes)) {
      normalized.inbound_nodes = layer.inbound_nodes.map((node) =>
        isJsonObject(node) ? keras3Node(node, reference) : copy(node),
      );
    }
  });
  if ('input_layers' in config)
    result.input_layers = endpoints(config.input_layers ?? null, reference);
  if ('output_layers' in config) {
    result.output_layers = endpoints(config.output_layers ?? null, reference);
  }
  return result;
}

/**
 * Keras builds a Sequential's input from its first layer only, and ignores `batch_input_shape` on
 * the others (tf.keras writes it on every layer that was given one); tfjs checks it on each layer
 * and warns when a later layer's differs from what it receives.
 */
function dropBatchInputShape(layer: JsonValue): void {
  if (isJsonObject(layer) && isJsonObject(layer.config)) delete layer.config.batch_input_shape;
}

type Reference = (name: string, node: JsonValue, tensor: JsonValue) => JsonValue[];

/**
 * A Keras 3 call `{ args, kwargs }` as a tfjs node: the `keras_history` of every `__keras_tensor__`
 * in the positional arguments, in order (a merge layer gets a list of them), or in the keyword
 * arguments when there are none.
 */
function keras3Node(node: JsonObject, reference: Reference): JsonValue[] {
  const fromArgs = kerasTensors(node.args ?? null, reference);
  return fromArgs.length > 0 ? fromArgs : kerasTensors(node.kwargs ?? null, reference);
}

function kerasTensors(value: JsonValue, reference: Reference): JsonValue[] {
  if (Array.isArray(value)) return value.flatMap((item) => kerasTensors(item, reference));
  if (!isJsonObject(value)) return [];
  if (value.class_name === '__keras_tensor__') {
    const history = isJsonObject(value.config) ? value.config.keras_history : undefined;
    if (Array.isArray(history) && typeof history[0] === 'string') {
      return [[...reference(history[0], history[1] ?? null, history[2] ?? null), {}]];
    }
    return [copy(value)]; // malformed: left for the checks to name
  }
  return Object.values(value).flatMap((item) => kerasTensors(item, reference));
}

/**
 * `input_layers` or `output_layers` as tfjs reads them: a list of `[layer, node, tensor]`. Keras 3
 * writes a single one bare, and a dict of them for named inputs.
 */
function endpoints(value: JsonValue, reference: Reference): JsonValue {
  const list = isJsonObject(value)
    ? Object.values(value)
    : Array.isArray(value) && typeof value[0] === 'string'
      ? [value]
      : value;
  if (!Array.isArray(list)) return copy(list);
  return list.map((item) =>
    Array.isArray(item) && typeof item[0] === 'string'
      ? [...reference(item[0], item[1] ?? null, item[2] ?? null), ...item.slice(3).map(copy)]
      : copy(item),
  );
}

/** One layer, or a model used as a layer. Its `inbound_nodes` are rewritten by its model. */
function normalizeLayer(layer: JsonValue): JsonValue {
  return isJsonObject(layer) && typeof layer.class_name === 'string'
    ? normalizeClassObject(layer, layer.class_name)
    : copy(layer);
}

/** Any `{ class_name, config }` object: a layer, a nested model, an initializer, a constraint… */
function normalizeClassObject(value: JsonObject, rawClassName: string): JsonObject {
  const className = rawClassName === 'Functional' ? 'Model' : rawClassName;
  const result: JsonObject = {};
  for (const [key, item] of Object.entries(value)) {
    if (DROPPED_KEYS.has(key)) continue;
    if (key === 'class_name') result.class_name = className;
    else if (key === 'config' && isModelClass(className)) {
      result.config = normalizeModelConfig(item, className);
    } else if (key === 'inbound_nodes') result.inbound_nodes = copy(item);
    else result[key] = normalizeValue(key, item);
  }
  return result;
}

/** A value found under `key` in a layer's config (or deeper), rewritten by what the key holds. */
function normalizeValue(key: string, value: JsonValue): JsonValue {
  if (value === null) return null;
  if (key.endsWith('_regularizer')) return normalizeRegularizer(value);
  if (key === 'dtype') return normalizeDtype(value);
  if (key.endsWith('_initializer')) return normalizeInitializer(value);
  if ((key === 'activation' || key === 'recurrent_activation') && isFunction(value)) {
    return value.config;
  }
  if (Array.isArray(value)) return value.map((item) => normalizeValue(key, item));
  if (!isJsonObject(value)) return value;
  if (typeof value.class_name === 'string') return normalizeClassObject(value, value.class_name);
  const result: JsonObject = {};
  for (const [name, item] of Object.entries(value)) {
    if (name === 'batch_shape') {
      if (!('batch_input_shape' in value)) result.batch_input_shape = copy(item);
    } else {
      result[name] = normalizeValue(name, item);
    }
  }
  return result;
}

/** Keras 3's `{ class_name: 'function', config: 'pkg>name' }`, the form of a registered function. */
function isFunction(value: JsonValue): value is JsonObject & { config: string } {
  return isJsonObject(value) && value.class_name === 'function' && typeof value.config === 'string';
}

function normalizeDtype(value: JsonValue): JsonValue {
  if (typeof value === 'string') return TFJS_DTYPES.get(value) ?? value;
  if (
    isJsonObject(value) &&
    typeof value.class_name === 'string' &&
    DTYPE_POLICY_CLASSES.has(value.class_name) &&
    isJsonObject(value.config) &&
    typeof value.config.name === 'string'
  ) {
    return TFJS_DTYPES.get(value.config.name) ?? value.config.name;
  }
  return copy(value); // an unknown policy: left for the checks to name
}

function normalizeInitializer(value: JsonValue): JsonValue {
  if (typeof value === 'string') return TFJS_INITIALIZERS.get(value) ?? value;
  if (isJsonObject(value) && typeof value.class_name === 'string') {
    const normalized = normalizeClassObject(value, value.class_name);
    normalized.class_name = TFJS_INITIALIZERS.get(value.class_name) ?? value.class_name;
    return normalized;
  }
  return normalizeValue('', value);
}

/**
 * A regularizer in any Keras shape as `{ class_name, config }` under its canonical registered
 * name, encoded for tfjs's case conversion. Names nothing is registered under, and shapes that are
 * not a regularizer, are passed through for the checks to name.
 */
function normalizeRegularizer(value: JsonValue): JsonValue {
  if (typeof value === 'string') return normalizeRegularizerName(value);
  if (!isJsonObject(value) || typeof value.class_name !== 'string') return copy(value);
  let candidates: string[];
  let config: JsonValue;
  if (isFunction(value)) {
    candidates = [value.config];
    config = {};
  } else {
    const registered = value.registered_name;
    candidates =
      typeof registered === 'string' && registered !== 'function'
        ? [registered, value.class_name]
        : [value.class_name];
    config = value.config ?? {};
  }
  // A file saved by tfjs with this adapter is already encoded: decoding first makes this idempotent
  // (registered names never hold "~", and Keras never writes the codec's marker).
  const names = candidates.map(fromTfjsClassName);
  const entry = names.map((name) => defaultRegistry.lookup(name)).find(Boolean);
  const name = entry?.name ?? names[0] ?? value.class_name;
  return {
    class_name: toTfjsClassName(name),
    config: isJsonObject(config) ? protectConfig(restoreConfig(config)) : copy(config),
  };
}

/**
 * A regularizer given as a bare name. A name tfjs's camelCase conversion keeps (`'l2'`, `'L1L2'`)
 * stays a name, with its meaning as a string (`'l1l2'` is 0.01 and 0.01). Any other
 * (`'l1_l2'`, `'orthogonal_regularizer'`) is written as the object that name builds, as tfjs would
 * turn `'l1_l2'` into `'l1L2'`.
 */
function normalizeRegularizerName(name: string): JsonValue {
  if (!name.includes('_') || defaultRegistry.lookup(name) === undefined) return name;
  try {
    const regularizer = getRegularizer(name);
    if (regularizer === null) return name;
    const { className, config } = serializeRegularizer(regularizer);
    return { class_name: toTfjsClassName(className), config: protectConfig(config) };
  } catch {
    return name; // left for the checks, or the layer, to report
  }
}

/** A deep copy, so that the result shares nothing with the input. Depth is bounded by `readModelJson`. */
function copy(value: JsonValue): JsonValue {
  if (Array.isArray(value)) return value.map(copy);
  if (!isJsonObject(value)) return value;
  const result: JsonObject = {};
  for (const [key, item] of Object.entries(value)) result[key] = copy(item);
  return result;
}
