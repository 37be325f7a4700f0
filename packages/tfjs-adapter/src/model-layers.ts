import * as tfl from '@tensorflow/tfjs-layers';

type Layer = tfl.layers.Layer;

/**
 * The layers of a model, those of nested models included (not the nested models themselves),
 * each once, in order; input layers, which compute nothing, excepted. `regularize` selects among
 * them, and the schedules of their regularizers are advanced in training.
 */
export function modelLayers(model: tfl.LayersModel): Layer[] {
  const found = new Set<Layer>();
  const pending: Layer[] = [...model.layers].reverse();
  for (let layer = pending.pop(); layer !== undefined; layer = pending.pop()) {
    if (layer instanceof tfl.LayersModel) pending.push(...[...layer.layers].reverse());
    else if (layer.getClassName() !== 'InputLayer') found.add(layer);
  }
  return [...found];
}
