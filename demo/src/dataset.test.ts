import { describe, expect, it } from 'vitest';
import { generateDataset } from './dataset.js';
import { seededRandom } from './seeded-random.js';

describe('seededRandom', () => {
  it('gives the same sequence for the same seed, and another for another seed', () => {
    const draw = (seed: number) => {
      const random = seededRandom(seed);
      return Array.from({ length: 5 }, () => random.uniform());
    };
    expect(draw(7)).toEqual(draw(7));
    expect(draw(7)).not.toEqual(draw(8));
  });

  it('draws uniform numbers in [0, 1) and normal numbers with mean 0 and spread 1', () => {
    const random = seededRandom(1);
    const uniforms = Array.from({ length: 10_000 }, () => random.uniform());
    expect(Math.min(...uniforms)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...uniforms)).toBeLessThan(1);
    const normals = Array.from({ length: 10_000 }, () => random.normal());
    const mean = normals.reduce((a, b) => a + b) / normals.length;
    const variance = normals.reduce((a, b) => a + (b - mean) ** 2, 0) / normals.length;
    expect(Math.abs(mean)).toBeLessThan(0.05);
    expect(Math.abs(variance - 1)).toBeLessThan(0.05);
  });
});

describe('generateDataset', () => {
  it('is deterministic: the same seed gives the same numbers', () => {
    expect(generateDataset({ seed: 42 })).toEqual(generateDataset({ seed: 42 }));
  });

  it('changes with the seed', () => {
    const a = generateDataset({ seed: 1 });
    const b = generateDataset({ seed: 2 });
    expect(a.train.features[0]).not.toEqual(b.train.features[0]);
  });

  it('has few samples, many features, and both labels', () => {
    const data = generateDataset({ seed: 42 });
    expect(data.train.features).toHaveLength(64);
    expect(data.train.labels).toHaveLength(64);
    expect(data.validation.features).toHaveLength(400);
    expect(data.featureCount).toBe(40);
    expect(data.train.features.every((row) => row.length === 40)).toBe(true);
    const positives = data.validation.labels.filter((label) => label === 1).length;
    expect(data.validation.labels.every((label) => label === 0 || label === 1)).toBe(true);
    expect(positives / 400).toBeGreaterThan(0.35);
    expect(positives / 400).toBeLessThan(0.65);
  });

  it('lets only the informative features decide the label', () => {
    const data = generateDataset({ seed: 3, validationSize: 2000, labelNoise: 0 });
    const { features, labels } = data.validation;
    const agree = features.filter((row, i) => {
      const score = data.informativeWeights.reduce((sum, w, j) => sum + w * (row[j] ?? 0), 0);
      return (score > 0 ? 1 : 0) === labels[i];
    }).length;
    expect(agree).toBe(2000);
    // A noise feature says nothing about the label: about half agree with its sign.
    const noise = features.filter((row, i) => ((row[10] ?? 0) > 0 ? 1 : 0) === labels[i]).length;
    expect(noise / 2000).toBeGreaterThan(0.45);
    expect(noise / 2000).toBeLessThan(0.55);
  });

  it('takes sizes, and refuses fewer features than the informative ones', () => {
    const data = generateDataset({ seed: 0, trainSize: 5, validationSize: 3, featureCount: 6 });
    expect(data.train.features).toHaveLength(5);
    expect(data.validation.labels).toHaveLength(3);
    expect(() => generateDataset({ seed: 0, featureCount: 3 })).toThrow(RangeError);
  });
});
