import { expect, it } from 'vitest';
import fc from 'fast-check';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { RegularizerError } from '@regularizers/core';
import { ModelJsonError, modelFromKerasJSON } from '../index.js';
import { fixtureFiles, readFixture } from './test-fixtures.js';
import { mutate, mutation } from './test-mutations.js';

// The 22 real model files, damaged as a corrupted, hostile or hand-edited file would be (a class
// renamed, a layer name copied into another layer or replaced by one tfjs refuses, a size replaced by 1e9 or a string, a key
// deleted, a list item duplicated…), then loaded. Whatever happens:
// - a failure is one of our error classes, never a crash from inside tfjs (a ModelJsonError
//   wrapping a TypeError means a check is missing);
// - tensors and variables are back where they were, whether the load failed or the model loaded
//   and was disposed;
// - memory stays bounded (the resource budget, lowered here to what the fixtures need, keeps a
//   mutated size from allocating much);
// - nothing reaches Object.prototype.
// Seeded, and bounded to about a minute: fast-check stops starting new cases after that. Set
// REGULARIZERS_FUZZ_SEED to explore other mutations (a failure prints the seed and the case).

const SEED = Number(process.env.REGULARIZERS_FUZZ_SEED ?? 20_241_013);
const BUDGET = { maxParameters: 4e7, maxWeightElements: 3e7 };
/** The heap and array buffers may grow by this much over the run, and no more. */
const MEMORY_BOUND = 1.5 * 2 ** 30;

function liveVariables(): number {
  return Object.keys(tf.engine().state.registeredVariables).length;
}

function memoryInUse(): number {
  const { heapUsed, arrayBuffers } = process.memoryUsage();
  return heapUsed + arrayBuffers;
}

function describeError(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : typeof error;
}

const prototypeKeys = (): string[] => Object.getOwnPropertyNames(Object.prototype).sort();

it(
  'loads mutated fixtures without leaks, foreign errors, crashes or pollution',
  { timeout: 180_000 },
  async () => {
    const files = fixtureFiles();
    const texts = new Map(files.map((file) => [file, readFixture(file)]));
    const cleanPrototype = prototypeKeys();
    const memoryBefore = memoryInUse();
    let cases = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...files),
        fc.array(mutation, { minLength: 1, maxLength: 3 }),
        fc.boolean(),
        async (file, mutations, asText) => {
          cases++;
          const json = JSON.parse(texts.get(file) ?? '') as Parameters<typeof mutate>[0];
          mutate(json, mutations);
          const [tensors, variables] = [tf.memory().numTensors, liveVariables()];
          const outcome: unknown = await modelFromKerasJSON(
            asText ? JSON.stringify(json) : json,
            BUDGET,
          ).then(
            (model) => {
              model.dispose();
              return undefined;
            },
            (error: unknown) => error,
          );
          if (outcome !== undefined) {
            expect(RegularizerError.isInstance(outcome), describeError(outcome)).toBe(true);
            if (ModelJsonError.isInstance(outcome)) {
              const cause: unknown = outcome.cause;
              expect(
                cause instanceof TypeError || cause instanceof RangeError,
                outcome.message,
              ).toBe(false);
            }
          }
          expect(tf.memory().numTensors).toBe(tensors);
          expect(liveVariables()).toBe(variables);
          expect(prototypeKeys()).toEqual(cleanPrototype);
          expect(({} as Record<string, unknown>).polluted).toBeUndefined();
          expect(memoryInUse() - memoryBefore).toBeLessThan(MEMORY_BOUND);
        },
      ),
      { seed: SEED, numRuns: 2000, interruptAfterTimeLimit: 60_000, markInterruptAsFailure: false },
    );
    expect(cases).toBeGreaterThan(20);
  },
);
