import { describe, expect, it } from 'vitest';
import { InvalidArgumentError, SerializationError } from '../errors/index.js';
import { CosineDecay } from './cosine-decay.js';
import { ExponentialDecay } from './exponential-decay.js';
import { getSchedule, serializeSchedule } from './get-schedule.js';
import { PiecewiseConstantDecay } from './piecewise-constant-decay.js';
import { PolynomialDecay } from './polynomial-decay.js';
import type { TrainingPosition } from './training-position.js';

const at = (step: number, epoch = 0) => ({ step, epoch });

describe('getSchedule', () => {
  it('takes a function of the training position, a schedule object, or a saved schedule', () => {
    expect(getSchedule('l1', ({ epoch }: TrainingPosition) => epoch * 2).valueAt(at(9, 3))).toBe(6);
    const decay = new ExponentialDecay({ initialLearningRate: 1, decaySteps: 1, decayRate: 0.5 });
    expect(getSchedule('l1', decay)).toBe(decay);
    const custom = { valueAt: () => 0.25 };
    expect(getSchedule('l1', custom)).toBe(custom);
    const saved = getSchedule('l1', {
      className: 'PiecewiseConstantDecay',
      config: { boundaries: [1], values: [3, 4], per: 'epoch' },
    });
    expect(saved).toBeInstanceOf(PiecewiseConstantDecay);
    expect(saved.valueAt(at(0, 2))).toBe(4);
  });

  it('reads a schedule as Keras serializes it', () => {
    const schedule = getSchedule('learningRate', {
      module: 'keras.optimizers.schedules',
      class_name: 'ExponentialDecay',
      config: {
        initial_learning_rate: 0.1,
        decay_steps: 10,
        decay_rate: 0.5,
        staircase: true,
        name: 'ExponentialDecay',
      },
      registered_name: null,
    });
    expect(schedule.valueAt(at(25))).toBeCloseTo(0.025, 12);
  });

  it('names the argument and lists the schedules it knows', () => {
    expect(() => getSchedule('weightDecay', 'cosine')).toThrow(
      'Invalid value for argument weightDecay: expected a number, a schedule (ExponentialDecay, PiecewiseConstantDecay, PolynomialDecay, CosineDecay), a function of { step, epoch }, or a saved { className, config }. Received: weightDecay="cosine"',
    );
    expect(() => getSchedule('l1', { className: 'StepDecay', config: {} })).toThrow(
      'Unknown schedule "StepDecay" for argument l1. The schedules that load are ExponentialDecay, PiecewiseConstantDecay, PolynomialDecay, CosineDecay.',
    );
  });
});

describe('serializeSchedule', () => {
  it.each([
    new ExponentialDecay({
      initialLearningRate: 0.1,
      decaySteps: 10,
      decayRate: 0.9,
      staircase: true,
    }),
    new PiecewiseConstantDecay({ boundaries: [5, 10], values: [1, 0.5, 0.1], per: 'epoch' }),
    new PolynomialDecay({ initialLearningRate: 0, decaySteps: 100, endLearningRate: 1e-4 }),
    new CosineDecay({ initialLearningRate: 0, decaySteps: 50, warmupTarget: 1e-3, warmupSteps: 5 }),
  ])('saves %o so that it loads back the same', (schedule) => {
    const saved = serializeSchedule('l1', schedule);
    const loaded = getSchedule('l1', JSON.parse(JSON.stringify(saved)));
    expect(serializeSchedule('l1', loaded)).toEqual(saved);
    for (const position of [at(0), at(7, 1), at(60, 12), at(400, 40)]) {
      expect(loaded.valueAt(position)).toBe(schedule.valueAt(position));
    }
  });

  it('says which argument cannot be saved: a function, or an object of no known class', () => {
    const warmUp = getSchedule('l1', function warmUp({ step }: TrainingPosition) {
      return Math.min(1, step / 100) * 1e-4;
    });
    expect(() => serializeSchedule('l1', warmUp)).toThrow(SerializationError);
    expect(() => serializeSchedule('l1', warmUp)).toThrow(
      "Cannot save l1: it follows a function (function warmUp), which could not be loaded back. To save it, use one of core's schedules (ExponentialDecay, PiecewiseConstantDecay, PolynomialDecay, CosineDecay); to train without saving, keep it.",
    );
    expect(() => serializeSchedule('weightDecay', { valueAt: () => 1 })).toThrow(
      /^Cannot save weightDecay: it follows \{ valueAt: function valueAt \}/,
    );
  });
});

describe('the schedule classes refuse bad arguments, naming them', () => {
  it.each([
    [
      () => new ExponentialDecay({ initialLearningRate: 1, decaySteps: 0, decayRate: 0.5 }),
      /argument decaySteps: expected a positive finite number. Received: decaySteps=0/,
    ],
    [
      () => new ExponentialDecay({ initialLearningRate: 1, decaySteps: 1 } as never),
      /argument decayRate: expected a finite number. Received: decayRate=undefined/,
    ],
    [
      () =>
        new ExponentialDecay({
          initialLearningRate: 1,
          decaySteps: 1,
          decayRate: 1,
          rate: 2,
        } as never),
      /Unknown argument rate for ExponentialDecay/,
    ],
    [
      () => new PiecewiseConstantDecay({ boundaries: [1, 1], values: [1, 2, 3] }),
      /boundaries must increase strictly/,
    ],
    [
      () => new PiecewiseConstantDecay({ boundaries: [1], values: [1] }),
      /needs one more value than boundaries/,
    ],
    [
      () => new PiecewiseConstantDecay({ boundaries: [1, Number.NaN], values: [1, 2, 3] }),
      /argument boundaries\[1\]: expected a finite number/,
    ],
    [
      () => new PolynomialDecay({ initialLearningRate: 1, decaySteps: 1, per: 'batch' as never }),
      /argument per: expected one of "step", "epoch". Received: per="batch"/,
    ],
    [
      () => new CosineDecay({ initialLearningRate: 1, decaySteps: 1, warmupSteps: -1 }),
      /argument warmupSteps: expected a non-negative finite number/,
    ],
  ])('%#', (build, message) => {
    expect(build).toThrow(InvalidArgumentError);
    expect(build).toThrow(message);
  });
});
