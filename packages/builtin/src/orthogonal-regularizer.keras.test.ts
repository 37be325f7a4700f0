// OrthogonalRegularizer against the numbers of real Keras 3.15.1, written by
// tools/keras-referee/orthogonal.py (see there for what each field holds and how it is computed).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { OrthogonalRegularizer } from './orthogonal-regularizer.js';
import type { OrthogonalMode } from './orthogonal-penalty.js';

/** A number as the generator writes it: non-finite ones as strings. */
type Written = number | 'NaN' | 'Infinity' | '-Infinity';

interface Numbers {
  readonly penalty: Written;
  readonly gradient: readonly (readonly Written[])[];
}

interface Case {
  readonly name: string;
  readonly factor: number;
  readonly mode: OrthogonalMode;
  readonly shape: [number, number];
  readonly x: readonly (readonly number[])[];
  readonly zeroProducts: number;
  readonly kerasOnJax: Numbers;
  readonly signConvention: Numbers;
}

const reference = JSON.parse(
  readFileSync(new URL('./orthogonal-regularizer.keras.json', import.meta.url), 'utf8'),
) as { keras: string; backend: string; cases: Case[] };

const read = (value: Written): number => (typeof value === 'number' ? value : Number(value));

/** float32 tolerance: relative 1e-5, or absolute 1e-6 near 0. */
function expectClose(actual: number, expected: number, what: string): void {
  const tolerance = Math.max(1e-6, 1e-5 * Math.abs(expected));
  expect(Math.abs(actual - expected), `${what}: ${actual} against ${expected}`).toBeLessThanOrEqual(
    tolerance,
  );
}

function expectAllClose(actual: number[][], expected: Numbers['gradient'], what: string): void {
  expected.forEach((row, i) => {
    row.forEach((value, j) => {
      expectClose(actual[i]?.[j] ?? Number.NaN, read(value), `${what}[${i}][${j}]`);
    });
  });
}

/** Our penalty and its gradient on the case's input, leaving no tensor behind. */
function ours(testCase: Case): { penalty: number; gradient: number[][] } {
  const regularizer = new OrthogonalRegularizer({ factor: testCase.factor, mode: testCase.mode });
  const x = tf.tensor2d(testCase.x.flat(), testCase.shape);
  const tensorsBefore = tf.memory().numTensors;
  const { value, grad } = tf.valueAndGrad((input: tf.Tensor) => regularizer.apply(input))(x);
  const result = {
    penalty: value.dataSync()[0] ?? Number.NaN,
    gradient: grad.arraySync() as number[][],
  };
  expect(grad.shape).toEqual(testCase.shape);
  tf.dispose([value, grad]);
  expect(tf.memory().numTensors).toBe(tensorsBefore);
  x.dispose();
  return result;
}

describe(`OrthogonalRegularizer against Keras ${reference.keras} (${reference.backend})`, () => {
  it('has every case the issue asks for', () => {
    expect(reference.cases.map((testCase) => testCase.name)).toEqual(
      expect.arrayContaining([
        'identity, rows',
        'M, columns',
        'an all-zero row, rows',
        'an all-zero column, columns',
        'one row, rows',
        'one column, columns',
        'empty [0, 5], rows',
      ]),
    );
  });

  it.each(reference.cases)(
    '$name: gives the penalty and gradient of sign(0) = 0, as Keras on TensorFlow',
    (testCase) => {
      const { penalty, gradient } = ours(testCase);
      expectClose(penalty, read(testCase.signConvention.penalty), 'penalty');
      expectAllClose(gradient, testCase.signConvention.gradient, 'gradient');
    },
  );

  // Keras divides by 0 pairs with fewer than two vectors: NaN, where we give 0.
  const finiteInKeras = reference.cases.filter((testCase) =>
    Number.isFinite(read(testCase.kerasOnJax.penalty)),
  );
  it.each(finiteInKeras)('$name: gives the penalty of Keras on JAX', (testCase) => {
    expectClose(ours(testCase).penalty, read(testCase.kerasOnJax.penalty), 'penalty');
  });

  // JAX differentiates |p| at 0 as +1: where no product is exactly 0, the conventions agree.
  const noZeroProduct = finiteInKeras.filter((testCase) => testCase.zeroProducts === 0);
  it.each(noZeroProduct)('$name: gives the gradient of Keras on JAX', (testCase) => {
    expectAllClose(ours(testCase).gradient, testCase.kerasOnJax.gradient, 'gradient');
  });
});
