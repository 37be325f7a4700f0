import * as tfl from '@tensorflow/tfjs-layers';
import type { LayerVariable } from '@tensorflow/tfjs-layers';

type Layer = tfl.layers.Layer;
/** A loss function as tfjs keeps them: evaluated on demand into a new scalar. */
export type PenaltyTerm = Layer['losses'][number];

/** Marks the layers of ours that report their penalties through {@link PenaltySource}. */
const SOURCE = Symbol.for('@regularizers/tfjs-adapter.penaltySource');

/**
 * What one of our layers tells the model about its penalties, so that the model, not the layer,
 * decides what counts once (each weight) and what counts per call (each activity penalty).
 */
export interface PenaltySource {
  /**
   * The layer's own terms: losses added with `addLoss`, one per regularized trainable weight not in
   * `seen` (which it adds to), none when `frozen`, and the activity penalties of its calls in the
   * current pass.
   */
  penaltyTerms(seen: Set<LayerVariable>, frozen: boolean): PenaltyTerm[];
  /** Layers this layer runs itself and whose penalties count with its own (a wrapped layer). */
  innerLayers(): readonly Layer[];
  /** A model pass begins: forget the previous pass's activity penalties; note whether frozen. */
  beginPass(frozen: boolean): void;
}

/** Brands a layer class's instances as penalty sources. */
export function markPenaltySource(prototype: PenaltySource): void {
  Object.defineProperty(prototype, SOURCE, { value: true });
}

/** The layer as a {@link PenaltySource}, when it is one of ours. */
export function penaltySource(layer: Layer): PenaltySource | undefined {
  return SOURCE in layer ? (layer as unknown as PenaltySource) : undefined;
}

/**
 * Every layer under `root` (itself included), each once however many times it is called: the
 * layers of nested models, and the layers our wrappers run. `frozen` is true below a container
 * or layer that is not trainable, as Keras's `trainable = False` freezes everything under it.
 * The walk is iterative, so no model nesting can exhaust the stack.
 */
export function* layerTree(root: Layer): Generator<{ layer: Layer; frozen: boolean }> {
  const seen = new Set<Layer>();
  const pending = [{ layer: root, frozen: false }];
  for (let item = pending.pop(); item !== undefined; item = pending.pop()) {
    if (seen.has(item.layer)) continue;
    seen.add(item.layer);
    const frozen = item.frozen || !item.layer.trainable;
    yield { layer: item.layer, frozen };
    const children =
      item.layer instanceof tfl.LayersModel
        ? item.layer.layers
        : (penaltySource(item.layer)?.innerLayers() ?? []);
    for (const child of [...children].reverse()) pending.push({ layer: child, frozen });
  }
}

/**
 * The penalty terms of everything under `root`, as Keras counts them: each regularized trainable
 * weight once, however many call sites share its layer; each activity penalty once per call; the
 * losses of other layers (stock or custom) and those added to a model with `addLoss`, once per
 * layer. Nothing is evaluated: each term makes its scalar when called.
 */
export function penaltyTerms(root: Layer): PenaltyTerm[] {
  const seen = new Set<LayerVariable>();
  const terms: PenaltyTerm[] = [];
  for (const { layer, frozen } of layerTree(root)) {
    const source = penaltySource(layer);
    terms.push(...(source === undefined ? layer.losses : source.penaltyTerms(seen, frozen)));
  }
  return terms;
}

/** Tells every layer of ours under `model` that a pass begins (see {@link PenaltySource}). */
export function beginPass(model: Layer): void {
  for (const { layer, frozen } of layerTree(model)) penaltySource(layer)?.beginPass(frozen);
}
