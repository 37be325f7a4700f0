import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import {
  DeserializationError,
  UnknownRegularizerError,
  defaultRegistry,
  deserializeRegularizer,
  getRegularizer,
  serializeRegularizer,
} from '@regularizers/core';
import type { Regularizer } from '@regularizers/core';
import { checkRegularizer, checkSecondCopy } from '@regularizers/core/testing';
import { L1, L1L2, L2, NoOpRegularizer, OrthogonalRegularizer, l1, l1l2, l2 } from './index.js';
import type * as builtin from './index.js';

const configOf = (regularizer: Regularizer | null) => ({
  className: (regularizer?.constructor as { className?: string } | undefined)?.className,
  config: regularizer?.getConfig?.(),
});

describe('string identifiers (keras-semantics.md §3)', () => {
  it.each([
    ['l1', 'L1', { l1: 0.01 }],
    ['L1', 'L1', { l1: 0.01 }],
    ['l2', 'L2', { l2: 0.01 }],
    ['L2', 'L2', { l2: 0.01 }],
    ['l1l2', 'L1L2', { l1: 0.01, l2: 0.01 }],
    ['l1_l2', 'L1L2', { l1: 0.01, l2: 0.01 }],
    ['L1L2', 'L1L2', { l1: 0, l2: 0 }],
    ['orthogonal_regularizer', 'OrthogonalRegularizer', { factor: 0.01, mode: 'rows' }],
    ['OrthogonalRegularizer', 'OrthogonalRegularizer', { factor: 0.01, mode: 'rows' }],
    ['Regularizer', 'Regularizer', {}],
    ['regularizer', 'Regularizer', {}],
  ])('%s builds %s with %j', (identifier, className, config) => {
    expect(configOf(getRegularizer(identifier))).toEqual({ className, config });
  });

  it('gives null for null and undefined', () => {
    expect(getRegularizer(null)).toBeNull();
    expect(getRegularizer(undefined)).toBeNull();
  });

  it.each([0, [], {}])('refuses %j with the registered names', (identifier) => {
    expect(() => getRegularizer(identifier as never)).toThrow(DeserializationError);
    expect(() => getRegularizer(identifier as never)).toThrow(
      /Could not interpret regularizer identifier: .*L1, L1L2, L2, OrthogonalRegularizer, Regularizer, l1, l1_l2, l1l2, l2, orthogonal_regularizer, regularizer/,
    );
  });

  it('refuses an unknown string, without suggesting to install builtin', () => {
    expect(() => getRegularizer('l3')).toThrow(UnknownRegularizerError);
    expect(() => getRegularizer('l3')).not.toThrow(/install @regularizers\/builtin/);
  });

  it('always serializes under the canonical class name', () => {
    for (const identifier of [
      'l1',
      'l2',
      'l1l2',
      'l1_l2',
      'orthogonal_regularizer',
      'regularizer',
    ]) {
      const { className } = serializeRegularizer(getRegularizer(identifier) as Regularizer);
      expect(['L1', 'L2', 'L1L2', 'OrthogonalRegularizer', 'Regularizer']).toContain(className);
    }
  });
});

