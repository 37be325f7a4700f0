// Runs in a fresh project with only the packed @regularizers/core and @regularizers/weight-decay,
// tfjs-core, tfjs-layers and the CPU backend (no builtin, no adapter): trains a model with adamw,
// saves it with its optimizer and loads it back, and checks one proximalL1 step against a plain
// soft threshold.
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import * as tfl from '@tensorflow/tfjs-layers';
import { ExponentialDecay } from '@regularizers/core';
import { AdamW, COMMON_EXCLUSIONS, adamw, proximalL1 } from '@regularizers/weight-decay';

const model = tfl.sequential({
  layers: [tfl.layers.dense({ units: 2, inputShape: [3] }), tfl.layers.dense({ units: 1 })],
});
const learningRate = new ExponentialDecay({
  initialLearningRate: 0.01,
  decaySteps: 4,
  decayRate: 0.5,
});
model.compile({
  optimizer: adamw({ learningRate, weightDecay: 0.05, exclude: COMMON_EXCLUSIONS }),
  loss: 'meanSquaredError',
});
const [x, y] = [
  tf.randomNormal([8, 3], 0, 1, 'float32', 1),
  tf.randomNormal([8, 1], 0, 1, 'float32', 2),
];
await model.fit(x, y, { epochs: 2, batchSize: 4, verbose: 0 });
let saved;
await model.save(
  tf.io.withSaveHandler((artifacts) => {
    saved = artifacts;
    return Promise.resolve({
      modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' },
    });
  }),
  { includeOptimizer: true },
);
const loaded = await tfl.loadLayersModel(tf.io.fromMemory(saved));
const same =
  JSON.stringify(loaded.optimizer.getConfig()) === JSON.stringify(model.optimizer.getConfig());
if (!(loaded.optimizer instanceof AdamW) || loaded.optimizer.iterations !== 4 || !same) {
  throw new Error(`adamw did not load back: ${JSON.stringify(loaded.optimizer.getConfig())}`);
}

const values = [0.5, -0.02, 0.01, -0.3];
const w = tf.variable(tf.tensor1d(values), true, 'w');
const proximal = proximalL1(tf.train.sgd(0.1), { l1: 0.5 });
proximal.applyGradients({ w: tf.zeros([4]) });
const expected = values.map((v) => Math.sign(v) * Math.max(Math.abs(v) - 0.05, 0));
const actual = Array.from(w.dataSync());
if (
  actual.some((v, i) => Math.abs(v - expected[i]) > 1e-6) ||
  actual.filter((v) => v === 0).length !== 2
) {
  throw new Error(`proximalL1 gave ${actual}, expected ${expected}`);
}
console.log(
  `adamw saved and loaded after ${loaded.optimizer.iterations} steps; proximalL1 gave ${actual}`,
);
