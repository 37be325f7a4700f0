import { describe, expectTypeOf, it } from 'vitest';
import { ExponentialDecay } from '@regularizers/core';
import type { Regularizer, RegularizerClass, TrainingPosition } from '@regularizers/core';
import { L1, L1L2, L2, OrthogonalRegularizer, l1, l1l2, l2 } from './index.js';
import type {
  ForANumberUse,
  L1Args,
  L1L2Args,
  L2Args,
  OrthogonalRegularizerArgs,
} from './index.js';

declare const factor: number;

describe('the factories', () => {
  it('take nothing, a factor or a config, as Keras', () => {
    expectTypeOf(l2()).toEqualTypeOf<L2>();
    expectTypeOf(l2(1e-4)).toEqualTypeOf<L2>();
    expectTypeOf(l2(null)).toEqualTypeOf<L2>();
    expectTypeOf(l2({ l2: factor })).toEqualTypeOf<L2>();
    expectTypeOf(l2({ l2: null })).toEqualTypeOf<L2>();
    expectTypeOf(l1(0.05)).toEqualTypeOf<L1>();
    expectTypeOf(l1({ l1: factor })).toEqualTypeOf<L1>();
    expectTypeOf(l1l2()).toEqualTypeOf<L1L2>();
    expectTypeOf(l1l2(1e-5, 1e-4)).toEqualTypeOf<L1L2>();
    expectTypeOf(l1l2(factor)).toEqualTypeOf<L1L2>();
    expectTypeOf(l1l2(null, factor)).toEqualTypeOf<L1L2>();
    expectTypeOf(l1l2({ l1: 1e-5, l2: 1e-4 })).toEqualTypeOf<L1L2>();
  });

  it('take a schedule wherever they take a factor', () => {
    const decay = new ExponentialDecay({
      initialLearningRate: 1e-3,
      decaySteps: 100,
      decayRate: 0.5,
    });
    const warmUp = ({ epoch }: TrainingPosition) => Math.min(1, epoch / 5) * 1e-4;
    expectTypeOf(l1(decay)).toEqualTypeOf<L1>();
    expectTypeOf(l2(warmUp)).toEqualTypeOf<L2>();
    expectTypeOf(l1l2(decay, warmUp)).toEqualTypeOf<L1L2>();
    expectTypeOf(new L1L2({ l1: warmUp, l2: decay })).toEqualTypeOf<L1L2>();
    expectTypeOf(
      new OrthogonalRegularizer({ factor: decay }),
    ).toEqualTypeOf<OrthogonalRegularizer>();
    expectTypeOf(l1({ l1: { className: 'ExponentialDecay', config: {} } })).toEqualTypeOf<L1>();
    // The factor in effect is always a number.
    expectTypeOf(l1(decay).l1).toEqualTypeOf<number>();
    // @ts-expect-error: a schedule function returns a number
    l1(() => '0.01');
  });

  it('refuse unknown arguments and values that are not factors', () => {
    // @ts-expect-error: l2 takes l2, not l3
    l2({ l3: 1 });
    // @ts-expect-error: l1 takes l1, not l2
    l1({ l2: 0.01 });
    // @ts-expect-error: l1l2 takes l1 and l2
    l1l2({ l1: 0.01, l3: 0.01 });
    // @ts-expect-error: a factor is a number, not a string
    l2('0.01');
    // @ts-expect-error: a factor is a number, not a string
    l2({ l2: '0.01' });
    // @ts-expect-error: l2 takes one factor
    l2(0.01, 0.01);
  });
});

describe('the classes', () => {
  it('take nothing or a config', () => {
    expectTypeOf(new L2()).toEqualTypeOf<L2>();
    expectTypeOf(new L2({ l2: 1e-4 })).toEqualTypeOf<L2>();
    expectTypeOf(new L2({ l2: null })).toEqualTypeOf<L2>();
    expectTypeOf(new L1({ l1: 1e-4 })).toEqualTypeOf<L1>();
    expectTypeOf(new L1L2({ l1: 1e-5 })).toEqualTypeOf<L1L2>();
    expectTypeOf(
      new OrthogonalRegularizer({ factor: 0.1, mode: 'columns' }),
    ).toEqualTypeOf<OrthogonalRegularizer>();
  });

  it('refuse a bare number, naming the factory to write instead', () => {
    expectTypeOf(L2).constructorParameters.toEqualTypeOf<
      [args?: L2Args | ForANumberUse<'l2(1e-4)'>]
    >();
    expectTypeOf(L1).constructorParameters.toEqualTypeOf<
      [args?: L1Args | ForANumberUse<'l1(1e-4)'>]
    >();
    expectTypeOf(L1L2).constructorParameters.toEqualTypeOf<
      [args?: L1L2Args | ForANumberUse<'new L1L2({ l1: 1e-5 }) or l1l2(1e-5, 0)'>]
    >();
    expectTypeOf(OrthogonalRegularizer).constructorParameters.toEqualTypeOf<
      [
        args?:
          OrthogonalRegularizerArgs | ForANumberUse<'new OrthogonalRegularizer({ factor: 0.01 })'>,
      ]
    >();
    // @ts-expect-error: Keras's regularizers.L2(1e-4) is l2(1e-4) here
    new L2(1e-4);
    // @ts-expect-error: Keras's regularizers.L1(1e-4) is l1(1e-4) here
    new L1(factor);
    // @ts-expect-error: Keras's regularizers.L1L2(1e-5) is new L1L2({ l1: 1e-5 }) here
    new L1L2(1e-5);
    // @ts-expect-error: Keras's OrthogonalRegularizer(0.1) is new OrthogonalRegularizer({ factor: 0.1 })
    new OrthogonalRegularizer(0.1);
  });

  it('refuse unknown arguments and bad values', () => {
    // @ts-expect-error: L2 takes l2, not l3
    new L2({ l3: 1 });
    // @ts-expect-error: L1L2's factors are numbers
    new L1L2({ l1: '0.01' });
    // @ts-expect-error: the mode is rows or columns
    new OrthogonalRegularizer({ mode: 'diagonal' });
    // @ts-expect-error: as in Keras, OrthogonalRegularizer's factor may not be null
    new OrthogonalRegularizer({ factor: null });
  });

  it("fit core's protocol", () => {
    expectTypeOf(new L2()).toExtend<Regularizer>();
    expectTypeOf(L1).toExtend<RegularizerClass>();
    expectTypeOf(L2).toExtend<RegularizerClass>();
    expectTypeOf(L1L2).toExtend<RegularizerClass>();
    expectTypeOf(OrthogonalRegularizer).toExtend<RegularizerClass>();
  });
});
