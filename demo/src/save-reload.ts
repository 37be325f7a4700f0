import type * as tfl from '@tensorflow/tfjs-layers';
import { serializeRegularizer } from '@regularizers/core';
import { RegularizerBridge } from '@regularizers/tfjs-adapter';
import type { RegularizedLayer } from '@regularizers/tfjs-adapter';
import { saveAndLoad } from '@regularizers/tfjs-adapter/testing';
import { totalPenalty } from './train-run.js';

const SLOTS = ['kernelRegularizer', 'biasRegularizer', 'activityRegularizer'] as const;

/** One regularizer slot of a layer, as saved before and as found after loading. */
export interface SlotComparison {
  layer: string;
  slot: string;
  before: string;
  after: string;
}

/** What a save and a load changed: ideally nothing. */
export interface SaveReloadCheck {
  slots: SlotComparison[];
  penaltyBefore: number;
  penaltyAfter: number;
  /** The bytes of the saved topology and weights. */
  savedBytes: number;
  /** Every regularizer and the penalty are the same after the load. */
  identical: boolean;
}

/**
 * Saves `model` with a memory handler, loads it back with `tf.loadLayersModel`, and compares the
 * serialized regularizer of every slot of every layer, and the total penalty.
 */
export async function saveAndReload(model: tfl.LayersModel): Promise<SaveReloadCheck> {
  const { loaded, artifacts } = await saveAndLoad(model);
  try {
    const before = slotRegularizers(model);
    const after = slotRegularizers(loaded);
    const slots = [...new Set([...before.keys(), ...after.keys()])].map((key) => {
      const [layer = '', slot = ''] = key.split('/');
      return { layer, slot, before: before.get(key) ?? 'none', after: after.get(key) ?? 'none' };
    });
    const penaltyBefore = totalPenalty(model);
    const penaltyAfter = totalPenalty(loaded);
    return {
      slots,
      penaltyBefore,
      penaltyAfter,
      savedBytes:
        JSON.stringify(artifacts.modelTopology).length +
        (artifacts.weightData ? byteLength(artifacts.weightData) : 0),
      identical:
        slots.length > 0 &&
        slots.every((s) => s.before === s.after) &&
        penaltyBefore === penaltyAfter,
    };
  } finally {
    loaded.dispose();
  }
}

/** `layer/slot` to the JSON of the regularizer in it, for every filled slot of `model`. */
function slotRegularizers(model: tfl.LayersModel): Map<string, string> {
  const found = new Map<string, string>();
  for (const layer of model.layers) {
    if (!('regularizerFor' in layer)) continue;
    for (const slot of SLOTS) {
      const tfjsRegularizer = (layer as tfl.layers.Layer & RegularizedLayer).regularizerFor(slot);
      if (tfjsRegularizer === null) continue;
      const json =
        tfjsRegularizer instanceof RegularizerBridge
          ? serializeRegularizer(tfjsRegularizer.regularizer)
          : { className: tfjsRegularizer.getClassName(), config: tfjsRegularizer.getConfig() };
      found.set(`${layer.name}/${slot}`, JSON.stringify(json));
    }
  }
  return found;
}

/** The size of tfjs's weight data, one buffer or several. */
function byteLength(data: ArrayBuffer | ArrayBuffer[]): number {
  return Array.isArray(data)
    ? data.reduce((sum, part) => sum + part.byteLength, 0)
    : data.byteLength;
}
