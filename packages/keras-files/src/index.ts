export { loadKerasModel } from './load-keras-model.js';
export type { LoadKerasModelOptions, LoadedKerasModel } from './load-keras-model.js';
export type { KerasModelSource } from './source-bytes.js';
export { KerasFileError } from './keras-file-error.js';
export { saveKerasModel } from './save-keras-model.js';
