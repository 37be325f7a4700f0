import { addN, keep, scalar, tidy } from '@tensorflow/tfjs-core';
import type { Scalar, Tensor, serialization } from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { inForwardPass } from './forward-pass.js';
import { disposeModelFully } from './model-disposal.js';
import { beforeTfjsBuilds } from './model-json/checked-load.js';
import { beginPass, penaltyTerms } from './penalty-terms.js';
import { testStep } from './test-step.js';
import { overrideTestFunction } from './tfjs-internals.js';

type Kwargs = Parameters<tfl.LayersModel['call']>[1];

/** The models tfjs built from a config (a load), which made every call of their layers. */
const loadedModels = new WeakSet();

/** The name of the total penalty in `fit`'s logs and `History` (`val_` for validation). */
export const REGULARIZATION_LOSS = 'regularization_loss';

/**
 * Runs `body` as one forward pass of `model` (see `forward-pass.ts`): when it is the outermost
 * call, every layer of ours in the model first forgets the previous pass's activity penalties.
 */
export function modelPass<T>(model: tfl.layers.Layer, body: () => T): T {
  return inForwardPass(() => {
    beginPass(model);
  }, body);
}

/**
 * tfjs-layers' functional model (`LayersModel`, saved as `"Model"`), with Keras's losses:
 *
 * - `calculateLosses()` counts each regularized weight once, however many call sites share its
 *   layer, and each activity penalty once per call of the latest forward pass;
 * - `evaluate()`, `evaluateDataset()` and `fit`'s validation add every penalty, computed in
 *   inference mode on each batch, to the loss, as Keras does;
 * - `fit`'s and `fitDataset`'s logs, and `History`, carry the penalty as `regularization_loss`
 *   (and `val_regularization_loss`), averaged over the batches as the loss is;
 * - loaded by tfjs's own functions, it is checked against the default resource budget first;
 * - loaded, its `dispose()` frees a layer it calls more than once (a shared layer), which stock
 *   tfjs keeps.
 *
 * The adapter registers it under tfjs's class names `Model` and `Functional`, so loading a model
 * (`tf.loadLayersModel`, `modelFromKerasJSON`) builds it; {@link model} builds one directly.
 */
export class RegularizedModel extends tfl.LayersModel {
  /** The class name of tfjs's functional model, which loading resolves to this class. */
  static override readonly className: string = 'Model';
  /** Set by `calculateLosses` inside a training step: that step's total penalty. */
  #stepPenalty: Scalar | null = null;
  #inTrainingStep = false;
  /** Inside `fitDataset`, whose validation calls `evaluate`: the epoch's validation penalty. */
  #validationPenalty: { value: number | null } | null = null;

  /** Checks the resource budget (see `beforeTfjsBuilds`), then loads as tfjs does. */
  static override fromConfig<T extends serialization.Serializable>(
    cls: serialization.SerializableConstructor<T>,
    config: serialization.ConfigDict,
    customObjects?: serialization.ConfigDict,
    fastWeightInit?: boolean,
  ): T {
    const fast = beforeTfjsBuilds(cls.className, config, fastWeightInit);
    const model = super.fromConfig(cls, config, customObjects, fast);
    loadedModels.add(model);
    return model;
  }

  /**
   * Disposes as tfjs does; a loaded model then frees the layers it called more than once. Only a
   * loaded one: it made every call of its layers, where models built on the same symbolic tensors
   * share their calls, and tfjs's count of one reference per call then comes out right.
   */
  override dispose(): ReturnType<tfl.LayersModel['dispose']> {
    if (!loadedModels.has(this)) return super.dispose();
    return disposeModelFully(this, () => super.dispose());
  }

  /** Every penalty of the model, as Keras counts them (see the class). The caller disposes them. */
  override calculateLosses(): Scalar[] {
    return tidy(() => {
      const penalties = penaltyTerms(this).map((term) => term());
      if (this.#inTrainingStep) {
        this.#stepPenalty?.dispose();
        this.#stepPenalty = keep(penalties.length === 0 ? scalar(0) : addN(penalties));
      }
      return penalties;
    });
  }

  /** An eager call is one forward pass: the activity penalties are those of this call. */
  override call(inputs: Tensor | Tensor[], kwargs: Kwargs): Tensor | Tensor[] {
    return modelPass(this, () => super.call(inputs, kwargs));
  }

