import type { Optimizer, Tensor, Variable } from '@tensorflow/tfjs-core';
import { registeredVariable } from './tfjs-internals.js';

/** What `applyGradients` receives: gradients by variable name, as a map or a list. */
export type VariableGradients = Parameters<Optimizer['applyGradients']>[0];

/** A named tensor, as optimizers save their slots (tfjs-core does not export the type). */
export type NamedTensor = Awaited<ReturnType<Optimizer['getWeights']>>[number];

/** One variable an optimizer step updates. */
export interface GradientEntry {
  /** The variable's name, as tfjs registered it. */
  readonly name: string;
  /** Its position in the list of gradients, which tfjs's optimizers key their slots by. */
  readonly index: number;
  /** The variable. */
  readonly variable: Variable;
  /** Its gradient. */
  readonly gradient: Tensor;
}

/**
 * The variables a step updates, from what `applyGradients` receives (a map by name, or a list of
 * `{ name, tensor }`), skipping those without a gradient, as tfjs's optimizers and Keras's
 * (`_filter_empty_gradients`) do: a variable without a gradient is neither updated nor decayed.
 */
export function gradientEntries(gradients: VariableGradients): GradientEntry[] {
  const pairs: [string, Tensor | null | undefined][] = Array.isArray(gradients)
    ? gradients.map(({ name, tensor }) => [name, tensor])
    : Object.entries(gradients);
  const entries: GradientEntry[] = [];
  pairs.forEach(([name, gradient], index) => {
    if (gradient == null) return;
    entries.push({ name, index, variable: registeredVariable(name), gradient });
  });
  return entries;
}
