// The OrthogonalRegularizer cases: ours (analytic gradient in tf.customGrad) against the same
// Keras formula written as plain tfjs ops and differentiated by tfjs's autodiff, which is what
// builtin shipped before its analytic gradient and what a port of Keras's code would be. tfjs has
// no stock OrthogonalRegularizer.
import * as tf from '@tensorflow/tfjs-core';
import { OrthogonalRegularizer } from '@regularizers/builtin';
import { pseudoRandomWeights } from './weights.js';

const FACTOR = 0.01;
/** A Dense kernel of 256 inputs and 128 units: rows mode compares 256 vectors, columns mode 128. */
const SHAPE = [256, 128];
const WEIGHTS = pseudoRandomWeights(SHAPE[0] * SHAPE[1], 0x0a7e);
const MODES = ['rows', 'columns'];

/** Describes the weights and factor, for the results file. */
export const ORTHOGONAL_SETUP = { shape: SHAPE, dtype: 'float32', range: [-1, 1], factor: FACTOR };

/** Forward, and forward + gradient, in both modes, on the CPU backend. */
export function orthogonalCases() {
  return MODES.flatMap((mode) => [forwardCase(mode), gradientCase(mode)]);
}

function contenders(mode) {
  const ours = new OrthogonalRegularizer({ factor: FACTOR, mode });
  return { ours: (x) => ours.apply(x), composite: (x) => compositePenalty(x, mode) };
}

function forwardCase(mode) {
  const apply = contenders(mode);
  return {
    kind: 'timing',
    key: `orthogonal-${mode}-forward`,
    title: `OrthogonalRegularizer forward, ${mode}, CPU backend, a [${SHAPE.join(', ')}] float32 kernel`,
    backend: 'cpu',
    warmupRounds: 5,
    rounds: 30,
    setup: () => ({ w: tf.tensor(WEIGHTS, SHAPE) }),
    contenders: {
      ours: ({ w }) => readAndDispose(apply.ours(w)),
      composite: ({ w }) => readAndDispose(apply.composite(w)),
    },
    teardown: ({ w }) => w.dispose(),
  };
}

function gradientCase(mode) {
  const apply = contenders(mode);
  return {
    kind: 'timing',
    key: `orthogonal-${mode}-forward-gradient`,
    title: `OrthogonalRegularizer forward + gradient (tf.variableGrads), ${mode}, CPU backend, a [${SHAPE.join(', ')}] float32 kernel`,
    backend: 'cpu',
    warmupRounds: 5,
    rounds: 30,
    setup: () => {
      const initial = tf.tensor(WEIGHTS, SHAPE);
      const v = tf.variable(initial);
      initial.dispose();
      return { v };
    },
    contenders: {
      ours: ({ v }) => penaltyAndGradient(apply.ours, v),
      composite: ({ v }) => penaltyAndGradient(apply.composite, v),
    },
    teardown: ({ v }) => v.dispose(),
  };
}

/**
 * Keras's formula (keras/src/regularizers/regularizers.py) in tfjs ops, differentiated by tfjs:
 * the implementation builtin had before its analytic gradient.
 */
function compositePenalty(x, mode) {
  return tf.tidy(() => {
    const vectors = mode === 'rows' ? x : tf.transpose(x);
    const count = vectors.shape[0];
    const norms = tf.sqrt(tf.maximum(tf.sum(tf.square(vectors), 1, true), 1e-14));
    const normalized = tf.div(vectors, norms);
    const products = tf.matMul(normalized, normalized, false, true);
    const offDiagonal = tf.mul(products, tf.sub(1, tf.eye(count)));
    const pairs = (count * (count - 1)) / 2;
    return tf.mul(tf.sum(tf.abs(offDiagonal)), (FACTOR * 0.5) / pairs);
  });
}

/** Forces a scalar penalty with dataSync, disposes it, and returns its value. */
function readAndDispose(penalty) {
  const value = penalty.dataSync()[0];
  penalty.dispose();
  return value;
}

/** Penalty and gradient through tf.variableGrads, as a training step takes them; both forced. */
function penaltyAndGradient(apply, v) {
  const { value, grads } = tf.variableGrads(() => apply(v), [v]);
  const penalty = value.dataSync()[0];
  grads[v.name].dataSync();
  tf.dispose([value, grads]);
  return penalty;
}
