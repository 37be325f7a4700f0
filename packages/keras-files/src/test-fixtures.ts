import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs-core';

/** What tools/keras-referee/keras-files.py recorded for one fixture file. */
export interface FixtureExpectations {
  /** What the model exercises. */
  readonly description: string;
  /** The fixed inputs, one per model input. */
  readonly inputs: readonly { dtype: string; shape: number[]; values: number[] }[];
  /** Keras's predictions on them, one nested array per output. */
  readonly predictions: readonly unknown[];
  /** Keras's `sum(model.losses)` after that call. */
  readonly penalty: number;
  /** Every dataset of the file's weights: its path, shape, and the Keras variable it holds. */
  readonly weights: readonly { path: string; shape: number[]; variable: string | null }[];
}

/** The fixtures folder, beside src/. */
export const FIXTURES = new URL('../fixtures/', import.meta.url);

/** Every fixture file, and what Keras computed with it. */
export const EXPECTED = (
  JSON.parse(readFileSync(new URL('expected.json', FIXTURES), 'utf8')) as {
    files: Record<string, FixtureExpectations>;
  }
).files;

/** A fixture's path on disk. */
export function fixturePath(file: string): string {
  return fileURLToPath(new URL(file, FIXTURES));
}

/** A fixture's bytes. */
export function fixtureBytes(file: string): Uint8Array<ArrayBuffer> {
  return new Uint8Array(readFileSync(new URL(file, FIXTURES)));
}

/** What Keras recorded for `file`; throws when it is not a fixture. */
export function expectationsOf(file: string): FixtureExpectations {
  const expected = EXPECTED[file];
  if (expected === undefined) throw new Error(`${file} is not a fixture.`);
  return expected;
}

/** A fixture's inputs as tensors, one per model input. */
export function inputTensors(expected: FixtureExpectations): tf.Tensor[] {
  return expected.inputs.map(({ dtype, shape, values }) =>
    tf.tensor(values, shape, dtype === 'int32' ? 'int32' : 'float32'),
  );
}

/** The largest difference between `actual` and `expected`, relative to `expected` (or to 0.01 near 0). */
export function relativeDifference(actual: ArrayLike<number>, expected: readonly number[]): number {
  if (actual.length !== expected.length) return Infinity;
  return expected.reduce(
    (worst, value, index) =>
      Math.max(worst, Math.abs((actual[index] ?? NaN) - value) / Math.max(Math.abs(value), 1e-2)),
    0,
  );
}
