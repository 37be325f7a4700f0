import { describe, expectTypeOf, it } from 'vitest';
import type * as tfl from '@tensorflow/tfjs-layers';
import { l2 } from '@regularizers/builtin';
import { regularize } from './index.js';
import type { RegularizeRule, RegularizedSlot } from './index.js';

declare const model: tfl.LayersModel;

describe('regularize', () => {
  it('takes a match and slots, each slot anything a layer slot takes', () => {
    expectTypeOf(
      regularize(model, [
        { match: 'dense*', kernelRegularizer: l2(1e-4) },
        { match: /lstm/, recurrentRegularizer: 'l1', biasRegularizer: null },
        { match: { className: 'Conv2D' }, activityRegularizer: { className: 'L2', config: {} } },
        { match: (layer) => layer.trainable, gammaRegularizer: 'l2' },
      ]),
    ).toEqualTypeOf<RegularizedSlot[]>();
  });

  it('knows every slot of the adapter layers by name', () => {
    expectTypeOf<'depthwiseRegularizer'>().toExtend<keyof RegularizeRule>();
    expectTypeOf<'embeddingsRegularizer'>().toExtend<keyof RegularizeRule>();
    // @ts-expect-error: a misspelt slot
    regularize(model, [{ match: 'dense*', kernelRegulariser: l2() }]);
    // @ts-expect-error: a rule needs a match
    regularize(model, [{ kernelRegularizer: l2() }]);
    // @ts-expect-error: a match is a pattern, a class or a predicate
    regularize(model, [{ match: 3, kernelRegularizer: l2() }]);
  });
});
