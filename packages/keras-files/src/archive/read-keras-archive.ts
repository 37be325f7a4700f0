import { unzipSync } from 'fflate';
import { KerasFileError } from '../keras-file-error.js';
import { checkSize } from '../size-limit.js';
import { checkEntryName } from './entry-name.js';

/** What loading reads from a `.keras` archive. */
export interface KerasArchive {
  /** `config.json`: the model's config, with its compile config. */
  readonly config: string;
  /** `metadata.json` (`keras_version`, `date_saved`), when the archive has one. */
  readonly metadata: string | undefined;
  /** `model.weights.h5`: every variable, under `layers/<layer>/vars/<index>`. */
  readonly weights: Uint8Array;
}

const CONFIG = 'config.json';
const METADATA = 'metadata.json';
const WEIGHTS = 'model.weights.h5';
const READ: ReadonlySet<string> = new Set([CONFIG, METADATA, WEIGHTS]);

/**
 * Reads the three entries of a Keras 3 `.keras` archive (a zip, as Keras's `saving_lib` writes
 * it), with the rules an untrusted archive needs: every entry name is checked
 * (`checkEntryName`), names must be unique, and the entries read are bounded by `maxBytes`
 * decompressed, checked against their declared sizes before anything is inflated (the inflater
 * writes into a buffer of exactly that size, so a lying entry cannot grow past it). Other
 * entries (`assets/…`) are listed, checked and skipped.
 *
 * @throws {@link KerasFileError} for a zip that cannot be read, a refused entry, an archive over
 *   the limit, or one without `config.json` and `model.weights.h5`.
 */
export function readKerasArchive(bytes: Uint8Array, maxBytes: number): KerasArchive {
  const names = new Set<string>();
  let total = 0;
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(bytes, {
      filter: ({ name, originalSize }) => {
        checkEntryName(name);
        if (names.has(name)) {
          throw new KerasFileError(
            `The .keras archive has two entries named "${name}": refused, as zip readers disagree on which one counts.`,
          );
        }
        names.add(name);
        if (!READ.has(name)) return false;
        total += originalSize;
        checkSize(total, maxBytes, 'What the .keras archive holds, decompressed,');
        return true;
      },
    });
  } catch (error) {
    if (KerasFileError.isInstance(error)) throw error;
    const message = error instanceof Error ? error.message : String(error);
    throw new KerasFileError(
      `This .keras file is not a zip archive that can be read: ${message}.`,
      {
        cause: error,
      },
    );
  }
  const config = Object.hasOwn(files, CONFIG) ? files[CONFIG] : undefined;
  const weights = Object.hasOwn(files, WEIGHTS) ? files[WEIGHTS] : undefined;
  if (config === undefined || weights === undefined) throw missingEntries(names);
  const metadata = Object.hasOwn(files, METADATA) ? files[METADATA] : undefined;
  return {
    config: text(config, CONFIG),
    metadata: metadata === undefined ? undefined : text(metadata, METADATA),
    weights,
  };
}

function missingEntries(names: ReadonlySet<string>): KerasFileError {
  const listed = names.size === 0 ? 'no entries' : [...names].map((name) => `"${name}"`).join(', ');
  const advice = names.has('model.weights.npz')
    ? " Its weights are in Keras's npz format, which is not supported: save the model with the default weights format (h5)."
    : names.has('model.weights.json')
      ? ' Its weights are sharded, which is not supported: save the model without max_shard_size.'
      : '';
  return new KerasFileError(
    `This zip archive is not a Keras model: a .keras file holds ${CONFIG} and ${WEIGHTS}, and this one holds ${listed}.${advice}`,
  );
}

function text(bytes: Uint8Array, name: string): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch (error) {
    throw new KerasFileError(`The .keras archive's ${name} is not UTF-8 text.`, { cause: error });
  }
}
