/* Keras: keras/src/optimizers/adamw.py, adam.py and base_optimizer.py (apply, _apply_weight_decay) */
import {
  InvalidArgumentError,
  ScheduledFactor,
  checkArguments,
  checkFactor,
  describeValue,
} from '@regularizers/core';
import type { FactorValue, Schedulable, TrainingPosition } from '@regularizers/core';
import {
  Optimizer,
  add,
  div,
  mul,
  sqrt,
  square,
  sub,
  tidy,
  zerosLike,
} from '@tensorflow/tfjs-core';
import type { Variable, serialization } from '@tensorflow/tfjs-core';
import { decayed } from './decay.js';
import { Exclusions, savedExclusions } from './exclude.js';
import type { ExcludeRule } from './exclude.js';
import { gradientEntries } from './gradient-entries.js';
import type { NamedTensor, VariableGradients } from './gradient-entries.js';
import type { CurrentLearningRate } from './learning-rate.js';
import { protectOptimizerConfig, restoreOptimizerConfig } from './tfjs-internals.js';

/** Arguments of {@link adamw} and {@link AdamW}, with Keras 3's `AdamW` defaults. */
export interface AdamWArgs {
  /** The learning rate, a number ≥ 0 or a schedule. Default 0.001. */
  learningRate?: FactorValue;
  /** The decoupled weight decay, a number ≥ 0 or a schedule. Default 0.004, as Keras 3's. */
  weightDecay?: FactorValue;
  /** The decay rate of the first moment, in [0, 1). Default 0.9. */
  beta1?: number;
  /** The decay rate of the second moment, in [0, 1). Default 0.999. */
  beta2?: number;
  /** Keras's "epsilon hat", added to the square root of the second moment. Default 1e-7. */
  epsilon?: number;
  /** Variables left out of the weight decay (see {@link ExcludeRule}). Default: none. */
  exclude?: ExcludeRule | readonly ExcludeRule[];
}

const ARGUMENTS = ['learningRate', 'weightDecay', 'beta1', 'beta2', 'epsilon', 'exclude'];

/** A variable's moments, kept by its position in the gradients, as tfjs's optimizers keep them. */
interface Moments {
  readonly name: string;
  readonly m: Variable;
  readonly v: Variable;
}

/**
 * Keras 3's `AdamW` as a tfjs optimizer: Adam with decoupled weight decay (Loshchilov and Hutter).
 * Each step, in Keras's order, multiplies every variable that has a gradient and is not excluded by
 * `1 − weightDecay · learningRate` (the current learning rate, so the decay follows its schedule),
 * then takes Keras's Adam step, `w −= m · α / (√v + ε)` with
 * `α = learningRate · √(1 − β₂ᵗ) / (1 − β₁ᵗ)`. Keras's Adam adds `ε` to `√v` where tfjs's adds it
 * to the bias-corrected `√v̂`; this follows Keras, and matches Keras 3.15's `AdamW` on the same
 * weights and gradients.
 *
 * It saves with the model (`model.save(…, { includeOptimizer: true })`): its config, with any
 * schedule and exclusion rule, and its step count and moments.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { AdamW } from '@regularizers/weight-decay';
 *
 * const optimizer = new AdamW({ learningRate: 1e-3, weightDecay: 0.01 });
 * const w = tf.variable(tf.ones([2]), true, 'w');
 * optimizer.minimize(() => tf.sum(tf.square(w)));
 * ```
 */
export class AdamW extends Optimizer implements Schedulable, CurrentLearningRate {
  /** The name tfjs saves and loads it under. */
  static readonly className = 'AdamW';
  /** The decay rate of the first moment. */
  readonly beta1: number;
  /** The decay rate of the second moment. */
  readonly beta2: number;
  /** Added to `√v`. */
  readonly epsilon: number;
  readonly #learningRate: ScheduledFactor;
  readonly #weightDecay: ScheduledFactor;
  readonly #exclusions: Exclusions;
  #moments: Moments[] = [];
  #epoch = 0;

