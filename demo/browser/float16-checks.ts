// The float16 case: with WEBGL_FORCE_F16_TEXTURES every texture holds float16, where l2 · w² with
// l2 = 1e-4 underflows for typical weights. The fused penalty of typical kernels must stay within
// 1e-3 of the float32 value; stock tfjs, which multiplies before summing, is measured alongside.
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { L1L2 } from '@regularizers/builtin';
import { randomValues } from './kernel-checks.js';
import type { Layout } from './kernel-checks.js';

/** One kernel and factor pair: the float32 penalty (CPU backend) and what float16 WebGL gives. */
export interface Float16Check {
  label: string;
  layout: Layout;
  float32: number;
  float16: number;
  relativeError: number;
  /** Stock `tf.regularizers.l1l2` on the same float16 backend, for comparison. */
  stockRelativeError: number;
}

/** Dense kernels of the bench's MLP, Glorot-uniform as tfjs initialises them. */
const KERNELS = [
  [784, 256],
  [256, 256],
  [256, 10],
] as const;

const FACTORS = [
  [1e-5, 1e-4],
  [0, 1e-4],
  [1e-5, 0],
  [0.01, 0.01],
] as const;

function penaltyOf(apply: (x: tf.Tensor) => tf.Tensor, x: tf.Tensor): number {
  return tf.tidy(() => apply(x).dataSync()[0] ?? NaN);
}

/** Runs every kernel and factor pair on CPU (float32) and on WebGL (float16); leaves WebGL active. */
export async function float16Checks(): Promise<Float16Check[]> {
  const checks: Float16Check[] = [];
  for (const [index, [fanIn, fanOut]] of KERNELS.entries()) {
    const limit = Math.sqrt(6 / (fanIn + fanOut));
    const values = randomValues(fanIn * fanOut, 100 + index, limit);
    for (const [l1, l2] of FACTORS) {
      const ours = new L1L2({ l1, l2 });
      const stock = tfl.regularizers.l1l2({ l1, l2 });
      await tf.setBackend('cpu');
      const cpuInput = tf.tensor(values, [fanIn, fanOut]);
      const float32 = penaltyOf((x) => ours.apply(x), cpuInput);
      cpuInput.dispose();
      await tf.setBackend('webgl');
      for (const layout of ['unpacked', 'packed'] as const) {
        const uploaded = tf.tensor(values, [fanIn, fanOut]);
        const x = layout === 'packed' ? tf.mul(uploaded, 1) : uploaded;
        const float16 = penaltyOf((input) => ours.apply(input), x);
        const stockValue = penaltyOf((input) => stock.apply(input), x);
        tf.dispose([uploaded, x]);
        checks.push({
          label: `[${fanIn}, ${fanOut}], l1 = ${l1}, l2 = ${l2}`,
          layout,
          float32,
          float16,
          relativeError: Math.abs(float16 - float32) / float32,
          stockRelativeError: Math.abs(stockValue - float32) / float32,
        });
      }
    }
  }
  return checks;
}
