import { InvalidArgumentError } from '@regularizers/core';
import type { RegularizerConfig, RegularizerIdentifier } from '@regularizers/core';
import { fromTfjsClassName, restoreConfig } from './model-json/case-conversion-codec.js';
import { toTfjs } from './tfjs-regularizer.js';
import type { TfjsRegularizer } from './tfjs-regularizer.js';

/** What a regularizer slot of our layers accepts: anything `getRegularizer` accepts, or a tfjs regularizer. */
export type RegularizerSlotValue = RegularizerIdentifier | TfjsRegularizer;

/**
 * Resolves the value of one regularizer slot of a layer, once, when the layer is built. A
 * `{ className, config }` object is what tfjs hands back from a saved model, so its class name and
 * config are first decoded from tfjs's case conversion.
 *
 * @param value - the slot's value.
 * @param slot - the slot's name, such as `kernelRegularizer`.
 * @param where - the layer, such as `Dense layer "dense_1"`.
 * @throws `InvalidArgumentError` naming the layer, the slot and the value.
 */
export function slotRegularizer(
  value: unknown,
  slot: string,
  where: string,
): TfjsRegularizer | null {
  try {
    return toTfjs(decodeSavedSlot(value) as RegularizerSlotValue);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new InvalidArgumentError(slot, `Invalid ${slot} for the ${where}: ${message}`);
  }
}

function decodeSavedSlot(value: unknown): unknown {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return value;
  const { className, config } = value as { className?: unknown; config?: unknown };
  if (typeof className !== 'string' || !('config' in value)) return value;
  const restored =
    typeof config === 'object' && config !== null
      ? restoreConfig(config as RegularizerConfig)
      : config;
  return { ...value, className: fromTfjsClassName(className), config: restored };
}
