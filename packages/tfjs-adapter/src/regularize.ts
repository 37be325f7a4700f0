import { InvalidArgumentError, describeValue, namePatternTest } from '@regularizers/core';
import type { NamePattern } from '@regularizers/core';
import * as tfl from '@tensorflow/tfjs-layers';
import { layerClasses } from './layer-classes.js';
import { layerTable } from './layer-table.js';
import { modelLayers } from './model-layers.js';
import type { RegularizedLayer } from './regularized-layer.js';
import { slotRegularizer } from './slot-regularizer.js';
import type { RegularizerSlotValue } from './slot-regularizer.js';
import type { TfjsRegularizer } from './tfjs-regularizer.js';

type Layer = tfl.layers.Layer;

/**
 * The slots of one row of the layer table.
 *
 * @inline
 */
type SlotsOf<Row> = Row extends { readonly weightSlots: infer Slots } ? Slots[keyof Slots] : never;

/**
 * Every regularizer slot of the adapter's layers: `kernelRegularizer`, `recurrentRegularizer`, …
 *
 * @inline
 */
type RegularizerSlot =
  SlotsOf<(typeof layerTable)[keyof typeof layerTable]> | 'activityRegularizer';

/**
 * Which layers a {@link RegularizeRule} selects: a glob or RegExp on the layer's name, a glob or
 * RegExp on its class name (`{ className: 'LSTM' }`), or a predicate.
 */
export type LayerMatch =
  NamePattern | { readonly className: NamePattern } | ((layer: tfl.layers.Layer) => boolean);

/**
 * One rule of {@link regularize}: `match` selects layers, and every other key is a slot, set to a
 * regularizer (anything a layer's slot takes) or to `null` to empty it.
 */
export type RegularizeRule = { readonly match: LayerMatch } & {
  readonly [Slot in RegularizerSlot]?: RegularizerSlotValue | null;
};

/** A slot {@link regularize} set: the layer's name and the slot. */
export interface RegularizedSlot {
  /** The layer's name. */
  readonly layer: string;
  /** The slot, such as `kernelRegularizer`. */
  readonly slot: string;
}

const SLOTS: ReadonlySet<string> = new Set([
  ...Object.values(layerTable).flatMap((row) => Object.values(row.weightSlots) as string[]),
  'activityRegularizer',
]);

/**
 * Attaches regularizers to the layers of a model that is already built or loaded, as fine-tuning
 * needs: Keras's regularizers set after building never reach `model.losses`, and these do. Each
 * rule selects layers with `match` and sets the slots it names; later rules win over earlier
 * ones. The penalties count from the next training step (no recompiling), only on trainable
 * weights, and the model saves and loads with them. Nested models are searched too.
 *
 * Every rule is checked before any slot is set, so a bad rule changes nothing. The layers must be
 * the adapter's: built with its `layers` factories, or loaded (`tf.loadLayersModel`,
 * `modelFromKerasJSON`) after the adapter was imported. A layer built with `tf.layers` fixes its
 * regularizers when it is built, so it is refused, by name.
 *
 * @param model - the model whose layers to regularize.
 * @param rules - the rules, applied in order.
 * @returns every slot set, by layer name.
 * @throws `InvalidArgumentError` for a rule that matches no layer, a slot a matched layer does not
 * have, a value that is not a regularizer, an unknown key, or a matched stock tfjs layer.
 *
 * @example
 * ```ts
 * import * as tfl from '@tensorflow/tfjs-layers';
 * import { l2 } from '@regularizers/builtin';
 * import { layers, regularize } from '@regularizers/tfjs-adapter';
 *
 * const model = tfl.sequential({
 *   layers: [
 *     layers.lstm({ units: 8, inputShape: [5, 3], name: 'encoder' }),
 *     layers.dense({ units: 4, name: 'dense_head' }),
 *   ],
 * });
 * regularize(model, [
 *   { match: 'dense*', kernelRegularizer: l2(1e-4) },
 *   { match: (layer) => layer.getClassName() === 'LSTM', recurrentRegularizer: 'l1' },
 * ]);
 * // [{ layer: 'dense_head', slot: 'kernelRegularizer' }, { layer: 'encoder', slot: 'recurrentRegularizer' }]
 * ```
 */
