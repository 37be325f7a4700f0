import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import * as tfl from '@tensorflow/tfjs-layers';
import {
  conv3dFilterGradient,
  freeVariablesOnFailure,
  isTfjsClassOfKind,
  overrideTestFunction,
  referencesLeftByDispose,
  registeredTfjsClass,
  setRnnCell,
  setSequentialInnerModel,
  removeTfjsClass,
  stockTfjsClass,
  tensorsKeptBetweenCalls,
  tfjsAcceptsName,
  tfjsCamelCase,
  tfjsIdentifierClass,
  tfjsLoadsClassName,
  tfjsLoadsLayerClass,
  tfjsRegularizerBase,
  tfjsSnakeCase,
} from './tfjs-internals.js';
import { oneBatch } from './test-reference.js';

// Each test pins one thing the adapter assumes about tfjs and tfjs does not document, through real
// tfjs (what it writes on save, what it reads on load, what it builds), and is named after it: when
// a tfjs release breaks one, the failing test says which. This file imports tfjs-internals only,
// not the package entry, so that tfjs's class registry holds tfjs's own classes, not ours.

/** Strings with every shape the two conversions treat differently. */
const SAMPLES = [
  'l2',
  'L1Mode',
  'someValue',
  'HTTPServer',
  'getHTTPResponse',
  'conv2D',
  'v2Beta',
  'already_snake',
  'double__under',
  'trailing_',
  '_leading',
  '_',
  'x_',
  'x',
  'A',
  '',
  'My_pkg>Some_Reg',
  'My~pkg>Some~Reg',
  'glorot_uniform',
  'snake_Äpfel',
  'rgzenc0x4d795f',
];

type LayerArgs = ConstructorParameters<typeof tfl.layers.Layer>[0];

/** A layer with no weights whose config holds strings, to see what tfjs does to them. */
class ConversionProbe extends tfl.layers.Layer {
  static readonly className: string = 'ConversionProbe';
  readonly samples: unknown;
  readonly keyed: unknown;

  constructor(args: LayerArgs & { samples?: unknown; keyed?: unknown }) {
    super(args);
    this.samples = args.samples;
    this.keyed = args.keyed;
  }

  override getConfig(): tf.serialization.ConfigDict {
    return {
      ...super.getConfig(),
      samples: SAMPLES,
      keyed: Object.fromEntries(SAMPLES.map((sample, index) => [sample, index])),
    };
  }
}
tf.serialization.registerClass(ConversionProbe);

/** The same probe under a class name that holds `_`. Never registered: only saved. */
class UnderscoredProbe extends ConversionProbe {
  static override readonly className = 'Under_scored_Probe';
}

type SavedLayer = { class_name: string; config: Record<string, unknown> };

/** What `save` writes for one layer (save writes `toJSON(null, false)`). */
function saved(layer: tfl.layers.Layer): SavedLayer {
  const model = tfl.sequential({ layers: [layer] });
  const topology = model.toJSON(undefined, false) as unknown as {
    config: { layers: SavedLayer[] };
  };
  model.dispose();
  return topology.config.layers[0] as SavedLayer;
}

type ModelFile = Parameters<typeof tfl.models.modelFromJSON>[0];

/** A Sequential topology, as a Keras file writes it, with one layer of this config. */
function sequentialOf(className: string, config: Record<string, unknown>): ModelFile {
  const layer = { class_name: className, config: { batch_input_shape: [null, 2], ...config } };
  return { modelTopology: { class_name: 'Sequential', config: { layers: [layer] } } };
}

/** Whether real tfjs builds the model, disposing it. */
async function tfjsBuilds(json: ModelFile): Promise<boolean> {
  try {
    const model = await tfl.models.modelFromJSON(json);
    model.dispose();
    return true;
  } catch {
    return false;
  }
}

