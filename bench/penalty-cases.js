// The L1L2 penalty cases of the performance baseline (performance-baseline.md): our L1L2 against
// the stock tf.regularizers.l1l2 and against plain-loop floors, on 1M float32 weights.
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { L1L2 } from '@regularizers/builtin';
import { pseudoRandomWeights } from './weights.js';

const L1 = 0.01;
const L2 = 0.01;
const SHAPE = [1000, 1000];
const WEIGHTS = pseudoRandomWeights(SHAPE[0] * SHAPE[1]);

const ours = new L1L2({ l1: L1, l2: L2 });
const stock = tfl.regularizers.l1l2({ l1: L1, l2: L2 });

/** Describes the weights and factors, for the results file. */
export const PENALTY_SETUP = { shape: SHAPE, dtype: 'float32', range: [-1, 1], l1: L1, l2: L2 };

/**
 * The cases, in run order: timing cases (CPU ones with a plain-loop floor, WASM ones against stock
 * only) and the transient-bytes case of the CPU forward.
 */
export function penaltyCases() {
  return [
    forwardCase({ backend: 'cpu', withFloor: true, warmupRounds: 5, rounds: 40 }),
    gradientCase({ backend: 'cpu', withFloor: true, warmupRounds: 3, rounds: 25 }),
    forwardBytesCase(),
    forwardCase({ backend: 'wasm', withFloor: false, warmupRounds: 5, rounds: 40 }),
    gradientCase({ backend: 'wasm', withFloor: false, warmupRounds: 3, rounds: 30 }),
  ];
}

function forwardCase({ backend, withFloor, warmupRounds, rounds }) {
  return {
    kind: 'timing',
    key: `${backend}-forward`,
    title: `Penalty forward, ${backend.toUpperCase()} backend, 1M float32 weights`,
    backend,
    warmupRounds,
    rounds,
    // The floor reads the tensor's own Float32Array, fetched once here, untimed.
    setup: () => {
      const w = tf.tensor(WEIGHTS, SHAPE);
      return { w, values: w.dataSync() };
    },
    contenders: {
      ours: ({ w }) => readAndDispose(ours.apply(w)),
      stock: ({ w }) => readAndDispose(stock.apply(w)),
      ...(withFloor && { floor: ({ values }) => floorPenalty(values) }),
    },
    teardown: ({ w }) => w.dispose(),
  };
}

function gradientCase({ backend, withFloor, warmupRounds, rounds }) {
  return {
    kind: 'timing',
    key: `${backend}-forward-gradient`,
    title: `Penalty + gradient (tf.variableGrads), ${backend.toUpperCase()} backend, 1M float32 weights`,
    backend,
    warmupRounds,
    rounds,
    setup: () => {
      const initial = tf.tensor(WEIGHTS, SHAPE);
      const v = tf.variable(initial);
      initial.dispose(); // the variable holds its own reference to the data
      return { v, values: v.dataSync() };
    },
    contenders: {
      ours: ({ v }) => penaltyAndGradient(ours, v),
      stock: ({ v }) => penaltyAndGradient(stock, v),
      ...(withFloor && { floor: (context) => floorPenaltyAndGradient(context) }),
    },
    teardown: ({ v }) => v.dispose(),
  };
}

/** Contenders return the penalty tensor undisposed: tf.profile needs it (see transient-bytes.js). */
function forwardBytesCase() {
  return {
    kind: 'transient-bytes',
    key: 'cpu-forward-bytes',
    title: 'Penalty forward, CPU backend, 1M float32 weights: transient bytes',
    backend: 'cpu',
    setup: () => ({ w: tf.tensor(WEIGHTS, SHAPE) }),
    contenders: {
      ours: ({ w }) => ours.apply(w),
      stock: ({ w }) => stock.apply(w),
    },
    teardown: ({ w }) => w.dispose(),
  };
}

/** Forces a scalar penalty with dataSync, disposes it, and returns its value. */
function readAndDispose(penalty) {
  const value = penalty.dataSync()[0];
  penalty.dispose();
  return value;
}

/** Penalty and gradient through tfjs autodiff; both are read (forced), then disposed. */
function penaltyAndGradient(regularizer, v) {
  const { value, grads } = tf.variableGrads(() => regularizer.apply(v), [v]);
  const penalty = value.dataSync()[0];
  grads[v.name].dataSync();
  tf.dispose([value, grads]);
  return penalty;
}

/** Floor: one pass over the weights, both sums, scaled after summing. */
function floorPenalty(values) {
  let sumAbs = 0;
  let sumSquares = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    sumAbs += Math.abs(v);
    sumSquares += v * v;
  }
  return L1 * sumAbs + L2 * sumSquares;
}

/**
 * Floor: the same pass, also writing the gradient l1 * sign(x) + 2 * l2 * x to a new array, which
 * it keeps in the context so the writes cannot be optimized away.
 */
function floorPenaltyAndGradient(context) {
  const { values } = context;
  const gradient = new Float32Array(values.length);
  const twoL2 = 2 * L2;
  let sumAbs = 0;
  let sumSquares = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    sumAbs += Math.abs(v);
    sumSquares += v * v;
    gradient[i] = L1 * Math.sign(v) + twoL2 * v;
  }
  context.floorGradient = gradient;
  return L1 * sumAbs + L2 * sumSquares;
}
