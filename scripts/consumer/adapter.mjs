// Runs in a fresh project with every packed package, tfjs-core, tfjs-layers and the CPU backend:
// the seed example, a short fit with a plugin regularizer, a save and load round trip through the
// adapter's testing subpath, and one through files on disk with its node subpath.
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import * as tfl from '@tensorflow/tfjs-layers';
import { l1, l2 } from '@regularizers/builtin';
import { GroupLasso, MyRegularizer } from '@regularizers/custom-examples';
import { layers } from '@regularizers/tfjs-adapter';
import '@regularizers/tfjs-adapter/node';
import { saveAndLoad } from '@regularizers/tfjs-adapter/testing';

const seed = layers.dense({
  units: 5,
  kernelInitializer: 'ones',
  kernelRegularizer: l1(0.01),
  activityRegularizer: l2(0.01),
});
const total = tf.tidy(() => {
  seed.apply(tf.mul(tf.ones([5, 5]), 2));
  return tf.addN(seed.calculateLosses()).dataSync()[0];
});
if (Math.abs(total - 5.25) > 1e-5) throw new Error(`the seed example gave ${total}, not 5.25`);

const model = tfl.sequential({
  layers: [
    layers.dense({
      units: 4,
      inputShape: [6],
      kernelRegularizer: new GroupLasso({ factor: 0.01 }),
    }),
    layers.dense({ units: 1, kernelRegularizer: new MyRegularizer({ strength: 0.1 }) }),
  ],
});
model.compile({ optimizer: 'sgd', loss: 'meanSquaredError' });
const xs = tf.randomNormal([16, 6], 0, 1, 'float32', 1);
const ys = tf.randomNormal([16, 1], 0, 1, 'float32', 2);
const history = await model.fit(xs, ys, { epochs: 2, verbose: 0 });
// The testing subpath, as a plugin author's tests import it: save to memory, load back.
const { loaded } = await saveAndLoad(model);
// A tfjs Sequential builds its graph on first use; predict once so its losses are wired.
const penalties = (m) =>
  tf.tidy(() => {
    m.predict(xs);
    return tf.addN(m.calculateLosses()).dataSync()[0];
  });
if (Math.abs(penalties(model) - penalties(loaded)) > 1e-6) {
  throw new Error(
    `the reloaded model's penalty ${penalties(loaded)} differs from ${penalties(model)}`,
  );
}

// Saved to disk through file://, without tfjs-node, and loaded back.
await model.save('file://./saved-model');
const fromDisk = await tfl.loadLayersModel('file://./saved-model/model.json');
if (Math.abs(penalties(model) - penalties(fromDisk)) > 1e-6) {
  throw new Error(`the model loaded from disk has penalty ${penalties(fromDisk)}`);
}
console.log(
  `seed example ${total.toFixed(4)}; fit loss ${history.history.loss.map((v) => v.toFixed(4))}; penalty after reload ${penalties(loaded).toFixed(6)}, and from disk ${penalties(fromDisk).toFixed(6)}`,
);
