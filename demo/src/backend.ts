import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import type { BackendName } from './flags.js';

/**
 * Switches TensorFlow.js to `name` and waits until it is ready. Production mode keeps tfjs from
 * printing its advice to install tfjs-node, which the demo deliberately does without.
 */
export async function useBackend(name: BackendName): Promise<void> {
  tf.env().set('PROD', true);
  if (!(await tf.setBackend(name))) throw new Error(`The ${name} backend failed to start.`);
  await tf.ready();
}