describe('tfjs-internals: what the adapter assumes of tfjs', () => {
  it('tfjs-layers snake_cases config keys and string values on save as tfjsSnakeCase does', () => {
    const config = saved(new ConversionProbe({ batchInputShape: [null, 2] })).config;
    expect(config.samples).toEqual(SAMPLES.map(tfjsSnakeCase));
    expect(config.keyed).toEqual(
      Object.fromEntries(SAMPLES.map((sample, index) => [tfjsSnakeCase(sample), index])),
    );
    // Not a tautology: the copy gives what a reader of tfjs's regular expressions expects.
    expect(['L1Mode', 'HTTPServer', '_leading'].map(tfjsSnakeCase)).toEqual([
      'l1_mode',
      'http_server',
      'private_leading',
    ]);
  });

  it('tfjs-layers keeps class names and name values as they are on save', () => {
    const layer = saved(
      new UnderscoredProbe({ name: 'Name_With_Caps', batchInputShape: [null, 2] }),
    );
    expect(layer.class_name).toBe('Under_scored_Probe');
    expect(layer.config.name).toBe('Name_With_Caps');
  });

  it('tfjs-layers camelCases config keys and string values, but not name values, on load as tfjsCamelCase does', async () => {
    const json = sequentialOf('ConversionProbe', {
      name: 'name_kept',
      samples: SAMPLES,
      keyed: Object.fromEntries(SAMPLES.map((sample, index) => [sample, index])),
    });
    const model = await tfl.models.modelFromJSON(json);
    const probe = model.layers[0] as ConversionProbe;
    expect(probe).toBeInstanceOf(ConversionProbe);
    expect(probe.name).toBe('name_kept');
    expect(probe.samples).toEqual(SAMPLES.map(tfjsCamelCase));
    expect(probe.keyed).toEqual(
      Object.fromEntries(SAMPLES.map((sample, index) => [tfjsCamelCase(sample), index])),
    );
    expect(['l1_mode', 'double__under', 'trailing_'].map(tfjsCamelCase)).toEqual([
      'l1Mode',
      'doubleUnder',
      'trailing',
    ]);
    model.dispose();
  });

  it('tfjs-layers camelCases a class_name on load and looks it up among registered classes, as tfjsLoadsClassName does', async () => {
    const names = ['ConversionProbe', 'Conversion_Probe', 'conversion_probe', 'Missing_Probe'];
    const built = await Promise.all(names.map((name) => tfjsBuilds(sequentialOf(name, {}))));
    expect(built).toEqual([true, true, false, false]);
    expect(names.map(tfjsLoadsClassName)).toEqual(built);
    expect(tfjsLoadsClassName('Dense')).toBe(true);
  });

  it('tfjs-layers resolves activation, initializer and constraint names as tfjsIdentifierClass finds them', async () => {
    const uses: Array<[string, string]> = [
      ...['relu', 'elu', 'selu', 'sigmoid', 'hard_sigmoid', 'softmax', 'log_softmax', 'softplus']
        .concat(['softsign', 'tanh', 'linear', 'relu6', 'swish', 'mish', 'gelu', 'gelu_new'])
        .concat(['exponential', 'my_activation'])
        .map((name): [string, string] => ['activation', name]),
      ...['zeros', 'ones', 'glorot_uniform', 'glorot_normal', 'he_normal', 'he_uniform']
        // Not 'orthogonal': it resolves, but stock tfjs cannot build it in Node (see
        // orthogonal-initializer.ts), so building says nothing about the name.
        .concat(['random_normal', 'random_uniform', 'truncated_normal', 'identity'])
        .concat(['variance_scaling', 'lecun_normal', 'LeCunNormal', 'my_initializer'])
        .map((name): [string, string] => ['kernel_initializer', name]),
      ...['max_norm', 'min_max_norm', 'non_neg', 'unit_norm', 'radial_constraint'].map(
        (name): [string, string] => ['kernel_constraint', name],
      ),
    ];
    const built = [];
    for (const [key, name] of uses) {
      built.push(await tfjsBuilds(sequentialOf('Dense', { units: 2, [key]: name })));
    }
    expect(uses.map(([, name]) => tfjsIdentifierClass(name) !== undefined)).toEqual(built);
    // Both answers occur, so the comparison above has something to compare.
    expect(built.filter(Boolean).length).toBeGreaterThan(20);
    expect(built.filter((ok) => !ok).length).toBeGreaterThan(3);
  });

  it('serialization.registerClass files each class under its className, where registeredTfjsClass and stockTfjsClass find it', () => {
    expect(tfl.layers.dense({ units: 1 })).toBeInstanceOf(stockTfjsClass('Dense'));
    expect(tfl.layers.lstm({ units: 1 })).toBeInstanceOf(stockTfjsClass('LSTM'));
    expect(tfl.sequential()).toBeInstanceOf(stockTfjsClass('Sequential'));
    expect(tfl.initializers.orthogonal({})).toBeInstanceOf(stockTfjsClass('Orthogonal'));
    expect(registeredTfjsClass('ConversionProbe')).toBe(ConversionProbe);
    expect(registeredTfjsClass('constructor')).toBeUndefined();
    expect(registeredTfjsClass('NoSuchClass')).toBeUndefined();
    expect(() => stockTfjsClass('NoSuchClass')).toThrow(/no class NoSuchClass to extend/);
  });

  it("tfjs-layers' regularizers share one Regularizer base class, the only kind its layers accept", () => {
    const Base = tfjsRegularizerBase();
    for (const regularizer of [
      tfl.regularizers.l1(),
      tfl.regularizers.l2(),
      tfl.regularizers.l1l2(),
    ]) {
      expect(regularizer).toBeInstanceOf(Base);
    }
    class Doubled extends Base {
      override apply(x: tf.Tensor): tf.Scalar {
        return tf.mul(2, tf.sum(x));
      }
      override getConfig(): tf.serialization.ConfigDict {
        return {};
      }
    }
    const model = tfl.sequential({
      layers: [
        tfl.layers.dense({
          units: 1,
          inputShape: [3],
          kernelInitializer: 'ones',
          kernelRegularizer: new Doubled(),
        }),
      ],
    });
    const losses = tf.tidy(() =>
      model.layers.flatMap((layer) => layer.calculateLosses().map((loss) => loss.dataSync()[0])),
    );
    expect(losses).toEqual([6]); // 2 * sum of a 3×1 kernel of ones
    model.dispose();
    const lookalike = { apply: (x: tf.Tensor) => tf.sum(x), getConfig: () => ({}) };
    expect(() =>
      tfl.layers.dense({ units: 1, kernelRegularizer: lookalike as unknown as Doubled }),
    ).toThrow(/regularizer/i);
  });

  it("tfjs-core's engine state lists every variable tfjs-layers creates, so freeVariablesOnFailure frees a half-built model", async () => {
    const before = tf.memory().numTensors;
    const build = () =>
      tfl.sequential({ layers: [tfl.layers.dense({ units: 3, inputShape: [4] })] });
    await expect(
      freeVariablesOnFailure(() => {
        expect(build().weights).toHaveLength(2);
        return Promise.reject(new Error('failed half-way'));
      }),
    ).rejects.toThrow('failed half-way');
    expect(tf.memory().numTensors).toBe(before);

    const model = await freeVariablesOnFailure(() => Promise.resolve(build()));
    expect(tf.memory().numTensors).toBe(before + 2);
    model.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it("LayersModel's evaluate(), evaluateDataset() and fit's validation run the function its private makeTestFunction() stores in testFunction, as overrideTestFunction sets it", async () => {
    class Sevens extends tfl.LayersModel {}
    overrideTestFunction(Sevens, () => (data) => [
      tf.mul(tf.sum(tf.onesLike(data[0] as tf.Tensor)), 7),
    ]);
    const input = tfl.input({ shape: [2] });
    const model = new Sevens({
      inputs: input,
      outputs: tfl.layers.dense({ units: 1 }).apply(input) as tfl.SymbolicTensor,
    });
    model.compile({ optimizer: 'sgd', loss: 'meanSquaredError' });
    const x = tf.ones([3, 2]);
    const y = tf.ones([3, 1]);
    const evaluated = model.evaluate(x, y, { batchSize: 3 }) as tf.Scalar;
    expect(evaluated.dataSync()[0]).toBe(42); // 7 * 6 ones, one batch
    const evaluatedDataset = (await model.evaluateDataset(oneBatch(x, y), {})) as tf.Scalar;
    expect(evaluatedDataset.dataSync()[0]).toBe(42);
    const history = await model.fit(x, y, { epochs: 1, batchSize: 3, validationData: [x, y] });
    expect(history.history.val_loss).toEqual([42]);
    expect(() => {
      overrideTestFunction(tfl.LayersModel, () => () => []);
    }).toThrow(/never tfjs itself/);
    tf.dispose([x, y, evaluated, evaluatedDataset]);
    model.dispose();
  });

  it("tfjs-layers' Sequential delegates fit, evaluate, predict and trainOnBatch to the model in its private field `model`, built in build(), which setSequentialInnerModel replaces", async () => {
    const calls: string[] = [];
    class Recording extends tfl.LayersModel {
      override evaluate(...args: Parameters<tfl.LayersModel['evaluate']>) {
        calls.push('evaluate');
        return super.evaluate(...args);
      }
      override async fit(...args: Parameters<tfl.LayersModel['fit']>) {
        calls.push('fit');
        return super.fit(...args);
      }
      override predict(...args: Parameters<tfl.LayersModel['predict']>) {
        calls.push('predict');
        return super.predict(...args);
      }
      override async trainOnBatch(...args: Parameters<tfl.LayersModel['trainOnBatch']>) {
        calls.push('trainOnBatch');
        return super.trainOnBatch(...args);
      }
    }
    class Delegating extends tfl.Sequential {
      override build(inputShape?: Parameters<tfl.Sequential['build']>[0]): void {
        super.build(inputShape);
        const inner = new Recording({ inputs: this.inputs, outputs: this.outputs });
        setSequentialInnerModel(this, inner);
      }
    }
    const model = new Delegating({ layers: [tfl.layers.dense({ units: 1, inputShape: [2] })] });
    model.compile({ optimizer: 'sgd', loss: 'meanSquaredError' });
    const x = tf.ones([2, 2]);
    const y = tf.ones([2, 1]);
    await model.fit(x, y, { epochs: 1 });
    tf.dispose([model.evaluate(x, y), model.predict(x)]);
    await model.trainOnBatch(x, y);
    expect(calls).toEqual(['fit', 'evaluate', 'predict', 'trainOnBatch']);
    tf.dispose([x, y]);
    model.dispose();
  });

  it("tfjs-layers' RNN reads its cell from its `cell` field when it builds, runs and saves, so setRnnCell replaces it", () => {
    type GRUCell = ReturnType<typeof tfl.layers.gruCell>;
    const GRUCell = stockTfjsClass('GRUCell') as unknown as new (
      args: Parameters<typeof tfl.layers.gruCell>[0],
    ) => GRUCell;
    const built: string[] = [];
    class Recording extends GRUCell {
      override build(inputShape: Parameters<GRUCell['build']>[0]): void {
        built.push('build');
        super.build(inputShape);
      }
      override getConfig(): tf.serialization.ConfigDict {
        return { ...super.getConfig(), recorded: true };
      }
    }
    const layer = tfl.layers.gru({ units: 2, recurrentInitializer: 'glorotUniform' });
    const cell = new Recording({ units: 2, recurrentInitializer: 'glorotUniform' });
    setRnnCell(layer, cell);
    const output = layer.apply(tf.ones([1, 3, 2])) as tf.Tensor;
    expect(built).toEqual(['build']);
    expect(layer.weights.map((weight) => weight.read().shape)).toEqual(
      cell.weights.map((weight) => weight.read().shape),
    );
    expect(layer.getConfig().recorded).toBe(true);
    output.dispose();
    layer.dispose();
  });

  it("tfjs-core's engine runs the Conv3DBackpropFilterV2 kernel as its Conv3D gradient does, as conv3dFilterGradient calls it", () => {
    const x = tf.tidy(() => tf.randomNormal<tf.Rank.R5>([2, 3, 3, 3, 2], 0, 1, 'float32', 1));
    const filter = tf.tidy(() => tf.randomNormal<tf.Rank.R5>([2, 2, 2, 2, 3], 0, 1, 'float32', 2));
    for (const [strides, pad] of [
      [1, 'valid'],
      [2, 'same'],
    ] as const) {
      const dy = tf.tidy(() => tf.onesLike<tf.Tensor5D>(tf.conv3d(x, filter, strides, pad)));
      const viaGrad = tf.grad((f: tf.Tensor) =>
        tf.sum(tf.mul(tf.conv3d(x, f as tf.Tensor5D, strides, pad), dy)),
      )(filter);
      const ours = conv3dFilterGradient(x, dy, [2, 2, 2, 2, 3], strides, pad);
      expect(ours.shape).toEqual(filter.shape);
      const difference = tf.tidy(() => tf.max(tf.abs(tf.sub(ours, viaGrad))).dataSync()[0]);
      expect(difference).toBeLessThan(1e-5);
      tf.dispose([dy, viaGrad, ours]);
    }
    tf.dispose([x, filter]);
  });

  it("tfjs-layers' training step adds this.calculateLosses() to the loss once, inside the optimizer's minimize, and fit labels its outputs with getDedupedMetricsNames()", async () => {
    let calls = 0;
    class Penalized extends tfl.LayersModel {
      override calculateLosses(): tf.Scalar[] {
        calls++;
        // 5, connected to the kernel, so that it is part of what minimize differentiates.
        const kernel = this.trainableWeights[0]?.read() ?? tf.scalar(0);
        return [tf.add<tf.Scalar>(tf.mul(tf.sum(kernel), 0), 5)];
      }
      protected override getDedupedMetricsNames(): string[] {
        return [...super.getDedupedMetricsNames(), 'extra'];
      }
      protected override makeTrainFunction(): (data: tf.Tensor[]) => tf.Scalar[] {
        const step = super.makeTrainFunction();
        return (data) => [...step(data), tf.scalar(3)];
      }
    }
    const input = tfl.input({ shape: [1] });
    const dense = tfl.layers.dense({ units: 1, kernelInitializer: 'zeros', useBias: false });
    const model = new Penalized({
      inputs: input,
      outputs: dense.apply(input) as tfl.SymbolicTensor,
    });
    model.compile({ optimizer: 'sgd', loss: 'meanSquaredError' });
    const x = tf.ones([2, 1]);
    const y = tf.ones([2, 1]);
    const history = await model.fit(x, y, { epochs: 1, batchSize: 2 });
    expect(calls).toBe(1);
    expect(history.history.loss).toEqual([6]); // data loss 1, plus the 5
    expect(history.history.extra).toEqual([3]);
    tf.dispose([x, y]);
    model.dispose();
  });

  it('tfjs-layers keeps recurrent dropout masks and states on the fields tensorsKeptBetweenCalls reads, and dispose() frees none of them', () => {
    const before = tf.memory().numTensors;
    // Stock classes, with an initializer that builds without chained ops.
    const recurrent = { units: 2, recurrentInitializer: 'glorotUniform', dropout: 0.5 } as const;
    const stateful = tfl.layers.lstm({ ...recurrent, recurrentDropout: 0.5, stateful: true });
    const bidirectional = tfl.layers.bidirectional({ layer: tfl.layers.gru(recurrent) });
    const kept = [stateful, bidirectional].map((layer) => {
      layer.apply(tfl.input({ batchShape: [1, 3, 2] }));
      tf.tidy(() => {
        layer.apply(tf.ones([1, 3, 2]), { training: true });
      });
      layer.dispose();
      return tensorsKeptBetweenCalls(layer);
    });
    // LSTM: 4 dropout masks, 4 recurrent dropout masks, 2 states and the 2 states of before the
    // call, which a training call keeps; GRU: 3 dropout masks per direction.
    expect(kept.map((tensors) => tensors.length)).toEqual([12, 6]);
    expect(kept.flat().every((tensor) => !tensor.isDisposed)).toBe(true);
    expect(tf.memory().numTensors).toBe(before + 18);
    tf.dispose(kept.flat());
    expect(tf.memory().numTensors).toBe(before);
    expect(tensorsKeptBetweenCalls(tfl.layers.dense({ units: 1 }))).toEqual([]);
  });

  it("tfjs-layers' dispose() leaves a shared layer, and a model nested after a Sequential's first layer, referenced as referencesLeftByDispose says", () => {
    const before = tf.memory().numTensors;
    const functional = () => {
      const input = tfl.input({ shape: [4] });
      const output = tfl.layers.dense({ units: 2 }).apply(input) as tfl.SymbolicTensor;
      return tfl.model({ inputs: input, outputs: output });
    };
    const leading = tfl.sequential({ layers: [functional(), tfl.layers.dense({ units: 1 })] });
    expect(referencesLeftByDispose(leading)).toEqual([]);
    leading.dispose();
    expect(tf.memory().numTensors).toBe(before);

    const inner = functional();
    const following = tfl.sequential({
      layers: [tfl.layers.dense({ units: 4, inputShape: [3] }), inner],
    });
    expect(referencesLeftByDispose(following)).toEqual([inner]);
    following.dispose();
    expect(tf.memory().numTensors).toBe(before + 2); // inner's kernel and bias
    expect(inner.dispose().refCountAfterDispose).toBe(0);
    expect(tf.memory().numTensors).toBe(before);

    // A layer called three times in a functional model keeps two references after dispose().
    const input = tfl.input({ shape: [2] });
    const shared = tfl.layers.dense({ units: 2 });
    const once = shared.apply(input) as tfl.SymbolicTensor;
    const output = shared.apply(shared.apply(once)) as tfl.SymbolicTensor;
    const siamese = tfl.model({ inputs: input, outputs: output });
    expect(referencesLeftByDispose(siamese)).toEqual([shared, shared]);
    siamese.dispose();
    expect(tf.memory().numTensors).toBe(before + 2);
    shared.dispose();
    expect(shared.dispose().refCountAfterDispose).toBe(0);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('tfjs looks classes up in the map removeTfjsClass deletes from', async () => {
    class RemovableProbe extends ConversionProbe {
      static override readonly className = 'RemovableProbe';
    }
    tf.serialization.registerClass(RemovableProbe);
    expect(await tfjsBuilds(sequentialOf('RemovableProbe', {}))).toBe(true);
    removeTfjsClass('RemovableProbe', ConversionProbe); // not the class registered there
    expect(registeredTfjsClass('RemovableProbe')).toBe(RemovableProbe);
    removeTfjsClass('RemovableProbe', RemovableProbe);
    expect(registeredTfjsClass('RemovableProbe')).toBeUndefined();
    expect(await tfjsBuilds(sequentialOf('RemovableProbe', {}))).toBe(false);
  });

  it('tfjs-layers builds whatever class an initializer slot names, and its kinds have the base classes isTfjsClassOfKind reads', async () => {
    // A model class named as an initializer is built as a model, and tfjs crashes.
    const crash = await tfl.models
      .modelFromJSON(
        sequentialOf('Dense', {
          units: 1,
          kernel_initializer: { class_name: 'Model', config: {} },
        }),
      )
      .catch((error: unknown) => error);
    expect(crash).toBeInstanceOf(TypeError);

    class CustomActivation extends tf.serialization.Serializable {
      static readonly className = 'customActivationProbe';
      apply(x: tf.Tensor): tf.Tensor {
        return x;
      }
      getConfig(): tf.serialization.ConfigDict {
        return {};
      }
    }
    tf.serialization.registerClass(CustomActivation);
    const kinds = ['initializer', 'constraint', 'activation'] as const;
    const kindsOf = (name: string) =>
      kinds.filter((kind) => {
        const found = tfjsIdentifierClass(name);
        return found !== undefined && isTfjsClassOfKind(found, kind);
      });
    expect(kindsOf('glorot_uniform')).toEqual(['initializer']);
    expect(kindsOf('Zeros')).toEqual(['initializer']);
    expect(kindsOf('max_norm')).toEqual(['constraint']);
    expect(kindsOf('relu')).toEqual(['activation']);
    expect(kindsOf('customActivationProbe')).toEqual(['activation']);
    for (const other of ['Model', 'Sequential', 'Dense', 'L1L2'])
      expect(kindsOf(other)).toEqual([]);
  });

  it('tfjs-layers refuses the layer names tfjsAcceptsName refuses, after making a weight', () => {
    const names = ['dense', 'Dense-1.a_b/c', '9x', 'dens\x80', 'my dense', '_dense', 'a:b', 'ü'];
    const built = [];
    const leaked = [];
    for (const name of names) {
      const before = tf.memory().numTensors;
      try {
        const layer = tfl.layers.dense({ name, units: 1 });
        layer.apply(tfl.input({ shape: [2] }));
        layer.dispose();
        built.push(true);
      } catch {
        built.push(false);
        leaked.push(tf.memory().numTensors - before);
      }
    }
    expect(names.map(tfjsAcceptsName)).toEqual(built);
    expect(built.filter((ok) => !ok)).toHaveLength(5);
    // Stock tfjs leaves the kernel's initial value behind on each refusal.
    expect(leaked.every((count) => count >= 1)).toBe(true);
  });

  it("tfjs-layers adds whatever class a layer's class_name finds to the model, as tfjsLoadsLayerClass guards against", async () => {
    const crash = await tfl.models
      .modelFromJSON(sequentialOf('Orthogonal', { gain: 1 }))
      .catch((error: unknown) => error);
    expect(crash).toBeInstanceOf(TypeError);
    const names = [
      'Dense',
      'LSTMCell',
      'Model',
      'Sequential',
      'ConversionProbe',
      'Orthogonal',
      'L1L2',
      'relu',
      'NoSuchClass',
    ];
    expect(names.filter(tfjsLoadsLayerClass)).toEqual([
      'Dense',
      'LSTMCell',
      'Model',
      'Sequential',
      'ConversionProbe',
    ]);
  });
});
