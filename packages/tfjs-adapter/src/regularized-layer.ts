import { InvalidArgumentError, computePenalty } from '@regularizers/core';
import { add, div, keep, scalar, tidy } from '@tensorflow/tfjs-core';
import type { Scalar, Tensor, serialization } from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { slotRegularizer } from './slot-regularizer.js';
import { tfjsRegularizerJson } from './tfjs-regularizer.js';
import type { TfjsRegularizer } from './tfjs-regularizer.js';

type Layer = tfl.layers.Layer;
type Kwargs = Parameters<Layer['call']>[1];
type RegularizerFn = Layer['losses'][number];
/** A tfjs layer class. Mixins must take `any[]` constructor arguments, a TypeScript rule. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type LayerClass = abstract new (...args: any[]) => Layer;

/** How a tfjs layer class stores its weights' regularizers. */
export interface RegularizedLayerSpec {
  /** The stock class name, which our subclass keeps so saved models load into it. */
  readonly className: string;
  /** Weight name (the last part of `LayerVariable.originalName`) to the slot that regularizes it. */
  readonly weightSlots: Readonly<Record<string, string>>;
  /** Slots that tfjs would silently ignore, with the advice given when one is used. */
  readonly refusedSlots?: Readonly<Record<string, string>>;
  /**
   * For a wrapper: the config of the layer it wraps, whose slots regularize the wrapper's weights
   * (Bidirectional's copies of its RNN).
   */
  readonly weightSlotsOf?: (layer: Layer) => Readonly<Record<string, unknown>>;
}

/** The public face our layers add to tfjs's: the regularizer in each slot. */
export interface RegularizedLayer {
  /**
   * The regularizer in a slot (`kernelRegularizer`, `activityRegularizer`, …), or `null`.
   *
   * @param slot - the slot's argument name, as the layer factory takes it: `kernelRegularizer`,
   *   `activityRegularizer`, …
   */
  regularizerFor(slot: string): TfjsRegularizer | null;
}

const ACTIVITY = 'activityRegularizer';

/**
 * Subclasses a tfjs layer so that its regularizers follow Keras:
 *
 * - every slot takes anything `getRegularizer` accepts, resolved once with a clear error;
 * - weight penalties are computed for the trainable weights only, from each weight's name, so
 *   recurrent layers (whose weights live on their cell) and frozen layers behave as in Keras;
 * - an activity regularizer is applied to every output of each eager call, divided by the batch
 *   size, and replaces the previous call's penalty, where stock tfjs throws;
 * - `getConfig` writes every slot, so the layer saves and loads.
 *
 * tfjs itself never sees the regularizers: the subclass passes none to the stock constructor.
 */
