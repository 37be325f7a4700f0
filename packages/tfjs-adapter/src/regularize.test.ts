import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import * as tfl from '@tensorflow/tfjs-layers';
import { L1, l1, l2 } from '@regularizers/builtin';
import { InvalidArgumentError } from '@regularizers/core';
import { sumAbs, sumSquares } from '@regularizers/core/testing';
import { layers, modelFromKerasJSON, regularize, sequential } from './index.js';
import type { RegularizedLayer } from './index.js';
import { saveAndLoad } from './testing.js';

const X = tf.tensor2d([
  [0.5, -1, 2],
  [1.5, 0.25, -0.5],
  [-2, 1, 0.75],
  [0.1, 0.2, -0.3],
]);
const Y = tf.tensor2d([[1], [-1], [0.5], [2]]);
const init = (seed: number) => tfl.initializers.randomNormal({ mean: 0.1, stddev: 0.5, seed });

/** Dense 3 → 4 → 1, from the given factory (ours or stock), with seeded weights. */
function mlp(dense: typeof tfl.layers.dense = layers.dense): tfl.Sequential {
  return tfl.sequential({
    layers: [
      dense({ units: 4, inputShape: [3], name: 'dense_hidden', kernelInitializer: init(1) }),
      dense({ units: 1, name: 'head', kernelInitializer: init(2) }),
    ],
  });
}

/** The sum of the model's penalties now, read per layer (a Sequential is built lazily). */
function penalty(model: tfl.LayersModel): number {
  return tf.tidy(() => {
    const losses = model.layers.flatMap((layer) => layer.calculateLosses());
    return losses.length === 0 ? 0 : (tf.addN(losses).dataSync()[0] ?? Number.NaN);
  });
}

/** The values of a layer's kernel. */
function kernel(model: tfl.LayersModel, index: number): Float32Array {
  return model.layers[index]?.getWeights()[0]?.dataSync() as Float32Array;
}

