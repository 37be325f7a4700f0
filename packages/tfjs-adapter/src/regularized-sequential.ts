import { tidy } from '@tensorflow/tfjs-core';
import type { Scalar, serialization } from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { disposeModelFully } from './model-disposal.js';
import { beforeTfjsBuilds } from './model-json/checked-load.js';
import { penaltyTerms } from './penalty-terms.js';
import { RegularizedModel } from './regularized-model.js';
import { slotRegularizer } from './slot-regularizer.js';
import { setSequentialInnerModel } from './tfjs-internals.js';

/** Nesting deeper than this in a model config is not walked (and tfjs would not load it either). */
const MAX_DEPTH = 64;

/**
 * tfjs-layers' `Sequential`, with Keras's losses (as {@link RegularizedModel}, which it trains and
 * evaluates with: tfjs's Sequential delegates `fit`, `evaluate` and the rest to an inner model),
 * loaded so that a bad regularizer fails before anything is built, and disposed so that nothing
 * stays behind.
 *
 * Stock `Sequential.fromConfig` builds each layer as soon as it is read, so when a later layer's
 * regularizer turns out to be unknown, the earlier layers' weights are never freed. This subclass
 * resolves every regularizer slot of every layer first (nested models included), which allocates
 * no tensor, and applies the default resource budget when tfjs loads it by itself (see
 * `beforeTfjsBuilds`), then loads as tfjs does. Stock `dispose()` leaves the weights of a model
 * nested after the first layer (a Keras `Sequential([base_model, Dense(…)])` keeps its whole base
 * model); this one frees them.
 *
 * The adapter registers it under tfjs's class name, so loading a model builds it;
 * {@link sequential} builds one directly.
 */
export class RegularizedSequential extends tfl.Sequential {
  /** The class name of tfjs's Sequential, which loading resolves to this class. */
  static override readonly className = 'Sequential';

  /** Builds tfjs's inner model, as a {@link RegularizedModel}. */
  override build(inputShape?: Parameters<tfl.Sequential['build']>[0]): void {
    super.build(inputShape);
    const inner = new RegularizedModel({
      inputs: this.inputs,
      outputs: this.outputs[0] as tfl.SymbolicTensor,
      name: `${this.name}_model`,
    });
    inner.trainable = this.trainable;
    setSequentialInnerModel(this, inner);
  }

  /** Every penalty of the model, as Keras counts them (see {@link RegularizedModel}). */
  override calculateLosses(): Scalar[] {
    return tidy(() => penaltyTerms(this).map((term) => term()));
  }

  /** Checks every regularizer slot and the resource budget, then loads as tfjs does. */
  static override fromConfig<T extends serialization.Serializable>(
    cls: serialization.SerializableConstructor<T>,
    config: serialization.ConfigDict,
    customObjects?: serialization.ConfigDict,
    fastWeightInit?: boolean,
  ): T {
    checkRegularizerSlots(config);
    const fast = beforeTfjsBuilds('Sequential', config, fastWeightInit);
    return super.fromConfig(cls, config, customObjects, fast);
  }

  /** Disposes as tfjs does, then frees the models nested after the first layer. */
  override dispose(): ReturnType<tfl.Sequential['dispose']> {
    return disposeModelFully(this, () => super.dispose());
  }
}

/** Resolves every `…Regularizer` key of every layer config under `config`, iteratively. */
function checkRegularizerSlots(config: serialization.ConfigDictValue): void {
  const pending: Array<{ value: serialization.ConfigDictValue; depth: number }> = [
    { value: config, depth: 0 },
  ];
  for (let item = pending.pop(); item !== undefined; item = pending.pop()) {
    const { value, depth } = item;
    if (typeof value !== 'object' || value === null || depth > MAX_DEPTH) continue;
    if (Array.isArray(value)) {
      for (const element of value) pending.push({ value: element, depth: depth + 1 });
      continue;
    }
    const { className, config: layerConfig } = value;
    if (
      typeof className === 'string' &&
      typeof layerConfig === 'object' &&
      layerConfig !== null &&
      !Array.isArray(layerConfig)
    ) {
      const name = typeof layerConfig.name === 'string' ? ` "${layerConfig.name}"` : '';
      for (const [key, slot] of Object.entries(layerConfig)) {
        if (key.endsWith('Regularizer')) slotRegularizer(slot, key, `${className} layer${name}`);
      }
    }
    for (const child of Object.values(value)) pending.push({ value: child, depth: depth + 1 });
  }
}
