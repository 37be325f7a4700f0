// GPU work cases: what one call runs. tf.profile counts the kernels; on WebGL, the draws on the
// backend's context count the programs (a kernel may run several, or none).
import * as tf from '@tensorflow/tfjs-core';
import { countGpuWork } from '../../demo/browser/webgl-probe.ts';
import { assertTensorCount } from '../measure.js';

/**
 * Runs a case shaped like a timing case whose contenders return the tensors they made, undisposed:
 * each once to warm up (compiling its programs), then once under tf.profile and once counting
 * draws and compilations. `useBackend` is as for `runTimingCase`.
 */
export async function runGpuWorkCase(workCase, { useBackend }) {
  const backend = await useBackend(workCase.backend);
  const tensorsBefore = tf.memory().numTensors;
  const context = await workCase.setup?.();
  const contenders = {};
  try {
    for (const [name, run] of Object.entries(workCase.contenders)) {
      tf.dispose(run(context));
      const tensorsBeforeCall = tf.memory().numTensors;
      const info = await tf.profile(() => run(context));
      tf.dispose(info.result);
      const work = { kernels: info.kernels.length, kernelNames: info.kernelNames };
      if (backend.name === 'webgl') {
        const { compiles, draws } = countGpuWork(() => tf.dispose(run(context)));
        Object.assign(work, { programs: draws, compiles });
      }
      assertTensorCount(tensorsBeforeCall, `${workCase.key}: contender '${name}'`);
      contenders[name] = work;
    }
  } finally {
    await workCase.teardown?.(context);
  }
  assertTensorCount(tensorsBefore, `${workCase.key}: setup + contenders + teardown`);
  return { kind: 'gpu-work', key: workCase.key, title: workCase.title, backend, contenders };
}
