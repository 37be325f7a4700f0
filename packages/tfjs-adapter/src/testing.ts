// @regularizers/tfjs-adapter/testing: helpers for the tests of plugins and models, which need a
// real save and load through tfjs. Importing it registers nothing.
export { saveAndLoad, saveToMemory } from './save-and-load.js';
export type { SavedAndLoaded } from './save-and-load.js';
