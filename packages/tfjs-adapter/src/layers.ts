import type * as tfl from '@tensorflow/tfjs-layers';
import type {
  ActivityRegularization,
  ActivityRegularizationArgs,
} from './activity-regularization.js';
import { layerClasses } from './layer-classes.js';
import type { RegularizedLayerClass } from './layer-classes.js';
import { layerTable } from './layer-table.js';
import type { LayerRow } from './layer-table.js';
import type { RegularizedLayer } from './regularized-layer.js';
import type { RegularizerSlotValue } from './slot-regularizer.js';

declare const refused: unique symbol;

/**
 * The type of a slot that a layer refuses (`kernelRegularizer` of `depthwiseConv2d`): no value
 * has it, so TypeScript refuses any regularizer there, with a message that quotes the advice.
 */
export interface RefusedSlot<Advice extends string> {
  /** Never present: the advice, shown in TypeScript's error. */
  readonly [refused]: Advice;
}

/**
 * A tfjs layer factory's arguments, with each regularizer slot in `Slots` (`activityRegularizer`
 * included, where the layer takes one) taking what `getRegularizer` accepts. An index signature
 * of `Args` is dropped (tfjs's `SpatialDropout1DLayerConfig` has one, of JSON values, which no
 * regularizer object fits); its named keys keep their modifiers.
 */
export type WithRegularizerSlots<Args, Slots extends string> = Omit<
  {
    [Key in keyof Args as string extends Key ? never : number extends Key ? never : Key]: Args[Key];
  },
  Slots
> & {
  [Slot in Slots]?: RegularizerSlotValue | null;
};

/**
 * The factory of ours that stands in for a tfjs-layers factory `F` with regularizer slots `Slots`
 * (`'kernelRegularizer' | 'activityRegularizer'`, …). Where tfjs's argument is optional
 * (`batchNormalization()`), ours is too.
 */
export type RegularizedFactory<
  F extends (args: never) => tfl.layers.Layer,
  Slots extends string,
> = undefined extends Parameters<F>[0]
  ? (
      args?: WithRegularizerSlots<NonNullable<Parameters<F>[0]>, Slots>,
    ) => ReturnType<F> & RegularizedLayer
  : (args: WithRegularizerSlots<Parameters<F>[0], Slots>) => ReturnType<F> & RegularizedLayer;

/** tfjs's arguments `Args`, with each refused slot (slot to advice) taking `null` at most. */
type RefuseSlots<Args, Refused extends Readonly<Record<string, string>>> = Args extends object
  ? Omit<Args, keyof Refused> & {
      -readonly [Slot in keyof Refused]?: RefusedSlot<Refused[Slot]> | null;
    }
  : Args;

/** The tfjs-layers factory a row stands in for, with the row's refused slots refused. */
type StockFactory<Row extends LayerRow> = Row extends {
  readonly refusedSlots: infer Refused extends Readonly<Record<string, string>>;
}
  ? (
      args: RefuseSlots<Parameters<Extended<Row['factory']>>[0], Refused>,
    ) => ReturnType<(typeof tfl.layers)[Row['factory']]>
  : Extended<Row['factory']>;

/** Arguments our layers take beyond tfjs's factories', by factory. */
interface ExtraArgs {
  gru: {
    /**
     * Keras's `reset_after` (its default, in tf.keras 2 and Keras 3): the reset gate applies after
     * the recurrent matrix product, with a bias of shape `[2, 3 * units]`. Default `false`, as in
     * tfjs, whose GRU layer lacks the option.
     */
    resetAfter?: boolean;
  };
}

/** A tfjs factory, taking the {@link ExtraArgs} our layer takes too. */
type Extended<Name extends keyof typeof tfl.layers> = Name extends keyof ExtraArgs
  ? (
      args: Parameters<(typeof tfl.layers)[Name]>[0] & ExtraArgs[Name],
    ) => ReturnType<(typeof tfl.layers)[Name]>
  : (typeof tfl.layers)[Name];

/**
 * The slots a row's factory takes: its weight slots (none for a wrapper, whose weights take the
 * wrapped layer's), and `activityRegularizer` unless the row refuses it.
 *
 * @inline
 */
type FactorySlots<Row extends LayerRow> =
  | (Row extends { readonly weightSlotsOf: unknown }
      ? never
      : Row['weightSlots'][keyof Row['weightSlots']])
  | (Row extends { readonly refusedSlots: { readonly activityRegularizer: string } }
      ? never
      : 'activityRegularizer');

/**
 * The type of {@link layers}, derived from the table of layers the adapter subclasses: for each
 * row, a factory under the `tf.layers` name, typed as tfjs's own factory with the row's slots
 * widened and its refused slots refused.
 *
 * @inline
 */
type RegularizedLayers = {
  -readonly [
    ClassName in keyof typeof layerTable as (typeof layerTable)[ClassName]['factory']
  ]: RegularizedFactory<
    StockFactory<(typeof layerTable)[ClassName]>,
    FactorySlots<(typeof layerTable)[ClassName]>
  >;
} & {
  /** Keras's `ActivityRegularization`, which tfjs-layers lacks. */
  activityRegularization: (args?: ActivityRegularizationArgs) => ActivityRegularization;
};

/** A factory for one of our layer classes. */
function factory(LayerClass: RegularizedLayerClass) {
  return (args: unknown) => new LayerClass(args as never);
}

/**
 * Drop-in replacements for the `tf.layers` factories of every layer with a regularizer slot, with
 * the same names and arguments. Each slot takes anything `getRegularizer` accepts (one of our
 * regularizers, a plain function, a name, a config) or a tfjs regularizer. Unlike stock tfjs,
 * activity regularizers work, recurrent layers count their penalties, and only trainable weights
 * are penalised, as in Keras.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import '@tensorflow/tfjs-backend-cpu';
 * import { l1, l2 } from '@regularizers/builtin';
 * import { layers } from '@regularizers/tfjs-adapter';
 *
 * // The Keras page's example.
 * const layer = layers.dense({
 *   units: 5,
 *   kernelInitializer: 'ones',
 *   kernelRegularizer: l1({ l1: 0.01 }),
 *   activityRegularizer: l2({ l2: 0.01 }),
 * });
 * layer.apply(tf.mul(tf.ones([5, 5]), 2));
 * tf.addN(layer.calculateLosses()); // 5.25: kernel 0.25 + activity 25 / batch 5
 * ```
 */
export const layers = Object.fromEntries([
  ...Object.entries(layerTable).map(([className, row]) => [
    row.factory,
    factory(layerClasses[className as keyof typeof layerTable]),
  ]),
  ['activityRegularization', factory(layerClasses.ActivityRegularization)],
]) as RegularizedLayers;
