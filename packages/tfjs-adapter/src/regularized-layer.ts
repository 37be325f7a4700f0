import { InvalidArgumentError } from '@regularizers/core';
import { dispose, tidy } from '@tensorflow/tfjs-core';
import type { Scalar, Tensor, serialization } from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import type { LayerVariable } from '@tensorflow/tfjs-layers';
import { ActivityPenalties } from './activity-penalties.js';
import { markPenaltySource, penaltySource, penaltyTerms } from './penalty-terms.js';
import type { PenaltySource, PenaltyTerm } from './penalty-terms.js';
import { slotRegularizer } from './slot-regularizer.js';
import type { RegularizerSlotValue } from './slot-regularizer.js';
import { tensorsKeptBetweenCalls } from './tfjs-internals.js';
import { tfjsRegularizerJson } from './tfjs-regularizer.js';
import type { TfjsRegularizer } from './tfjs-regularizer.js';

type Layer = tfl.layers.Layer;
type Kwargs = Parameters<Layer['call']>[1];
/** A tfjs layer class. Mixins must take `any[]` constructor arguments, a TypeScript rule. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type LayerClass = abstract new (...args: any[]) => Layer;

/** How a tfjs layer class stores its weights' regularizers, and how it runs. */
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
  /**
   * For a layer that runs other layers' `call` itself (TimeDistributed, an RNN and its cell): those
   * layers. Their weight penalties count with this layer's; their activity regularizers are not
   * applied, as in Keras 3, which calls them the same way.
   */
  readonly wrapped?: (layer: Layer) => readonly Layer[];
  /** Run in inference mode when frozen, even in a training step (Keras's BatchNormalization). */
  readonly inferenceWhenFrozen?: boolean;
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
  /** The slots {@link RegularizedLayer.setRegularizer} takes: those the layer's factory takes. */
  readonly regularizerSlots: readonly string[];
  /**
   * Puts a regularizer in a slot of a layer already built (`null` empties the slot). It takes
   * effect at the next training step, and the layer saves with it. `regularize` calls it.
   *
   * @param slot - the slot, one of {@link RegularizedLayer.regularizerSlots}.
   * @param value - anything the slot takes when the layer is built, or `null` to empty it.
   *
   * @throws `InvalidArgumentError` naming the layer and the slot, for a slot the layer does not
   * have (see `regularizerSlots`) or a value that is not a regularizer. Nothing changes then.
   */
  setRegularizer(slot: string, value: RegularizerSlotValue | null): void;
}

const ACTIVITY = 'activityRegularizer';

/**
 * Losses added with `addLoss`, kept here rather than in tfjs's own list (whose getter we replace).
 * A WeakMap, because tfjs's constructors may add losses before our fields exist.
 */
const addedLosses = new WeakMap<Layer, PenaltyTerm[]>();

/** Layers whose `call` a wrapper is running right now: their activity regularizer is skipped. */
const runByWrapper = new WeakSet<Layer>();

/**
 * Subclasses a tfjs layer so that its regularizers follow Keras:
 *
 * - every slot takes anything `getRegularizer` accepts, resolved once with a clear error;
 * - weight penalties are computed for the trainable weights only, from each weight's name, so
 *   recurrent layers (whose weights live on their cell) and frozen layers behave as in Keras;
 * - an activity regularizer is applied to every output of each eager call, divided by the batch
 *   size; the calls of one model pass add up, and the next pass (or eager call) replaces them;
 * - the model, not the layer, sums the penalties (see `penalty-terms.ts`), so that a weight counts
 *   once however many call sites share its layer;
 * - `getConfig` writes every slot, so the layer saves and loads;
 * - building frees every tensor the build made and did not keep (an LSTM's unit-forget-bias
 *   initializer leaks 4 in stock tfjs), and disposing frees what tfjs keeps between calls and
 *   never frees (a recurrent cell's dropout masks, a stateful layer's states).
 *
 * tfjs itself never sees the regularizers: the subclass passes none to the stock constructor.
 */
