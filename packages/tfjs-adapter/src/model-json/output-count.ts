import type { JsonValue } from '@regularizers/core';
import { isJsonObject, isModelClass } from './json-object.js';
import { shapeRuleOf } from './shape-rules.js';

/** States a recurrent layer returns with `return_state`, by class. */
const STATES: Readonly<Record<string, number>> = { SimpleRNN: 1, GRU: 1, LSTM: 2, ConvLSTM2D: 2 };

/**
 * How many tensors a call of a layer returns, as tfjs builds it from its config, or `undefined`
 * where that depends on what the budget cannot see (a custom layer, a plain RNN's cells). It
 * exists so that a reference `[layer, node, tensor]` to a tensor that does not exist is refused:
 * tfjs reads `undefined` there and crashes.
 */
export function outputCount(className: string, config: JsonValue): number | undefined {
  const settings = isJsonObject(config) ? config : {};
  if (isModelClass(className)) {
    const outputs = settings.output_layers ?? null;
    return className === 'Sequential' ? 1 : Array.isArray(outputs) ? outputs.length : undefined;
  }
  if (className === 'InputLayer') return 1;
  const returnsState = settings.return_state === true;
  if (className === 'Bidirectional') {
    const inner = settings.layer ?? null;
    const innerClass =
      isJsonObject(inner) && typeof inner.class_name === 'string' ? inner.class_name : '';
    const innerConfig = isJsonObject(inner) ? (inner.config ?? null) : null;
    const innerState = isJsonObject(innerConfig) && innerConfig.return_state === true;
    const states = innerState ? STATES[innerClass] : 0;
    if (states === undefined) return undefined;
    const merged = 'merge_mode' in settings && settings.merge_mode === null ? 2 : 1;
    return merged + 2 * states;
  }
  if (className in STATES) return 1 + (returnsState ? (STATES[className] ?? 0) : 0);
  return shapeRuleOf(className) === undefined || className === 'RNN' ? undefined : 1;
}
