/**
 * Where training stands: what a schedule is evaluated at. Every schedule of the regularizers
 * packages (a regularizer's factor, a weight decay, a learning rate) reads one of the two counts.
 */
export interface TrainingPosition {
  /**
   * Training steps taken so far (batches, counted from 0): the optimizer's `iterations`, as for
   * Keras's learning-rate schedules. It carries on across `fit` calls, and is saved with the
   * optimizer.
   */
  readonly step: number;
  /** Epochs begun so far, counted from 0: the epoch `fit` reports, `initialEpoch` included. */
  readonly epoch: number;
}

/**
 * Something whose values follow schedules, and so needs to be told where training stands: a
 * regularizer with a scheduled factor, or an optimizer of `@regularizers/weight-decay`. The adapter
 * tells every one in a model at the start of each `fit` batch; a custom training loop calls
 * `setTrainingPosition` itself.
 */
export interface Schedulable {
  /**
   * Re-reads every schedule at `position`. Cheap: it runs once per training step.
   *
   * @param position - where training stands: the step and the epoch.
   */
  setTrainingPosition(position: TrainingPosition): void;
}

/** Where training stands before it starts. */
export const TRAINING_START: TrainingPosition = Object.freeze({ step: 0, epoch: 0 });
