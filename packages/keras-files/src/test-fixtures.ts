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

/**
 * Fixtures that fail today for reasons other issues fix, with the reason ("build: …" when the
 * model cannot be built). Their tests are expected to fail until the fix lands, then this entry
 * goes.
 */
export const PENDING: Readonly<Record<string, string>> = {
  'gru_reset_after.keras':
    'build: tfjs-layers has no GRU with reset_after=True (model-level parity)',
  'gru_reset_after.h5': 'build: tfjs-layers has no GRU with reset_after=True (model-level parity)',
  'nested_shared.keras': 'a layer called twice is penalised twice by tfjs (model-level parity)',
  'nested_shared.h5': 'a layer called twice is penalised twice by tfjs (model-level parity)',
  'embedding_lstm.keras': 'tfjs-layers leaks tensors when disposing recurrent layers (loading)',
  'embedding_lstm.h5': 'tfjs-layers leaks tensors when disposing recurrent layers (loading)',
  'bidirectional_lstm.keras': 'tfjs-layers leaks tensors when disposing recurrent layers (loading)',
  'bidirectional_lstm.h5': 'tfjs-layers leaks tensors when disposing recurrent layers (loading)',
  'tfkeras2.6.0_embedding_lstm_training_config.h5':
    'tfjs-layers leaks tensors when disposing recurrent layers (loading)',
};

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
