// The penalty cases on a GPU backend (performance-baseline.md, "In the browser"): forward and
// forward + gradient of 1M weights for ours (the fused kernels), the composite path ours takes on a
// backend without them, and stock tf.regularizers.l1l2; and the kernels and programs each runs.
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { L1L2 } from '@regularizers/builtin';
// The composite path is internal to @regularizers/builtin, so the bench takes it from the source.
import { l1l2PenaltyComposite } from '../../packages/builtin/src/l1l2-penalty-composite.ts';
import { PENALTY_SETUP } from '../penalty-cases.js';
import { backendTitle } from '../training-cases.js';
import { pseudoRandomWeights } from '../weights.js';

const { shape: SHAPE, l1: L1, l2: L2 } = PENALTY_SETUP;
const WEIGHTS = pseudoRandomWeights(SHAPE[0] * SHAPE[1]);
const ours = new L1L2({ l1: L1, l2: L2 });
const stock = tfl.regularizers.l1l2({ l1: L1, l2: L2 });

/** The three penalties measured, each `(w) => scalar tensor`. */
const PENALTIES = {
  ours: (w) => ours.apply(w),
  composite: (w) => l1l2PenaltyComposite(w, L1, L2),
  stock: (w) => stock.apply(w),
};

/**
 * The weights as a variable. On WebGL a packed op makes its texture packed, as every weight is
 * after one optimizer step (tfjs's packed ops write packed textures).
 */
function weights() {
  return tf.tidy(() => tf.variable(tf.mul(tf.tensor(WEIGHTS, SHAPE), 1)));
}

/** The forward, forward + gradient and kernel-count cases of `backend`, in run order. */
export function gpuPenaltyCases(backend) {
  const title = backendTitle(backend);
  const timing = { kind: 'timing', backend, setup: () => ({ w: weights() }) };
  const teardown = ({ w }) => w.dispose();
  return [
    {
      ...timing,
      key: `${backend}-forward`,
      title: `Penalty forward, ${title} backend, 1M float32 weights`,
      warmupRounds: 5,
      rounds: 30,
      contenders: mapValues(
        PENALTIES,
        (penalty) =>
          ({ w }) =>
            readAndDispose(penalty(w)),
      ),
      teardown,
    },
    {
      ...timing,
      key: `${backend}-forward-gradient`,
      title: `Penalty + gradient (tf.variableGrads), ${title} backend, 1M float32 weights`,
      warmupRounds: 3,
      rounds: 20,
      contenders: mapValues(
        PENALTIES,
        (penalty) =>
          ({ w }) =>
            penaltyAndGradient(penalty, w),
      ),
      teardown,
    },
    {
      kind: 'gpu-work',
      key: `${backend}-forward-work`,
      title: `Penalty forward, ${title} backend, 1M float32 weights: kernels and programs`,
      backend,
      setup: () => ({ w: weights() }),
      contenders: mapValues(
        PENALTIES,
        (penalty) =>
          ({ w }) =>
            penalty(w),
      ),
      teardown,
    },
    {
      kind: 'gpu-work',
      key: `${backend}-forward-gradient-work`,
      title: `Penalty + gradient, ${title} backend, 1M float32 weights: kernels and programs`,
      backend,
      setup: () => ({ w: weights() }),
      contenders: mapValues(PENALTIES, (penalty) => ({ w }) => {
        const { value, grads } = tf.variableGrads(() => penalty(w), [w]);
        return [value, grads[w.name]];
      }),
      teardown,
    },
  ];
}

function mapValues(object, map) {
  return Object.fromEntries(Object.entries(object).map(([key, value]) => [key, map(value)]));
}

/**
 * Waits for a tensor's values. On WebGL, dataSync stalls until the GPU has run everything queued,
 * the precise end of the work; tfjs's WebGPU backend cannot read synchronously in headless
 * Chromium (it returns zeros and loses its device), so it reads asynchronously.
 */
function valuesOf(tensor) {
  return tf.getBackend() === 'webgpu' ? tensor.data() : Promise.resolve(tensor.dataSync());
}

/** Waits for the scalar, disposes it, and returns its value. */
async function readAndDispose(penalty) {
  const [value] = await valuesOf(penalty);
  penalty.dispose();
  return value;
}

/**
 * Penalty and gradient through tfjs autodiff. Reading one element of the gradient waits for all
 * of it (a GPU runs its programs in order) without copying 4 MB back, which would cost every
 * contender the same and hide the differences.
 */
export async function penaltyAndGradient(penalty, w) {
  const { value, grads } = tf.variableGrads(() => penalty(w), [w]);
  const gradient = grads[w.name];
  const first = tf.slice(gradient, new Array(gradient.rank).fill(0), 1);
  const [[result]] = await Promise.all([valuesOf(value), valuesOf(first)]);
  tf.dispose([value, grads, first]);
  return result;
}
