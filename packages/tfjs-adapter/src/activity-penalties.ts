import { computePenalty } from '@regularizers/core';
import { add, dispose, div, keep, scalar, tidy } from '@tensorflow/tfjs-core';
import type { Scalar, Tensor } from '@tensorflow/tfjs-core';
import { currentPass } from './forward-pass.js';
import type { PenaltyTerm } from './penalty-terms.js';
import type { TfjsRegularizer } from './tfjs-regularizer.js';

/**
 * The activity penalties of one layer in the current forward pass: one scalar per call, kept
 * (so gradients flow from them inside a training step) until the next pass replaces them or the
 * layer is disposed.
 */
export class ActivityPenalties {
  #pass = 0;
  #penalties: Scalar[] = [];

  /**
   * Keras §5: the penalty of each output, divided by that output's batch size (an empty batch
   * gives 0, a rank-0 output is not divided), summed over the outputs of this call.
   */
  record(regularizer: TfjsRegularizer, outputs: Tensor | Tensor[]): void {
    const pass = currentPass();
    if (pass !== this.#pass) this.reset(pass);
    const penalty = tidy(() =>
      (Array.isArray(outputs) ? outputs : [outputs])
        .map((output) => {
          const batch = output.rank === 0 ? 1 : output.shape[0];
          return batch === 0 ? scalar(0) : div<Scalar>(computePenalty(regularizer, output), batch);
        })
        .reduce((total, term) => add(total, term)),
    );
    this.#penalties.push(keep(penalty));
  }

  /** Forgets every penalty (a model pass begins, or the layer is disposed). */
  reset(pass = 0): void {
    dispose(this.#penalties);
    this.#penalties = [];
    this.#pass = pass;
  }

  /** One term per call of the current pass, each giving a copy of that call's penalty. */
  terms(): PenaltyTerm[] {
    return this.#penalties.map((penalty) => () => penalty.clone());
  }
}
