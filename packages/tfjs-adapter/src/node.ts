// @regularizers/tfjs-adapter/node: saving models to disk and loading them in Node, with node:fs
// instead of tfjs-node. Importing it routes tfjs's `file://` URLs (see register-file-routers.ts).
import './register-file-routers.js';

export { fileSystem } from './file-system.js';
