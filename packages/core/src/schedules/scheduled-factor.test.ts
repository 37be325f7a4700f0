import { describe, expect, it } from 'vitest';
import { InvalidArgumentError, SerializationError } from '../errors/index.js';
import { PiecewiseConstantDecay } from './piecewise-constant-decay.js';
import { ScheduledFactor } from './scheduled-factor.js';
import type { TrainingPosition } from './training-position.js';

describe('ScheduledFactor', () => {
  it('keeps a number as it is, whatever the position, and saves it as a number', () => {
    const factor = new ScheduledFactor('l2', 0.01);
    factor.setTrainingPosition({ step: 500, epoch: 5 });
    expect(factor.value).toBe(0.01);
    expect(factor.schedule).toBeNull();
    expect(factor.toConfig()).toBe(0.01);
  });

  it('starts at the schedule value of step 0, epoch 0, and follows the position it is told', () => {
    const factor = new ScheduledFactor(
      'l1',
      ({ step, epoch }: TrainingPosition) => step * 1e-3 + epoch,
    );
    expect(factor.value).toBe(0);
    factor.setTrainingPosition({ step: 4, epoch: 2 });
    expect(factor.value).toBe(2.004);
  });

  it('saves a schedule object as { className, config }', () => {
    const factor = new ScheduledFactor(
      'factor',
      new PiecewiseConstantDecay({ boundaries: [2], values: [0, 0.1], per: 'epoch' }),
    );
    expect(factor.toConfig()).toEqual({
      className: 'PiecewiseConstantDecay',
      config: { boundaries: [2], values: [0, 0.1], per: 'epoch' },
    });
    factor.setTrainingPosition({ step: 0, epoch: 3 });
    expect(factor.value).toBe(0.1);
  });

  it('refuses a bad number or schedule, naming the argument', () => {
    expect(() => new ScheduledFactor('l1', -1)).toThrow(
      'Invalid value for argument l1: expected a non-negative finite number. Received: l1=-1',
    );
    expect(() => new ScheduledFactor('l1', null)).toThrow(/Received: l1=null/);
    expect(() => new ScheduledFactor('l1', { className: 'Nope', config: {} })).toThrow(
      InvalidArgumentError,
    );
  });

  it('refuses a value the schedule gives that is not a factor, saying where in training', () => {
    const factor = new ScheduledFactor('l1', ({ step }: TrainingPosition) => 1 - step);
    expect(() => factor.setTrainingPosition({ step: 3, epoch: 1 })).toThrow(
      'The schedule of l1 gave an invalid factor at step 3, epoch 1. Invalid value for argument l1: expected a non-negative finite number. Received: l1=-2',
    );
    expect(factor.value).toBe(1); // unchanged
  });

  it('says that a function schedule cannot be saved', () => {
    expect(() => new ScheduledFactor('l1', () => 0.1).toConfig()).toThrow(SerializationError);
  });
});
