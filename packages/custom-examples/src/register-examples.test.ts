import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import {
  computePenalty,
  defaultRegistry,
  deserializeRegularizer,
  getRegularizer,
  serializeRegularizer,
} from '@regularizers/core';
import type { Regularizer, RegularizerFunction } from '@regularizers/core';
import { checkRegularizer, checkSecondCopy } from '@regularizers/core/testing';
import type { ConformanceOptions } from '@regularizers/core/testing';
import { GroupLasso, KLSparsity, MyRegularizer, myRegularizer } from './index.js';
import type * as examples from './index.js';

beforeAll(async () => {
  await import('@tensorflow/tfjs-layers'); // registers tfjs's gradients for the conformance kit
});

const NAMES = [
  'Examples>GroupLasso',
  'Examples>KLSparsity',
  'Examples>MyRegularizer',
  'Examples>my_regularizer',
];

describe('registration on import', () => {
  it('registers the four plugins under the package prefix Examples', () => {
    expect(defaultRegistry.names()).toEqual(expect.arrayContaining(NAMES));
    expect(defaultRegistry.lookup('Examples>MyRegularizer')?.target).toBe(MyRegularizer);
    expect(defaultRegistry.lookup('Examples>my_regularizer')?.target).toBe(myRegularizer);
    expect(defaultRegistry.lookup('Examples>GroupLasso')?.target).toBe(GroupLasso);
    expect(defaultRegistry.lookup('Examples>KLSparsity')?.target).toBe(KLSparsity);
  });

  it('names this package as the source of each, for clash messages', () => {
    for (const name of NAMES) {
      expect(defaultRegistry.lookup(name)?.source).toBe('@regularizers/custom-examples');
    }
  });

  it('writes each one under its registered name, with the underscore of my_regularizer', () => {
    expect(serializeRegularizer(new MyRegularizer({ strength: 0.1 }))).toEqual({
      className: 'Examples>MyRegularizer',
      config: { strength: 0.1 },
    });
    expect(serializeRegularizer(myRegularizer)).toEqual({
      className: 'Examples>my_regularizer',
      config: {},
    });
    expect(serializeRegularizer(getRegularizer(myRegularizer) as Regularizer)).toEqual({
      className: 'Examples>my_regularizer',
      config: {},
    });
    expect(serializeRegularizer(new GroupLasso({ factor: 0.2, axis: 'columns' }))).toEqual({
      className: 'Examples>GroupLasso',
      config: { factor: 0.2, axis: 'columns' },
    });
    expect(serializeRegularizer(new KLSparsity({ rho: 0.1, beta: 3 }))).toEqual({
      className: 'Examples>KLSparsity',
      config: { rho: 0.1, beta: 3 },
    });
  });

  it('reads each one by name and from Keras 2 and Keras 3 JSON', () => {
    expect(getRegularizer('Examples>GroupLasso')).toEqual(new GroupLasso());
    expect(
      deserializeRegularizer({ class_name: 'Examples>MyRegularizer', config: { strength: 0.5 } }),
    ).toEqual(new MyRegularizer({ strength: 0.5 }));
    expect(
      deserializeRegularizer({
        module: null,
        class_name: 'KLSparsity',
        config: { rho: 0.1, beta: 2 },
        registered_name: 'Examples>KLSparsity',
      }),
    ).toEqual(new KLSparsity({ rho: 0.1, beta: 2 }));
    const fromKeras3 = deserializeRegularizer({
      module: 'builtins',
      class_name: 'function',
      config: 'Examples>my_regularizer',
      registered_name: 'function',
    });
    const x = tf.tensor1d([10, -20]);
    const penalty = computePenalty(fromKeras3, x);
    expect(penalty.dataSync()[0]).toBeCloseTo(0.5, 6);
    tf.dispose([x, penalty]);
  });
});

describe('conformance', () => {
  const matrices: ConformanceOptions = {
    shapes: [
      [3, 4],
      [1, 5],
      [2, 3, 2],
      [2, 2, 3, 4],
      [0, 4],
      [4, 0],
    ],
  };
  it.each<[string, Regularizer | RegularizerFunction, ConformanceOptions]>([
    ['MyRegularizer', new MyRegularizer({ strength: 0.05 }), {}],
    ['myRegularizer', myRegularizer, {}],
    ['GroupLasso by rows', new GroupLasso({ factor: 0.1, axis: 'rows' }), matrices],
    ['GroupLasso by columns', new GroupLasso({ factor: 0.1, axis: 'columns' }), matrices],
    ['KLSparsity', new KLSparsity({ rho: 0.1, beta: 3 }), {}],
  ])('%s passes the conformance kit', (_, regularizer, options) => {
    const before = tf.memory().numTensors;
    checkRegularizer(regularizer, options);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('KLSparsity has a finite, non-zero gradient on activations in (0, 1)', () => {
    const regularizer = new KLSparsity({ rho: 0.1, beta: 3 });
    const x = tf.tidy(() => tf.sigmoid(tf.tensor2d([-2, -1, 0.5, 3, 0.1, -0.3], [3, 2])));
    const gradient = tf.tidy(() =>
      Array.from(
        tf
          .grad((input: tf.Tensor) => regularizer.apply(input))(x)
          .dataSync(),
      ),
    );
    expect(gradient.every((value) => Number.isFinite(value) && value !== 0)).toBe(true);
    x.dispose();
  });
});

describe('several copies', () => {
  it('is idempotent when the registering module is loaded again', async () => {
    const names = defaultRegistry.names();
    const specifier = './register-examples.js?again';
    await import(/* @vite-ignore */ specifier);
    expect(defaultRegistry.names()).toEqual(names);
  });

  it('accepts a second copy of the package, from another path, as the same entries', async () => {
    // As when two packages each bring their own copy of this plugin package.
    const secondCopy = await checkSecondCopy<typeof examples>(
      new URL('./index.ts', import.meta.url),
      (href) => import(href),
    );
    expect(secondCopy.GroupLasso).not.toBe(GroupLasso);
    expect(secondCopy.myRegularizer).not.toBe(myRegularizer);
    expect(defaultRegistry.lookup('Examples>GroupLasso')?.target).toBe(GroupLasso);
    expect(serializeRegularizer(new secondCopy.GroupLasso({ factor: 0.5 }))).toEqual({
      className: 'Examples>GroupLasso',
      config: { factor: 0.5, axis: 'rows' },
    });
    expect(serializeRegularizer(secondCopy.myRegularizer)).toEqual({
      className: 'Examples>my_regularizer',
      config: {},
    });
  });
});
