// The kernel checks page (kernels.html), loaded by the browser test: the fused L1L2 kernels on
// WebGL (and WebGPU) against the CPU backend, what a factor change compiles, what the forward runs,
// and, with `?f16`, the penalty with float16 textures. It publishes one report on `window`.
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-webgl';
import '@tensorflow/tfjs-backend-webgpu';
import { L1L2 } from '@regularizers/builtin';
import { checkKernels, randomValues } from './kernel-checks.js';
import type { CheckLog } from './kernel-checks.js';
import { float16Checks } from './float16-checks.js';
import type { Float16Check } from './float16-checks.js';
import { countGpuWork, webglRenderer } from './webgl-probe.js';

/** What one GPU backend runs for the fused penalty. */
export interface BackendReport {
  /** The kernels tf.profile sees in the forward of 1.1M weights. */
  kernelNames: string[];
  /** On WebGL, the programs (draws) the forward of 1M weights runs. */
  draws?: number;
  /** On WebGL, the reads from the GPU forward and gradient make (each would stall a fit). */
  readBacks?: number;
  /** Tensors and backend data left behind by forward and gradient of 1.1M weights. */
  leaked: { tensors: number; dataIds: number };
}

/** What the page found; the browser test asserts on it. */
export interface KernelReport {
  renderer: string;
  float16: boolean;
  /** The GPU backends that started, each with what it ran. */
  backends?: Record<string, BackendReport>;
  checks?: CheckLog;
  /** Shader compilations on WebGL when only the factors change, after a first call compiled all. */
  compilesForNewFactors?: number;
  float16Checks?: Float16Check[];
  /** On float16 textures, whether a value float16 cannot hold (1 + 2⁻¹²) came back rounded. */
  float16Storage?: boolean;
}

declare global {
  interface Window {
    kernelReport?: KernelReport;
  }
}

const float16 = new URLSearchParams(window.location.search).has('f16');

function compilesForNewFactors(): number {
  const x = tf.tensor(randomValues(37 * 53, 7), [37, 53]);
  const packed = tf.mul(x, 1);
  const run = (l1: number, l2: number): void => {
    for (const input of [x, packed]) {
      tf.tidy(() => {
        const regularizer = new L1L2({ l1, l2 });
        regularizer.apply(input).dataSync();
        tf.grad((t: tf.Tensor) => regularizer.apply(t))(input).dataSync();
      });
    }
  };
  run(0.01, 0.02);
  const { compiles } = countGpuWork(() => {
    run(0.5, 0.25);
    run(0, 0.1);
    run(0.2, 0);
  });
  tf.dispose([x, packed]);
  return compiles;
}

/** What the active backend runs for the forward, and what forward and gradient leave behind. */
async function backendReport(): Promise<BackendReport> {
  const regularizer = new L1L2({ l1: 0.01, l2: 0.01 });
  const w = tf.variable(tf.tensor(randomValues(1100 * 1000, 13), [1100, 1000]));
  tf.dispose(regularizer.apply(w));
  const info = await tf.profile(() => regularizer.apply(w));
  tf.dispose(info.result);
  const report: BackendReport = {
    kernelNames: info.kernelNames,
    leaked: { tensors: 0, dataIds: 0 },
  };
  if (tf.getBackend() === 'webgl') {
    const million = tf.tidy(() => tf.variable(tf.mul(tf.slice(w, [0, 0], [1000, 1000]), 1)));
    tf.dispose(regularizer.apply(million));
    report.draws = countGpuWork(() => tf.dispose(regularizer.apply(million))).draws;
    report.readBacks = countGpuWork(() => {
      const { value, grads } = tf.variableGrads(() => regularizer.apply(million), [million]);
      tf.dispose([value, grads]);
    }).readBacks;
    million.dispose();
  }
  const tensors = tf.memory().numTensors;
  const dataIds = tf.backend().numDataIds();
  const { value, grads } = tf.variableGrads(() => regularizer.apply(w));
  await value.data();
  tf.dispose([value, grads]);
  report.leaked = {
    tensors: tf.memory().numTensors - tensors,
    dataIds: tf.backend().numDataIds() - dataIds,
  };
  w.dispose();
  return report;
}

/** Whether the textures really are float16: 1 + 2⁻¹² survives float32 but not float16. */
function storesFloat16(): boolean {
  return tf.tidy(() => tf.mul(tf.scalar(1 + 2 ** -12), 1).dataSync()[0] === 1);
}

async function main(): Promise<KernelReport> {
  tf.env().set('PROD', true);
  // Small inputs must reach the GPU programs too, not tfjs's CPU shortcut for them.
  tf.env().set('WEBGL_CPU_FORWARD', false);
  if (float16) {
    tf.env().set('WEBGL_FORCE_F16_TEXTURES', true);
    tf.env().set('WEBGL_RENDER_FLOAT32_ENABLED', false);
  }
  if (!(await tf.setBackend('webgl'))) throw new Error('The WebGL backend did not start.');
  const report: KernelReport = { renderer: webglRenderer(), float16 };
  if (float16) {
    report.float16Storage = storesFloat16();
    report.float16Checks = await float16Checks();
    return report;
  }
  report.compilesForNewFactors = compilesForNewFactors();
  report.backends = { webgl: await backendReport() };
  // WebGPU registers with a higher priority than WebGL, so it is chosen by name, after WebGL.
  if (await tf.setBackend('webgpu')) report.backends.webgpu = await backendReport();
  report.checks = await checkKernels(Object.keys(report.backends));
  return report;
}

main().then(
  (report) => {
    window.kernelReport = report;
    document.body.dataset.status = 'done';
  },
  (error: unknown) => {
    console.error(error);
    document.body.dataset.status = 'error';
  },
);
