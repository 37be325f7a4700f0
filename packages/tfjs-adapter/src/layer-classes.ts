import { serialization } from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { ActivityRegularization } from './activity-regularization.js';
import { layerTable } from './layer-table.js';
import type { LayerRow } from './layer-table.js';
import { regularizedLayer } from './regularized-layer.js';
import type { LayerClass, RegularizedLayer } from './regularized-layer.js';

/** A concrete layer class of ours: a tfjs layer that also says what regularizes each slot. */
export type RegularizedLayerClass = (new (args: never) => tfl.layers.Layer & RegularizedLayer) & {
  readonly className: string;
};

/** The stock tfjs-layers class registered under `className`, which our subclass extends. */
function stockLayerClass(className: string): LayerClass {
  const entry = Object.hasOwn(serialization.SerializationMap.getMap().classNameMap, className)
    ? serialization.SerializationMap.getMap().classNameMap[className]
    : undefined;
  if (entry === undefined)
    throw new Error(`tfjs-layers has no layer class ${className} to extend.`);
  return entry[0] as unknown as LayerClass;
}

/** Builds our subclass of the stock tfjs class registered under `className`, as its row says. */
function regularized(className: string, row: LayerRow): RegularizedLayerClass {
  return class extends regularizedLayer(stockLayerClass(className), { className, ...row }) {
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
