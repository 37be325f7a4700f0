import { describe, expect, it } from 'vitest';
import '@tensorflow/tfjs-backend-cpu';
import {
  ExponentialDecay,
  PiecewiseConstantDecay,
  SerializationError,
  deserializeRegularizer,
  serializeRegularizer,
} from '@regularizers/core';
import type { Regularizer, TrainingPosition } from '@regularizers/core';
import { penaltyOf, sumAbs, sumSquares } from '@regularizers/core/testing';
import { L1, L1L2, L2, OrthogonalRegularizer, l1, l1l2, l2 } from './index.js';
import { M } from './test-values.js';

const decay = () =>
  new ExponentialDecay({ initialLearningRate: 0.1, decaySteps: 10, decayRate: 0.5 });
const position = (step: number, epoch = 0): TrainingPosition => ({ step, epoch });

describe('built-in factors that follow a schedule', () => {
  it('L1, L2 and L1L2 penalise with the factor of the position they were told', () => {
    const regularizers: [
      Regularizer & { setTrainingPosition(p: TrainingPosition): void },
      (step: number) => number,
    ][] = [
      [l1(decay()), (step) => 0.1 * 0.5 ** (step / 10) * sumAbs(M.flat())],
      [l2({ l2: decay() }), (step) => 0.1 * 0.5 ** (step / 10) * sumSquares(M.flat())],
      [
        new L1L2({ l1: ({ epoch }: TrainingPosition) => 0.01 * epoch, l2: 0.2 }),
        (step) => 0.01 * Math.floor(step / 4) * sumAbs(M.flat()) + 0.2 * sumSquares(M.flat()),
      ],
    ];
    for (const [regularizer, expected] of regularizers) {
      for (const step of [0, 5, 10, 23]) {
        regularizer.setTrainingPosition(position(step, Math.floor(step / 4)));
        expect(penaltyOf(regularizer, M)).toBeCloseTo(expected(step), 5);
      }
    }
  });

  it('OrthogonalRegularizer scales its penalty by the factor of the position', () => {
    const scheduled = new OrthogonalRegularizer({
      factor: new PiecewiseConstantDecay({ boundaries: [1], values: [0.1, 0.3], per: 'epoch' }),
    });
    expect(penaltyOf(scheduled, M)).toBeCloseTo(
      penaltyOf(new OrthogonalRegularizer({ factor: 0.1 }), M),
      7,
    );
    scheduled.setTrainingPosition(position(100, 2));
    expect(scheduled.factor).toBe(0.3);
    expect(penaltyOf(scheduled, M)).toBeCloseTo(
      penaltyOf(new OrthogonalRegularizer({ factor: 0.3 }), M),
      7,
    );
  });

  it('reads the current factor through the l1, l2 and factor getters', () => {
    const regularizer = l1l2(decay(), 0.5);
    regularizer.setTrainingPosition(position(10));
    expect([regularizer.l1, regularizer.l2]).toEqual([0.05, 0.5]);
    expect(new L2({ l2: 0.3 }).l2).toBe(0.3);
    expect(l1(({ step }: TrainingPosition) => step).l1).toBe(0);
  });

  it('saves a schedule object, and loads it back following the same schedule', () => {
    const regularizer = new L1L2({ l1: decay(), l2: 1e-4 });
    const saved = serializeRegularizer(regularizer);
    expect(saved).toEqual({
      className: 'L1L2',
      config: {
        l1: {
          className: 'ExponentialDecay',
          config: {
            initialLearningRate: 0.1,
            decaySteps: 10,
            decayRate: 0.5,
            staircase: false,
            per: 'step',
          },
        },
        l2: 1e-4,
      },
    });
    const loaded = deserializeRegularizer(JSON.parse(JSON.stringify(saved)) as typeof saved);
    if (!(loaded instanceof L1L2)) throw new Error('expected an L1L2');
    loaded.setTrainingPosition(position(20));
    expect(loaded.l1).toBe(0.025);
    expect(serializeRegularizer(loaded)).toEqual(saved);
  });

  it('says which factor cannot be saved when it follows a function', () => {
    const regularizer = new L1({
      l1: ({ step }: TrainingPosition) => Math.min(1, step / 100) * 1e-4,
    });
    expect(() => serializeRegularizer(regularizer)).toThrow(SerializationError);
    expect(() => serializeRegularizer(regularizer)).toThrow(
      /^Cannot save l1: it follows a function/,
    );
  });

  it('refuses a schedule that gives a bad factor, naming the factor and the position', () => {
    const regularizer = l2(({ step }: TrainingPosition) => (step > 2 ? Number.NaN : 0.1));
    expect(() => regularizer.setTrainingPosition(position(3))).toThrow(
      /^The schedule of l2 gave an invalid factor at step 3, epoch 0\. .*Received: l2=NaN$/,
    );
    expect(() => new L1({ l1: { className: 'Cyclic', config: {} } as never })).toThrow(
      /Unknown schedule "Cyclic" for argument l1/,
    );
  });
});
