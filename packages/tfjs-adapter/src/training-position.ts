import type { Schedulable, TrainingPosition } from '@regularizers/core';
import * as tfl from '@tensorflow/tfjs-layers';
import { modelLayers } from './model-layers.js';
import type { RegularizedLayer } from './regularized-layer.js';
import { RegularizerBridge } from './tfjs-regularizer.js';

/**
 * Tells everything in a model that follows a schedule where training stands: the regularizers of
 * the adapter's layers whose factors follow schedules, and the model's optimizer when it follows
 * schedules too (those of `@regularizers/weight-decay`). In `fit` and `fitDataset` the adapter does
 * this itself at the start of every batch; call it in a loop of your own (`trainOnBatch`, or
 * `optimizer.minimize`), before each step.
 *
 * @param model - the model being trained.
 * @param position - the step (the optimizer's `iterations`, to follow Keras) and the epoch.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import '@tensorflow/tfjs-backend-cpu';
 * import * as tfl from '@tensorflow/tfjs-layers';
 * import { ExponentialDecay } from '@regularizers/core';
 * import { l2 } from '@regularizers/builtin';
 * import { layers, setTrainingPosition } from '@regularizers/tfjs-adapter';
 *
 * const decaying = l2(new ExponentialDecay({ initialLearningRate: 1e-2, decaySteps: 10, decayRate: 0.5 }));
 * const model = tfl.sequential({ layers: [layers.dense({ units: 1, inputShape: [2], kernelRegularizer: decaying })] });
 * model.compile({ optimizer: tf.train.sgd(0.1), loss: 'meanSquaredError' });
 * for (let epoch = 0; epoch < 3; epoch++) {
 *   setTrainingPosition(model, { step: model.optimizer.iterations, epoch });
 *   await model.trainOnBatch(tf.ones([4, 2]), tf.zeros([4, 1]));
 * }
 * ```
 */
export function setTrainingPosition(model: tfl.LayersModel, position: TrainingPosition): void {
  for (const target of scheduledIn(model)) target.setTrainingPosition(position);
}

/** Everything in `model` that follows schedules. */
function scheduledIn(model: tfl.LayersModel): Schedulable[] {
  const found = new Set<Schedulable>();
  for (const layer of modelLayers(model)) {
    const ours = layer as tfl.layers.Layer & Partial<RegularizedLayer>;
    for (const slot of ours.regularizerSlots ?? []) {
      const bridge = ours.regularizerFor?.(slot);
      if (bridge instanceof RegularizerBridge && isSchedulable(bridge.regularizer)) {
        found.add(bridge.regularizer);
      }
    }
  }
  // `optimizer` is undefined until the model is compiled, whatever its type says.
  const optimizer: unknown = model.optimizer;
  if (isSchedulable(optimizer)) found.add(optimizer);
  return [...found];
}

function isSchedulable(value: unknown): value is Schedulable {
  return (
    typeof (value as Partial<Schedulable> | null | undefined)?.setTrainingPosition === 'function'
  );
}

/**
 * The tfjs callback that makes schedules follow training in `fit` and `fitDataset`: at the start
 * of each batch, it tells the model's schedules the optimizer's step count and the current epoch.
 * The adapter registers it with tfjs's public `registerCallbackConstructor` at verbosity 0, so tfjs
 * adds one to every `fit`, whatever its `verbose` and `callbacks`.
 */
export class TrainingPositionCallback extends tfl.Callback {
  #epoch = 0;

  /** Records the epoch, counted as `fit` counts it (`initialEpoch` included). */
  override onEpochBegin(epoch: number): Promise<void> {
    this.#epoch = epoch;
    return Promise.resolve();
  }

  /** Tells the model's schedules where training stands, before the batch's step. */
  override onBatchBegin(): Promise<void> {
    setTrainingPosition(this.model, { step: this.model.optimizer.iterations, epoch: this.#epoch });
    return Promise.resolve();
  }
}
