// Switching tfjs backends for a case, and describing the backend a result was measured on.
import * as tf from '@tensorflow/tfjs-core';
import { version_cpu } from '@tensorflow/tfjs-backend-cpu';

/** Thrown when a case's backend cannot start here; the runner records the case as skipped. */
export class BackendUnavailableError extends Error {
  constructor(backend, reason) {
    super(`backend '${backend}' is unavailable: ${reason}`);
    this.name = 'BackendUnavailableError';
    this.backend = backend;
  }
}

// Loaders for backends that are not imported up front. The WASM backend registers itself with a
// higher priority than the CPU backend, so importing it only when a case needs it keeps the
// default backend the CPU one. Its Node build finds the .wasm files next to its own script
// (node_modules/@tensorflow/tfjs-backend-wasm/dist/), so it needs no setWasmPaths.
const LOADERS = {
  wasm: () => import('@tensorflow/tfjs-backend-wasm'),
};

const descriptions = new Map();

/** Makes `name` the active backend and returns a description of it (versions, WASM features). */
export async function useBackend(name) {
  const load = LOADERS[name];
  if (load !== undefined) {
    try {
      await load();
    } catch (error) {
      throw new BackendUnavailableError(name, `import failed: ${String(error)}`);
    }
  }
  let ready;
  try {
    ready = await tf.setBackend(name);
  } catch (error) {
    throw new BackendUnavailableError(name, `setBackend threw: ${String(error)}`);
  }
  if (!ready) {
    throw new BackendUnavailableError(name, 'setBackend returned false (see the warning above)');
  }
  if (!descriptions.has(name)) descriptions.set(name, await describe(name));
  return descriptions.get(name);
}

async function describe(name) {
  const description = { name };
  if (name === 'cpu') description.version = version_cpu;
  if (name === 'wasm') {
    const wasm = await import('@tensorflow/tfjs-backend-wasm');
    description.version = wasm.version_wasm;
    description.simd = await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT');
    description.threads = await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT');
  }
  return description;
}