export function regularizedLayer<Base extends LayerClass>(
  Base: Base,
  spec: RegularizedLayerSpec,
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
): Base & (abstract new (...args: any[]) => RegularizedLayer) {
  const weightSlots = [...new Set(Object.values(spec.weightSlots))];
  // A wrapper's weights follow the wrapped layer's slots, so its own factory takes activity only.
  const settableSlots = [...(spec.weightSlotsOf === undefined ? weightSlots : []), ACTIVITY].filter(
    (slot) => spec.refusedSlots?.[slot] === undefined,
  );

  abstract class Regularized extends Base implements RegularizedLayer, PenaltySource {
    readonly #regularizers = new Map<string, TfjsRegularizer>();
    #wrappedRegularizers: Map<string, TfjsRegularizer> | null = null;
    readonly #activity = new ActivityPenalties();
    #frozenByContainer = false;

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
      for (const [slot, regularizer] of resolved) this.#setRegularizer(slot, regularizer);
    }

    regularizerFor(slot: string): TfjsRegularizer | null {
      return this.#regularizers.get(slot) ?? null;
    }

    get regularizerSlots(): readonly string[] {
      return settableSlots;
    }

    setRegularizer(slot: string, value: RegularizerSlotValue | null): void {
      const where = `${spec.className} layer "${this.name}"`;
      if (!this.regularizerSlots.includes(slot)) {
        const slots = this.regularizerSlots.join(', ') || 'none';
        throw new InvalidArgumentError(
          slot,
          `The ${where} has no ${slot} to set. Its slots: ${slots}.`,
        );
      }
      const regularizer = slotRegularizer(value, slot, where);
      if (regularizer === null) this.#regularizers.delete(slot);
      else this.#setRegularizer(slot, regularizer);
    }

    override call(inputs: Tensor | Tensor[], kwargs: Kwargs): Tensor | Tensor[] {
      const inference = spec.inferenceWhenFrozen === true && this.#isFrozen();
      const wrapped = spec.wrapped?.(this) ?? [];
      for (const layer of wrapped) runByWrapper.add(layer);
      let outputs: Tensor | Tensor[];
      try {
        outputs = super.call(inputs, inference ? { ...kwargs, training: false } : kwargs);
      } finally {
        for (const layer of wrapped) runByWrapper.delete(layer);
      }
      const activity = this.#regularizers.get(ACTIVITY);
      if (activity !== undefined && !runByWrapper.has(this))
        this.#activity.record(activity, outputs);
      return outputs;
    }

    penaltyTerms(seen: Set<LayerVariable>, frozen: boolean): PenaltyTerm[] {
      const terms = [...(addedLosses.get(this) ?? [])];
      const regularizers = frozen ? new Map<string, TfjsRegularizer>() : this.#weightRegularizers();
      for (const weight of regularizers.size === 0 ? [] : this.trainableWeights) {
        const name = weight.originalName.slice(weight.originalName.lastIndexOf('/') + 1);
        const slot = spec.weightSlots[name];
        const regularizer = slot === undefined ? undefined : regularizers.get(slot);
        if (regularizer === undefined || seen.has(weight)) continue;
        seen.add(weight);
        terms.push(() => regularizer.apply(weight.read()));
      }
      return [...terms, ...this.#activity.terms()];
    }

    innerLayers(): readonly Layer[] {
      return spec.wrapped?.(this) ?? [];
    }

    beginPass(frozen: boolean): void {
      this.#activity.reset();
      this.#frozenByContainer = frozen;
    }

    /**
     * The layer's loss functions, as tfjs reads them (`calculateLosses`, stock models): those
     * added with `addLoss`, one per regularized trainable weight (of wrapped layers too), and the
     * activity penalties of the latest pass. Derived on each read, so freezing takes effect at once.
     */
    override get losses(): PenaltyTerm[] {
      return penaltyTerms(this);
    }

    /** The penalties of {@link losses}, evaluated (tfjs's own reads `losses`; ours says so). */
    override calculateLosses(): Scalar[] {
      return tidy(() => penaltyTerms(this).map((term) => term()));
    }

    /** Keeps added losses in our own list, since the `losses` getter returns a derived one. */
    override addLoss(losses: PenaltyTerm | PenaltyTerm[]): void {
      const list = addedLosses.get(this) ?? [];
      list.push(...(Array.isArray(losses) ? losses : [losses]));
      addedLosses.set(this, list);
    }

    /**
     * tfjs's config, with every weight slot, and the activity slot where it is set or where tfjs
     * writes one (Keras refuses `activity_regularizer` in some layers' configs, even `None`).
     */
    override getConfig(): serialization.ConfigDict {
      const config = super.getConfig();
      for (const slot of [...weightSlots, ACTIVITY]) {
        const regularizer = this.#regularizers.get(slot);
        if (slot === ACTIVITY && regularizer === undefined && !(slot in config)) continue;
        config[slot] = regularizer === undefined ? null : tfjsRegularizerJson(regularizer);
      }
      return config;
    }

    /** Builds as tfjs does, in a tidy scope: weights are variables, which the scope keeps. */
    override build(inputShape: Parameters<Layer['build']>[0]): void {
      tidy(() => {
        super.build(inputShape);
      });
    }

    /**
     * Also forgets the activity penalties of wrapped layers, whose weights tfjs disposes here, and,
     * on the last dispose, frees what tfjs keeps between calls (see `tensorsKeptBetweenCalls`).
     */
    override dispose(): ReturnType<Layer['dispose']> {
      this.#activity.reset();
      for (const layer of spec.wrapped?.(this) ?? []) penaltySource(layer)?.beginPass(false);
      const result = super.dispose();
      if (result.refCountAfterDispose === 0) dispose(tensorsKeptBetweenCalls(this));
      return result;
    }

    /** Sets the regularizer of one slot (the constructor's, or a later one's). */
    #setRegularizer(slot: string, regularizer: TfjsRegularizer): void {
      if ('context' in regularizer) {
        regularizer.context = `${spec.className} layer "${this.name}", ${slot}`;
      }
      this.#regularizers.set(slot, regularizer);
    }

    /**
     * Frozen as Keras sees it: not trainable itself, below a frozen model (as the last model pass
     * found), or with a regularizable weight that a stock model's `trainable = false` froze.
     */
    #isFrozen(): boolean {
      if (!this.trainable || this.#frozenByContainer) return true;
      return this.weights.some(
        (weight) =>
          !weight.trainable &&
          spec.weightSlots[weight.originalName.slice(weight.originalName.lastIndexOf('/') + 1)] !==
            undefined,
      );
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
  }
  markPenaltySource(Regularized.prototype);
  return Regularized;
}
