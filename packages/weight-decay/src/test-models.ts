// Helpers for this package's tests: a small model, its data, and a save and load that keeps the
// optimizer (the adapter's saveAndLoad leaves it out, as model.save does by default).
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';

/** Dense 4 → 3 → 1 with seeded weights, compiled with `optimizer` and the mean squared error. */
export function smallModel(optimizer: tf.Optimizer): tfl.Sequential {
  const init = (seed: number) => tfl.initializers.randomNormal({ mean: 0, stddev: 0.7, seed });
  const model = tfl.sequential({
    layers: [
      tfl.layers.dense({
        units: 3,
        inputShape: [4],
        activation: 'tanh',
        kernelInitializer: init(1),
        biasInitializer: init(2),
      }),
      tfl.layers.dense({ units: 1, kernelInitializer: init(3) }),
    ],
  });
  model.compile({ optimizer, loss: 'meanSquaredError' });
  return model;
}

/** Eight seeded samples for {@link smallModel}. The caller disposes them. */
export function smallData(): { x: tf.Tensor; y: tf.Tensor } {
  return tf.tidy(() => ({
    x: tf.randomNormal([8, 4], 0, 1, 'float32', 5),
    y: tf.randomNormal([8, 1], 0, 1, 'float32', 6),
  }));
}

/** Trains for `epochs` of batches of 4 (two steps an epoch), in order. */
export async function train(
  model: tfl.LayersModel,
  epochs: number,
  initialEpoch = 0,
): Promise<void> {
  const { x, y } = smallData();
  await model.fit(x, y, {
    epochs: initialEpoch + epochs,
    initialEpoch,
    batchSize: 4,
    shuffle: false,
  });
  tf.dispose([x, y]);
}

/** The model's weights, flattened, as plain numbers. */
export function weightsOf(model: tfl.LayersModel): number[] {
  return model.getWeights().flatMap((weight) => Array.from(weight.dataSync()));
}

/** `model.save(…, { includeOptimizer: true })` to memory, then `tf.loadLayersModel` back. */
export async function saveAndLoadWithOptimizer(
  model: tfl.LayersModel,
): Promise<{ loaded: tfl.LayersModel; artifacts: tf.io.ModelArtifacts }> {
  let artifacts: tf.io.ModelArtifacts | undefined;
  await model.save(
    tf.io.withSaveHandler((saved) => {
      artifacts = saved;
      return Promise.resolve({
        modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' },
      });
    }),
    { includeOptimizer: true },
  );
  if (artifacts === undefined)
    throw new Error('model.save() finished without calling its handler.');
  return { loaded: await tfl.loadLayersModel(tf.io.fromMemory(artifacts)), artifacts };
}
