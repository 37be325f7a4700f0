export {
  checkDeterministic,
  checkFiniteGradient,
  checkFiniteScalar,
  checkNoLeaks,
  checkRebuild,
  checkRegularizer,
  checkSerializationRoundTrip,
} from './conformance-kit.js';
export type { ConformanceOptions } from './conformance-kit.js';
