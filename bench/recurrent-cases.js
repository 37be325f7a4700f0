// Building recurrent layers (performance-baseline.md, "Building recurrent layers"): the orthogonal
// initializer of every LSTM, GRU and SimpleRNN recurrent kernel. `ours` is the initializer the
// adapter registers under tfjs's name `Orthogonal` (a Householder QR over a Float64Array);
// `stock` is tfjs-layers' own algorithm (`linalg.qr` on the same seeded draw, then the sign of R's
// diagonal), which is what the adapter registered before, written here without chained ops so
// that it runs in Node on tfjs-core alone.
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { layers, modelFromKerasJSON } from '@regularizers/tfjs-adapter';

const INPUT = { timesteps: 10, features: 8 };
const FIXTURE = new URL(
  '../../shared/fixtures/keras-models/tfjs_layers_keras2.10.0_functional_embedding_conv1d_bn_bidirectional_lstm_L2_shared_object_id.json',
  import.meta.url,
);
/** One LSTM(256) built by the stock algorithm takes minutes: one measured round is enough. */
const SLOW_ROUNDS = { warmupRounds: 0, rounds: 1 };

/** The class tfjs resolves 'orthogonal' to (the adapter's), captured before a case swaps it. */
const OursOrthogonal = tfl.layers.dense({ units: 1, kernelInitializer: 'orthogonal' })
  .kernelInitializer.constructor;

/** tfjs-layers 4.22's Orthogonal.apply, with functional ops in place of its chained ones. */
class LinalgQrOrthogonal extends OursOrthogonal {
  static className = 'Orthogonal';

  apply(shape) {
    const { gain = 1, seed } = this.getConfig();
    return tf.tidy(() => {
      const rows = shape.slice(0, -1).reduce((product, dim) => product * dim, 1);
      const cols = shape[shape.length - 1];
      const short = Math.min(rows, cols);
      const draw = tf.randomNormal([Math.max(rows, cols), short], 0, 1, 'float32', seed);
      const [q, r] = tf.linalg.qr(draw, false);
      const diagonal = tf.stridedSlice(tf.reshape(r, [-1]), [0], [short * short], [short + 1]);
      const uniform = tf.mul(q, tf.sign(diagonal));
      const oriented = rows < cols ? tf.transpose(uniform) : uniform;
      return tf.mul(tf.scalar(gain), tf.reshape(oriented, shape));
    });
  }
}

/** Describes the layers and the fixture, for the results file. */
export const RECURRENT_SETUP = {
  layer: `layers.lstm({ units }) applied to a symbolic input of shape [null, ${INPUT.timesteps}, ${INPUT.features}], then disposed`,
  stock: "tfjs-layers' Orthogonal algorithm (linalg.qr), as the adapter registered it before",
  fixture: fileURLToPath(FIXTURE).split('/').pop(),
};

/** The cases, in run order. */
export function recurrentCases() {
  return [
    lstmCase(64, { warmupRounds: 1, rounds: 5 }),
    lstmCase(128, { warmupRounds: 0, rounds: 3 }),
    lstmCase(256, SLOW_ROUNDS),
    fixtureCase(),
  ];
}

function lstmCase(units, rounds) {
  return {
    kind: 'timing',
    key: `cpu-build-lstm-${units}`,
    title: `Build LSTM(${units}), input ${INPUT.features} features, CPU backend: orthogonal recurrent kernel [${units}, ${4 * units}]`,
    backend: 'cpu',
    ...rounds,
    quickRounds: SLOW_ROUNDS,
    valueLabel: 'parameters',
    contenders: {
      ours: () => buildLstm(units, 'orthogonal'),
      stock: () => buildLstm(units, new LinalgQrOrthogonal({})),
    },
  };
}

function buildLstm(units, recurrentInitializer) {
  const lstm = layers.lstm({ units, recurrentInitializer });
  lstm.apply(tfl.input({ shape: [INPUT.timesteps, INPUT.features] }));
  const parameters = lstm.countParams();
  lstm.dispose();
  return parameters;
}

function fixtureCase() {
  const base = {
    kind: 'timing',
    key: 'cpu-load-bidirectional-lstm-fixture',
    title: `Load the fixture ${RECURRENT_SETUP.fixture} with modelFromKerasJSON, CPU backend`,
    backend: 'cpu',
    warmupRounds: 0,
    rounds: 3,
    quickRounds: SLOW_ROUNDS,
    valueLabel: 'parameters',
  };
  if (!existsSync(FIXTURE)) {
    return { ...base, skipped: `the fixture ${fileURLToPath(FIXTURE)} is missing` };
  }
  const text = readFileSync(FIXTURE, 'utf8');
  return {
    ...base,
    contenders: {
      ours: () => loadFixture(text),
      stock: async () => {
        tf.serialization.registerClass(LinalgQrOrthogonal);
        try {
          return await loadFixture(text);
        } finally {
          tf.serialization.registerClass(OursOrthogonal);
        }
      },
    },
  };
}

async function loadFixture(text) {
  const model = await modelFromKerasJSON(text);
  const parameters = model.countParams();
  model.dispose();
  return parameters;
}
