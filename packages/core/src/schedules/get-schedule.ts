import { InvalidArgumentError, SerializationError } from '../errors/index.js';
import { describeValue } from '../describe-value.js';
import { toJsonSafe } from '../json-safe.js';
import type { RegularizerConfig } from '../regularizer.js';
import { CosineDecay } from './cosine-decay.js';
import { ExponentialDecay } from './exponential-decay.js';
import { PiecewiseConstantDecay } from './piecewise-constant-decay.js';
import { PolynomialDecay } from './polynomial-decay.js';
import type { Schedule, ScheduleFunction, SerializedSchedule } from './schedule.js';
import type { TrainingPosition } from './training-position.js';

/** The schedule classes a saved config can name, by class name. */
const SCHEDULES: ReadonlyMap<string, new (config: never) => Schedule> = new Map<
  string,
  new (config: never) => Schedule
>([
  [ExponentialDecay.className, ExponentialDecay],
  [PiecewiseConstantDecay.className, PiecewiseConstantDecay],
  [PolynomialDecay.className, PolynomialDecay],
  [CosineDecay.className, CosineDecay],
]);

const NAMES = [...SCHEDULES.keys()].join(', ');

/** A function given as a schedule: it runs, but cannot be saved. */
class FunctionSchedule implements Schedule {
  constructor(readonly fn: ScheduleFunction) {}

  valueAt(position: TrainingPosition): number {
    return this.fn(position);
  }
}

/**
 * Turns anything a scheduled argument accepts into a {@link Schedule}: a schedule object as it is,
 * a function of the training position, or a saved `{ className, config }` of one of core's
 * schedule classes, also as Keras writes it (`{ class_name, config: { initial_learning_rate, … } }`).
 * Called once, when the argument is given.
 *
 * @param argument - the argument's name, for the message (`'l1'`, `'weightDecay'`).
 * @param identifier - what the caller passed.
 * @throws {@link InvalidArgumentError} naming the argument, for anything else, an unknown class
 * name (the message lists the known ones), or a bad config.
 *
 * @example
 * ```ts
 * import { getSchedule } from '@regularizers/core';
 * import type { TrainingPosition } from '@regularizers/core';
 *
 * getSchedule('l1', ({ epoch }: TrainingPosition) => (epoch < 5 ? 0 : 1e-4));
 * getSchedule('l1', { className: 'ExponentialDecay', config: { initialLearningRate: 1e-3, decaySteps: 100, decayRate: 0.5 } });
 * ```
 */
export function getSchedule(argument: string, identifier: unknown): Schedule {
  if (typeof identifier === 'function') {
    return new FunctionSchedule(identifier as ScheduleFunction);
  }
  if (typeof (identifier as Partial<Schedule> | null)?.valueAt === 'function') {
    return identifier as Schedule;
  }
  const { className = kerasClassName(identifier), config } = (identifier ??
    {}) as Partial<SerializedSchedule>;
  if (typeof className !== 'string') {
    throw new InvalidArgumentError(
      argument,
      `Invalid value for argument ${argument}: expected a number, a schedule (${NAMES}), a function of { step, epoch }, or a saved { className, config }. Received: ${argument}=${describeValue(identifier)}`,
    );
  }
  const Class = SCHEDULES.get(className);
  if (Class === undefined) {
    throw new InvalidArgumentError(
      argument,
      `Unknown schedule ${describeValue(className)} for argument ${argument}. The schedules that load are ${NAMES}.`,
    );
  }
  return new Class(fromKerasConfig(config) as never);
}

/** `class_name`, as Keras writes a serialized schedule, when there is no `className`. */
function kerasClassName(identifier: unknown): unknown {
  return (identifier as { class_name?: unknown } | null | undefined)?.class_name;
}

/**
 * A config as Keras writes it (`initial_learning_rate`, and a `name`, which ours do not take) with
 * our argument names; ours pass as they are.
 */
function fromKerasConfig(config: unknown): unknown {
  if (typeof config !== 'object' || config === null || Array.isArray(config)) return config ?? {};
  const entries = Object.entries(config as Record<string, unknown>)
    .filter(([key]) => key !== 'name')
    .map(([key, value]): [string, unknown] => [
      key.replace(/_([a-z0-9])/g, (_, next: string) => next.toUpperCase()),
      value,
    ]);
  // fromEntries defines each key, so a "__proto__" key stays a plain (and unknown) argument.
  return Object.fromEntries(entries);
}

/**
 * The saved form of a schedule: `{ className, config }`, which {@link getSchedule} reads back.
 *
 * @param argument - the argument that follows the schedule, for the message.
 * @param schedule - the schedule.
 * @throws {@link SerializationError} naming the argument when the schedule is a function, or an
 * object that is not one of core's schedule classes: neither would load back.
 *
 * @example
 * ```ts
 * import { ExponentialDecay, serializeSchedule } from '@regularizers/core';
 *
 * serializeSchedule('l1', new ExponentialDecay({ initialLearningRate: 1e-3, decaySteps: 100, decayRate: 0.5 }));
 * // { className: 'ExponentialDecay', config: { initialLearningRate: 0.001, …, per: 'step' } }
 * ```
 */
export function serializeSchedule(argument: string, schedule: Schedule): SerializedSchedule {
  const className = (schedule.constructor as { className?: unknown }).className;
  // By name, not identity, so that a schedule from another installed copy of core saves too.
  if (typeof className !== 'string' || !SCHEDULES.has(className) || !schedule.getConfig) {
    const what =
      schedule instanceof FunctionSchedule
        ? `a function (${describeValue(schedule.fn)})`
        : describeValue(schedule);
    throw new SerializationError(
      `Cannot save ${argument}: it follows ${what}, which could not be loaded back. To save it, use one of core's schedules (${NAMES}); to train without saving, keep it.`,
    );
  }
  const config = toJsonSafe(
    schedule.getConfig(),
    `${className}.getConfig()`,
    (message) => new SerializationError(message),
  ) as RegularizerConfig;
  return { className, config };
}
