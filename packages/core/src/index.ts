/**
 * The package's main entry. Its exports are the package's own on the docs site, beside the
 * `testing` subpath.
 *
 * @packageDocumentation
 * @mergeModuleWith <project>
 */
export type {
  JsonValue,
  KerasRegularizerJson,
  Regularizer,
  RegularizerClass,
  RegularizerConfig,
  RegularizerFunction,
  RegularizerIdentifier,
  RegularizerTarget,
  SerializedRegularizer,
} from './regularizer.js';
export {
  ConformanceError,
  DeserializationError,
  InvalidArgumentError,
  PenaltyError,
  RegistrationError,
  RegularizerError,
  SerializationError,
  UnknownRegularizerError,
} from './errors/index.js';
export { computePenalty, floatInput } from './compute-penalty.js';
export { checkArguments, checkFactor, checkOneOf } from './validation.js';
export { describeValue } from './describe-value.js';
export { missingGradientAdvice } from './missing-gradient.js';
export { NAME_RULE } from './names.js';
export { RegularizerRegistry } from './registry.js';
export { registrationKey } from './registration-key.js';
export type { RegisterOptions, RegisteredRegularizer, RegularizerAlias } from './registry-types.js';
export type { DeserializeOptions } from './serialization.js';
export {
  defaultRegistry,
  deserializeRegularizer,
  getRegularizer,
  registerRegularizer,
  serializeKerasRegularizer,
  serializeRegularizer,
  unregisterRegularizer,
} from './default-registry.js';
export { namePatternTest } from './name-pattern.js';
export type { NamePattern } from './name-pattern.js';
export { TRAINING_START } from './schedules/training-position.js';
export type { Schedulable, TrainingPosition } from './schedules/training-position.js';
export { CountSchedule } from './schedules/schedule.js';
export type {
  Schedule,
  ScheduleFunction,
  ScheduleIdentifier,
  ScheduleUnit,
  SerializedSchedule,
} from './schedules/schedule.js';
export { ExponentialDecay } from './schedules/exponential-decay.js';
export type { ExponentialDecayArgs } from './schedules/exponential-decay.js';
export { PiecewiseConstantDecay } from './schedules/piecewise-constant-decay.js';
export type { PiecewiseConstantDecayArgs } from './schedules/piecewise-constant-decay.js';
export { PolynomialDecay } from './schedules/polynomial-decay.js';
export type { PolynomialDecayArgs } from './schedules/polynomial-decay.js';
export { CosineDecay } from './schedules/cosine-decay.js';
export type { CosineDecayArgs } from './schedules/cosine-decay.js';
export { getSchedule, serializeSchedule } from './schedules/get-schedule.js';
export { ScheduledFactor } from './schedules/scheduled-factor.js';
export type { FactorValue } from './schedules/scheduled-factor.js';
