import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { RegularizerRegistry } from './registry.js';
import { computePenalty } from './compute-penalty.js';
import { checkFactor } from './validation.js';
import type { RegularizerError } from './errors/index.js';
import {
  DeserializationError,
  InvalidArgumentError,
  PenaltyError,
  RegistrationError,
  UnknownRegularizerError,
} from './errors/index.js';
import { Strength, my_regularizer } from './test-plugins.js';
import type { RegularizerTarget } from './regularizer.js';

/** A registry holding one class and one function, so every case can check that nothing changed. */
function populatedRegistry(): RegularizerRegistry {
  const registry = new RegularizerRegistry();
  registry.register(Strength, { aliases: ['strength'] });
  registry.register(my_regularizer, { package: 'Examples' });
  return registry;
}

class Impostor {
  static readonly className = 'Strength';
  apply(x: tf.Tensor): tf.Scalar {
    return tf.sum(x);
  }
}
class NoName {
  apply(x: tf.Tensor): tf.Scalar {
    return tf.sum(x);
  }
}
const asTarget = (value: unknown) => value as RegularizerTarget;
/** Inputs shared by the penalty cases, made outside them, so that each case must leave the tensor count unchanged. */
const one = tf.scalar(1);
const disposed = tf.tensor2d([
  [1, 2],
  [3, 4],
]);
disposed.dispose();
const complex = tf.complex([1, 2], [3, 4]);
const text = tf.tensor1d(['a', 'b']);

type Case = readonly [
  description: string,
  act: (registry: RegularizerRegistry) => unknown,
  errorClass: abstract new (...args: never[]) => RegularizerError,
  message: RegExp,
];