  /**
   * @param args - the learning rate, the weight decay, β₁, β₂, ε and the exclusion rules; Keras 3's
   *   `AdamW` defaults for those left out.
   * @throws `InvalidArgumentError` for an unknown argument or a bad value, naming it.
   */
  constructor(args: AdamWArgs = {}) {
    super();
    const config = checkArguments('AdamW', args, ARGUMENTS);
    this.#learningRate = new ScheduledFactor('learningRate', config.learningRate ?? 0.001);
    this.#weightDecay = new ScheduledFactor(
      'weightDecay',
      config.weightDecay === undefined ? 0.004 : config.weightDecay,
    );
    this.beta1 = checkBeta('beta1', config.beta1 ?? 0.9);
    this.beta2 = checkBeta('beta2', config.beta2 ?? 0.999);
    this.epsilon = checkFactor('epsilon', config.epsilon ?? 1e-7);
    this.#exclusions = new Exclusions(config.exclude);
  }

  /**
   * One step: the decay, then Adam, for each variable with a gradient; see the class.
   *
   * @param variableGradients - the gradient of each variable, by the variable's name.
   */
  applyGradients(variableGradients: VariableGradients): void {
    const position: TrainingPosition = { step: this.iterations, epoch: this.#epoch };
    const learningRate = this.#valueAt(this.#learningRate, position);
    const decay = this.#valueAt(this.#weightDecay, position) * learningRate;
    const alpha = this.#stepSize(learningRate, position.step + 1);
    tidy(() => {
      for (const { name, index, variable, gradient } of gradientEntries(variableGradients)) {
        const { m, v } = this.#momentsOf(index, name, variable);
        m.assign(add(m, mul(sub(gradient, m), 1 - this.beta1)));
        v.assign(add(v, mul(sub(square(gradient), v), 1 - this.beta2)));
        const weight =
          decay !== 0 && !this.#exclusions.excludes(name) ? decayed(variable, decay) : variable;
        variable.assign(sub(weight, div(mul(m, alpha), add(sqrt(v), this.epsilon))));
      }
    });
    this.incrementIterations();
  }

  /** The learning rate of the next step: a schedule's value at this optimizer's step. */
  currentLearningRate(): number {
    return this.#valueAt(this.#learningRate, { step: this.iterations, epoch: this.#epoch });
  }

  /**
   * Records the epoch, for schedules by epoch; the step is always this optimizer's own count.
   *
   * @param position - where training stands; its `epoch` is read.
   */
  setTrainingPosition(position: TrainingPosition): void {
    this.#epoch = position.epoch;
  }

  /** The step count, then every first moment, then every second moment, as tfjs's Adam saves. */
  override async getWeights(): Promise<NamedTensor[]> {
    return [
      await this.saveIterations(),
      ...this.#moments.map(({ name, m }) => ({ name: `${name}/m`, tensor: m })),
      ...this.#moments.map(({ name, v }) => ({ name: `${name}/v`, tensor: v })),
    ];
  }

  /**
   * Restores what {@link AdamW.getWeights} saved, replacing (and freeing) the moments held.
   *
   * @param weightValues - the step count, then the first and the second moments, as saved.
   */
  override async setWeights(weightValues: NamedTensor[]): Promise<void> {
    const moments = await this.extractIterations(weightValues);
    const count = moments.length / 2;
    this.#disposeMoments();
    this.#moments = moments.slice(0, count).map((first, i) => ({
      name: first.name.replace(/\/m$/, ''),
      m: first.tensor.variable(false),
      v: (moments[count + i] ?? first).tensor.variable(false),
    }));
  }

  /** Frees the moments. */
  override dispose(): void {
    this.#disposeMoments();
    super.dispose();
  }

  /** The constructor arguments: a schedule as `{ className, config }`, RegExps as `{ regexp, flags }`. */
  override getConfig(): serialization.ConfigDict {
    return protectOptimizerConfig({
      learningRate: this.#learningRate.toConfig(),
      weightDecay: this.#weightDecay.toConfig(),
      beta1: this.beta1,
      beta2: this.beta2,
      epsilon: this.epsilon,
      exclude: this.#exclusions.toConfig(),
    }) as serialization.ConfigDict;
  }

  /**
   * Rebuilds an AdamW from {@link AdamW.getConfig}, as tfjs's loader calls it.
   *
   * @param cls - the class tfjs found under the saved class name.
   * @param config - the saved config (with the `customObjects` key tfjs adds, which is ignored).
   */
  static override fromConfig<T extends serialization.Serializable>(
    cls: serialization.SerializableConstructor<T>,
    config: serialization.ConfigDict,
  ): T {
    const {
      customObjects: _injected,
      exclude,
      ...own
    } = restoreOptimizerConfig(config) as Record<string, unknown>;
    return new cls({ ...own, exclude: savedExclusions(exclude) });
  }

  /**
   * Keras's `alpha = lr * sqrt(1 - beta_2 ** t) / (1 - beta_1 ** t)`, in float32 as Keras computes
   * it: `1 - beta_2 ** t` loses digits to cancellation in float32 (about 1e-5 of it at t = 5), and
   * Keras's steps carry that rounding, so ours do too.
   */
  #stepSize(learningRate: number, t: number): number {
    const f = Math.fround;
    const beta1Power = f(f(this.beta1) ** t);
    const beta2Power = f(f(this.beta2) ** t);
    return f(f(f(learningRate) * f(Math.sqrt(f(1 - beta2Power)))) / f(1 - beta1Power));
  }

  #valueAt(factor: ScheduledFactor, position: TrainingPosition): number {
    factor.setTrainingPosition(position);
    return factor.value;
  }

  #momentsOf(index: number, name: string, variable: Variable): Moments {
    let moments = this.#moments[index];
    if (moments === undefined) {
      moments = {
        name,
        m: tidy(() => zerosLike(variable).variable(false)),
        v: tidy(() => zerosLike(variable).variable(false)),
      };
      this.#moments[index] = moments;
    }
    return moments;
  }

  #disposeMoments(): void {
    for (const { m, v } of this.#moments) {
      m.dispose();
      v.dispose();
    }
    this.#moments = [];
  }
}

