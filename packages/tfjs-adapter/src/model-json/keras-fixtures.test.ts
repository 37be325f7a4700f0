import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import type * as tfl from '@tensorflow/tfjs-layers';
import { sumAbs, sumSquares } from '@regularizers/core/testing';
// The package entry, as users get it: it also registers our layers and regularizers with tfjs.
import { ModelJsonError, modelFromKerasJSON } from '../index.js';
import type { JsonObject as Topology } from './json-object.js';
import { normalizeKerasJson } from './normalize-keras-json.js';
import { sizeModel } from './size-model.js';
import { fixtureFiles, readFixture } from './test-fixtures.js';

// The 22 real Keras and TensorFlow.js model files of ../shared/fixtures/keras-models (see its
// README), loaded with modelFromKerasJSON. Only this suite and the fuzz test that mutates them
// (keras-fixtures-fuzz.test.ts) read them, through test-fixtures.ts.
//
// For each of the 19 that load:
// - it loads within the default resource budget, which sizes its weights exactly as tfjs builds
//   them (the parameter count sizeModel computes from the file equals tfjs's countParams());
// - the weight penalty is computed independently, from the original JSON and the built model's
//   weight values, with plain loops, and compared with the model's training penalty
//   (`calculateLosses()`, as loaded);
// - a training step leaves the tensor count as it found it (after a first step, for models that
//   keep state between steps);
// - disposing the model frees every tensor, including those stock tfjs 4.22 leaks (an LSTM's
//   unit-forget-bias initializer, recurrent dropout masks).
// The 3 others must be refused, before anything is built, with an error that names the real
// cause and not a regularizer.
//
// Each entry says which normalisations of normalizeKerasJson (and adapter features) it exercises.
//
// Training steps at full input resolution are slow on the CPU backend: its Conv2DBackpropFilter
// kernel takes ~8 minutes for one 416x416 step of a tiny YOLO, ~47 for VGG16 at 224x224. So the
// fixtures marked `slowTraining` train only when REGULARIZERS_SLOW_TESTS=1 is set (the whole file
// then takes about 1.5 hours); their penalties are always checked.

const SLOW = process.env.REGULARIZERS_SLOW_TESTS === '1';

type JsonObject = { [key: string]: unknown };

interface Loads {
  readonly file: string;
  /** Which normalisations of normalizeKerasJson (and which adapter features) the file needs. */
  readonly exercises: string;
  /** One training step at the file's input resolution takes more than ~15 s on the CPU backend. */
  readonly slowTraining?: boolean;
  /** A tfjs 4.22 bug that makes the training step fail whatever we do: the message it gives. */
  readonly trainingFailsInTfjs?: RegExp;
}

interface Refused {
  readonly file: string;
  readonly cause: RegExp;
}

