// Importing the package registers the example plugins under the prefix `Examples`.
import './register-examples.js';

export { MyRegularizer } from './my-regularizer.js';
export type { MyRegularizerArgs } from './my-regularizer.js';
export { myRegularizer } from './my-regularizer-function.js';
export { GroupLasso } from './group-lasso.js';
export type { GroupLassoArgs, GroupLassoAxis } from './group-lasso.js';
export { KLSparsity } from './kl-sparsity.js';
export type { KLSparsityArgs } from './kl-sparsity.js';
