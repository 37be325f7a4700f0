import { describe, expect, it } from 'vitest';
import { protectConfig, restoreConfig } from './case-conversion-codec.js';

describe('protectConfig', () => {
  it('keeps a class name that survives a load, since saving leaves className values alone', () => {
    const config = {
      l1: { className: 'ExponentialDecay', config: { decaySteps: 2, per: 'step' } },
      saved: { class_name: 'PolynomialDecay' },
      named: { className: 'My_Schedule' },
      mode: 'ExponentialDecay',
    };
    const protectedConfig = protectConfig(config);
    expect(protectedConfig).toEqual({
      l1: { className: 'ExponentialDecay', config: { decaySteps: 2, per: 'step' } },
      // The key would be camelCased by a load; the class name under it survives.
      saved: { rgzenc0x636c6173735f6e616d65: 'PolynomialDecay' },
      named: { className: 'rgzenc0x4d795f5363686564756c65' }, // a load would camelCase My_Schedule
      mode: 'rgzenc0x4578706f6e656e7469616c4465636179', // a save would snake_case it
    });
    expect(restoreConfig(protectedConfig)).toEqual(config);
  });
});
