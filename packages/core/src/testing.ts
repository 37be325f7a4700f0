export {
  checkDeterministic,
  checkFiniteGradient,
  checkFiniteScalar,
  checkNoLeaks,
  checkRebuild,
  checkRegularizer,
  checkSerializationRoundTrip,
} from './conformance-kit.js';
export type { ConformanceOptions } from './conformance-harness.js';
export { penaltyOf } from './penalty-of.js';
export { sumAbs, sumSquares } from './reference-penalties.js';
export { checkSecondCopy } from './second-copy.js';
export type { SecondCopyOptions } from './second-copy.js';