export function regularize(
  model: tfl.LayersModel,
  rules: readonly RegularizeRule[],
): RegularizedSlot[] {
  if (!(model instanceof tfl.LayersModel)) {
    throw new InvalidArgumentError(
      'model',
      `regularize needs a tfjs-layers model (tf.sequential, tf.model, tf.loadLayersModel). Received: model=${describeValue(model)}`,
    );
  }
  if (!Array.isArray(rules)) {
    throw new InvalidArgumentError(
      'rules',
      `regularize needs an array of rules such as [{ match: 'dense*', kernelRegularizer: l2(1e-4) }]. Received: rules=${describeValue(rules)}`,
    );
  }
  const layers = modelLayers(model);
  const planned = new Map<
    string,
    { layer: Layer & RegularizedLayer; slot: string; regularizer: TfjsRegularizer | null }
  >();
  rules.forEach((rule, index) => {
    for (const entry of planRule(rule, `rules[${index}]`, layers)) {
      planned.set(`${entry.layer.id}:${entry.slot}`, entry);
    }
  });
  for (const { layer, slot, regularizer } of planned.values())
    layer.setRegularizer(slot, regularizer);
  return [...planned.values()].map(({ layer, slot }) => ({ layer: layer.name, slot }));
}

/** What one rule will set, each value resolved and each slot checked; throws on anything bad. */
function planRule(rule: unknown, where: string, layers: readonly Layer[]) {
  if (typeof rule !== 'object' || rule === null || !('match' in rule)) {
    throw new InvalidArgumentError(
      where,
      `Each rule of regularize is an object with a match and slots, such as { match: 'dense*', kernelRegularizer: l2(1e-4) }. Received: ${where}=${describeValue(rule)}`,
    );
  }
  const { match, ...slots } = rule as { match: unknown } & Record<string, unknown>;
  const label = `${where} (match: ${describeValue(match)})`;
  const unknown = Object.keys(slots).find((key) => !SLOTS.has(key));
  if (unknown !== undefined || Object.keys(slots).length === 0) {
    throw new InvalidArgumentError(
      unknown ?? where,
      `${label} ${unknown === undefined ? 'sets no slot' : `has an unknown key ${unknown}`}. Besides match, a rule's keys are slots: ${[...SLOTS].join(', ')}.`,
    );
  }
  const matched = layers.filter(layerTest(match));
  if (matched.length === 0) {
    const names = layers.map((layer) => layer.name);
    throw new InvalidArgumentError(
      'match',
      `${label} matches no layer of the model. Its layers: ${describeValue(names)}.`,
    );
  }
  return matched.flatMap((layer) => {
    const ours = asRegularizedLayer(layer, label);
    const what = `${layer.getClassName()} layer "${layer.name}"`;
    return Object.entries(slots).map(([slot, value]) => {
      if (!ours.regularizerSlots.includes(slot)) {
        throw new InvalidArgumentError(
          slot,
          `${label} sets ${slot}, which the ${what} does not have. Its slots: ${ours.regularizerSlots.join(', ') || 'none'}.`,
        );
      }
      return { layer: ours, slot, regularizer: slotRegularizer(value, slot, what) };
    });
  });
}

function layerTest(match: unknown): (layer: Layer) => boolean {
  if (typeof match === 'function')
    return (layer) => Boolean((match as (layer: Layer) => unknown)(layer));
  if (typeof match === 'object' && match !== null && 'className' in match) {
    const test = namePatternTest('match.className', match.className);
    return (layer) => test(layer.getClassName());
  }
  const test = namePatternTest('match', match);
  return (layer) => test(layer.name);
}

function asRegularizedLayer(layer: Layer, label: string): Layer & RegularizedLayer {
  const candidate = layer as Layer & Partial<RegularizedLayer>;
  if (typeof candidate.setRegularizer === 'function' && Array.isArray(candidate.regularizerSlots)) {
    return candidate as Layer & RegularizedLayer;
  }
  const className = layer.getClassName();
  const why = Object.hasOwn(layerClasses, className)
    ? `it was built by tf.layers (or loaded before @regularizers/tfjs-adapter was imported), which fixes a layer's regularizers when it is built. Build it with the adapter's layers factories, or load the model after importing the adapter: tf.loadLayersModel then builds the adapter's ${className}.`
    : `the adapter has no ${className} with regularizer slots.`;
  throw new InvalidArgumentError(
    'match',
    `${label} matches the ${className} layer "${layer.name}", a stock tfjs-layers layer: ${why}`,
  );
}
