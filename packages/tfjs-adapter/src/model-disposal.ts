import type * as tfl from '@tensorflow/tfjs-layers';
import { referencesLeftByDispose } from './tfjs-internals.js';

type DisposeResult = ReturnType<tfl.LayersModel['dispose']>;

/**
 * Disposes a model with tfjs's `dispose` (`disposeModel`), then, when that was its last reference,
 * gives back the references tfjs leaves on its layers (see `referencesLeftByDispose`), so that a
 * loaded model with a shared layer, or a Sequential holding another model, frees every weight.
 */
export function disposeModelFully(
  model: tfl.LayersModel,
  disposeModel: () => DisposeResult,
): DisposeResult {
  const left = referencesLeftByDispose(model);
  const result = disposeModel();
  if (result.refCountAfterDispose === 0) {
    for (const layer of left) result.numDisposedVariables += layer.dispose().numDisposedVariables;
  }
  return result;
}
