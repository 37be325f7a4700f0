// The module of @regularizers/tfjs-adapter/node with import side effects: it routes tfjs's
// `file://` URLs to `fileSystem`, through tfjs's public `io.registerSaveRouter` and
// `io.registerLoadRouter`, so `model.save('file://…')` and `tf.loadLayersModel('file://…')` work in
// Node without tfjs-node. A router answers `null` for a URL it does not handle, as tfjs's own do.
import { io } from '@tensorflow/tfjs-core';
import { fileSystem } from './file-system.js';

type Router = Parameters<typeof io.registerSaveRouter>[0];

const SCHEME = 'file://';
// Two installed copies of the adapter share tfjs's routers: register once, or tfjs would find two
// handlers for every file:// URL and refuse both.
const registered = Symbol.for('@regularizers/tfjs-adapter.fileRouters');
const realm = globalThis as { [registered]?: true };

if (realm[registered] !== true) {
  const route = (url: string | string[]): io.IOHandler | null =>
    typeof url === 'string' && url.startsWith(SCHEME) ? fileSystem(url.slice(SCHEME.length)) : null;
  io.registerSaveRouter(route as Router);
  io.registerLoadRouter(route as Router);
  realm[registered] = true;
}