describe('serialization (keras-semantics.md §4)', () => {
  it('writes the tfjs shape', () => {
    expect(serializeRegularizer(new L1L2({ l1: 0.1, l2: 0.2 }))).toEqual({
      className: 'L1L2',
      config: { l1: 0.1, l2: 0.2 },
    });
    expect(
      serializeRegularizer(new OrthogonalRegularizer({ factor: 0.2, mode: 'columns' })),
    ).toEqual({
      className: 'OrthogonalRegularizer',
      config: { factor: 0.2, mode: 'columns' },
    });
  });

  it.each([
    [
      'Keras 3',
      {
        module: 'keras.regularizers',
        class_name: 'L1L2',
        config: { l1: 0.1, l2: 0.2 },
        registered_name: null,
      },
      { className: 'L1L2', config: { l1: 0.1, l2: 0.2 } },
    ],
    [
      'Keras 3, L2',
      {
        module: 'keras.regularizers',
        class_name: 'L2',
        config: { l2: 0.01 },
        registered_name: null,
      },
      { className: 'L2', config: { l2: 0.01 } },
    ],
    [
      'tf.keras 2 with float32 factors',
      { class_name: 'L2', config: { l2: 0.009999999776482582 } },
      { className: 'L2', config: { l2: 0.009999999776482582 } },
    ],
    [
      'older Keras and tfjs files',
      { class_name: 'L1L2', config: { l1: 0.0, l2: 0.01 } },
      { className: 'L1L2', config: { l1: 0, l2: 0.01 } },
    ],
    [
      'tf.keras 2.10 with shared_object_id',
      { class_name: 'L2', config: { l2: 0.0005 }, shared_object_id: 43 },
      { className: 'L2', config: { l2: 0.0005 } },
    ],
    [
      'tfjs',
      { className: 'L1', config: { l1: 0.0099 } },
      { className: 'L1', config: { l1: 0.0099 } },
    ],
    [
      'a lower-case class name',
      { class_name: 'l2', config: { l2: 0.3 } },
      { className: 'L2', config: { l2: 0.3 } },
    ],
    [
      'Keras 3 Orthogonal',
      {
        module: 'keras.regularizers',
        class_name: 'OrthogonalRegularizer',
        config: { factor: 0.01, mode: 'rows' },
        registered_name: null,
      },
      { className: 'OrthogonalRegularizer', config: { factor: 0.01, mode: 'rows' } },
    ],
    [
      "Keras 3's base class",
      {
        module: 'keras.regularizers',
        class_name: 'Regularizer',
        config: {},
        registered_name: null,
      },
      { className: 'Regularizer', config: {} },
    ],
  ])('reads %s and writes it back', (_, json, written) => {
    const regularizer = deserializeRegularizer(json);
    expect(serializeRegularizer(regularizer)).toEqual(written);
    const again = deserializeRegularizer(
      JSON.parse(JSON.stringify(serializeRegularizer(regularizer))),
    );
    expect(serializeRegularizer(again)).toEqual(written);
  });

  it('loads a float32-rounded factor exactly as written', () => {
    const loaded = deserializeRegularizer({
      class_name: 'L2',
      config: { l2: 0.009999999776482582 },
    });
    expect(loaded).toBeInstanceOf(L2);
    expect(loaded).toMatchObject({ l2: 0.009999999776482582 });
  });
});

describe('conformance', () => {
  it.each<[string, Regularizer, number[][] | undefined]>([
    ['L1', new L1({ l1: 0.05 }), undefined],
    ['L2', new L2({ l2: 0.05 }), undefined],
    ['L1L2', new L1L2({ l1: 0.05, l2: 0.02 }), undefined],
    [
      'OrthogonalRegularizer',
      new OrthogonalRegularizer({ factor: 0.1, mode: 'columns' }),
      [
        [2, 2],
        [3, 4],
        [5, 3],
      ],
    ],
    ['NoOpRegularizer', new NoOpRegularizer(), undefined],
  ])('%s passes the conformance kit', (_, regularizer, shapes) => {
    const before = tf.memory().numTensors;
    checkRegularizer(regularizer, shapes === undefined ? {} : { shapes });
    expect(tf.memory().numTensors).toBe(before);
  });

  it('the factories build the same classes', () => {
    expect(l1(0.2)).toBeInstanceOf(L1);
    expect(l2(0.2)).toBeInstanceOf(L2);
    expect(l1l2(0.2, 0.1)).toBeInstanceOf(L1L2);
  });
});

describe('registration', () => {
  it('names this package as the source of every entry', () => {
    for (const name of ['L1', 'L2', 'L1L2', 'OrthogonalRegularizer', 'l1_l2', 'Regularizer']) {
      expect(defaultRegistry.lookup(name)?.source).toBe('@regularizers/builtin');
    }
  });

  it('is idempotent when the module is loaded again', async () => {
    const names = defaultRegistry.names();
    const specifier = './register-builtins.js?again';
    await import(/* @vite-ignore */ specifier);
    expect(defaultRegistry.names()).toEqual(names);
  });

  it('accepts a second copy of the package, from another path, as the same entries', async () => {
    // As when a plugin bundles its own copy of builtin.
    const secondCopy = await checkSecondCopy<typeof builtin>(
      new URL('./index.ts', import.meta.url),
      (href) => import(href),
    );
    expect(secondCopy.L2).not.toBe(L2);
    expect(defaultRegistry.lookup('L2')?.target).toBe(L2);
    expect(serializeRegularizer(new secondCopy.L2({ l2: 0.5 }))).toEqual({
      className: 'L2',
      config: { l2: 0.5 },
    });
  });
});
