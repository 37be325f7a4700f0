// Importing the package registers its optimizers with tfjs, so saved models load them back.
import './register-optimizers.js';

export { AdamW, adamw } from './adamw.js';
export type { AdamWArgs } from './adamw.js';
export { DecoupledWeightDecay, withWeightDecay } from './decoupled-weight-decay.js';
export type { WeightDecayOptions } from './decoupled-weight-decay.js';
export { ProximalL1, proximalL1 } from './proximal-l1.js';
export type { ProximalL1Options } from './proximal-l1.js';
export { COMMON_EXCLUSIONS } from './exclude.js';
export type { ExcludeRule } from './exclude.js';
export { WrappedOptimizer } from './wrapped-optimizer.js';
export type { CurrentLearningRate } from './learning-rate.js';
