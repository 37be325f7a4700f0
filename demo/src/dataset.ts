import { seededRandom } from './seeded-random.js';

/** One split of the dataset: rows of features and their 0/1 labels. */
export interface Split {
  features: number[][];
  labels: number[];
}

/** The demo's dataset: a small training split, a larger validation split, and how it was made. */
export interface Dataset {
  train: Split;
  validation: Split;
  /** How many features each row has. */
  featureCount: number;
  /** The weights of the features that decide the label; every other feature is noise. */
  informativeWeights: readonly number[];
}

/** The shape of the dataset. The defaults make an unregularized network overfit visibly. */
export interface DatasetOptions {
  seed: number;
  trainSize?: number;
  validationSize?: number;
  featureCount?: number;
  /** The standard deviation of the noise added to the score before it is thresholded. */
  labelNoise?: number;
}

/** Only the first four features matter; the rest are there to be overfitted. */
const INFORMATIVE_WEIGHTS = [1.5, -1.2, 1.0, -0.8] as const;

/**
 * A binary classification task with few samples and many features, of which only a handful
 * matter: each feature is standard normal, and the label is whether `w · x[0..3] + noise > 0`.
 * It is generated from `seed` alone, so the same seed always gives the same numbers.
 */
export function generateDataset(options: DatasetOptions): Dataset {
  const {
    seed,
    trainSize = 64,
    validationSize = 400,
    featureCount = 40,
    labelNoise = 0.3,
  } = options;
  if (featureCount < INFORMATIVE_WEIGHTS.length) {
    throw new RangeError(`featureCount must be at least ${INFORMATIVE_WEIGHTS.length}.`);
  }
  const random = seededRandom(seed);
  const split = (size: number): Split => {
    const features: number[][] = [];
    const labels: number[] = [];
    for (let i = 0; i < size; i++) {
      const row = Array.from({ length: featureCount }, () => random.normal());
      const score = INFORMATIVE_WEIGHTS.reduce((sum, w, j) => sum + w * (row[j] ?? 0), 0);
      features.push(row);
      labels.push(score + labelNoise * random.normal() > 0 ? 1 : 0);
    }
    return { features, labels };
  };
  const train = split(trainSize);
  const validation = split(validationSize);
  return { train, validation, featureCount, informativeWeights: INFORMATIVE_WEIGHTS };
}