const LOADS: readonly Loads[] = [
  {
    file: 'keras2.0.5_functional_mini_XCEPTION_fer2013_l1l2_from_hdf5.json',
    exercises: 'HDF5 model_config without versions; L1L2; SeparableConv2D',
  },
  {
    file: 'keras2.0.8_sequential_legacy_list_config_dense_l1l2_dl4j.json',
    exercises: 'Keras 2.0 Sequential whose config is a bare list of layers',
  },
  {
    file: 'keras3_native_config_sequential_lstm_bn_L2_module_registered_name.json',
    exercises:
      'Keras 3 config.json (module, registered_name, build_config, compile_config dropped); batch_shape; DTypePolicy; L2; LSTM penalties',
    // tfjs's gradient of unstack fails when a sequence has one step (this model's input is
    // [null, 1, 8]) and a stacked LSTM needs it: the engine passes the single dy as a tensor, and
    // the Unpack gradient calls stack() on it. Stock tfjs 4.22 fails the same way.
    trainingFailsInTfjs:
      /Argument tensors passed to stack must be a `Tensor\[\]` or `TensorLike\[\]`/,
  },
  {
    file: 'tfjs_layers_keras2.0.5_functional_mini_XCEPTION_conv2d_l1l2.json',
    exercises: 'tfjs model.json with model_config and training_config; L1L2',
  },
  {
    file: 'tfjs_layers_keras2.1.3_functional_yolov2_tiny_face_conv2d_l1l2.json',
    exercises: 'tfjs model.json; L1L2 on 9 Conv2D',
    slowTraining: true, // 416x416 input
  },
  {
    file: 'tfjs_layers_keras2.10.0_functional_embedding_conv1d_bn_bidirectional_lstm_L2_shared_object_id.json',
    exercises:
      'L2 with shared_object_id; Functional renamed Model; Bidirectional(LSTM) penalties on both directions',
    slowTraining: true, // 3 Bidirectional LSTMs over 100 steps
  },
  {
    file: 'tfjs_layers_keras2.10.0_functional_ghostfacenet_depthwise_L2_mixed_float16_policy.json',
    exercises:
      'mixed_float16 Policy dtypes (with shared_object_id); L2 on DepthwiseConv2D depthwise',
    slowTraining: true,
  },
  {
    file: 'tfjs_layers_keras2.10.0_sequential_cnn_dense_L2_prettified.json',
    exercises: 'L2; a re-formatted JSON file',
    slowTraining: true, // 224x224 input
  },
  {
    file: 'tfjs_layers_keras2.15.0_functional_vgg16_dense_L2_module_registered_name.json',
    exercises: 'module and registered_name on layers, initializers and regularizers; Functional',
    slowTraining: true, // 224x224 input
  },
  {
    file: 'tfjs_layers_keras2.15.0_sequential_tiny_dense_bn_L2_module_registered_name.json',
    exercises: 'module and registered_name; L2 with l2=1',
  },
  {
    file: 'tfjs_layers_keras2.4.0_functional_ghostfacenet_conv_kernel_bias_L2_mixed_float16_policy.json',
    exercises: 'mixed_float16 Policy dtypes; kernel and bias L2; PReLU',
    slowTraining: true,
  },
  {
    file: 'tfjs_layers_keras2.5.0_sequential_conv1d_lstm_dense_L2_foodguard.json',
    exercises: 'L2; LSTM',
  },
  {
    file: 'tfjs_layers_keras2.6.0_functional_mobilenetv2_dense_L2_ocr.json',
    exercises: 'L2; Functional; DepthwiseConv2D, ReLU, ZeroPadding2D',
    slowTraining: true,
  },
  {
    file: 'tfjs_layers_keras2.6.0_sequential_embedding_lstm_dense_L2_toxic.json',
    exercises: 'L2 on Embedding embeddings, LSTM kernel and bias, Dense kernel and bias',
  },
  {
    file: 'tfjs_layers_keras2.8.0_sequential_conv2d_bn_L2_emotion.json',
    exercises: 'L2 on Conv2D',
    slowTraining: true,
  },
  {
    file: 'tfjs_layers_keras3.10.0_functional_nested_vgg16_dense_L2_keras3_style.json',
    exercises:
      'Keras 3 through the converter: __keras_tensor__ inbound nodes, the nested-model node shift (gap 11), batch_shape, DTypePolicy, Functional, module/registered_name',
    slowTraining: true, // 224x224 input
  },
  {
    file: 'tfjs_legacy_noformat_keras2.2.4_functional_yolov3_tiny_conv2d_l1l2_tensorspace.json',
    exercises: 'legacy model.json with no format key; L1L2; 20 outputs',
    slowTraining: true, // 416x416 input
  },
  {
    file: 'tfkeras2.2.4-tf_sequential_conv1d_bn_l1l2_from_hdf5_dl4j_issue9560.json',
    exercises: 'batch_input_shape on a later Sequential layer (dropped, as Keras ignores it); L1L2',
  },
  {
    file: 'tfkeras2.2.4-tf_sequential_lenet_kernel_bias_activity_l1l2_kotlindl.json',
    exercises: 'kernel, bias and activity L1L2 (activity regularizers throw in stock tfjs)',
  },
];

const REFUSED: readonly Refused[] = [
  {
    file: 'keras2.1.3_functional_yolo9000_conv2d_l1l2_dl4j.json',
    cause:
      /^Layer "space_to_depth_x2" is a Lambda layer: it holds Python code .*cannot be loaded in TensorFlow\.js/,
  },
  {
    // Also exercises: the nested Functional in a Sequential, module and registered_name.
    file: 'tfjs_layers_keras2.14.0_sequential_nested_efficientnetb0_dense_L1_module_registered_name.json',
    cause:
      /custom layer classes that TensorFlow\.js does not have: "FixedDropout" \(layer "[^"]+" in model "efficientnet-b0", /,
  },
  {
    // Also exercises: LecunNormal, which tfjs spells LeCunNormal, is not reported.
    file: 'tfkeras2.10.0_sequential_dense_custom_MyL1Regularizer_from_hdf5_handsonml.json',
    cause:
      /layer "dense_1": activation "my_softplus", kernel_initializer "my_glorot_initializer", kernel_constraint "my_positive_weights"\. They are custom Python objects/,
  },
];

it('finds exactly the 22 fixture files this suite knows', () => {
  expect(fixtureFiles()).toEqual([...LOADS, ...REFUSED].map(({ file }) => file).sort());
});

// -------------------------------------------------------------------------------------------
// The expected penalty, computed without the adapter, core or tfjs's regularizers.

/** One regularized weight slot read from the original file. */
interface Term {
  readonly layer: string;
  readonly weight: string;
  readonly l1: number;
  readonly l2: number;
  readonly trainable: boolean;
}

