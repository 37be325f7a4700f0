import { describe, expectTypeOf, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { L1L2, l2 } from '@regularizers/builtin';
import type { RegularizerIdentifier } from '@regularizers/core';
import { toTfjs } from './index.js';
import type { RegularizerSlotValue, TfjsRegularizer } from './index.js';

declare const maybeName: string | null;
declare const maybeIdentifier: RegularizerIdentifier;
declare const maybeSlotValue: RegularizerSlotValue;

/** What tfjs's own layers take in a regularizer slot. */
type StockSlot = NonNullable<Parameters<typeof tfl.layers.dense>[0]['kernelRegularizer']>;

describe('toTfjs', () => {
  it('gives a tfjs regularizer for every kind of regularizer', () => {
    expectTypeOf(toTfjs(l2(1e-4))).toEqualTypeOf<TfjsRegularizer>();
    expectTypeOf(toTfjs(L1L2)).toEqualTypeOf<TfjsRegularizer>();
    expectTypeOf(toTfjs('l2')).toEqualTypeOf<TfjsRegularizer>();
    expectTypeOf(toTfjs((x: tf.Tensor) => tf.sum(x))).toEqualTypeOf<TfjsRegularizer>();
    expectTypeOf(toTfjs({ className: 'L2', config: { l2: 0.1 } })).toEqualTypeOf<TfjsRegularizer>();
    expectTypeOf(
      toTfjs({ class_name: 'L2', config: { l2: 0.1 } }),
    ).toEqualTypeOf<TfjsRegularizer>();
    expectTypeOf(toTfjs(tfl.regularizers.l2())).toEqualTypeOf<TfjsRegularizer>();
  });

  it("gives what tfjs's own layers take", () => {
    expectTypeOf(toTfjs(l2(1e-4))).toExtend<StockSlot>();
    tfl.layers.dense({ units: 1, kernelRegularizer: toTfjs('l1') });
  });

  it('gives null for nothing', () => {
    expectTypeOf(toTfjs(null)).toEqualTypeOf<null>();
    expectTypeOf(toTfjs(undefined)).toEqualTypeOf<null>();
  });

  it('gives a regularizer or null for what may be nothing', () => {
    expectTypeOf(toTfjs(maybeName)).toEqualTypeOf<TfjsRegularizer | null>();
    expectTypeOf(toTfjs(maybeIdentifier)).toEqualTypeOf<TfjsRegularizer | null>();
    expectTypeOf(toTfjs(maybeSlotValue)).toEqualTypeOf<TfjsRegularizer | null>();
    // @ts-expect-error: tfjs's layers take no null, so a maybe-null result must be checked first
    tfl.layers.dense({ units: 1, kernelRegularizer: toTfjs(maybeName) });
  });

  it('refuses what is not a regularizer', () => {
    // @ts-expect-error: a bare factor (write toTfjs(l2(0.01)))
    toTfjs(0.01);
    // @ts-expect-error: a config without its class name
    toTfjs({ l2: 0.01 });
    // @ts-expect-error: an initializer
    toTfjs(tfl.initializers.ones());
  });
});
