import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import * as tfl from '@tensorflow/tfjs-layers';
import { L1, l1l2, l2 } from '@regularizers/builtin';
import {
  InvalidArgumentError,
  registerRegularizer,
  unregisterRegularizer,
} from '@regularizers/core';
import { sumAbs, sumSquares } from '@regularizers/core/testing';
import { layers } from './index.js';
import type { RegularizerSlotValue } from './index.js';
import { layerTable } from './layer-table.js';
import { expectClose } from './test-reference.js';

// ---------------------------------------------------------------------------------------------
// Independent reference: penalties computed with plain loops over the tensors' values (sumAbs and
// sumSquares come from @regularizers/core/testing).

/** A regularizer to put in a slot, and the penalty it must give, computed independently. */
interface RegularizerKind {
  readonly label: string;
  readonly make: () => RegularizerSlotValue;
  readonly penalty: (values: ArrayLike<number>) => number;
}

/** Our regularizers, used in turn so every kind appears across the table. */
const OURS: readonly RegularizerKind[] = [
  { label: 'l2(0.3)', make: () => l2(0.3), penalty: (v) => 0.3 * sumSquares(v) },
  {
    label: 'l1l2({ l1: 0.1, l2: 0.2 })',
    make: () => l1l2({ l1: 0.1, l2: 0.2 }),
    penalty: (v) => 0.1 * sumAbs(v) + 0.2 * sumSquares(v),
  },
  {
    label: 'new L1({ l1: 0.05 })',
    make: () => new L1({ l1: 0.05 }),
    penalty: (v) => 0.05 * sumAbs(v),
  },
];

const PLAIN: RegularizerKind = {
  label: 'a plain function',
  make: () => (x: tf.Tensor) => tf.mul(0.5, tf.sum(tf.abs(x))),
  penalty: (v) => 0.5 * sumAbs(v),
};

/**
 * Bidirectional rebuilds its wrapped layer from that layer's config (tfjs gap 9), so a plain
 * function in the wrapped layer must be registered before the wrapper is built.
 */
function slotsTestPenalty(x: tf.Tensor): tf.Tensor {
  return tf.mul(0.5, tf.sum(tf.abs(x)));
}
const PLAIN_REGISTERED: RegularizerKind = {
  label: 'a plain function (registered)',
  make: () => slotsTestPenalty,
  penalty: (v) => 0.5 * sumAbs(v),
};
let registeredName = '';
beforeAll(() => {
  registeredName = registerRegularizer(slotsTestPenalty, { package: 'LayerSlotsTest' });
});
afterAll(() => {
  unregisterRegularizer(registeredName);
});

// ---------------------------------------------------------------------------------------------
// The table: every layer factory, the weight each slot regularizes, and an input to build it.

type Slots = Record<string, RegularizerSlotValue>;

interface LayerCase {
  /** The `layers` factory. */
  readonly name: string;
  /** Builds the layer with the given slots, with initializers that give non-trivial weights. */
  readonly build: (slots: Slots) => tfl.layers.Layer;
  /** An input with a batch of 2 or more. */
  readonly input: () => tf.Tensor;
  /** Weight slot to the last segment of the `originalName` of the weight it regularizes. */
  readonly weightSlots: Readonly<Record<string, string>>;
  /** How many weights each slot regularizes (Bidirectional: forward and backward copies). */
  readonly copies?: number;
  /** The plain function to use for the weight slots, when an unregistered one cannot work. */
  readonly plain?: RegularizerKind;
}

const init = (seed: number) => tfl.initializers.randomNormal({ mean: 0.1, stddev: 0.5, seed });
const randomInput = (shape: number[]) => () => tf.randomNormal(shape, 0, 1, 'float32', 7);
const KERNEL_BIAS = { kernelRegularizer: 'kernel', biasRegularizer: 'bias' };
const RECURRENT = { ...KERNEL_BIAS, recurrentRegularizer: 'recurrent_kernel' };
const NORMALIZATION = { gammaRegularizer: 'gamma', betaRegularizer: 'beta' };
const recurrentInit = {
  kernelInitializer: init(1),
  recurrentInitializer: init(2),
  biasInitializer: init(3),
};

