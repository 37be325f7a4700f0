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