describe('regularize', () => {
  it('sets the slots of the layers each rule matches, by glob, RegExp, class or predicate', () => {
    const model = mlp();
    const set = regularize(model, [
      { match: 'dense*', kernelRegularizer: l2(0.1) },
      { match: /^he/, biasRegularizer: 'l1' },
      { match: { className: 'Dense' }, activityRegularizer: null },
      { match: (layer) => layer.name === 'head', kernelRegularizer: new L1({ l1: 0.5 }) },
    ]);
    expect(set).toEqual([
      { layer: 'dense_hidden', slot: 'kernelRegularizer' },
      { layer: 'head', slot: 'biasRegularizer' },
      { layer: 'dense_hidden', slot: 'activityRegularizer' },
      { layer: 'head', slot: 'activityRegularizer' },
      { layer: 'head', slot: 'kernelRegularizer' },
    ]);
    const expected = 0.1 * sumSquares(kernel(model, 0)) + 0.5 * sumAbs(kernel(model, 1)) + 0; // biases start at 0
    expect(penalty(model)).toBeCloseTo(expected, 5);
    model.dispose();
  });

  it('takes effect in the next fit step, without recompiling, as if built with the regularizer', async () => {
    const late = mlp();
    const built = tfl.sequential({
      layers: [
        layers.dense({
          units: 4,
          inputShape: [3],
          kernelInitializer: init(1),
          kernelRegularizer: l2(0.05),
        }),
        layers.dense({ units: 1, kernelInitializer: init(2) }),
      ],
    });
    for (const model of [late, built])
      model.compile({ optimizer: tf.train.sgd(0.1), loss: 'meanSquaredError' });
    await late.fit(X, Y, { epochs: 1, batchSize: 4 }); // trained once without
    built.setWeights(late.getWeights());
    regularize(late, [{ match: 'dense_hidden', kernelRegularizer: l2(0.05) }]);
    const before = tf.memory().numTensors;
    const lateLoss = (await late.fit(X, Y, { epochs: 1, batchSize: 4 })).history.loss?.[0];
    const builtLoss = (await built.fit(X, Y, { epochs: 1, batchSize: 4 })).history.loss?.[0];
    expect(tf.memory().numTensors).toBe(before);
    expect(lateLoss).toBeCloseTo(builtLoss as number, 6);
    expect(kernel(late, 0)).toEqual(kernel(built, 0));
    late.dispose();
    built.dispose();
  });

  it("counts in the adapter's sequential(), whose fit logs the penalty", async () => {
    const model = sequential({
      layers: [layers.dense({ units: 2, inputShape: [3], kernelInitializer: init(4) })],
    });
    model.compile({ optimizer: tf.train.sgd(0.1), loss: 'meanSquaredError' });
    const zeros = tf.zeros([4, 2]);
    await model.fit(X, zeros, { epochs: 1, batchSize: 4 });
    regularize(model, [{ match: { className: 'Dense' }, kernelRegularizer: l2(0.3) }]);
    const expected = 0.3 * sumSquares(kernel(model, 0));
    const { history } = await model.fit(X, zeros, { epochs: 1, batchSize: 4 });
    expect(history.regularization_loss?.[0]).toBeCloseTo(expected, 5);
    zeros.dispose();
    model.dispose();
  });

  it('leaves no tensor behind over 100 steps after regularize', async () => {
    const model = mlp();
    model.compile({ optimizer: 'sgd', loss: 'meanSquaredError' });
    regularize(model, [
      { match: 'dense*', kernelRegularizer: l2(0.05), activityRegularizer: l1(0.01) },
    ]);
    await model.fit(X, Y, { epochs: 1, batchSize: 1 });
    const before = tf.memory().numTensors;
    await model.fit(X, Y, { epochs: 25, batchSize: 1 }); // 4 batches an epoch
    expect(tf.memory().numTensors).toBe(before);
    model.dispose();
  });

  it('works on a model tfjs loaded, and the model saves and loads with the new penalties', async () => {
    const stock = mlp(tfl.layers.dense);
    const { loaded } = await saveAndLoad(stock);
    regularize(loaded, [{ match: '*', kernelRegularizer: l1(0.01), biasRegularizer: l2(0.2) }]);
    const expected = 0.01 * (sumAbs(kernel(loaded, 0)) + sumAbs(kernel(loaded, 1)));
    expect(penalty(loaded)).toBeCloseTo(expected, 5);
    const { loaded: again } = await saveAndLoad(loaded);
    expect(penalty(again)).toBeCloseTo(expected, 5);
    const head = again.layers[1] as tfl.layers.Layer & RegularizedLayer;
    expect(head.regularizerFor('biasRegularizer')?.getConfig()).toEqual({ l2: 0.2 });
    for (const model of [stock, loaded, again]) model.dispose();
  });

  it('works on a model from modelFromKerasJSON, recurrent slots included', async () => {
    const stock = tfl.sequential({ layers: [tfl.layers.dense({ units: 2, inputShape: [4] })] });
    const model = await modelFromKerasJSON(JSON.stringify(stock.toJSON(null, false)));
    stock.dispose();
    regularize(model, [{ match: { className: /dense/i }, kernelRegularizer: 'l2' }]);
    expect(penalty(model)).toBeCloseTo(0.01 * sumSquares(kernel(model, 0)), 5);
    model.dispose();
  });

  it('penalises only trainable weights, and empties a slot with null', () => {
    const model = mlp();
    regularize(model, [{ match: '*', kernelRegularizer: l2(1) }]);
    (model.layers[0] as tfl.layers.Layer).trainable = false;
    expect(penalty(model)).toBeCloseTo(sumSquares(kernel(model, 1)), 5);
    regularize(model, [{ match: 'head', kernelRegularizer: null }]);
    expect(penalty(model)).toBe(0);
    model.dispose();
  });

  it('sets a recurrent slot and an activity slot, in a nested model too', () => {
    const inner = tfl.sequential({
      layers: [layers.lstm({ units: 2, inputShape: [3, 2], name: 'encoder' })],
    });
    const input = tfl.input({ shape: [3, 2] });
    const output = layers
      .dense({ units: 1, name: 'out' })
      .apply(inner.apply(input)) as tfl.SymbolicTensor;
    const model = tfl.model({ inputs: input, outputs: output });
    regularize(model, [
      { match: (layer) => layer.getClassName() === 'LSTM', recurrentRegularizer: l1(0.1) },
      { match: 'out', activityRegularizer: l2(1) },
    ]);
    const recurrent = (inner.layers[0] as tfl.layers.Layer).weights.find((weight) =>
      weight.originalName.endsWith('recurrent_kernel'),
    );
    const predicted = tf.tidy(() => (model.predict(tf.ones([2, 3, 2])) as tf.Tensor).dataSync());
    const expected = 0.1 * sumAbs(recurrent?.read().dataSync() ?? []) + sumSquares(predicted) / 2;
    expect(penalty(model)).toBeCloseTo(expected, 5);
    model.dispose();
  });
});