const CASES: readonly LayerCase[] = [
  {
    name: 'dense',
    build: (slots) =>
      layers.dense({ units: 3, kernelInitializer: init(1), biasInitializer: init(2), ...slots }),
    input: randomInput([3, 4]),
    weightSlots: KERNEL_BIAS,
  },
  {
    name: 'conv1d',
    build: (slots) =>
      layers.conv1d({
        filters: 2,
        kernelSize: 2,
        kernelInitializer: init(1),
        biasInitializer: init(2),
        ...slots,
      }),
    input: randomInput([2, 4, 3]),
    weightSlots: KERNEL_BIAS,
  },
  {
    name: 'conv2d',
    build: (slots) =>
      layers.conv2d({
        filters: 2,
        kernelSize: 2,
        kernelInitializer: init(1),
        biasInitializer: init(2),
        ...slots,
      }),
    input: randomInput([2, 3, 3, 2]),
    weightSlots: KERNEL_BIAS,
  },
  {
    name: 'conv3d',
    build: (slots) =>
      layers.conv3d({
        filters: 2,
        kernelSize: 2,
        kernelInitializer: init(1),
        biasInitializer: init(2),
        ...slots,
      }),
    input: randomInput([2, 3, 3, 3, 1]),
    weightSlots: KERNEL_BIAS,
  },
  {
    name: 'conv2dTranspose',
    build: (slots) =>
      layers.conv2dTranspose({
        filters: 3,
        kernelSize: 2,
        kernelInitializer: init(1),
        biasInitializer: init(2),
        ...slots,
      }),
    input: randomInput([2, 2, 2, 2]),
    weightSlots: KERNEL_BIAS,
  },
  {
    name: 'conv3dTranspose',
    build: (slots) =>
      layers.conv3dTranspose({
        filters: 2,
        kernelSize: 2,
        kernelInitializer: init(1),
        biasInitializer: init(2),
        ...slots,
      }),
    input: randomInput([2, 2, 2, 2, 1]),
    weightSlots: KERNEL_BIAS,
  },
  {
    name: 'separableConv2d',
    build: (slots) =>
      layers.separableConv2d({
        filters: 3,
        kernelSize: 2,
        depthwiseInitializer: init(1),
        pointwiseInitializer: init(2),
        biasInitializer: init(3),
        ...slots,
      }),
    input: randomInput([2, 3, 3, 2]),
    weightSlots: {
      depthwiseRegularizer: 'depthwise_kernel',
      pointwiseRegularizer: 'pointwise_kernel',
      biasRegularizer: 'bias',
    },
  },
  {
    name: 'depthwiseConv2d',
    build: (slots) =>
      layers.depthwiseConv2d({
        kernelSize: 2,
        depthMultiplier: 2,
        depthwiseInitializer: init(1),
        biasInitializer: init(2),
        ...slots,
      }),
    input: randomInput([2, 3, 3, 2]),
    weightSlots: { depthwiseRegularizer: 'depthwise_kernel', biasRegularizer: 'bias' },
  },
  {
    name: 'embedding',
    build: (slots) =>
      layers.embedding({ inputDim: 5, outputDim: 3, embeddingsInitializer: init(1), ...slots }),
    input: () =>
      tf.tensor2d(
        [
          [0, 1, 4],
          [3, 2, 0],
        ],
        [2, 3],
        'int32',
      ),
    weightSlots: { embeddingsRegularizer: 'embeddings' },
  },
  {
    name: 'simpleRNN',
    build: (slots) => layers.simpleRNN({ units: 3, ...recurrentInit, ...slots }),
    input: randomInput([2, 3, 2]),
    weightSlots: RECURRENT,
  },
  {
    name: 'lstm',
    build: (slots) => layers.lstm({ units: 3, ...recurrentInit, ...slots }),
    input: randomInput([2, 3, 2]),
    weightSlots: RECURRENT,
  },
  {
    name: 'gru',
    build: (slots) => layers.gru({ units: 3, ...recurrentInit, ...slots }),
    input: randomInput([2, 3, 2]),
    weightSlots: RECURRENT,
  },
  {
    name: 'convLstm2d',
    build: (slots) => layers.convLstm2d({ filters: 2, kernelSize: 2, ...recurrentInit, ...slots }),
    input: randomInput([2, 2, 3, 3, 1]),
    weightSlots: RECURRENT,
  },
  {
    name: 'bidirectional',
    build: (slots) => {
      const { activityRegularizer, ...wrappedSlots } = slots;
      return layers.bidirectional({
        layer: layers.lstm({ units: 3, ...recurrentInit, ...wrappedSlots }),
        ...(activityRegularizer === undefined ? {} : { activityRegularizer }),
      });
    },
    input: randomInput([2, 3, 2]),
    weightSlots: RECURRENT,
    copies: 2,
    plain: PLAIN_REGISTERED,
  },
  {
    name: 'batchNormalization',
    build: (slots) =>
      layers.batchNormalization({ gammaInitializer: init(1), betaInitializer: init(2), ...slots }),
    input: randomInput([3, 4]),
    weightSlots: NORMALIZATION,
  },
  {
    name: 'layerNormalization',
    build: (slots) =>
      layers.layerNormalization({ gammaInitializer: init(1), betaInitializer: init(2), ...slots }),
    input: randomInput([3, 4]),
    weightSlots: NORMALIZATION,
  },
  {
    name: 'prelu',
    build: (slots) => layers.prelu({ alphaInitializer: init(1), ...slots }),
    input: randomInput([3, 4]),
    weightSlots: { alphaRegularizer: 'alpha' },
  },
];

