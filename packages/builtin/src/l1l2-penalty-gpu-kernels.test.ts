// The GPU kernels run in the browser test (demo/browser); here, in Node: the arithmetic they do in
// JavaScript, and the guard that keeps them off a backend that only borrows the name. Their views
// of tfjs's backends are pinned in l1l2-penalty-gpu-kernels.test-d.ts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import { l1l2Penalty } from './l1l2-penalty.js';
import { registerL1L2PenaltyCpuKernels } from './l1l2-penalty-cpu-kernels.js';
import { L1L2_PENALTY_GRAD_KERNEL, L1L2_PENALTY_KERNEL } from './l1l2-penalty-kernels.js';
import { splitFactors } from './l1l2-penalty-webgl-kernels.js';
import {
  ONE_PROGRAM_ELEMENTS,
  WINDOW,
  packedView,
  penaltyProgram,
} from './l1l2-penalty-webgl-programs.js';

describe('splitFactors', () => {
  it('writes the factors as a power of two times factors whose larger is in [1, 2)', () => {
    for (const [l1, l2] of [
      [1e-5, 1e-4],
      [0.01, 0.01],
      [0, 2.5],
      [3e-7, 0],
      [7, 1e-30],
    ] as const) {
      const split = splitFactors({ l1, l2 });
      expect(Number.isInteger(Math.log2(split.scale)), `${l1}, ${l2}`).toBe(true);
      expect(Math.max(split.l1, split.l2)).toBeGreaterThanOrEqual(1);
      expect(Math.max(split.l1, split.l2)).toBeLessThan(2);
      // Dividing by a power of two is exact, so multiplying back gives the factors bit for bit.
      expect(split.l1 * split.scale).toBe(l1);
      expect(split.l2 * split.scale).toBe(l2);
    }
  });
});

describe('packedView', () => {
  it('is the rows and columns tfjs lays a packed texture out by, after any batch', () => {
    expect(packedView([])).toEqual([1, 1]);
    expect(packedView([7])).toEqual([1, 7]);
    expect(packedView([3, 5])).toEqual([3, 5]);
    expect(packedView([1, 1, 3, 5])).toEqual([3, 5]);
    expect(packedView([2, 3, 5])).toEqual([2, 3, 5]);
    expect(packedView([2, 2, 3, 5])).toEqual([4, 3, 5]);
    expect(packedView([0, 3])).toEqual([0, 3]);
  });
});

describe('the WebGL forward program', () => {
  it('reduces to one value per window, or to the scalar when one window covers the input', () => {
    expect(penaltyProgram([1000, 1000], false).outputShape).toEqual([Math.ceil(1e6 / WINDOW)]);
    expect(penaltyProgram([1000, 1000], true).outputShape).toEqual([Math.ceil(1e6 / WINDOW)]);
    // 65 x 64 packed values take 33 x 32 texels, 1056 texels: 5 windows of 256.
    expect(penaltyProgram([65, 64], true).outputShape).toEqual([5]);
    expect(penaltyProgram([65, 64], false).outputShape).toEqual([Math.ceil((65 * 64) / WINDOW)]);
  });

  it('is the whole forward, one program, up to ONE_PROGRAM_ELEMENTS', () => {
    expect(ONE_PROGRAM_ELEMENTS).toBe(4096);
    for (const packed of [false, true]) {
      expect(penaltyProgram([64, 64], packed).outputShape).toEqual([]);
      expect(penaltyProgram([256, 10], packed).outputShape).toEqual([]);
      expect(penaltyProgram([4096], packed).outputShape).toEqual([]);
      expect(penaltyProgram([], packed).outputShape).toEqual([]);
    }
    // An odd dimension pads its texels: 3 x 5 values take 2 x 3 texels.
    expect(penaltyProgram([3, 5], true).outputShape).toEqual([]);
  });
});

describe('l1l2Penalty on a backend that is named webgl or webgpu but is not tfjs’s', () => {
  const names = ['webgl', 'webgpu'];

  beforeAll(() => {
    // Production mode keeps tfjs from advising tfjs-node when a backend named webgl starts in Node.
    tf.env().set('PROD', true);
    registerL1L2PenaltyCpuKernels();
    for (const name of names) {
      tf.registerBackend(name, () => new MathBackendCPU());
      tf.copyRegisteredKernels('cpu', name);
      tf.unregisterKernel(L1L2_PENALTY_KERNEL, name);
      tf.unregisterKernel(L1L2_PENALTY_GRAD_KERNEL, name);
    }
  });

  afterAll(async () => {
    await tf.setBackend('cpu');
    for (const name of names) tf.removeBackend(name);
    tf.env().set('PROD', false);
  });

  it('registers no GPU kernel there and computes through the composite', async () => {
    for (const name of names) {
      await tf.setBackend(name);
      const x = tf.tensor1d([0.5, -2, 0]);
      const info = await tf.profile(() => l1l2Penalty(x, 0.1, 0.2));
      expect(info.kernelNames, name).not.toContain(L1L2_PENALTY_KERNEL);
      expect(tf.getKernel(L1L2_PENALTY_KERNEL, name), name).toBeUndefined();
      const penalty = info.result as tf.Scalar;
      // 0.1 * 2.5 + 0.2 * 4.25
      expect(penalty.dataSync()[0], name).toBeCloseTo(1.1, 6);
      tf.dispose([penalty, x]);
    }
  });
});