const cases: Case[] = [
  // factors
  [
    'a negative factor',
    () => new Strength({ strength: -1 }),
    InvalidArgumentError,
    /argument strength: expected a non-negative finite number. Received: strength=-1$/,
  ],
  [
    'a small negative factor',
    () => checkFactor('l2', -0.001),
    InvalidArgumentError,
    /Received: l2=-0.001$/,
  ],
  [
    'a NaN factor',
    () => new Strength({ strength: Number.NaN }),
    InvalidArgumentError,
    /Received: strength=NaN$/,
  ],
  [
    'an Infinity factor',
    () => checkFactor('l1', Infinity),
    InvalidArgumentError,
    /Received: l1=Infinity$/,
  ],
  [
    'a -Infinity factor',
    () => checkFactor('l1', -Infinity),
    InvalidArgumentError,
    /Received: l1=-Infinity$/,
  ],
  [
    'a factor too large for float32',
    () => new Strength({ strength: 1e308 }),
    InvalidArgumentError,
    /argument strength: expected a non-negative number that fits in float32, at most 3\.4028234663852886e\+38 \(a larger one becomes Infinity in the penalty\)\. Received: strength=1e\+308$/,
  ],
  ['a string factor', () => checkFactor('l1', '0.1'), InvalidArgumentError, /Received: l1="0.1"$/],
  [
    'a null factor',
    () => checkFactor('factor', null),
    InvalidArgumentError,
    /Received: factor=null$/,
  ],
  ['a boolean factor', () => checkFactor('l1', true), InvalidArgumentError, /Received: l1=true$/],
  [
    'an array factor',
    () => checkFactor('l1', [0.1]),
    InvalidArgumentError,
    /Received: l1=\[0.1\]$/,
  ],
  [
    'an unknown constructor argument',
    () => new Strength({ strenght: 1 } as never),
    InvalidArgumentError,
    /Unknown argument strenght for Strength, which takes strength. Received: strenght=1/,
  ],
  // registering
  [
    'an empty name',
    (r) => r.register(Strength, { name: '' }),
    RegistrationError,
    /Invalid regularizer name "": a name is one or two parts/,
  ],
  [
    'a name with spaces',
    (r) => r.register(Strength, { name: 'my reg' }),
    RegistrationError,
    /Invalid regularizer name "my reg"/,
  ],
  [
    'a name with two ">"',
    (r) => r.register(Strength, { name: 'a>b>c' }),
    RegistrationError,
    /Invalid regularizer name "a>b>c"/,
  ],
  [
    'a name starting with a digit',
    (r) => r.register(Strength, { name: '1abc' }),
    RegistrationError,
    /Invalid regularizer name "1abc"/,
  ],
  [
    'a package containing ">"',
    (r) => r.register(Strength, { package: 'a>b' }),
    RegistrationError,
    /Invalid regularizer package "a>b"/,
  ],
  [
    'the reserved name __proto__',
    (r) => r.register(Strength, { name: '__proto__' }),
    RegistrationError,
    /"__proto__": it is reserved/,
  ],
  [
    'a name taken by another class',
    (r) => r.register(Impostor),
    RegistrationError,
    /class Impostor as "Strength": that name is taken by class Strength/,
  ],
  [
    'an alias taken by another entry',
    (r) => r.register(Impostor, { name: 'Fresh', aliases: ['strength'] }),
    RegistrationError,
    /as "strength": that name is taken by class Strength \(an alias of "Strength"\)/,
  ],
  [
    'repeated alias names',
    (r) => r.register(Impostor, { name: 'Fresh', aliases: ['Fresh'] }),
    RegistrationError,
    /repeat one another/,
  ],
  [
    'a class with no className',
    (r) => r.register(NoName),
    RegistrationError,
    /class NoName: it has no static className/,
  ],
  [
    'a class in a Proxy, with no apply and no className',
    (r) =>
      r.register(
        asTarget(
          new Proxy(
            class Hidden {
              readonly weight = 1;
            },
            {},
          ),
        ),
      ),
    RegistrationError,
    /^Cannot register class Hidden: it has no static className\./,
  ],
  [
    'an anonymous function',
    (r) =>
      r.register(
        asTarget(Object.defineProperty((x: tf.Tensor) => tf.sum(x), 'name', { value: '' })),
      ),
    RegistrationError,
    /Cannot register an anonymous function: pass \{ name/,
  ],
  [
    'a number as target',
    (r) => r.register(asTarget(42)),
    RegistrationError,
    /expects a regularizer class or a plain function. Received: 42/,
  ],
  [
    'an object as target',
    (r) => r.register(asTarget({ apply: 1 })),
    RegistrationError,
    /Received: \{ apply: 1 \}/,
  ],
  [
    'null options',
    (r) => r.register(Impostor, null as never),
    RegistrationError,
    /^Cannot register class Impostor: the options must be an object such as \{ name, package, aliases \}\. Received: options=null$/,
  ],
  [
    'a string as options',
    (r) => r.register(Impostor, 'Fresh' as never),
    RegistrationError,
    /Received: options="Fresh"$/,
  ],
  [
    'an unknown option',
    (r) => r.register(Impostor, { name: 'Fresh', alias: ['fresh'] } as never),
    RegistrationError,
    /^Cannot register class Impostor: unknown option alias; the options are name, package, override, aliases, source\. Received: alias=\["fresh"\]$/,
  ],
  [
    'an option named like a member of Object.prototype',
    (r) => r.register(Impostor, JSON.parse('{"name": "Fresh", "constructor": 1}') as never),
    RegistrationError,
    /unknown option constructor; the options are name, package, override, aliases, source\. Received: constructor=1$/,
  ],
  [
    'an override that is not a boolean',
    (r) => r.register(Impostor, { override: 'yes' as never }),
    RegistrationError,
    /^Cannot register class Impostor: override must be true or false\. Received: override="yes"$/,
  ],
  [
    'aliases given as a string',
    (r) => r.register(Impostor, { name: 'Fresh', aliases: 'fresh' as never }),
    RegistrationError,
    /^Cannot register class Impostor: aliases must be an array of names and \{ name, create \} objects\. Received: aliases="fresh"$/,
  ],
  [
    'a null alias',
    (r) => r.register(Impostor, { name: 'Fresh', aliases: [null as never] }),
    RegistrationError,
    /^Cannot register class Impostor: aliases\[0\] must be a name or a \{ name, create \} object\. Received: aliases\[0\]=null$/,
  ],
  [
    'an alias object with no name',
    (r) =>
      r.register(Impostor, { name: 'Fresh', aliases: [{ create: () => new Strength() } as never] }),
    RegistrationError,
    /Invalid regularizer name undefined/,
  ],
  [
    'an alias whose create is not a function',
    (r) =>
      r.register(Impostor, {
        name: 'Fresh',
        aliases: ['ok', { name: 'fresh', create: 5 as never }],
      }),
    RegistrationError,
    /^Cannot register class Impostor: aliases\[1\]\.create must be a function that builds the regularizer\. Received: aliases\[1\]\.create=5$/,
  ],
  [
    'an alias object with an unknown key',
    (r) =>
      r.register(Impostor, {
        name: 'Fresh',
        aliases: [{ name: 'fresh', creat: () => new Strength() } as never],
      }),
    RegistrationError,
    /^Cannot register class Impostor: unknown key creat in aliases\[0\], which takes name, create\. Received: aliases\[0\]\.creat=function creat$/,
  ],
  // deserializing and identifiers
  [
    'deserializing a number',
    (r) => r.deserialize(42),
    DeserializationError,
    /Cannot deserialize a regularizer from 42/,
  ],
  ['deserializing null', (r) => r.deserialize(null), DeserializationError, /from null/],
  ['deserializing an array', (r) => r.deserialize([1, 2]), DeserializationError, /from \[1, 2\]/],
  [
    'deserializing an object with no class name',
    (r) => r.deserialize({ config: {} }),
    DeserializationError,
    /it has no class name/,
  ],
  [
    'deserializing a numeric class name',
    (r) => r.deserialize({ className: 7, config: {} }),
    DeserializationError,
    /it has no class name/,
  ],
  [
    'deserializing an unknown class name',
    (r) => r.deserialize({ className: 'L3', config: {} }),
    UnknownRegularizerError,
    /Unknown regularizer "L3". Registered names: Examples>my_regularizer, Strength, strength\./,
  ],
  [
    'deserializing __proto__',
    (r) => r.deserialize(JSON.parse('{"className": "__proto__", "config": {}}')),
    UnknownRegularizerError,
    /Unknown regularizer "__proto__"/,
  ],
  [
    'deserializing constructor',
    (r) => r.deserialize({ class_name: 'constructor', config: {} }),
    UnknownRegularizerError,
    /Unknown regularizer "constructor"/,
  ],
  [
    'a config that is an array',
    (r) => r.deserialize({ className: 'Strength', config: [1] }),
    DeserializationError,
    /its config must be an object. Received: config=\[1\]/,
  ],
  [
    'a config that is a string',
    (r) => r.deserialize({ className: 'Strength', config: 'x' }),
    DeserializationError,
    /Received: config="x"/,
  ],
  [
    'a config with __proto__',
    (r) =>
      r.deserialize(
        JSON.parse('{"className": "Strength", "config": {"__proto__": {"strength": 9}}}'),
      ),
    InvalidArgumentError,
    /Unknown argument __proto__ for Strength/,
  ],
  [
    'a config for a function',
    (r) => r.deserialize({ className: 'Examples>my_regularizer', config: { a: 1 } }),
    DeserializationError,
    /function regularizer, which takes no config/,
  ],
  [
    'an unknown string identifier',
    (r) => r.get('l3'),
    UnknownRegularizerError,
    /Unknown regularizer "l3"/,
  ],
  [
    'a number identifier',
    (r) => r.get(0 as never),
    DeserializationError,
    /^Could not interpret regularizer identifier: 0\./,
  ],
  [
    'an array identifier',
    (r) => r.get([] as never),
    DeserializationError,
    /^Could not interpret regularizer identifier: \[\]/,
  ],
  [
    'a boolean identifier',
    (r) => r.get(true as never),
    DeserializationError,
    /^Could not interpret regularizer identifier: true/,
  ],
  [
    'an object identifier with no class name',
    (r) => r.get({} as never),
    DeserializationError,
    /^Could not interpret regularizer identifier: \{\}. Pass a regularizer, a function, a registered name \(Examples>my_regularizer, Strength, strength\)/,
  ],
  [
    'customObjects holding a non-function',
    (r) => r.deserialize({ className: 'X' }, { customObjects: { X: 5 as never } }),
    DeserializationError,
    /customObjects\["X"\] must be a regularizer class or function. Received: 5/,
  ],
  // penalties
  [
    'a penalty returning a string',
    () => computePenalty(() => 'big', one),
    PenaltyError,
    /The penalty of an anonymous regularizer must be a number or a tensor. Received: "big"/,
  ],
  [
    'a penalty returning undefined',
    () =>
      computePenalty(function broken() {
        return undefined as never;
      }, one),
    PenaltyError,
    /The penalty of broken must be a number or a tensor. Received: undefined/,
  ],
  [
    'a penalty returning a Promise',
    () =>
      computePenalty(function later() {
        return Promise.resolve(1) as never;
      }, one),
    PenaltyError,
    /Penalties must be synchronous/,
  ],
  [
    'a penalty applied to an array',
    () => computePenalty(new Strength(), [1, 2] as never),
    PenaltyError,
    /Strength must be applied to a tensor. Received: \[1, 2\]/,
  ],
  [
    'a penalty applied to a disposed tensor',
    () => computePenalty(new Strength(), disposed),
    PenaltyError,
    /^Strength was given a disposed tensor, Tensor\(float32, \[2, 2\]\)\. /,
  ],
  [
    'a penalty applied to a complex tensor',
    () => computePenalty(new Strength(), complex),
    PenaltyError,
    /^Strength takes real numbers\. Received: Tensor\(complex64, \[2\]\)\. /,
  ],
  [
    'a penalty applied to a string tensor',
    () => computePenalty(my_regularizer, text),
    PenaltyError,
    /^my_regularizer takes real numbers\. Received: Tensor\(string, \[2\]\)\. /,
  ],
];

describe('bad input gets a clear error and changes nothing', () => {
  it('covers at least 30 inputs', () => {
    expect(cases.length).toBeGreaterThanOrEqual(30);
  });

  it.each(cases)('%s', (_, act, errorClass, message) => {
    const registry = populatedRegistry();
    const namesBefore = registry.names();
    const tensorsBefore = tf.memory().numTensors;
    let caught: unknown;
    try {
      act(registry);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(errorClass);
    expect((caught as Error).message).toMatch(message);
    expect(registry.names()).toEqual(namesBefore);
    expect(registry.lookup('Strength')?.target).toBe(Strength);
    expect(tf.memory().numTensors).toBe(tensorsBefore);
  });
});