/** The weights of `layer` whose `originalName` ends with `/name`. */
function weightsNamed(layer: tfl.layers.Layer, name: string): tfl.LayerVariable[] {
  return layer.weights.filter((weight) => weight.originalName.endsWith(`/${name}`));
}

/** Applies `layer` eagerly to the case's input; returns the output and the layer's losses. */
function run(
  layerCase: LayerCase,
  layer: tfl.layers.Layer,
): { output: tf.Tensor; losses: tf.Scalar[]; total: number } {
  const input = layerCase.input();
  const output = layer.apply(input) as tf.Tensor;
  if (output !== input) input.dispose();
  const losses = layer.calculateLosses();
  const sum = losses.length === 0 ? tf.scalar(0) : tf.addN(losses);
  const total = sum.dataSync()[0] ?? Number.NaN;
  sum.dispose();
  return { output, losses, total };
}

function dispose(output: tf.Tensor, losses: tf.Scalar[], layer: tfl.layers.Layer): void {
  output.dispose();
  tf.dispose(losses);
  layer.dispose();
}

interface SlotRow {
  readonly layerCase: LayerCase;
  readonly slot: string;
  /** The weight the slot regularizes; `null` for the activity slot. */
  readonly weight: string | null;
  readonly kind: RegularizerKind;
}

const ROWS: SlotRow[] = CASES.flatMap((layerCase, caseIndex) =>
  [...Object.entries(layerCase.weightSlots), ['activityRegularizer', null] as const].flatMap(
    ([slot, weight], slotIndex): SlotRow[] => {
      const ours = OURS[(caseIndex + slotIndex) % OURS.length] ?? PLAIN;
      const plain = weight === null ? PLAIN : (layerCase.plain ?? PLAIN);
      return [ours, plain].map((kind) => ({ layerCase, slot, weight, kind }));
    },
  ),
);

