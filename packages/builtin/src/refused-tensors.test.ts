import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { PenaltyError } from '@regularizers/core';
import type { Regularizer } from '@regularizers/core';
import { L1 } from './l1.js';
import { L2 } from './l2.js';
import { L1L2 } from './l1l2.js';
import { OrthogonalRegularizer } from './orthogonal-regularizer.js';

const builtins: [string, Regularizer][] = [
  ['L1', new L1()],
  ['L2', new L2()],
  ['L1L2', new L1L2({ l1: 0.1, l2: 0.1 })],
  ['OrthogonalRegularizer', new OrthogonalRegularizer()],
];

/** Tensors no penalty can read, each made by `make` outside the tensor count that the test checks. */
const refused: [string, () => tf.Tensor, string][] = [
  [
    'a disposed tensor',
    () => {
      const x = tf.ones([2, 2]);
      x.dispose();
      return x;
    },
    'was given a disposed tensor, Tensor(float32, [2, 2])',
  ],
  [
    'a complex tensor',
    () => tf.tidy(() => tf.complex(tf.ones([2, 2]), tf.ones([2, 2]))),
    'takes real numbers. Received: Tensor(complex64, [2, 2])',
  ],
];

describe.each(builtins)('%s', (name, regularizer) => {
  it.each(refused)('refuses %s, naming itself and the tensor', (_, make, message) => {
    const x = make();
    const tensorsBefore = tf.memory().numTensors;
    expect(() => regularizer.apply(x)).toThrow(PenaltyError);
    expect(() => regularizer.apply(x)).toThrow(`${name} ${message}`);
    expect(tf.memory().numTensors).toBe(tensorsBefore);
    x.dispose();
  });
});
