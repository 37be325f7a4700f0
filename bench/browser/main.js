// The browser bench page, built by bench/run-browser.js (`npm run bench:browser`): runs the cases
// in this one page, interleaved within each case as in Node, and reports each result on the
// console as `bench-result <JSON>`, then `bench-done <JSON environment>` (or `bench-error`).
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-webgl';
import '@tensorflow/tfjs-backend-webgpu';
import { version_layers } from '@tensorflow/tfjs-layers';
import { webglRenderer } from '../../demo/browser/webgl-probe.ts';
import { runTimingCase } from '../measure.js';
import { mlpTrainingCase } from '../training-cases.js';
import { gpuPenaltyCases } from './gpu-penalty-cases.js';
import { runGpuWorkCase } from './gpu-work.js';
import { orthogonalCase } from './orthogonal-case.js';

const CASES = [
  ...gpuPenaltyCases('webgl'),
  mlpTrainingCase({ backend: 'webgl', samples: 512, batchSize: 32, warmupRounds: 2, rounds: 15 }),
  orthogonalCase(),
  ...gpuPenaltyCases('webgpu'),
];
const RUNNERS = { timing: runTimingCase, 'gpu-work': runGpuWorkCase };

class BackendUnavailable extends Error {}

const descriptions = new Map();

/** Activates a backend and describes it: tfjs's version and what renders it. */
async function useBackend(name) {
  let ready;
  try {
    ready = await tf.setBackend(name);
  } catch (error) {
    throw new BackendUnavailable(`backend '${name}' is unavailable: ${String(error)}`);
  }
  if (!ready) throw new BackendUnavailable(`backend '${name}' is unavailable (setBackend failed)`);
  if (!descriptions.has(name)) descriptions.set(name, await describe(name));
  return descriptions.get(name);
}

async function describe(name) {
  if (name === 'webgl') {
    return { name, version: tf.version_core, renderer: webglRenderer() };
  }
  const adapter = await navigator.gpu?.requestAdapter();
  const info = adapter?.info;
  return { name, version: tf.version_core, renderer: `${info?.vendor} ${info?.architecture}` };
}

async function main() {
  const params = new URLSearchParams(window.location.search);
  const only = params.get('only');
  const quick = params.has('quick');
  tf.env().set('PROD', true);
  // WebGPU registers with a higher priority than WebGL: pick WebGL before anything initialises one.
  await useBackend('webgl');
  const cases = CASES.filter((benchCase) => only === null || benchCase.key.includes(only));
  if (cases.length === 0) throw new Error(`--only=${only} matches no case.`);
  for (const benchCase of cases) {
    let result;
    try {
      result = await RUNNERS[benchCase.kind](benchCase, { quick, useBackend });
    } catch (error) {
      if (!(error instanceof BackendUnavailable)) throw error;
      result = {
        kind: 'skipped',
        key: benchCase.key,
        title: benchCase.title,
        skipped: error.message,
      };
    }
    console.log(`bench-result ${JSON.stringify(result)}`);
  }
  return {
    userAgent: navigator.userAgent,
    tfjsCore: tf.version_core,
    tfjsLayers: version_layers,
    webgl: descriptions.get('webgl'),
    webgpu: descriptions.get('webgpu') ?? null,
  };
}

main().then(
  (environment) => console.log(`bench-done ${JSON.stringify(environment)}`),
  (error) => console.log(`bench-error ${error instanceof Error ? error.stack : String(error)}`),
);