/** Each regularizer slot and the weight it penalizes (its name's last part in tfjs). */
const SLOT_WEIGHTS: Readonly<Record<string, string>> = {
  kernel_regularizer: 'kernel',
  bias_regularizer: 'bias',
  recurrent_regularizer: 'recurrent_kernel',
  depthwise_regularizer: 'depthwise_kernel',
  pointwise_regularizer: 'pointwise_kernel',
  embeddings_regularizer: 'embeddings',
  gamma_regularizer: 'gamma',
  beta_regularizer: 'beta',
  alpha_regularizer: 'alpha',
};

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The factors of a regularizer dict, by Keras's rules (keras-semantics §1). */
function factors(value: JsonObject): { l1: number; l2: number } {
  const registered = value.registered_name;
  const name = (typeof registered === 'string' ? registered : String(value.class_name))
    .replaceAll('_', '')
    .toLowerCase();
  const config = isObject(value.config) ? value.config : {};
  const factor = (key: string, fallback: number): number =>
    typeof config[key] === 'number' ? config[key] : fallback;
  if (name === 'l1') return { l1: factor('l1', 0.01), l2: 0 };
  if (name === 'l2') return { l1: 0, l2: factor('l2', 0.01) };
  if (name === 'l1l2') return { l1: factor('l1', 0), l2: factor('l2', 0) };
  throw new Error(`Unexpected regularizer in a fixture: ${JSON.stringify(value)}`);
}

/** Every regularized weight slot of the file's layers (activity slots penalize no weight). */
function expectedTerms(file: unknown): Term[] {
  let topology: unknown = file;
  if (isObject(topology) && 'modelTopology' in topology) topology = topology.modelTopology;
  if (isObject(topology) && 'model_config' in topology) topology = topology.model_config;
  const terms: Term[] = [];
  const walkLayers = (layers: unknown, trainable: boolean): void => {
    if (!Array.isArray(layers)) return;
    for (const layer of layers) {
      if (!isObject(layer) || !isObject(layer.config)) continue;
      const config = layer.config;
      const name = String(config.name);
      const layerTrainable = trainable && config.trainable !== false;
      if (Array.isArray(config.layers)) {
        walkLayers(config.layers, layerTrainable);
        continue;
      }
      // A wrapper's weights (Bidirectional's two copies) belong to the wrapper, under its name.
      const inner =
        isObject(config.layer) && isObject(config.layer.config) ? config.layer.config : {};
      for (const slots of [config, inner]) {
        for (const [slot, weight] of Object.entries(SLOT_WEIGHTS)) {
          const value = slots[slot];
          if (isObject(value))
            terms.push({ layer: name, weight, ...factors(value), trainable: layerTrainable });
        }
      }
    }
  };
  if (isObject(topology)) {
    const config = topology.config;
    walkLayers(Array.isArray(config) ? config : isObject(config) ? config.layers : [], true);
  }
  return terms;
}

/** Every layer of a model, nested models' layers included. */
function allLayers(model: tfl.LayersModel): tfl.layers.Layer[] {
  return model.layers.flatMap((layer) =>
    'layers' in layer ? [layer, ...allLayers(layer as tfl.LayersModel)] : [layer],
  );
}

/** Sum of l1 * |w| + l2 * w² over the weights each term names, and how many weights that is. */
function expectedPenalty(
  model: tfl.LayersModel,
  terms: readonly Term[],
): { total: number; count: number } {
  const layers = new Map(allLayers(model).map((layer) => [layer.name, layer]));
  let total = 0;
  let count = 0;
  for (const term of terms) {
    const layer = layers.get(term.layer);
    expect(layer, `layer ${term.layer}`).toBeDefined();
    const weights = (layer?.weights ?? []).filter(
      (weight) => weight.originalName.split('/').pop() === term.weight,
    );
    expect(weights.length, `${term.layer}/${term.weight}`).toBeGreaterThan(0);
    if (!term.trainable) continue; // a frozen weight is not penalized (keras-semantics §6)
    for (const weight of weights) {
      const values = weight.read().dataSync();
      if (term.l1 !== 0) total += term.l1 * sumAbs(values);
      if (term.l2 !== 0) total += term.l2 * sumSquares(values);
      count++;
    }
  }
  return { total, count };
}

/** The model's training penalty: the sum of its regularization losses. */
function modelPenalty(model: tfl.LayersModel): { total: number; count: number } {
  const losses = model.calculateLosses();
  const total = losses.length === 0 ? 0 : tf.tidy(() => tf.addN(losses).dataSync()[0] ?? NaN);
  tf.dispose(losses);
  return { total, count: losses.length };
}

// -------------------------------------------------------------------------------------------
// One training step.

