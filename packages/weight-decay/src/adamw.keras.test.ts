// AdamW and withWeightDecay against real Keras 3.15.1, on the same weights and gradients, written
// by tools/keras-referee/adamw.py (see there for what each field holds).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { AdamW, withWeightDecay } from './index.js';

interface Case {
  readonly name: string;
  readonly optimizer: 'AdamW' | 'SGD';
  readonly config: Record<string, unknown>;
  readonly exclude: string[];
  readonly variables: { name: string; shape: number[]; initial: number[] }[];
  readonly gradients: number[][][];
  readonly weights: number[][][];
}

const reference = JSON.parse(
  readFileSync(new URL('./adamw.keras.json', import.meta.url), 'utf8'),
) as { keras: string; cases: Case[] };

function optimizerOf({ optimizer, config, exclude }: Case): tf.Optimizer {
  if (optimizer === 'AdamW') return new AdamW({ ...config, exclude });
  const { learningRate, weightDecay } = config as { learningRate: number; weightDecay: number };
  return withWeightDecay(tf.train.sgd(learningRate), { weightDecay, exclude });
}

describe(`weight decay against Keras ${reference.keras}`, () => {
  it.each(reference.cases.map((entry) => [entry.name, entry]))('%s', (_name, entry) => {
    const variables = entry.variables.map(({ name, shape, initial }) =>
      tf.variable(tf.tensor(initial, shape), true, name),
    );
    const optimizer = optimizerOf(entry);
    try {
      entry.gradients.forEach((stepGradients, step) => {
        const gradients = Object.fromEntries(
          entry.variables.map(({ name, shape }, i) => [
            name,
            tf.tensor(stepGradients[i] ?? [], shape),
          ]),
        );
        optimizer.applyGradients(gradients);
        tf.dispose(Object.values(gradients));
        variables.forEach((variable, i) => {
          const actual = variable.dataSync();
          (entry.weights[step]?.[i] ?? []).forEach((expected, j) => {
            // A float32 rounding or two: relative 1e-6, or absolute 1e-7 near 0. (AdamW agrees
            // with Keras to 1e-9; withWeightDecay(sgd) to 1e-7, as it rounds w · (wd · lr) where
            // Keras rounds (w · wd) · lr.)
            const tolerance = Math.max(1e-7, 1e-6 * Math.abs(expected));
            const difference = Math.abs((actual[j] ?? Number.NaN) - expected);
            expect(difference, `step ${step + 1}, ${variable.name}[${j}]`).toBeLessThanOrEqual(
              tolerance,
            );
          });
        });
      });
    } finally {
      optimizer.dispose();
      tf.dispose(variables);
    }
  });
});
