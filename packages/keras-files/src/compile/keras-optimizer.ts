/* Keras: keras/src/optimizers/ (each optimizer's __init__ and its defaults) */
import type { JsonValue } from '@regularizers/core';
import { train } from '@tensorflow/tfjs-core';
import type { Optimizer } from '@tensorflow/tfjs-core';

type JsonObject = { [key: string]: JsonValue };

/** What a Keras optimizer config becomes in tfjs, and what of it tfjs cannot do. */
export interface OptimizerResult {
  /** The tfjs optimizer, or `undefined` when tfjs has none like it. */
  readonly optimizer: Optimizer | undefined;
  /** One sentence per option left out, or why there is no optimizer. */
  readonly skipped: readonly string[];
}

type Options = (name: string) => number;
type Build = (option: Options, config: JsonObject) => Optimizer;

/** Keras's default learning rate (and other options) per optimizer, and tfjs's constructor. */
const OPTIMIZERS: Readonly<
  Record<string, { defaults: Record<string, number>; fixed?: Record<string, number>; build: Build }>
> = {
  sgd: {
    defaults: { learning_rate: 0.01, momentum: 0 },
    build: (option, config) =>
      option('momentum') === 0
        ? train.sgd(option('learning_rate'))
        : train.momentum(option('learning_rate'), option('momentum'), config.nesterov === true),
  },
  adam: {
    defaults: { learning_rate: 0.001, beta_1: 0.9, beta_2: 0.999, epsilon: 1e-7 },
    build: (option) =>
      train.adam(option('learning_rate'), option('beta_1'), option('beta_2'), option('epsilon')),
  },
  adamax: {
    defaults: { learning_rate: 0.001, beta_1: 0.9, beta_2: 0.999, epsilon: 1e-7 },
    build: (option) =>
      train.adamax(option('learning_rate'), option('beta_1'), option('beta_2'), option('epsilon')),
  },
  rmsprop: {
    defaults: { learning_rate: 0.001, rho: 0.9, momentum: 0, epsilon: 1e-7 },
    build: (option, config) =>
      train.rmsprop(
        option('learning_rate'),
        option('rho'),
        option('momentum'),
        option('epsilon'),
        config.centered === true,
      ),
  },
  adagrad: {
    defaults: { learning_rate: 0.001, initial_accumulator_value: 0.1 },
    // tfjs's Adagrad adds the backend's epsilon, 1e-7 on the CPU: Keras's default.
    fixed: { epsilon: 1e-7 },
    build: (option) => train.adagrad(option('learning_rate'), option('initial_accumulator_value')),
  },
  adadelta: {
    defaults: { learning_rate: 0.001, rho: 0.95, epsilon: 1e-7 },
    build: (option) => train.adadelta(option('learning_rate'), option('rho'), option('epsilon')),
  },
};

/**
 * Options that change the update rule, which tfjs's optimizers do not have, with the value (beside
 * `null`) that means they are off.
 */
const UNSUPPORTED: readonly (readonly [string, number | boolean, string])[] = [
  ['weight_decay', 0, 'weight decay'],
  ['clipnorm', 0, 'gradient clipping by norm'],
  ['global_clipnorm', 0, 'gradient clipping by global norm'],
  ['clipvalue', 0, 'gradient clipping by value'],
  ['use_ema', false, 'the exponential moving average of the weights'],
  ['loss_scale_factor', 1, 'loss scaling'],
  ['gradient_accumulation_steps', 1, 'gradient accumulation'],
  ['amsgrad', false, 'AMSGrad'],
  ['decay', 0, "tf.keras 2's learning-rate decay"],
];

/**
 * A tfjs optimizer from a Keras optimizer, written as a name (`"adam"`) or a config (`{
 * class_name: "Adam", config: { learning_rate, … } }`; tf.keras 2.11 to 2.15 wrote
 * `"Custom>Adam"`). SGD (with momentum and Nesterov), Adam, Adamax, RMSprop, Adagrad and Adadelta
 * have tfjs counterparts, with every rate, decay factor and epsilon carried over; the options of
 * `UNSUPPORTED` are left out, and said so.
 */
export function kerasOptimizer(json: JsonValue): OptimizerResult {
  const className = typeof json === 'string' ? json : isObject(json) ? json.class_name : undefined;
  const config = isObject(json) && isObject(json.config) ? json.config : {};
  const key = typeof className === 'string' ? className.replace(/^Custom>/, '').toLowerCase() : '';
  const known = Object.hasOwn(OPTIMIZERS, key) ? OPTIMIZERS[key] : undefined;
  const label = typeof className === 'string' ? `The optimizer ${className}` : 'The optimizer';
  if (known === undefined) {
    return {
      optimizer: undefined,
      skipped: [
        `${label} has no TensorFlow.js counterpart (there are SGD, Adam, Adamax, RMSprop, Adagrad and Adadelta), so the model is not compiled: call model.compile() with one of those.`,
      ],
    };
  }
  if (isObject(config.learning_rate)) {
    return {
      optimizer: undefined,
      skipped: [
        `${label} has a learning-rate schedule, which TensorFlow.js optimizers do not take, so the model is not compiled: call model.compile() with a fixed rate.`,
      ],
    };
  }
  const option: Options = (name) => {
    const value = name === 'learning_rate' ? (config.learning_rate ?? config.lr) : config[name];
    return typeof value === 'number' ? value : (known.defaults[name] ?? known.fixed?.[name] ?? 0);
  };
  const skipped = UNSUPPORTED.filter(([name, off]) => {
    const value = Object.hasOwn(config, name) ? config[name] : null;
    return value !== null && value !== undefined && value !== off;
  }).map(
    ([name, , what]) =>
      `${label}'s ${name} (${what}) is left out: TensorFlow.js optimizers have no such option.`,
  );
  for (const [name, value] of Object.entries(known.fixed ?? {})) {
    if (option(name) !== value) {
      skipped.push(
        `${label}'s ${name} of ${option(name)} is left out: TensorFlow.js's uses ${value}.`,
      );
    }
  }
  return { optimizer: known.build(option, config), skipped };
}

function isObject(value: JsonValue | undefined): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
