// No @tensorflow/tfjs-layers here on purpose: GroupLasso brings its own gradient, so tf.grad works
// with tfjs-core alone, which in Node registers no gradients.
import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { InvalidArgumentError, PenaltyError } from '@regularizers/core';
import { GroupLasso } from './group-lasso.js';
import type { GroupLassoAxis } from './group-lasso.js';
import { penaltyOf } from '@regularizers/core/testing';

/**
 * The documented formula, in plain loops over a flat array: `factor * sqrt(p) * sum_g ||w_g||`,
 * the groups being the indices of the second-to-last axis (rows) or of the last axis (columns).
 */
function expectedPenalty(
  values: number[],
  shape: number[],
  factor: number,
  axis: GroupLassoAxis,
): number {
  const groupAxis = axis === 'rows' ? shape.length - 2 : shape.length - 1;
  const groups = shape[groupAxis] ?? 0;
  const inner = shape.slice(groupAxis + 1).reduce((product, dim) => product * dim, 1);
  const squares = new Array<number>(groups).fill(0);
  values.forEach((value, index) => {
    const group = Math.floor(index / inner) % groups;
    squares[group] = (squares[group] ?? 0) + value * value;
  });
  const groupSize = groups === 0 ? 0 : values.length / groups;
  return factor * Math.sqrt(groupSize) * squares.reduce((sum, s) => sum + Math.sqrt(s), 0);
}

/** Deterministic values with both signs. */
function valuesOf(size: number): number[] {
  return Array.from({ length: size }, (_, i) => Math.round(100 * Math.sin(3.7 * i + 1)) / 50);
}

function gradientOf(regularizer: GroupLasso, x: tf.Tensor): number[] {
  return tf.tidy(() =>
    Array.from(
      tf
        .grad((input: tf.Tensor) => regularizer.apply(input))(x)
        .dataSync(),
    ),
  );
}

