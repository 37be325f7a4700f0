export {
  checkDeterministic,
  checkFiniteGradient,
  checkFiniteScalar,
  checkNoLeaks,
  checkRegularizer,
} from './conformance-kit.js';
export { checkRebuild, checkSerializationRoundTrip } from './check-serialization.js';
export type { ConformanceOptions } from './conformance-harness.js';
export { penaltyOf } from './penalty-of.js';
export { sumAbs, sumSquares } from './reference-penalties.js';
export { checkSecondCopy } from './second-copy.js';
export type { SecondCopyOptions } from './second-copy.js';
