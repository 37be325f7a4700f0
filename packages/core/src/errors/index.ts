export { RegularizerError } from './regularizer-error.js';
export { InvalidArgumentError } from './invalid-argument-error.js';
export { RegistrationError } from './registration-error.js';
export { UnknownRegularizerError } from './unknown-regularizer-error.js';
export { SerializationError } from './serialization-error.js';
export { DeserializationError } from './deserialization-error.js';
export { PenaltyError } from './penalty-error.js';
export { ConformanceError } from './conformance-error.js';