describe('regularize refuses, before it changes anything', () => {
  const attempts: [string, (model: tfl.Sequential) => unknown, RegExp][] = [
    [
      'a rule that matches no layer, listing the layers',
      (model) =>
        regularize(model, [
          { match: 'dense*', kernelRegularizer: 'l2' },
          { match: 'conv*', kernelRegularizer: 'l2' },
        ]),
      /^rules\[1\] \(match: "conv\*"\) matches no layer of the model\. Its layers: \["dense_hidden", "head"\]\.$/,
    ],
    [
      'a slot the layer does not have, listing its slots',
      (model) =>
        regularize(model, [
          { match: 'head', kernelRegularizer: 'l2' },
          { match: 'dense*', recurrentRegularizer: 'l2' },
        ]),
      /^rules\[1\] \(match: "dense\*"\) sets recurrentRegularizer, which the Dense layer "dense_hidden" does not have\. Its slots: kernelRegularizer, biasRegularizer, activityRegularizer\.$/,
    ],
    [
      'a value that is not a regularizer',
      (model) =>
        regularize(model, [
          { match: 'head', kernelRegularizer: 'l2' },
          { match: 'head', biasRegularizer: 'l3' },
        ]),
      /^Invalid biasRegularizer for the Dense layer "head": /,
    ],
    [
      'an unknown key',
      (model) => regularize(model, [{ match: 'head', kernelRegulariser: 'l2' } as never]),
      /^rules\[0\] \(match: "head"\) has an unknown key kernelRegulariser\. Besides match, a rule's keys are slots: kernelRegularizer, biasRegularizer, /,
    ],
    [
      'a rule with no slot, or no match',
      (model) => regularize(model, [{ match: 'head' }, { kernelRegularizer: 'l2' } as never]),
      /^rules\[0\] \(match: "head"\) sets no slot\./,
    ],
    [
      'a bad match',
      (model) => regularize(model, [{ match: 3 as never, kernelRegularizer: 'l2' }]),
      /^Invalid value for argument match: expected a glob string/,
    ],
  ];

  it.each(attempts)('%s', (_what, attempt, message) => {
    const model = mlp();
    regularize(model, [{ match: '*', kernelRegularizer: l2(0.5) }]);
    const before = penalty(model);
    expect(() => attempt(model)).toThrow(InvalidArgumentError);
    expect(() => attempt(model)).toThrow(message);
    expect(penalty(model)).toBe(before);
    model.dispose();
  });

  it("a stock tfjs layer, saying how to get the adapter's", () => {
    const model = mlp(tfl.layers.dense);
    expect(() => regularize(model, [{ match: 'head', kernelRegularizer: 'l2' }])).toThrow(
      /^rules\[0\] \(match: "head"\) matches the Dense layer "head", a stock tfjs-layers layer: it was built by tf\.layers .*load the model after importing the adapter: tf\.loadLayersModel then builds the adapter's Dense\.$/,
    );
    expect(penalty(model)).toBe(0);
    model.dispose();
  });

  it('anything but a model and an array of rules', () => {
    expect(() => regularize({} as never, [])).toThrow(/^regularize needs a tfjs-layers model/);
    const model = mlp();
    expect(() => regularize(model, { match: '*' } as never)).toThrow(
      /^regularize needs an array of rules/,
    );
    expect(regularize(model, [])).toEqual([]);
    model.dispose();
  });
});
