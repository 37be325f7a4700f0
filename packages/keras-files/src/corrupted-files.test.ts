import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@regularizers/custom-examples';
import { ModelJsonError } from '@regularizers/tfjs-adapter';
import { KerasFileError, loadKerasModel } from './index.js';
import { fixtureBytes } from './test-fixtures.js';

// Untrusted files: a fixture with a few random bytes overwritten (seeded, so every run tries the
// same files) either loads or is refused with a KerasFileError or a ModelJsonError, never with
// whatever jsfive, fflate or tfjs throw, and leaves no tensor behind either way.

const TRIES = 150;

/** A seeded generator of numbers in [0, 1) (Park and Miller's minimal standard). */
function generator(seed: number): () => number {
  let state = seed;
  return () => (state = (state * 16807) % 2147483647) / 2147483647;
}

describe.each(['dense_sequential.keras', 'dense_sequential.h5'])('%s, damaged', (file) => {
  it(`loads or is refused with a clear error, ${TRIES} times, leaking nothing`, async () => {
    const random = generator(file.length);
    const original = fixtureBytes(file);
    const outcomes = { loaded: 0, refused: 0 };
    for (let attempt = 0; attempt < TRIES; attempt++) {
      const bytes = original.slice();
      const flips = 1 + Math.floor(random() * 8);
      for (let flip = 0; flip < flips; flip++) {
        bytes[Math.floor(random() * bytes.length)] = Math.floor(random() * 256);
      }
      const before = tf.memory().numTensors;
      try {
        const { model } = await loadKerasModel(bytes, { compile: false });
        model.dispose();
        outcomes.loaded++;
      } catch (error) {
        const clear = KerasFileError.isInstance(error) || ModelJsonError.isInstance(error);
        expect(clear, `attempt ${attempt}: ${String(error)}`).toBe(true);
        outcomes.refused++;
      }
      expect(tf.memory().numTensors, `attempt ${attempt}`).toBe(before);
    }
    // Most damage hits weight values, which load; some hits the structure, which is refused.
    expect(outcomes.loaded).toBeGreaterThan(0);
    expect(outcomes.refused).toBeGreaterThan(0);
  });
});