  /** The metric names `fit` logs: tfjs's, then `regularization_loss`. */
  protected override getDedupedMetricsNames(): string[] {
    return [...super.getDedupedMetricsNames(), REGULARIZATION_LOSS];
  }

  /** tfjs's training step, as one forward pass, with the step's penalty as its last output. */
  protected override makeTrainFunction(): (data: Tensor[]) => Scalar[] {
    const step = super.makeTrainFunction();
    return (data) =>
      modelPass(this, () => {
        this.#inTrainingStep = true;
        try {
          const outputs = step(data);
          const penalty = this.#stepPenalty ?? scalar(0);
          this.#stepPenalty = null;
          return [...outputs, penalty];
        } finally {
          this.#inTrainingStep = false;
          this.#stepPenalty?.dispose(); // left only when the step failed
          this.#stepPenalty = null;
        }
      });
  }

  /** The loss (penalties included, as in Keras) and the metrics, as tfjs returns them. */
  override evaluate(
    x: Tensor | Tensor[],
    y: Tensor | Tensor[],
    args?: Parameters<tfl.LayersModel['evaluate']>[2],
  ): Scalar | Scalar[] {
    return this.#withoutPenalty(super.evaluate(x, y, args));
  }

  /** As `evaluate`, over a dataset. */
  override async evaluateDataset(
    dataset: Parameters<tfl.LayersModel['evaluateDataset']>[0],
    args?: Parameters<tfl.LayersModel['evaluateDataset']>[1],
  ): Promise<Scalar | Scalar[]> {
    return this.#withoutPenalty(await super.evaluateDataset(dataset, args));
  }

  /**
   * tfjs's `fitDataset`, whose logs also get `val_regularization_loss`: its validation runs
   * `evaluate` (or `evaluateDataset`), whose penalty a callback, run first, adds to the epoch's logs.
   */
  override async fitDataset(
    dataset: Parameters<tfl.LayersModel['fitDataset']>[0],
    args: Parameters<tfl.LayersModel['fitDataset']>[1],
  ): Promise<tfl.History> {
    const validation = { value: null as number | null };
    const logPenalty = new tfl.CustomCallback({
      onEpochEnd: (_epoch, logs) => {
        if (logs !== undefined && validation.value !== null) {
          logs[`val_${REGULARIZATION_LOSS}`] = validation.value;
        }
        validation.value = null;
        return Promise.resolve();
      },
    });
    // tfjs reads a list of callbacks as all objects or all configs, so configs become objects.
    const callbacks = [args.callbacks ?? []]
      .flat()
      .map((callback) =>
        'setParams' in callback ? callback : new tfl.CustomCallback(callback, args.yieldEvery),
      );
    this.#validationPenalty = validation;
    try {
      return await super.fitDataset(dataset, { ...args, callbacks: [logPenalty, ...callbacks] });
    } finally {
      this.#validationPenalty = null;
    }
  }

  /**
   * Drops (and disposes) the penalty our test step appends to tfjs's outputs, keeping its value
   * when `fitDataset`'s validation asked for it.
   */
  #withoutPenalty(outputs: Scalar | Scalar[]): Scalar | Scalar[] {
    const values = [outputs].flat();
    const penalty = values.pop();
    if (this.#validationPenalty !== null && penalty !== undefined) {
      this.#validationPenalty.value = penalty.dataSync()[0] ?? null;
    }
    penalty?.dispose();
    return values.length === 1 ? (values[0] as Scalar) : values;
  }

  /** The loss and metrics of one training step, as tfjs returns them. */
  override async trainOnBatch(
    x: Parameters<tfl.LayersModel['trainOnBatch']>[0],
    y: Parameters<tfl.LayersModel['trainOnBatch']>[1],
  ): Promise<number | number[]> {
    const values = [await super.trainOnBatch(x, y)].flat();
    values.pop(); // the step's penalty, which only fit's logs show
    return values.length === 1 ? (values[0] as number) : values;
  }
}
overrideTestFunction(RegularizedModel, (model) => testStep(model, modelPass));

/** tfjs-layers' `Functional` class name (Keras 3's name for the functional model) loads ours too. */
export class RegularizedFunctional extends RegularizedModel {
  /** The class name tfjs registers its `Functional` under. */
  static override readonly className: string = 'Functional';
}
