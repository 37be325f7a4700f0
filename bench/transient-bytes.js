// Memory cases: how many bytes a call allocates at its peak, beyond what was alive before it.
import * as tf from '@tensorflow/tfjs-core';
import { assertTensorCount } from './measure.js';

/**
 * Runs one memory case and returns the transient bytes of each contender.
 *
 * The case has the shape of a timing case (`key`, `title`, `backend`, `setup`, `contenders`,
 * `teardown`, see measure.js), but each contender returns the tensor(s) it made, undisposed,
 * because `tf.profile` needs the result. Each contender runs once untimed to warm up (lazy kernel
 * registration, caches), then once under `tf.profile`. Transient bytes are `peakBytes` minus
 * `tf.memory().numBytes` taken just before: `peakBytes` counts every live tensor. The result
 * tensors are disposed here, and the tensor count is checked as in a timing case. `useBackend` is
 * as for `runTimingCase`.
 */
export async function runTransientBytesCase(memoryCase, { useBackend }) {
  const backend = await useBackend(memoryCase.backend);
  const tensorsBefore = tf.memory().numTensors;
  const context = await memoryCase.setup?.();
  const contenders = {};
  try {
    for (const [name, run] of Object.entries(memoryCase.contenders)) {
      tf.dispose(run(context));
      const tensorsBeforeCall = tf.memory().numTensors;
      const bytesBefore = tf.memory().numBytes;
      const info = await tf.profile(() => run(context));
      tf.dispose(info.result);
      assertTensorCount(tensorsBeforeCall, `${memoryCase.key}: contender '${name}'`);
      contenders[name] = {
        transientBytes: info.peakBytes - bytesBefore,
        retainedBytes: info.newBytes,
        kernels: info.kernels.length,
        kernelNames: info.kernelNames,
      };
    }
  } finally {
    await memoryCase.teardown?.(context);
  }
  assertTensorCount(tensorsBefore, `${memoryCase.key}: setup + contenders + teardown`);
  return {
    kind: 'transient-bytes',
    key: memoryCase.key,
    title: memoryCase.title,
    backend,
    contenders,
  };
}
