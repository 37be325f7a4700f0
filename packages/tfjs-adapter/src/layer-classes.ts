import type * as tfl from '@tensorflow/tfjs-layers';
import { ActivityRegularization } from './activity-regularization.js';
import { layerTable } from './layer-table.js';
import type { LayerRow } from './layer-table.js';
import { regularizedLayer } from './regularized-layer.js';
import type { LayerClass, RegularizedLayer } from './regularized-layer.js';
import { stockTfjsClass } from './tfjs-internals.js';

/** A concrete layer class of ours: a tfjs layer that also says what regularizes each slot. */
export type RegularizedLayerClass = (new (args: never) => tfl.layers.Layer & RegularizedLayer) & {
  readonly className: string;
};

/** Builds our subclass of the stock tfjs class registered under `className`, as its row says. */
function regularized(className: string, row: LayerRow): RegularizedLayerClass {
  const Stock = stockTfjsClass(className) as unknown as LayerClass;
  return class extends regularizedLayer(row.extend?.(Stock) ?? Stock, { className, ...row }) {
    static readonly className = className;
  };
}

/**
 * Our subclass of every layer in {@link layerTable}, and our own `ActivityRegularization`, by
 * stock class name. The adapter registers each under that name, so that models loaded by tfjs are
 * built from them.
 */
export const layerClasses: Readonly<
  Record<keyof typeof layerTable | 'ActivityRegularization', RegularizedLayerClass>
> = {
  ...(Object.fromEntries(
    Object.entries(layerTable).map(([className, row]) => [className, regularized(className, row)]),
  ) as Record<keyof typeof layerTable, RegularizedLayerClass>),
  ActivityRegularization,
};
