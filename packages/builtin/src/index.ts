// Importing the package registers the built-in regularizers and their identifiers.
import './register-builtins.js';

export { L1, l1 } from './l1.js';
export type { L1Args } from './l1.js';
export { L2, l2 } from './l2.js';
export type { L2Args } from './l2.js';
export { L1L2, l1l2 } from './l1l2.js';
export type { L1L2Args } from './l1l2.js';
export { OrthogonalRegularizer } from './orthogonal-regularizer.js';
export type { OrthogonalRegularizerArgs } from './orthogonal-regularizer.js';
export type { OrthogonalMode } from './orthogonal-penalty.js';
export { NoOpRegularizer } from './no-op-regularizer.js';
export type { ForANumberUse } from './bare-number.js';
