import { strToU8, zipSync } from 'fflate';

/** What a `.keras` archive holds, as `saveKerasModel` writes it. */
export interface KerasArchiveContents {
  /** `config.json`. */
  readonly config: string;
  /** `metadata.json`. */
  readonly metadata: string;
  /** `model.weights.h5`. */
  readonly weights: Uint8Array;
}

/**
 * The bytes of a `.keras` archive: a zip, as Keras's `saving_lib` writes it, with `metadata.json`,
 * `config.json` and `model.weights.h5` in that order. The JSON entries are deflated; the weights
 * are stored, as Keras stores them (float weights barely compress, and storing is fast).
 */
export function writeKerasArchive({
  config,
  metadata,
  weights,
}: KerasArchiveContents): Uint8Array<ArrayBuffer> {
  // fflate allocates the archive in a new ArrayBuffer of its own (its type says so).
  return zipSync({
    'metadata.json': strToU8(metadata),
    'config.json': strToU8(config),
    'model.weights.h5': [weights, { level: 0 }],
  });
}
