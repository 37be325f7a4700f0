// OrthogonalRegularizer on WebGL: does a fused kernel have room to win? Its composite is
// dominated by the Gram product X Xᵀ, which any implementation must compute (and, for the
// gradient, two more products). The floor is that product alone, with its gradient.
import * as tf from '@tensorflow/tfjs-core';
import { OrthogonalRegularizer } from '@regularizers/builtin';
import { pseudoRandomWeights } from '../weights.js';
import { penaltyAndGradient } from './gpu-penalty-cases.js';

const SHAPE = [256, 256];
const orthogonal = new OrthogonalRegularizer({ factor: 0.01 });

/** Forward + gradient of OrthogonalRegularizer on a 256 x 256 kernel against the Gram floor. */
export function orthogonalCase() {
  return {
    kind: 'timing',
    key: 'webgl-orthogonal-gradient',
    title: `OrthogonalRegularizer penalty + gradient, WebGL backend, ${SHAPE.join(' x ')} kernel, against its Gram product alone`,
    backend: 'webgl',
    warmupRounds: 3,
    rounds: 20,
    setup: () => ({
      w: tf.tidy(() => tf.variable(tf.mul(tf.tensor(pseudoRandomWeights(65536), SHAPE), 0.1))),
    }),
    contenders: {
      ours: ({ w }) => penaltyAndGradient((x) => orthogonal.apply(x), w),
      floor: ({ w }) => penaltyAndGradient((x) => tf.sum(tf.matMul(x, x, false, true)), w),
    },
    teardown: ({ w }) => w.dispose(),
  };
}