export function regularizedLayer<Base extends LayerClass>(
  Base: Base,
  spec: RegularizedLayerSpec,
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
): Base & (abstract new (...args: any[]) => RegularizedLayer) {
  const weightSlots = [...new Set(Object.values(spec.weightSlots))];

  abstract class Regularized extends Base implements RegularizedLayer {
    readonly #regularizers = new Map<string, TfjsRegularizer>();
    #wrappedRegularizers: Map<string, TfjsRegularizer> | null = null;
    #activityPenalty: Scalar | null = null;

    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    constructor(...args: any[]) {
      const layerArgs = { ...(args[0] as Record<string, unknown> | undefined) };
      const named = typeof layerArgs.name === 'string' ? ` "${layerArgs.name}"` : '';
      const where = `${spec.className} layer${named}`;
      for (const [slot, advice] of Object.entries(spec.refusedSlots ?? {})) {
        if (layerArgs[slot] != null) {
          throw new InvalidArgumentError(slot, `The ${where} has no ${slot}: ${advice}`);
        }
      }
      const resolved = new Map<string, TfjsRegularizer>();
      for (const slot of [...weightSlots, ACTIVITY]) {
        const regularizer = slotRegularizer(layerArgs[slot], slot, where);
        if (regularizer !== null) resolved.set(slot, regularizer);
        layerArgs[slot] = undefined; // tfjs never sees our regularizers
      }
      super(layerArgs, ...(args.slice(1) as unknown[]));
      if (spec.weightSlotsOf?.(this)[ACTIVITY] != null) {
        throw new InvalidArgumentError(
          ACTIVITY,
          `The layer wrapped by the ${where} has an activityRegularizer, which tfjs would apply to hidden copies of it. Give the ${spec.className} layer itself the activityRegularizer instead.`,
        );
      }
      for (const [slot, regularizer] of resolved) {
        if ('context' in regularizer)
          regularizer.context = `${spec.className} layer "${this.name}", ${slot}`;
        this.#regularizers.set(slot, regularizer);
      }
    }

    regularizerFor(slot: string): TfjsRegularizer | null {
      return this.#regularizers.get(slot) ?? null;
    }

    override call(inputs: Tensor | Tensor[], kwargs: Kwargs): Tensor | Tensor[] {
      const outputs = super.call(inputs, kwargs);
      const activity = this.#regularizers.get(ACTIVITY);
      if (activity !== undefined) this.#recordActivityPenalty(activity, outputs);
      return outputs;
    }

    /**
     * The layer's loss functions, as tfjs reads them (`calculateLosses`, wrappers such as
     * TimeDistributed): those added with `addLoss`, one per regularized trainable weight, and the
     * latest activity penalty. Derived on each read, so freezing a layer takes effect at once.
     */
    override get losses(): RegularizerFn[] {
      const losses = [...super.losses];
      const regularizers = this.#weightRegularizers();
      for (const weight of this.trainableWeights) {
        const name = weight.originalName.slice(weight.originalName.lastIndexOf('/') + 1);
        const slot = spec.weightSlots[name];
        const regularizer = slot === undefined ? undefined : regularizers.get(slot);
        if (regularizer !== undefined) losses.push(() => regularizer.apply(weight.read()));
      }
      const activityPenalty = this.#activityPenalty;
      if (activityPenalty !== null) losses.push(() => activityPenalty.clone());
      return losses;
    }

    /** Adds to the losses tfjs keeps, since the `losses` getter returns a derived list. */
    override addLoss(losses: RegularizerFn | RegularizerFn[]): void {
      super.losses.push(...(Array.isArray(losses) ? losses : [losses]));
    }

    override getConfig(): serialization.ConfigDict {
      const config = super.getConfig();
      for (const slot of [...weightSlots, ACTIVITY]) {
        const regularizer = this.#regularizers.get(slot);
        config[slot] = regularizer === undefined ? null : tfjsRegularizerJson(regularizer);
      }
      return config;
    }

    override dispose(): ReturnType<Layer['dispose']> {
      this.#activityPenalty?.dispose();
      this.#activityPenalty = null;
      return super.dispose();
    }

    #weightRegularizers(): ReadonlyMap<string, TfjsRegularizer> {
      if (spec.weightSlotsOf === undefined) return this.#regularizers;
      if (this.#wrappedRegularizers === null) {
        const config = spec.weightSlotsOf(this);
        this.#wrappedRegularizers = new Map();
        for (const slot of weightSlots) {
          const regularizer = slotRegularizer(
            config[slot],
            slot,
            `layer wrapped by ${spec.className} layer "${this.name}"`,
          );
          if (regularizer !== null) this.#wrappedRegularizers.set(slot, regularizer);
        }
      }
      return this.#wrappedRegularizers;
    }

    /**
     * Keras §5: the penalty of each output, divided by that output's batch size (an empty batch
     * gives 0, a rank-0 output is not divided), kept as this layer's one activity loss until the
     * next call replaces it.
     */
    #recordActivityPenalty(activity: TfjsRegularizer, outputs: Tensor | Tensor[]): void {
      const penalty = tidy(() =>
        (Array.isArray(outputs) ? outputs : [outputs])
          .map((output) => {
            const batch = output.rank === 0 ? 1 : output.shape[0];
            return batch === 0 ? scalar(0) : div<Scalar>(computePenalty(activity, output), batch);
          })
          .reduce((total, term) => add(total, term)),
      );
      this.#activityPenalty?.dispose();
      this.#activityPenalty = keep(penalty);
    }
  }
  return Regularized;
}
