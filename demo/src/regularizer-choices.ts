import * as tf from '@tensorflow/tfjs-core';
import { L1, L1L2, L2, OrthogonalRegularizer } from '@regularizers/builtin';
import type { Regularizer } from '@regularizers/core';
import { GroupLasso } from '@regularizers/custom-examples';
import { adamw, proximalL1 } from '@regularizers/weight-decay';

/** A regularizer the demo can train with, by the name `--regularizers` takes. */
export interface RegularizerChoice {
  /** The name on the command line and in the table. */
  name: string;
  /** What it does, in a few words, for the report. */
  summary: string;
  /** A fresh regularizer for the first layer's kernel, or `null` for none. */
  create(): Regularizer | null;
  /** A fresh optimizer, when the choice works through it rather than a penalty; else Adam(0.01). */
  optimizer?(): tf.Optimizer;
}

/** The learning rate of every run, and of the optimizers the weight-decay choices wrap. */
export const LEARNING_RATE = 0.01;

/**
 * Only the hidden kernel, as the penalties of the other choices: the weight-decay optimizers leave
 * out the biases and the output layer (variables are named `layer/weight`).
 */
const HIDDEN_KERNEL_ONLY = ['bias', 'output/*'];

/**
 * Every choice, in the order the demo runs them. The factors are tuned to the demo's dataset: large
 * enough to show each regularizer's effect, small enough to keep the model useful.
 */
export const REGULARIZER_CHOICES: readonly RegularizerChoice[] = [
  { name: 'none', summary: 'no penalty: the baseline', create: () => null },
  {
    name: 'l1',
    summary: 'L1(0.003): pulls single weights to zero (sparsity)',
    create: () => new L1({ l1: 0.003 }),
  },
  {
    name: 'proximal-l1',
    summary: 'proximalL1(adam, 1): L1 as a soft threshold of lr · 1 after each step: exact zeros',
    create: () => null,
    optimizer: () =>
      proximalL1(tf.train.adam(LEARNING_RATE), { l1: 1, exclude: HIDDEN_KERNEL_ONLY }),
  },
  {
    name: 'l2',
    summary: 'L2(0.01): shrinks every weight towards zero',
    create: () => new L2({ l2: 0.01 }),
  },
  {
    name: 'adamw',
    summary: 'adamw(decay 20): shrinks the kernel by lr · 20 each step, apart from Adam’s scaling',
    create: () => null,
    optimizer: () =>
      adamw({ learningRate: LEARNING_RATE, weightDecay: 20, exclude: HIDDEN_KERNEL_ONLY }),
  },
  {
    name: 'l1l2',
    summary: 'L1L2(0.002, 0.005): both at once',
    create: () => new L1L2({ l1: 0.002, l2: 0.005 }),
  },
  {
    name: 'orthogonal',
    summary: "OrthogonalRegularizer(0.1, 'columns'): decorrelates the hidden units",
    create: () => new OrthogonalRegularizer({ factor: 0.1, mode: 'columns' }),
  },
  {
    name: 'group-lasso',
    summary: "GroupLasso(0.01, 'rows'): drops whole input features",
    create: () => new GroupLasso({ factor: 0.01, axis: 'rows' }),
  },
];

/** The names `--regularizers` accepts, in run order. */
export const REGULARIZER_NAMES: readonly string[] = REGULARIZER_CHOICES.map(
  (choice) => choice.name,
);

/** The choice named `name`, or `undefined`. */
export function findChoice(name: string): RegularizerChoice | undefined {
  return REGULARIZER_CHOICES.find((choice) => choice.name === name);
}
