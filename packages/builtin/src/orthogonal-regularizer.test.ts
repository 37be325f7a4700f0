import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { OrthogonalRegularizer } from './orthogonal-regularizer.js';
import { InvalidArgumentError, PenaltyError } from '@regularizers/core';
import { penaltyOf } from '@regularizers/core/testing';
import { M, X } from './test-values.js';

/** The Keras formula, in plain loops: factor * mean |cosine| over unordered pairs of rows. */
function expectedPenalty(matrix: number[][], factor: number, mode: 'rows' | 'columns'): number {
  const vectors =
    mode === 'rows' ? matrix : (matrix[0] ?? []).map((_, j) => matrix.map((row) => row[j] ?? 0));
  const normalized = vectors.map((vector) => {
    const norm = Math.sqrt(
      Math.max(
        vector.reduce((sum, value) => sum + value * value, 0),
        1e-14,
      ),
    );
    return vector.map((value) => value / norm);
  });
  let total = 0;
  for (let i = 0; i < normalized.length; i++) {
    for (let j = i + 1; j < normalized.length; j++) {
      const a = normalized[i] ?? [];
      const b = normalized[j] ?? [];
      total += Math.abs(a.reduce((sum, value, k) => sum + value * (b[k] ?? 0), 0));
    }
  }
  const pairs = (normalized.length * (normalized.length - 1)) / 2;
  return (factor * total) / pairs;
}