describe('GroupLasso', () => {
  it('sums the L2 norms of the rows, scaled by the square root of the row length', () => {
    // Rows [3, 4], [0, 0] and [1, 2]: sqrt(2) * (5 + 0 + sqrt(5)).
    const w = [
      [3, 4],
      [0, 0],
      [1, 2],
    ];
    const expected = 0.1 * Math.SQRT2 * (5 + Math.sqrt(5));
    expect(penaltyOf(new GroupLasso({ factor: 0.1, axis: 'rows' }), w)).toBeCloseTo(expected, 6);
    expect(penaltyOf(new GroupLasso({ factor: 0.1 }), w)).toBeCloseTo(expected, 6);
  });

  it('sums the L2 norms of the columns, scaled by the square root of the column length', () => {
    // Columns [3, 0, 1] and [4, 0, 2]: sqrt(3) * (sqrt(10) + sqrt(20)).
    const w = [
      [3, 4],
      [0, 0],
      [1, 2],
    ];
    expect(penaltyOf(new GroupLasso({ factor: 0.1, axis: 'columns' }), w)).toBeCloseTo(
      0.1 * Math.sqrt(3) * (Math.sqrt(10) + Math.sqrt(20)),
      6,
    );
  });

  it.each<[number[], GroupLassoAxis]>([
    [[4, 3], 'rows'],
    [[4, 3], 'columns'],
    [[5, 4, 3], 'rows'],
    [[5, 4, 3], 'columns'],
    [[3, 3, 4, 2], 'rows'],
    [[3, 3, 4, 2], 'columns'],
  ])('groups a tensor of shape %j by %s as the plain-loop formula does', (shape, axis) => {
    const values = valuesOf(shape.reduce((product, dim) => product * dim, 1));
    const regularizer = new GroupLasso({ factor: 0.3, axis });
    const x = tf.tensor(values, shape);
    expect(penaltyOf(regularizer, x.arraySync())).toBeCloseTo(
      expectedPenalty(values, shape, 0.3, axis),
      4,
    );
    x.dispose();
  });

  it('groups a convolution kernel by input channel (rows) or by filter (columns)', () => {
    // [height 1, width 2, in 2, filters 3]: input channel 1 and filter 0 are all zero.
    const kernel = tf.tensor([0, 1, 2, 0, 0, 0, 0, 3, 4, 0, 0, 0], [1, 2, 2, 3]);
    const rows = new GroupLasso({ factor: 1, axis: 'rows' }).apply(kernel);
    const columns = new GroupLasso({ factor: 1, axis: 'columns' }).apply(kernel);
    // Input channel 0 holds 1, 2, 3, 4 among 6 weights; filters 1 and 2 hold [1, 3] and [2, 4] among 4.
    expect(rows.dataSync()[0]).toBeCloseTo(Math.sqrt(6) * Math.sqrt(30), 5);
    expect(columns.dataSync()[0]).toBeCloseTo(2 * (Math.sqrt(10) + Math.sqrt(20)), 5);
    tf.dispose([kernel, rows, columns]);
  });

  it('gives 0 on an empty tensor and on a zero tensor', () => {
    const before = tf.memory().numTensors;
    const values = tf.tidy(() =>
      [
        new GroupLasso().apply(tf.zeros([0, 4])),
        new GroupLasso({ axis: 'columns' }).apply(tf.zeros([3, 0])),
        new GroupLasso().apply(tf.zeros([3, 4])),
      ].map((penalty) => penalty.dataSync()[0]),
    );
    expect(values).toEqual([0, 0, 0]);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('has the gradient factor * sqrt(p) * w_g / ||w_g||, and 0 on an all-zero group', () => {
    const before = tf.memory().numTensors;
    const x = tf.tensor2d([
      [3, 4],
      [0, 0],
      [1, 2],
    ]);
    const gradient = gradientOf(new GroupLasso({ factor: 0.1, axis: 'rows' }), x);
    const scale = 0.1 * Math.SQRT2;
    const expected = [3 / 5, 4 / 5, 0, 0, 1 / Math.sqrt(5), 2 / Math.sqrt(5)].map(
      (value) => scale * value,
    );
    gradient.forEach((value, i) => {
      expect(value).toBeCloseTo(expected[i] ?? Number.NaN, 6);
    });
    x.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('has a finite gradient, 0, on an all-zero tensor, for both axes', () => {
    const before = tf.memory().numTensors;
    const zeros = tf.zeros([4, 3]);
    for (const axis of ['rows', 'columns'] as const) {
      const gradient = gradientOf(new GroupLasso({ factor: 1, axis }), zeros);
      expect(gradient).toEqual(new Array<number>(12).fill(0));
    }
    zeros.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('has a gradient that matches finite differences away from zero', () => {
    const shape = [3, 2, 4];
    const values = valuesOf(24);
    for (const axis of ['rows', 'columns'] as const) {
      const x = tf.tensor(values, shape);
      const gradient = gradientOf(new GroupLasso({ factor: 0.5, axis }), x);
      x.dispose();
      for (const index of [0, 5, 13, 23]) {
        const epsilon = 1e-4;
        const plus = values.map((value, i) => (i === index ? value + epsilon : value));
        const minus = values.map((value, i) => (i === index ? value - epsilon : value));
        const numeric =
          (expectedPenalty(plus, shape, 0.5, axis) - expectedPenalty(minus, shape, 0.5, axis)) /
          (2 * epsilon);
        expect(gradient[index]).toBeCloseTo(numeric, 4);
      }
    }
  });

  it('trains a zero row without NaN: a gradient step from zero stays finite', () => {
    const weight = tf.variable(
      tf.tensor2d([
        [0, 0],
        [1, -1],
      ]),
    );
    const regularizer = new GroupLasso({ factor: 1 });
    const optimizer = tf.train.sgd(0.1);
    for (let step = 0; step < 3; step++) {
      optimizer.minimize(() => regularizer.apply(weight));
    }
    const values = Array.from(weight.dataSync());
    expect(values.every(Number.isFinite)).toBe(true);
    expect(values.slice(0, 2)).toEqual([0, 0]);
    weight.dispose();
    optimizer.dispose();
  });

  it('returns exactly its constructor arguments as config, and defaults to 0.01 and rows', () => {
    expect(new GroupLasso().getConfig()).toEqual({ factor: 0.01, axis: 'rows' });
    expect(new GroupLasso({ factor: 0.25, axis: 'columns' }).getConfig()).toEqual({
      factor: 0.25,
      axis: 'columns',
    });
  });

  it('refuses tensors of rank 0 and 1, naming the shape', () => {
    const bias = tf.ones([4]);
    expect(() => new GroupLasso().apply(bias)).toThrow(InvalidArgumentError);
    expect(() => new GroupLasso().apply(bias)).toThrow(
      'GroupLasso needs a tensor of rank 2 or more, grouped by its rows or columns. Received: a tensor of shape [4]',
    );
    const scalar = tf.scalar(1);
    expect(() => new GroupLasso().apply(scalar)).toThrow('Received: a tensor of shape []');
    tf.dispose([bias, scalar]);
  });

  it('refuses a bad axis, a bad factor, unknown arguments and a non-tensor', () => {
    expect(() => new GroupLasso({ axis: 0 as never })).toThrow(
      'Invalid value for argument axis: expected one of "rows", "columns". Received: axis=0',
    );
    expect(() => new GroupLasso({ factor: -0.1 })).toThrow(
      'Invalid value for argument factor: expected a non-negative finite number. Received: factor=-0.1',
    );
    expect(() => new GroupLasso({ mode: 'rows' } as never)).toThrow(
      'Unknown argument mode for GroupLasso, which takes factor, axis',
    );
    expect(() => new GroupLasso().apply([[1]] as never)).toThrow(PenaltyError);
  });
});
