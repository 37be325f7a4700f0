/**
 * The package's main entry. Its exports are the package's own on the docs site, beside the
 * `testing` and `node` subpaths.
 *
 * @packageDocumentation
 * @mergeModuleWith <project>
 */
// Importing the package registers our layers and regularizers with tfjs (see register-tfjs.ts).
import './register-tfjs.js';

export { layers } from './layers.js';
export { model, sequential } from './models.js';
export type { RefusedSlot, RegularizedFactory, WithRegularizerSlots } from './layers.js';
export { ActivityRegularization } from './activity-regularization.js';
export type { ActivityRegularizationArgs } from './activity-regularization.js';
export { RegularizerBridge, toTfjs } from './tfjs-regularizer.js';
export type { TfjsRegularizer } from './tfjs-regularizer.js';
export type { RegularizedLayer } from './regularized-layer.js';
export type { RegularizerSlotValue } from './slot-regularizer.js';
export { regularize } from './regularize.js';
export type { LayerMatch, RegularizedSlot, RegularizeRule } from './regularize.js';
export { setTrainingPosition } from './training-position.js';
export { modelFromKerasJSON } from './model-json/model-from-keras-json.js';
export type { ModelFromKerasJSONOptions } from './model-json/model-from-keras-json.js';
export { DEFAULT_RESOURCE_BUDGET } from './model-json/resource-budget.js';
export type { ResourceBudget } from './model-json/resource-budget.js';
export { modelToKerasJSON } from './model-json/model-to-keras-json.js';
export { ModelJsonError } from './model-json/model-json-error.js';
