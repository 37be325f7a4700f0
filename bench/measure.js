// The interleaved timing harness: every contender of a case runs in the same process (or page),
// round-robin, so machine noise (other jobs, turbo boost, GC) lands on all of them alike and the
// ratios hold. It runs in Node (run.js) and in the browser (browser/main.js) alike.
import * as tf from '@tensorflow/tfjs-core';

/** Round counts used by `--quick`, for a smoke run. */
export const QUICK_ROUNDS = { warmupRounds: 1, rounds: 3 };

/**
 * Runs one timing case and returns its samples and medians. `useBackend(name)` activates the case's
 * backend and returns its description (backends.js in Node, the page's own in the browser).
 *
 * A case is a plain object:
 *
 * - `kind: 'timing'` (run.js picks the runner by kind).
 * - `key`: a stable id (JSON, targets, `--only`); `title`: the printed heading.
 * - `backend`: the tfjs backend to activate before `setup` ('cpu', 'wasm', ...).
 * - `warmupRounds`, `rounds`: unmeasured and measured rounds.
 * - `quickRounds`: optional `{ warmupRounds, rounds }` used by `--quick` instead of QUICK_ROUNDS,
 *   for cases whose rounds take seconds.
 * - `valueLabel`: optional heading of the value column in the printed table ('penalty' if absent).
 * - `setup()`: optional, may be async; returns the context handed to every contender (tensors,
 *   models, typed arrays). Runs untimed.
 * - `contenders`: `{ name: (context) => value }`, sync or async. Each call is timed whole, so it
 *   must force its result (`dataSync`, `await fit`) and dispose what it created. The returned
 *   value (e.g. the penalty) is kept, so the work cannot be optimized away, and reported.
 * - `teardown(context)`: optional, may be async; disposes what `setup` created.
 *
 * Each round runs every contender once; round `r` starts at contender `r mod n`, so no contender
 * always runs first or right after another one's garbage. `tf.memory().numTensors` must be the same
 * before and after every measured call and before `setup` and after `teardown`, else this throws.
 * Warm-up calls may create lazy state (an optimizer's slots) that `teardown` disposes.
 */
export async function runTimingCase(benchCase, { quick = false, useBackend }) {
  const { warmupRounds, rounds } = quick ? (benchCase.quickRounds ?? QUICK_ROUNDS) : benchCase;
  const backend = await useBackend(benchCase.backend);
  const names = Object.keys(benchCase.contenders);
  const samplesMs = Object.fromEntries(names.map((name) => [name, []]));
  const lastValues = {};

  const tensorsBefore = tf.memory().numTensors;
  const context = await benchCase.setup?.();
  try {
    for (let round = 0; round < warmupRounds + rounds; round++) {
      const measured = round >= warmupRounds;
      for (let k = 0; k < names.length; k++) {
        const name = names[(round + k) % names.length];
        const tensorsBeforeCall = tf.memory().numTensors;
        const start = performance.now();
        let value = benchCase.contenders[name](context);
        if (isThenable(value)) value = await value;
        const elapsed = performance.now() - start;
        lastValues[name] = value;
        if (!measured) continue;
        samplesMs[name].push(elapsed);
        assertTensorCount(tensorsBeforeCall, `${benchCase.key}: contender '${name}'`);
      }
    }
  } finally {
    await benchCase.teardown?.(context);
  }
  assertTensorCount(tensorsBefore, `${benchCase.key}: setup + contenders + teardown`);

  const contenders = {};
  for (const name of names) {
    const samples = samplesMs[name];
    contenders[name] = {
      medianMs: median(samples),
      minMs: Math.min(...samples),
      maxMs: Math.max(...samples),
      value: lastValues[name],
      samplesMs: samples,
    };
  }
  return {
    kind: 'timing',
    key: benchCase.key,
    title: benchCase.title,
    ...(benchCase.valueLabel !== undefined && { valueLabel: benchCase.valueLabel }),
    backend,
    warmupRounds,
    rounds,
    contenders,
  };
}

/** Throws if `tf.memory().numTensors` differs from `expected`: something leaked or was over-disposed. */
export function assertTensorCount(expected, where) {
  const actual = tf.memory().numTensors;
  if (actual !== expected) {
    throw new Error(`${where} changed tf.memory().numTensors from ${expected} to ${actual}.`);
  }
}

/** The median of a non-empty list of numbers (the mean of the two middle ones for an even count). */
export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

function isThenable(value) {
  return typeof value?.then === 'function';
}
