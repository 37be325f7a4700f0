import { describeValue } from '@regularizers/core';
import type { JsonValue } from '@regularizers/core';
import { isJsonObject, isModelClass } from './json-object.js';
import type { JsonObject } from './json-object.js';
import { ModelJsonError } from './model-json-error.js';
import { normalizeModelConfig } from './normalize-model-config.js';
import { readModelJson } from './read-model-json.js';

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
