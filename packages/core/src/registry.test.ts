import { beforeEach, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { RegularizerRegistry } from './registry.js';
import { registrationKey } from './registration-key.js';
import type { RegisteredRegularizer } from './registry-types.js';
import { DeserializationError, RegistrationError } from './errors/index.js';
import type { RegularizerTarget } from './regularizer.js';
import { Strength, my_regularizer } from './test-plugins.js';

let registry: RegularizerRegistry;
beforeEach(() => {
  registry = new RegularizerRegistry();
});

describe('register', () => {
  it('names a class by its static className and a function by its own name', () => {
    expect(registry.register(Strength)).toBe('Strength');
    expect(registry.register(my_regularizer)).toBe('my_regularizer');
    expect(registry.names()).toEqual(['Strength', 'my_regularizer']);
  });

  it('prefixes the package, as Keras does', () => {
    expect(registry.register(Strength, { package: 'Examples' })).toBe('Examples>Strength');
    expect(registry.register(my_regularizer, { package: 'Examples', name: 'my_reg' })).toBe(
      'Examples>my_reg',
    );
    expect(registry.lookup('Examples>my_reg')?.target).toBe(my_regularizer);
    expect(registry.lookup('Strength')).toBeUndefined();
  });

  it('treats the same target under the same name as a no-op', () => {
    registry.register(Strength);
    expect(registry.register(Strength)).toBe('Strength');
    expect(registry.names()).toEqual(['Strength']);
  });

  it('throws on a different target under a taken name, naming both, and changes nothing', () => {
    registry.register(Strength);
    class Other {
      static readonly className = 'Strength';
      apply(x: tf.Tensor): tf.Scalar {
        return tf.sum(x);
      }
    }
    expect(() => registry.register(Other)).toThrow(
      /Cannot register class Other as "Strength": that name is taken by class Strength/,
    );
    expect(registry.lookup('Strength')?.target).toBe(Strength);
  });

  it('replaces an entry with its aliases when override is passed', () => {
    registry.register(Strength, { aliases: ['strength'] });
    class Other {
      static readonly className = 'Strength';
      apply(x: tf.Tensor): tf.Scalar {
        return tf.sum(x);
      }
    }
    registry.register(Other, { override: true });
    expect(registry.lookup('Strength')?.target).toBe(Other);
    expect(registry.lookup('strength')).toBeUndefined();
  });

  it('lets two copies of one class with the same registrationKey share a name', () => {
    const makeCopy = () =>
      class Copy {
        static readonly className = 'Copied';
        static readonly [registrationKey] = 'test/Copied';
        apply(x: tf.Tensor): tf.Scalar {
          return tf.sum(x);
        }
        getConfig() {
          return {};
        }
      };
    const first = makeCopy();
    const second = makeCopy();
    registry.register(first);
    expect(registry.register(second)).toBe('Copied');
    expect(registry.lookup('Copied')?.target).toBe(first);
    expect(registry.serialize(new second())).toEqual({ className: 'Copied', config: {} });
  });

  it('refuses to register one target under two canonical names', () => {
    registry.register(Strength);
    expect(() => registry.register(Strength, { name: 'Again' })).toThrow(
      /already registered as "Strength"/,
    );
    expect(registry.names()).toEqual(['Strength']);
  });

  it('tells a class from a function by its prototype, also through a Proxy', () => {
    class Hidden {
      readonly weight = 1;
    }
    const proxied = new Proxy(Hidden, {}) as unknown as RegularizerTarget;
    expect(() => registry.register(proxied)).toThrow(
      'Cannot register class Hidden: it has no static className.',
    );
    registry.register(proxied, { name: 'Hidden' });
    expect(() => registry.get('Hidden')).toThrow(
      new DeserializationError(
        'Cannot deserialize Hidden: building it gave Hidden instance, which has no apply() method.',
      ),
    );
    registry.register(new Proxy(Strength, {}), { name: 'ProxiedStrength' });
    expect(registry.get('ProxiedStrength')).toBeInstanceOf(Strength);
    registry.register(function lasso(x: tf.Tensor) {
      return tf.sum(tf.abs(x));
    });
    expect(
      registry
        .get('lasso')
        ?.apply(tf.ones([2]))
        .dataSync()[0],
    ).toBe(2);
  });

  it('tells listeners about entries registered before and after they subscribe', () => {
    registry.register(Strength);
    const heard: RegisteredRegularizer[] = [];
    const stop = registry.onRegister((entry) => heard.push(entry));
    registry.register(my_regularizer, { package: 'Late' });
    stop();
    registry.register(my_regularizer, { name: 'ignored', override: true });
    expect(heard.map((entry) => entry.name)).toEqual(['Strength', 'Late>my_regularizer']);
    expect(heard[1]?.target).toBe(my_regularizer);
  });

  it('tells listeners about each name that stops resolving, when unregistered or replaced', () => {
    registry.register(Strength, { aliases: ['strength', 'strong'] });
    registry.register(my_regularizer, { package: 'Late' });
    const heard: string[] = [];
    const stop = registry.onUnregister((name) => heard.push(name));
    registry.unregister('strong');
    expect(heard).toEqual(['strong']);
    registry.unregister('Strength');
    expect(heard).toEqual(['strong', 'Strength', 'strength']);
    registry.register(Strength, { name: 'Late>my_regularizer', override: true });
    expect(heard).toEqual(['strong', 'Strength', 'strength', 'Late>my_regularizer']);
    registry.unregister('nothing');
    stop();
    registry.unregister('Late>my_regularizer');
    expect(heard).toHaveLength(4);
  });
});

describe('aliases', () => {
  beforeEach(() => {
    registry.register(Strength, {
      aliases: ['strength', { name: 'strong', create: () => new Strength({ strength: 2 }) }],
    });
  });

  it('resolves every alias to the entry', () => {
    expect(registry.lookup('strength')?.name).toBe('Strength');
    expect(registry.lookup('strong')?.target).toBe(Strength);
  });

  it('unregisters an alias alone, or the entry with all its aliases', () => {
    expect(registry.unregister('strength')).toBe(true);
    expect(registry.names()).toEqual(['Strength', 'strong']);
    expect(registry.unregister('Strength')).toBe(true);
    expect(registry.names()).toEqual([]);
    expect(registry.unregister('Strength')).toBe(false);
  });

  it('adds new aliases on a repeated registration', () => {
    registry.register(Strength, { aliases: ['STRENGTH'] });
    expect(registry.lookup('STRENGTH')?.name).toBe('Strength');
    expect(registry.lookup('strength')?.name).toBe('Strength');
  });
});

describe('source', () => {
  class WeightDecay {
    static readonly className = 'WeightDecay';
    apply(x: tf.Tensor): tf.Scalar {
      return tf.sum(x);
    }
  }
  const makeImpostor = () =>
    class WeightDecay {
      static readonly className = 'WeightDecay';
      apply(x: tf.Tensor): tf.Scalar {
        return tf.sum(x);
      }
    };

  it('is kept on the entry, for lookup and listeners', () => {
    registry.register(WeightDecay, { source: 'weight-decay' });
    registry.register(my_regularizer);
    expect(registry.lookup('WeightDecay')).toEqual({
      name: 'WeightDecay',
      target: WeightDecay,
      aliases: [],
      source: 'weight-decay',
    });
    expect(registry.lookup('my_regularizer')).not.toHaveProperty('source');
  });

  it('names the package of each side in a clash between two same-named classes', () => {
    registry.register(WeightDecay, { source: 'weight-decay' });
    expect(() => registry.register(makeImpostor(), { source: 'other-decay' })).toThrow(
      'Cannot register class WeightDecay (from other-decay) as "WeightDecay": that name is taken by class WeightDecay (from weight-decay). Choose another name or package',
    );
  });

  it('says where each of two same-named classes was registered when neither gives a source', () => {
    registry.register(WeightDecay);
    const impostor = makeImpostor();
    let message = '';
    try {
      registry.register(impostor);
    } catch (error) {
      message = String(error);
    }
    // Both call sites are lines of this file, and different lines.
    const sites =
      /as "WeightDecay" \(at (\S+):(\d+):\d+\): that name is taken by another class WeightDecay, registered at (\S+):(\d+):\d+\. Choose/.exec(
        message,
      );
    expect(sites?.[1]).toMatch(/registry\.test\.ts$/);
    expect(sites?.[3]).toBe(sites?.[1]);
    expect(Number(sites?.[2])).toBeGreaterThan(Number(sites?.[4]));
    expect(registry.lookup('WeightDecay')?.target).toBe(WeightDecay);
  });

  it('says the same-named class was registered earlier when the stack cannot say where', () => {
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    try {
      registry.register(WeightDecay);
      expect(() => registry.register(makeImpostor())).toThrow(
        'Cannot register class WeightDecay as "WeightDecay": that name is taken by another class WeightDecay, registered earlier.',
      );
    } finally {
      Error.stackTraceLimit = limit;
    }
  });

  it.each([[''], ['  '], [42], [null]])('refuses the source %j and registers nothing', (source) => {
    expect(() => registry.register(WeightDecay, { source: source as never })).toThrow(
      /: source must be the name of the npm package that registers it, such as "my-regularizers". Received: source=/,
    );
    expect(registry.names()).toEqual([]);
  });
});

describe('resolving names, for the serialization module', () => {
  it('gives the target of a name or alias, and what an alias builds alone', () => {
    const strong = () => new Strength({ strength: 2 });
    registry.register(Strength, { aliases: ['strength', { name: 'strong', create: strong }] });
    expect(registry.resolve('Strength')).toEqual({ target: Strength });
    expect(registry.resolve('strength')).toEqual({ target: Strength });
    expect(registry.resolve('strong')).toEqual({ target: Strength, create: strong });
    expect(registry.resolve('toString')).toBeUndefined();
  });

  it('gives the name of a target and of another copy of it, and nothing once unregistered', () => {
    registry.register(my_regularizer, { package: 'Examples' });
    expect(registry.nameOf(my_regularizer)).toBe('Examples>my_regularizer');
    registry.unregister('Examples>my_regularizer');
    expect(registry.nameOf(my_regularizer)).toBeUndefined();
  });
});

describe('reserved names', () => {
  it('is a RegistrationError to register a reserved name', () => {
    expect(() => registry.register(Strength, { name: 'constructor' })).toThrow(RegistrationError);
  });
});