/** Random inputs of the model's shapes; integer indices below every vocabulary when it embeds. */
function randomInputs(model: tfl.LayersModel): tf.Tensor[] {
  const vocabularies = allLayers(model)
    .filter((layer) => layer.getClassName() === 'Embedding')
    .map((layer) => layer.getConfig().inputDim as number);
  return model.inputs.map((input) => {
    const shape = input.shape.map((size, axis) => size ?? (axis === 0 ? 1 : 4));
    if (vocabularies.length === 0) return tf.randomUniform(shape);
    const indices = tf.randomUniform(shape, 0, Math.min(...vocabularies), 'int32');
    if (input.dtype === 'int32') return indices;
    const floats = tf.cast(indices, 'float32');
    indices.dispose();
    return floats;
  });
}

async function trainOneStep(model: tfl.LayersModel): Promise<void> {
  const xs = randomInputs(model);
  const ys = model.outputs.map((output) => tf.randomUniform(output.shape.map((size) => size ?? 1)));
  try {
    await model.trainOnBatch(
      xs.length === 1 ? (xs[0] as tf.Tensor) : xs,
      ys.length === 1 ? (ys[0] as tf.Tensor) : ys,
    );
  } finally {
    tf.dispose([...xs, ...ys]);
  }
}

describe('the Keras model files that load', () => {
  for (const fixture of LOADS) {
    const train = !fixture.slowTraining || SLOW;
    const training =
      fixture.trainingFailsInTfjs !== undefined
        ? ', and training fails in tfjs 4.22 as expected'
        : train
          ? ', and a training step leaks nothing'
          : ' (training step only with REGULARIZERS_SLOW_TESTS=1)';
    const title = `${fixture.file}: penalty equals the independent sum${training}`;
    it(title, { timeout: train && fixture.slowTraining ? 7_200_000 : 300_000 }, async () => {
      const text = readFixture(fixture.file);
      const before = tf.memory().numTensors;
      const model = await modelFromKerasJSON(text);
      const sized = sizeModel(normalizeKerasJson(text) as unknown as Topology);
      expect([...sized.unsized, ...sized.invalid]).toEqual([]);
      const elements = sized.layers
        .flatMap(({ weights }) => weights)
        .reduce((total, { shape }) => total + shape.reduce((size, dim) => size * dim, 1), 0);
      expect(elements).toBe(model.countParams());
      const terms = expectedTerms(JSON.parse(text));
      expect(terms.length).toBeGreaterThan(0);
      const expected = expectedPenalty(model, terms);
      const actual = modelPenalty(model);
      expect(expected.total).toBeGreaterThan(0);
      expect(actual.count).toBe(expected.count);
      expect(Math.abs(actual.total - expected.total)).toBeLessThanOrEqual(1e-5 * expected.total);

      const multiOutput = model.outputs.length > 1;
      model.compile({
        optimizer: 'sgd',
        // tfjs 4.22 adds the unreduced per-output losses of a multi-output model together, which
        // fails when the outputs differ in shape: each output's loss is reduced to a scalar here.
        loss: multiOutput
          ? (yTrue: tf.Tensor, yPred: tf.Tensor) => tf.mean(tf.squaredDifference(yTrue, yPred))
          : 'meanSquaredError',
      });

      if (train && fixture.trainingFailsInTfjs !== undefined) {
        // A known tfjs failure: no memory promise can be made for a step tfjs aborts.
        await expect(trainOneStep(model)).rejects.toThrow(fixture.trainingFailsInTfjs);
        model.dispose();
        return;
      }
      if (train) {
        // A step must leave the tensor count as it found it. The first step may create what a
        // model keeps between steps (recurrent dropout masks, activity penalties): then a second
        // step must, and disposing the model below must free them.
        let beforeStep = tf.memory().numTensors;
        await trainOneStep(model);
        if (tf.memory().numTensors !== beforeStep) {
          beforeStep = tf.memory().numTensors;
          await trainOneStep(model);
        }
        expect(tf.memory().numTensors).toBe(beforeStep);
      }
      model.dispose();
      expect(tf.memory().numTensors).toBe(before);
    });
  }
});

describe('the Keras model files that cannot load are refused before anything is built', () => {
  for (const { file, cause } of REFUSED) {
    it(file, { timeout: 60_000 }, async () => {
      const text = readFixture(file);
      const before = tf.memory().numTensors;
      const error: unknown = await modelFromKerasJSON(text).then(
        (model) => {
          model.dispose();
          return undefined;
        },
        (reason: unknown) => reason,
      );
      expect(ModelJsonError.isInstance(error)).toBe(true);
      const message = (error as ModelJsonError).message;
      expect(message).toMatch(cause);
      expect(message).not.toMatch(/regulari[sz]er/i);
      expect(tf.memory().numTensors).toBe(before);
    });
  }
});