/**
 * Builds Keras 3's `AdamW` (see {@link AdamW}), with its defaults: learning rate 0.001, weight
 * decay 0.004, β₁ 0.9, β₂ 0.999, ε 1e-7, no variable excluded.
 *
 * @param args - the arguments to change from those defaults (see {@link AdamWArgs}).
 *
 * @example
 * ```ts
 * import * as tfl from '@tensorflow/tfjs-layers';
 * import { ExponentialDecay } from '@regularizers/core';
 * import { COMMON_EXCLUSIONS, adamw } from '@regularizers/weight-decay';
 *
 * const model = tfl.sequential({ layers: [tfl.layers.dense({ units: 1, inputShape: [4] })] });
 * model.compile({
 *   optimizer: adamw({
 *     learningRate: new ExponentialDecay({ initialLearningRate: 1e-3, decaySteps: 1000, decayRate: 0.9 }),
 *     weightDecay: 0.01,
 *     exclude: COMMON_EXCLUSIONS,
 *   }),
 *   loss: 'meanSquaredError',
 * });
 * ```
 */
export function adamw(args: AdamWArgs = {}): AdamW {
  return new AdamW(args);
}

function checkBeta(argument: string, value: unknown): number {
  if (typeof value !== 'number' || !(value >= 0 && value < 1)) {
    throw new InvalidArgumentError(
      argument,
      `Invalid value for argument ${argument}: expected a number in [0, 1). Received: ${argument}=${describeValue(value)}`,
    );
  }
  return value;
}