describe('OrthogonalRegularizer', () => {
  it.each([
    ['rows', M, 0.0409673181],
    ['columns', M, 0.0528278199],
    ['rows', X, 0.0377485177],
    ['columns', X, 0.0470437409],
  ] as const)('matches the Keras reference value in %s mode', (mode, matrix, expected) => {
    const value = penaltyOf(new OrthogonalRegularizer({ factor: 0.1, mode }), matrix);
    expect(value).toBeCloseTo(expected, 7);
    expect(value).toBeCloseTo(expectedPenalty(matrix, 0.1, mode), 7);
  });

  it('gives 0 on the identity, and counts absolute similarity', () => {
    expect(
      penaltyOf(new OrthogonalRegularizer({ factor: 1 }), [
        [1, 0],
        [0, 1],
      ]),
    ).toBeCloseTo(0, 7);
    expect(
      penaltyOf(new OrthogonalRegularizer({ factor: 1 }), [
        [1, 2],
        [-1, -2],
      ]),
    ).toBeCloseTo(1, 6);
  });

  it('keeps a zero row at zero rather than dividing by zero', () => {
    const matrix = [
      [0, 0, 0],
      [1, 2, 2],
      [2, 1, -2],
    ];
    expect(penaltyOf(new OrthogonalRegularizer({ factor: 1 }), matrix)).toBeCloseTo(
      expectedPenalty(matrix, 1, 'rows'),
      6,
    );
  });

  it('gives 0 for a single vector, where Keras gives NaN', () => {
    expect(penaltyOf(new OrthogonalRegularizer(), [[1, 2, 3]])).toBe(0);
    expect(penaltyOf(new OrthogonalRegularizer({ mode: 'columns' }), [[1], [2]])).toBe(0);
  });

  it('defaults to factor 0.01 and rows', () => {
    expect(new OrthogonalRegularizer().getConfig()).toEqual({ factor: 0.01, mode: 'rows' });
  });

  it('has a gradient that matches finite differences', () => {
    const regularizer = new OrthogonalRegularizer({ factor: 1, mode: 'columns' });
    const x = tf.tensor2d(X);
    const gradient = tf.grad((input: tf.Tensor) => regularizer.apply(input))(x);
    const analytic = gradient.arraySync() as number[][];
    const epsilon = 1e-3;
    const plus = X.map((row) => [...row]);
    const minus = X.map((row) => [...row]);
    (plus[0] as number[])[1] = 1 + epsilon;
    (minus[0] as number[])[1] = 1 - epsilon;
    const numeric =
      (expectedPenalty(plus, 1, 'columns') - expectedPenalty(minus, 1, 'columns')) / (2 * epsilon);
    expect(analytic[0]?.[1]).toBeCloseTo(numeric, 3);
    tf.dispose([x, gradient]);
  });

  // This file does not load tfjs-layers, so these also show the gradient needs no registered ones.
  it.each([
    ['rows', [0, 5]],
    ['columns', [0, 5]],
    ['rows', [5, 0]],
    ['rows', [1, 4]],
    ['columns', [4, 1]],
    ['rows', [0, 0]],
  ] as const)(
    'in %s mode on shape %j, gives 0 and a zero gradient connected to the input, leaving nothing',
    (mode, shape) => {
      const regularizer = new OrthogonalRegularizer({ factor: 1, mode });
      const x = tf.ones([...shape]);
      const tensorsBefore = tf.memory().numTensors;
      const { value, grad } = tf.valueAndGrad((input: tf.Tensor) => regularizer.apply(input))(x);
      expect(value.dataSync()[0]).toBe(0);
      expect(grad.shape).toEqual(shape);
      expect([...grad.dataSync()].every((entry) => entry === 0)).toBe(true);
      tf.dispose([value, grad]);
      expect(tf.memory().numTensors).toBe(tensorsBefore);
      x.dispose();
    },
  );

  it('trains a variable, keeping nothing for the backward pass outside a gradient tape', () => {
    const regularizer = new OrthogonalRegularizer({ factor: 1 });
    const kernel = tf.variable(tf.tensor2d(X));
    const optimizer = tf.train.sgd(0.1);
    const tensorsBefore = tf.memory().numTensors;
    const before = penaltyOf(regularizer, X);
    for (let step = 0; step < 5; step++) {
      tf.dispose(optimizer.minimize(() => regularizer.apply(kernel), true) ?? []);
    }
    tf.dispose(regularizer.apply(kernel));
    expect(tf.memory().numTensors).toBe(tensorsBefore);
    expect(penaltyOf(regularizer, kernel.arraySync())).toBeLessThan(before);
    kernel.dispose();
    optimizer.dispose();
  });

  it('leaves nothing behind when it refuses its input inside tf.grad', () => {
    const regularizer = new OrthogonalRegularizer();
    const cube = tf.ones([2, 2, 2]);
    const disposed = tf.ones([2, 2]);
    disposed.dispose();
    const tensorsBefore = tf.memory().numTensors;
    const gradient = tf.grad((input: tf.Tensor) => regularizer.apply(input));
    expect(() => gradient(cube)).toThrow(InvalidArgumentError);
    expect(() => gradient(disposed)).toThrow(PenaltyError);
    expect(tf.memory().numTensors).toBe(tensorsBefore);
    cube.dispose();
  });

  it('refuses a tensor that is not rank 2, naming the shape', () => {
    const cube = tf.ones([4, 4, 4]);
    expect(() => new OrthogonalRegularizer().apply(cube)).toThrow(
      'OrthogonalRegularizer needs a rank-2 tensor (a matrix). Received: a tensor of shape [4, 4, 4]',
    );
    cube.dispose();
  });

  it('refuses a bad mode, a null factor and unknown arguments', () => {
    expect(() => new OrthogonalRegularizer({ mode: 'diagonal' as never })).toThrow(
      'Invalid value for argument mode: expected one of "rows", "columns". Received: mode="diagonal"',
    );
    // As in Keras, where OrthogonalRegularizer(mode=None) raises; a missing mode means 'rows'.
    expect(() => new OrthogonalRegularizer({ mode: null as never })).toThrow(
      'Invalid value for argument mode: expected one of "rows", "columns". Received: mode=null',
    );
    expect(new OrthogonalRegularizer({ mode: undefined }).mode).toBe('rows');
    expect(() => new OrthogonalRegularizer({ factor: null as never })).toThrow(
      'Received: factor=null',
    );
    expect(() => new OrthogonalRegularizer({ l2: 1 } as never)).toThrow(
      'Unknown argument l2 for OrthogonalRegularizer, which takes factor, mode',
    );
  });
});
