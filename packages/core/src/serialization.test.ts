import { beforeEach, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { RegularizerRegistry } from './registry.js';
import { SerializationError, UnknownRegularizerError } from './errors/index.js';
import { Strength, my_regularizer } from './test-plugins.js';
import { penaltyOf } from './penalty-of.js';
import { sumSquares } from './reference-penalties.js';
import type { Regularizer } from './regularizer.js';

const values = [1, -2, 3, 0.5];

/** The penalty on `values`, from what `get` or `deserialize` built. */
function penaltyOnValues(regularizer: Regularizer | null): number {
  expect(regularizer).not.toBeNull();
  return penaltyOf(regularizer as Regularizer, values);
}

let registry: RegularizerRegistry;
beforeEach(() => {
  registry = new RegularizerRegistry();
});

describe('aliases', () => {
  beforeEach(() => {
    registry.register(Strength, {
      aliases: ['strength', { name: 'strong', create: () => new Strength({ strength: 2 }) }],
    });
  });

  it('serializes what an alias builds under the canonical name', () => {
    const regularizer = registry.get('strength');
    expect(penaltyOnValues(regularizer)).toBeCloseTo(0.5 * sumSquares(values), 5);
    expect(registry.serialize(regularizer as Regularizer).className).toBe('Strength');
  });

  it("builds an alias's own default when the alias appears alone, and the class with a config", () => {
    expect(penaltyOnValues(registry.get('strong'))).toBeCloseTo(2 * sumSquares(values), 5);
    const withConfig = registry.deserialize({ className: 'strong', config: { strength: 0.1 } });
    expect(penaltyOnValues(withConfig)).toBeCloseTo(0.1 * sumSquares(values), 5);
  });
});

describe('get', () => {
  beforeEach(() => {
    registry.register(Strength);
    registry.register(my_regularizer, { package: 'Examples' });
  });

  it('gives null for null and undefined', () => {
    expect(registry.get(null)).toBeNull();
    expect(registry.get(undefined)).toBeNull();
  });

  it('returns a regularizer object as it is', () => {
    const regularizer = new Strength({ strength: 3 });
    expect(registry.get(regularizer)).toBe(regularizer);
  });

  it('builds a class with no arguments, a name, and a config', () => {
    expect(penaltyOnValues(registry.get(Strength))).toBeCloseTo(0.5 * sumSquares(values), 5);
    expect(penaltyOnValues(registry.get('Strength'))).toBeCloseTo(0.5 * sumSquares(values), 5);
    const fromConfig = registry.get({ className: 'Strength', config: { strength: 4 } });
    expect(penaltyOnValues(fromConfig)).toBeCloseTo(4 * sumSquares(values), 4);
  });

  it('wraps a plain function so that it serializes under its registered name', () => {
    const wrapped = registry.get(my_regularizer);
    expect(penaltyOnValues(wrapped)).toBeCloseTo(1e-3 * sumSquares(values), 7);
    expect(registry.serialize(wrapped as Regularizer)).toEqual({
      className: 'Examples>my_regularizer',
      config: {},
    });
  });

  it('wraps an unregistered function, which then refuses to serialize', () => {
    const local = (x: tf.Tensor) => tf.sum(x);
    const wrapped = registry.get(local) as Regularizer;
    expect(penaltyOnValues(wrapped)).toBeCloseTo(2.5, 6);
    expect(() => registry.serialize(wrapped)).toThrow(SerializationError);
  });
});

describe('serialize', () => {
  beforeEach(() => {
    registry.register(Strength, { package: 'Examples' });
    registry.register(my_regularizer, { package: 'Examples' });
  });

  it('writes the registered name and the config', () => {
    expect(registry.serialize(new Strength({ strength: 0.25 }))).toEqual({
      className: 'Examples>Strength',
      config: { strength: 0.25 },
    });
    expect(registry.serialize(my_regularizer)).toEqual({
      className: 'Examples>my_regularizer',
      config: {},
    });
  });

  it('returns a copy, so changing it does not change the regularizer', () => {
    const regularizer = new Strength({ strength: 0.25 });
    const written = registry.serialize(regularizer);
    written.config.strength = 9;
    expect(regularizer.strength).toBe(0.25);
  });

  it('refuses an unregistered class and says how to register it', () => {
    class Unregistered {
      static readonly className = 'Unregistered';
      apply(x: tf.Tensor): tf.Scalar {
        return tf.sum(x);
      }
      getConfig() {
        return {};
      }
    }
    expect(() => registry.serialize(new Unregistered())).toThrow(
      /Cannot serialize Unregistered: its class is not registered.*registerRegularizer\(Unregistered/,
    );
  });

  it.each([
    ['a function', { f: () => 1 }, /getConfig\(\)\.f is function f/],
    ['NaN', { factor: Number.NaN }, /getConfig\(\)\.factor is NaN/],
    ['Infinity', { factor: Infinity }, /getConfig\(\)\.factor is Infinity/],
    ['a tensor', { weights: 'TENSOR' }, /getConfig\(\)\.weights is Tensor\(float32, \[1\]\)/],
    ['undefined', { factor: undefined }, /getConfig\(\)\.factor is undefined/],
  ])('refuses a config holding %s', (_, config, message) => {
    const weights = tf.tensor1d([1]);
    class Bad {
      static readonly className = 'Bad';
      apply(x: tf.Tensor): tf.Scalar {
        return tf.sum(x);
      }
      getConfig() {
        return ('weights' in config ? { weights } : config) as never;
      }
    }
    registry.register(Bad);
    expect(() => registry.serialize(new Bad())).toThrow(message);
    weights.dispose();
  });

  it('refuses a circular config', () => {
    const config: Record<string, unknown> = {};
    config.self = config;
    class Circular {
      static readonly className = 'Circular';
      apply(x: tf.Tensor): tf.Scalar {
        return tf.sum(x);
      }
      getConfig() {
        return config as never;
      }
    }
    registry.register(Circular);
    expect(() => registry.serialize(new Circular())).toThrow(
      /nested more than 64 levels deep, or is circular/,
    );
  });

  it('refuses a regularizer with no getConfig', () => {
    class NoConfig {
      static readonly className = 'NoConfig';
      apply(x: tf.Tensor): tf.Scalar {
        return tf.sum(x);
      }
    }
    registry.register(NoConfig);
    expect(() => registry.serialize(new NoConfig())).toThrow(/NoConfig: it has no getConfig\(\)/);
  });
});

describe('serializeKeras', () => {
  // What Keras 3.15 writes in config.json for each kind (keras/src/saving/serialization_lib.py),
  // and what keras.saving.load_model reads back (tools/keras-referee/keras-files.py --check).
  it('writes a built-in under keras.regularizers, with no registered_name', () => {
    registry.register(Strength, { source: '@regularizers/builtin' });
    expect(registry.serializeKeras(new Strength({ strength: 0.25 }))).toEqual({
      module: 'keras.regularizers',
      class_name: 'Strength',
      config: { strength: 0.25 },
      registered_name: null,
    });
  });

  it('writes a plugin class by its registered name, with no module', () => {
    registry.register(Strength, { package: 'Pkg' });
    expect(registry.serializeKeras(new Strength({ strength: 0.25 }))).toEqual({
      module: null,
      class_name: 'Strength',
      config: { strength: 0.25 },
      registered_name: 'Pkg>Strength',
    });
  });

  it("writes a registered function in Keras's function form", () => {
    registry.register(my_regularizer, { package: 'Pkg' });
    expect(registry.serializeKeras(my_regularizer)).toEqual({
      module: 'builtins',
      class_name: 'function',
      config: 'Pkg>my_regularizer',
      registered_name: 'function',
    });
  });

  it('refuses what is not registered, as serialize does', () => {
    expect(() => registry.serializeKeras(new Strength())).toThrow(SerializationError);
  });

  it('reads back what it writes', () => {
    registry.register(Strength, { package: 'Pkg' });
    const written = registry.serializeKeras(new Strength({ strength: 0.25 }));
    expect(penaltyOnValues(registry.deserialize(written))).toBeCloseTo(
      0.25 * sumSquares(values),
      5,
    );
  });
});

describe('deserialize', () => {
  beforeEach(() => {
    registry.register(Strength, { package: 'my_pkg', aliases: ['strength'] });
    registry.register(my_regularizer, { package: 'my_pkg' });
  });

  const expectStrength = (json: unknown, strength: number) => {
    const regularizer = registry.deserialize(json);
    expect(regularizer).toBeInstanceOf(Strength);
    expect(regularizer).toMatchObject({ strength });
  };

  it('reads the tfjs shape', () => {
    expectStrength({ className: 'my_pkg>Strength', config: { strength: 0.1 } }, 0.1);
  });

  it('reads the Keras 2 shape, with or without shared_object_id', () => {
    expectStrength(
      { class_name: 'strength', config: { strength: 0.009999999776482582 } },
      0.009999999776482582,
    );
    expectStrength(
      { class_name: 'strength', config: { strength: 0.2 }, shared_object_id: 43 },
      0.2,
    );
  });

  it('reads the Keras 3 shape, trying registered_name before class_name', () => {
    expectStrength(
      {
        module: 'my_pkg',
        class_name: 'Strength',
        config: { strength: 0.3 },
        registered_name: 'my_pkg>Strength',
      },
      0.3,
    );
    expectStrength(
      {
        module: 'keras.regularizers',
        class_name: 'strength',
        config: { strength: 0.4 },
        registered_name: null,
      },
      0.4,
    );
    expectStrength(
      {
        module: 'x',
        class_name: 'strength',
        config: { strength: 0.5 },
        registered_name: 'not_registered>X',
      },
      0.5,
    );
  });

  it('reads the Keras 3 function form and the tfjs function form', () => {
    const keras3 = registry.deserialize({
      module: 'builtins',
      class_name: 'function',
      config: 'my_pkg>my_regularizer',
      registered_name: 'function',
    });
    expect(penaltyOnValues(keras3)).toBeCloseTo(1e-3 * sumSquares(values), 7);
    const tfjs = registry.deserialize({ className: 'my_pkg>my_regularizer', config: {} });
    expect(registry.serialize(tfjs)).toEqual({ className: 'my_pkg>my_regularizer', config: {} });
  });

  it('reads a bare string', () => {
    expectStrength('strength', 0.5);
  });

  it('does not modify the input', () => {
    const json = { className: 'strength', config: { strength: 0.1 } };
    const copy = structuredClone(json);
    registry.deserialize(json);
    expect(json).toEqual(copy);
  });

  it('passes unknown config keys to the class, which rejects them', () => {
    expect(() => registry.deserialize({ className: 'strength', config: { strenght: 1 } })).toThrow(
      /Unknown argument strenght for Strength, which takes strength. Received: strenght=1/,
    );
  });

  it('prefers customObjects over the registry, for that call only', () => {
    class Doubled extends Strength {
      override apply(x: tf.Tensor): tf.Scalar {
        return tf.tidy(() => tf.mul(2, super.apply(x)));
      }
    }
    const json = { class_name: 'strength', config: { strength: 1 } };
    const custom = registry.deserialize(json, { customObjects: { strength: Doubled } });
    expect(custom).toBeInstanceOf(Doubled);
    expect(penaltyOnValues(custom)).toBeCloseTo(2 * sumSquares(values), 4);
    expect(registry.deserialize(json)).not.toBeInstanceOf(Doubled);
    expect(registry.lookup('strength')?.target).toBe(Strength);
  });

  it('resolves customObjects only by own keys', () => {
    expect(() =>
      registry.deserialize({ className: 'toString', config: {} }, { customObjects: {} }),
    ).toThrow(UnknownRegularizerError);
  });

  it('round-trips serialize, JSON and deserialize to the same JSON', () => {
    const written = registry.serialize(new Strength({ strength: 0.125 }));
    const reread = registry.deserialize(JSON.parse(JSON.stringify(written)));
    expect(registry.serialize(reread)).toEqual(written);
  });
});

describe('the class side', () => {
  it('rebuilds with a static fromConfig when the class has one', () => {
    class Scaled {
      static readonly className = 'Scaled';
      constructor(readonly factor: number) {}
      static fromConfig(config: { factor: number }) {
        return new Scaled(config.factor);
      }
      apply(x: tf.Tensor): tf.Scalar {
        return tf.tidy(() => tf.mul(this.factor, tf.sum(x)));
      }
      getConfig() {
        return { factor: this.factor };
      }
    }
    registry.register(Scaled);
    const rebuilt = registry.deserialize(registry.serialize(new Scaled(3)));
    expect(rebuilt).toBeInstanceOf(Scaled);
    expect(penaltyOnValues(rebuilt)).toBeCloseTo(3 * values.reduce((a, b) => a + b), 5);
  });

  it('builds with new Class(config) otherwise, and with no argument from a bare name', () => {
    const received: unknown[] = [];
    class Recording {
      static readonly className = 'Recording';
      constructor(config?: unknown) {
        received.push(config);
      }
      apply(x: tf.Tensor): tf.Scalar {
        return tf.sum(x);
      }
    }
    registry.register(Recording);
    registry.deserialize({ className: 'Recording', config: { a: 1 } });
    registry.get('Recording');
    expect(received).toEqual([{ a: 1 }, undefined]);
  });
});

describe('unknown names', () => {
  it('lists the registered names, and suggests builtin when it is missing', () => {
    registry.register(Strength);
    let caught: unknown;
    try {
      registry.get('L2');
    } catch (error) {
      caught = error;
    }
    expect(UnknownRegularizerError.isInstance(caught)).toBe(true);
    const error = caught as UnknownRegularizerError;
    expect(error.requested).toBe('L2');
    expect(error.registeredNames).toEqual(['Strength']);
    expect(error.message).toMatch(/Unknown regularizer "L2". Registered names: Strength\./);
    expect(error.message).toMatch(/install @regularizers\/builtin/);
  });

  it('leaves the builtin hint out once an entry from @regularizers/builtin is registered', () => {
    const penaltyClass = (className: string) =>
      class {
        static readonly className = className;
        apply(x: tf.Tensor): tf.Scalar {
          return tf.sum(x);
        }
      };
    // A class named like a built-in, from elsewhere, does not mean builtin is loaded.
    registry.register(penaltyClass('L2'));
    expect(() => registry.get('L3')).toThrow(/install @regularizers\/builtin/);
    registry.register(penaltyClass('L1'), { source: '@regularizers/builtin' });
    expect(() => registry.get('L3')).toThrow(
      /^(?!.*install @regularizers\/builtin).*Registered names: L1, L2\./s,
    );
  });

  it.each(['__proto__', 'constructor', 'toString', 'hasOwnProperty'])(
    'never resolves the inherited member %s',
    (name) => {
      expect(() => registry.get(name)).toThrow(UnknownRegularizerError);
      expect(() => registry.deserialize({ className: name, config: {} })).toThrow(
        UnknownRegularizerError,
      );
    },
  );
});