describe('every regularizer slot of every layer factory', () => {
  it('covers every factory of `layers` with weight slots and an activity slot', () => {
    // Layers without weights, and those that refuse an activity regularizer (RNN cells, input
    // layers), are covered by activity-layers.test.ts.
    const withWeights = Object.values(layerTable)
      .filter(
        (row) =>
          Object.keys(row.weightSlots).length > 0 &&
          !('refusedSlots' in row && 'activityRegularizer' in row.refusedSlots),
      )
      .map((row) => row.factory);
    const covered = CASES.map((layerCase) => layerCase.name);
    expect(covered.sort()).toEqual(withWeights.sort());
    expect(Object.keys(layers)).toContain('activityRegularization');
  });

  it.each(
    ROWS.filter((row) => row.weight !== null).map(
      (row) =>
        [
          `${row.layerCase.name}: ${row.slot}`,
          row.kind.label,
          `/${row.weight ?? ''}`,
          row,
        ] as const,
    ),
  )('%s with %s penalizes the trainable %s weight(s)', (_name, _label, _suffix, row) => {
    const { layerCase, slot, kind } = row;
    const weightName = row.weight ?? '';
    const copies = layerCase.copies ?? 1;
    const before = tf.memory().numTensors;
    const layer = layerCase.build({ [slot]: kind.make() });
    const { output, losses, total } = run(layerCase, layer);

    const targets = weightsNamed(layer, weightName);
    expect(targets).toHaveLength(copies);
    let expected = 0;
    for (const weight of targets) {
      expect(weight.trainable).toBe(true);
      const values = weight.read().dataSync();
      expect(sumAbs(values)).toBeGreaterThan(0); // the initializers give non-trivial values
      expected += kind.penalty(values);
    }
    expect(losses).toHaveLength(copies);
    expectClose(total, expected);

    dispose(output, losses, layer);
    expect(tf.memory().numTensors).toBe(before);
  });

  it.each(
    ROWS.filter((row) => row.weight === null).map(
      (row) => [row.layerCase.name, row.kind.label, row] as const,
    ),
  )('%s: activityRegularizer with %s gives penalty(output) / batch size', (_name, _label, row) => {
    const { layerCase, kind } = row;
    const before = tf.memory().numTensors;
    const layer = layerCase.build({ activityRegularizer: kind.make() });
    const { output, losses, total } = run(layerCase, layer);

    const batch = output.shape[0];
    expect(batch).toBeGreaterThan(1);
    const values = output.dataSync();
    expect(sumAbs(values)).toBeGreaterThan(0);
    expect(losses).toHaveLength(1);
    expectClose(total, kind.penalty(values) / batch);

    dispose(output, losses, layer);
    expect(tf.memory().numTensors).toBe(before);
  });

  it.each(CASES.map((layerCase) => [layerCase.name, layerCase] as const))(
    '%s: all slots at once give one entry per slot (and copy), summing to each penalty',
    (_name, layerCase) => {
      const before = tf.memory().numTensors;
      const slots: Slots = {};
      const kinds: Record<string, RegularizerKind> = {};
      Object.keys(layerCase.weightSlots).forEach((slot, i) => {
        const kind = OURS[i % OURS.length] ?? PLAIN;
        kinds[slot] = kind;
        slots[slot] = kind.make();
      });
      slots.activityRegularizer = PLAIN.make();
      const layer = layerCase.build(slots);
      const { output, losses, total } = run(layerCase, layer);

      const copies = layerCase.copies ?? 1;
      let expected = PLAIN.penalty(output.dataSync()) / output.shape[0];
      for (const [slot, weightName] of Object.entries(layerCase.weightSlots)) {
        const targets = weightsNamed(layer, weightName);
        expect(targets).toHaveLength(copies);
        for (const weight of targets)
          expected += kinds[slot]?.penalty(weight.read().dataSync()) ?? NaN;
      }
      expect(losses).toHaveLength(Object.keys(layerCase.weightSlots).length * copies + 1);
      expectClose(total, expected);

      dispose(output, losses, layer);
      expect(tf.memory().numTensors).toBe(before);
    },
  );
});

describe('a frozen layer', () => {
  const frozenCases = CASES.filter((layerCase) =>
    ['dense', 'lstm', 'bidirectional', 'batchNormalization', 'separableConv2d'].includes(
      layerCase.name,
    ),
  );

  it.each(frozenCases.map((layerCase) => [layerCase.name, layerCase] as const))(
    '%s adds no weight penalty but keeps its activity penalty; unfrozen, it adds them again',
    (_name, layerCase) => {
      const before = tf.memory().numTensors;
      const slots: Slots = { activityRegularizer: l2(0.3) };
      for (const slot of Object.keys(layerCase.weightSlots))
        slots[slot] = l1l2({ l1: 0.1, l2: 0.2 });
      const layer = layerCase.build(slots);
      layer.trainable = false;

      const frozen = run(layerCase, layer);
      const activity = (0.3 * sumSquares(frozen.output.dataSync())) / frozen.output.shape[0];
      expect(frozen.losses).toHaveLength(1);
      expectClose(frozen.total, activity);
      frozen.output.dispose();
      tf.dispose(frozen.losses);

      layer.trainable = true;
      const losses = layer.calculateLosses();
      const sum = tf.addN(losses);
      let expected = activity;
      let count = 1;
      for (const weightName of Object.values(layerCase.weightSlots)) {
        for (const weight of weightsNamed(layer, weightName)) {
          const values = weight.read().dataSync();
          expected += 0.1 * sumAbs(values) + 0.2 * sumSquares(values);
          count++;
        }
      }
      expect(losses).toHaveLength(count);
      expectClose(sum.dataSync()[0] ?? NaN, expected);
      sum.dispose();
      tf.dispose(losses);
      layer.dispose();
      expect(tf.memory().numTensors).toBe(before);
    },
  );
});

