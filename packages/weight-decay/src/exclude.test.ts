import { describe, expect, it } from 'vitest';
import { InvalidArgumentError, SerializationError } from '@regularizers/core';
import { COMMON_EXCLUSIONS, Exclusions, savedExclusions } from './exclude.js';

const NAMES = [
  'dense_1/kernel',
  'dense_1/bias',
  'dense_1/bias_2', // tfjs's suffix for a name already taken
  'batch_normalization/gamma',
  'batch_normalization/beta',
  'embedding/embeddings',
  'encoder/lstm/recurrent_kernel',
  'layer_norm/gamma_1',
];

const excluded = (exclude: unknown) => {
  const exclusions = new Exclusions(exclude);
  return NAMES.filter((name) => exclusions.excludes(name));
};

describe('exclusion rules', () => {
  it('exclude nothing by default, as Keras 3 decays every variable', () => {
    expect(excluded(undefined)).toEqual([]);
    expect(excluded([])).toEqual([]);
  });

  it('match a glob without / against the weight’s own name, without tfjs’s _n suffix', () => {
    expect(excluded('bias')).toEqual(['dense_1/bias', 'dense_1/bias_2']);
    expect(excluded('*kernel')).toEqual(['dense_1/kernel', 'encoder/lstm/recurrent_kernel']);
  });

  it('match a glob with / against the whole name, and search a RegExp in it', () => {
    expect(excluded('dense_1/*')).toEqual(['dense_1/kernel', 'dense_1/bias', 'dense_1/bias_2']);
    expect(excluded(/^encoder\//)).toEqual(['encoder/lstm/recurrent_kernel']);
    expect(excluded([/norm/, 'embeddings'])).toEqual([
      'batch_normalization/gamma',
      'batch_normalization/beta',
      'embedding/embeddings',
      'layer_norm/gamma_1',
    ]);
  });

  it('pass a predicate the whole name', () => {
    expect(excluded((name: string) => name.startsWith('batch_'))).toEqual([
      'batch_normalization/gamma',
      'batch_normalization/beta',
    ]);
  });

  it('leave out biases, normalization weights and embeddings with COMMON_EXCLUSIONS', () => {
    expect(excluded(COMMON_EXCLUSIONS)).toEqual([
      'dense_1/bias',
      'dense_1/bias_2',
      'batch_normalization/gamma',
      'batch_normalization/beta',
      'embedding/embeddings',
      'layer_norm/gamma_1',
    ]);
  });

  it('save strings and RegExps, and load them back to the same rules', () => {
    const rules = new Exclusions(['bias', /^Enc/i]);
    const saved = rules.toConfig();
    expect(saved).toEqual(['bias', { regexp: '^Enc', flags: 'i' }]);
    const loaded = new Exclusions(savedExclusions(JSON.parse(JSON.stringify(saved))));
    expect(NAMES.filter((name) => loaded.excludes(name))).toEqual(
      NAMES.filter((name) => rules.excludes(name)),
    );
  });

  it('refuse what is not a rule, and a saved RegExp that does not compile, naming it', () => {
    expect(() => new Exclusions(['bias', 3])).toThrow(InvalidArgumentError);
    expect(() => new Exclusions(['bias', 3])).toThrow(
      "Invalid value for argument exclude[1]: expected a glob string (such as 'bias'), a RegExp, or a function of the variable's name. Received: exclude[1]=3",
    );
    expect(() => savedExclusions([{ regexp: '(', flags: '' }])).toThrow(
      /^Invalid saved RegExp for exclude\[0\]/,
    );
    expect(() => new Exclusions([() => true]).toConfig()).toThrow(SerializationError);
  });
});
