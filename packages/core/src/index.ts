export type {
  JsonValue,
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
} from './errors.js';
export { computePenalty, floatInput } from './compute-penalty.js';
export { checkArguments, checkFactor, checkOneOf } from './validation.js';
export { NAME_RULE } from './names.js';
export { RegularizerRegistry, registrationKey } from './registry.js';
export type {
  DeserializeOptions,
  RegisterOptions,
  RegisteredRegularizer,
  RegularizerAlias,
} from './registry.js';
export {
  defaultRegistry,
  deserializeRegularizer,
  getRegularizer,
  registerRegularizer,
  serializeRegularizer,
  unregisterRegularizer,
} from './default-registry.js';