describe('a kernelRegularizer where the kernel is the depthwise kernel', () => {
  it.each([
    [
      'depthwiseConv2d',
      () =>
        layers.depthwiseConv2d({ name: 'dw', kernelSize: 2, kernelRegularizer: l2(0.1) } as never),
      /DepthwiseConv2D layer "dw"/,
    ],
    [
      'separableConv2d',
      () =>
        layers.separableConv2d({
          name: 'sep',
          filters: 2,
          kernelSize: 2,
          kernelRegularizer: l2(0.1),
        } as never),
      /SeparableConv2D layer "sep"/,
    ],
  ])(
    '%s refuses it, naming the layer and the slot and pointing to depthwiseRegularizer',
    (_name, build, layerName) => {
      const before = tf.memory().numTensors;
      let caught: unknown;
      try {
        build();
      } catch (error) {
        caught = error;
      }
      expect(InvalidArgumentError.isInstance(caught)).toBe(true);
      expect((caught as InvalidArgumentError).argument).toBe('kernelRegularizer');
      const message = (caught as Error).message;
      expect(message).toMatch(layerName);
      expect(message).toMatch(/kernelRegularizer/);
      expect(message).toMatch(/depthwiseRegularizer/);
      expect(tf.memory().numTensors).toBe(before);
    },
  );
});

describe('the factories whose argument is optional', () => {
  it('take the stock options of batchNormalization, layerNormalization and prelu', () => {
    const before = tf.memory().numTensors;
    const built = [
      layers.batchNormalization({ betaInitializer: 'ones', betaRegularizer: l2(0.1) }),
      layers.layerNormalization({ betaInitializer: 'ones', betaRegularizer: l2(0.1) }),
      layers.prelu({ alphaInitializer: 'ones', alphaRegularizer: l2(0.1) }),
    ];
    for (const layer of built) {
      const input = tf.ones([2, 3]);
      const output = layer.apply(input) as tf.Tensor;
      const weight = layer.weights.find((w) => /\/(beta|alpha)$/.test(w.originalName));
      expect(Array.from(weight?.read().dataSync() ?? [])).toEqual([1, 1, 1]);
      const losses = layer.calculateLosses();
      expect(losses).toHaveLength(1);
      expectClose(losses[0]?.dataSync()[0] ?? NaN, 0.1 * 3);
      tf.dispose([input, output, ...losses]);
      layer.dispose();
    }
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('a Bidirectional layer', () => {
  it('refuses an activityRegularizer on its wrapped layer, pointing to its own', () => {
    const before = tf.memory().numTensors;
    let caught: unknown;
    try {
      layers.bidirectional({ layer: layers.lstm({ units: 2, activityRegularizer: l2(0.1) }) });
    } catch (error) {
      caught = error;
    }
    expect(InvalidArgumentError.isInstance(caught)).toBe(true);
    expect((caught as InvalidArgumentError).argument).toBe('activityRegularizer');
    expect((caught as Error).message).toMatch(/Bidirectional layer itself/);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('needs a plain function in its wrapped layer to be registered, and says so', () => {
    expect(() =>
      layers.bidirectional({
        layer: layers.lstm({ units: 2, kernelRegularizer: (x: tf.Tensor) => tf.sum(tf.abs(x)) }),
      }),
    ).toThrow(/registerRegularizer/);
  });
});

describe('an activity regularizer on a layer with several outputs', () => {
  it.each([
    [
      'bidirectional, mergeMode null',
      () =>
        layers.bidirectional({
          layer: layers.lstm({ units: 2, ...recurrentInit }),
          mergeMode: null as never,
          activityRegularizer: l2(0.3),
        }),
    ],
    [
      'lstm, returnState',
      () =>
        layers.lstm({
          units: 2,
          returnState: true,
          ...recurrentInit,
          activityRegularizer: l2(0.3),
        }),
    ],
  ])('%s: adds the penalty of every output, each divided by its batch size', (_name, build) => {
    const before = tf.memory().numTensors;
    const layer = build();
    const input = tf.tidy(() => tf.randomNormal([3, 4, 2], 0, 1, 'float32', 5));
    const outputs = layer.apply(input) as tf.Tensor[];
    expect(outputs.length).toBeGreaterThan(1);
    let expected = 0;
    for (const output of outputs)
      expected += (0.3 * sumSquares(output.dataSync())) / output.shape[0];
    const losses = layer.calculateLosses();
    const total = tf.tidy(() => tf.addN(losses).dataSync()[0] ?? NaN);
    expectClose(total, expected);
    tf.dispose([input, ...outputs, ...losses]);
    layer.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('does not divide the penalty of a rank-0 output', () => {
    const before = tf.memory().numTensors;
    const layer = layers.activityRegularization({ l2: 0.1 });
    const input = tf.scalar(3);
    const output = layer.apply(input) as tf.Tensor;
    expect(output.rank).toBe(0);
    const losses = layer.calculateLosses();
    expect(losses).toHaveLength(1);
    expectClose(losses[0]?.dataSync()[0] ?? NaN, 0.1 * 3 * 3);
    tf.dispose([input, output, ...losses]);
    layer.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('a layer of ours inside the stock timeDistributed wrapper', () => {
  /** The wrapper's penalties for a dense layer with kernel ones(3, 2) and an L2 of 1 on it. */
  function wrappedPenalty(inner: tfl.layers.Layer): { count: number; total: number } {
    const wrapper = tfl.layers.timeDistributed({ layer: inner });
    const input = tf.ones([2, 4, 3]);
    const output = wrapper.apply(input) as tf.Tensor;
    const losses = wrapper.calculateLosses();
    const total = losses.length === 0 ? 0 : tf.tidy(() => tf.addN(losses).dataSync()[0] ?? NaN);
    tf.dispose([input, output, ...losses]);
    wrapper.dispose();
    return { count: losses.length, total };
  }

  it('(reference) a stock dense keeps its kernel penalty there: 1 * sum(ones(3, 2)²) = 6', () => {
    const before = tf.memory().numTensors;
    const stock = tfl.layers.dense({
      units: 2,
      kernelInitializer: 'ones',
      kernelRegularizer: tfl.regularizers.l2({ l2: 1 }),
    });
    expect(wrappedPenalty(stock)).toEqual({ count: 1, total: 6 });
    expect(tf.memory().numTensors).toBe(before);
  });

  // tfjs's `Wrapper` (the base of TimeDistributed) reads `this.layer.losses`, which our layers
  // derive from their slots on each read.
  it('keeps its kernel penalty there too, as the stock layer does', () => {
    const before = tf.memory().numTensors;
    const ours = layers.dense({ units: 2, kernelInitializer: 'ones', kernelRegularizer: l2(1) });
    expect(wrappedPenalty(ours)).toEqual({ count: 1, total: 6 });
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('activityRegularization', () => {
  it.each([1, 5, 10, 0])(
    '{ l2: 0.01 } on ones([%i, 5]) * 2 gives 0.2, or 0 for an empty batch',
    (batch) => {
      const before = tf.memory().numTensors;
      const layer = layers.activityRegularization({ l2: 0.01 });
      const input = tf.tidy(() => tf.mul(tf.ones([batch, 5]), 2));
      const output = layer.apply(input) as tf.Tensor;
      // Independently: 5 outputs of 2 per row, so 0.01 * 4 * 5 per row; the mean over rows is 0.2.
      let expected = 0;
      const values = output.dataSync();
      for (let i = 0; i < values.length; i++) expected += 0.01 * (values[i] ?? NaN) ** 2;
      expected = batch === 0 ? 0 : expected / batch;
      expect(expected).toBeCloseTo(batch === 0 ? 0 : 0.2, 10);
      const losses = layer.calculateLosses();
      expect(losses).toHaveLength(1);
      expectClose(losses[0]?.dataSync()[0] ?? NaN, expected);
      // The layer is the identity.
      expect(Array.from(values)).toEqual(Array.from(input.dataSync()));
      tf.dispose([input, output, ...losses]);
      layer.dispose();
      expect(tf.memory().numTensors).toBe(before);
    },
  );

  it('{ l1: 0.2, l2: 0.3 } on 2 * ones([1]) gives 1.6', () => {
    const before = tf.memory().numTensors;
    const layer = layers.activityRegularization({ l1: 0.2, l2: 0.3 });
    const input = tf.tidy(() => tf.mul(tf.ones([1]), 2));
    const output = layer.apply(input) as tf.Tensor;
    const losses = layer.calculateLosses();
    expect(losses).toHaveLength(1);
    expectClose(losses[0]?.dataSync()[0] ?? NaN, 0.2 * 2 + 0.3 * 4);
    expectClose(losses[0]?.dataSync()[0] ?? NaN, 1.6);
    tf.dispose([input, output, ...losses]);
    layer.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});
