import { KerasFileError } from './keras-file-error.js';

/**
 * The default `maxBytes` of `loadKerasModel`: 2 GiB, for the file and, in a `.keras` archive, for
 * what its entries hold once decompressed. A model of 500 million float32 weights fits.
 */
export const DEFAULT_MAX_BYTES = 2 ** 31;

/** Refuses `size` bytes of `what` when they are more than `maxBytes`, before they are read. */
export function checkSize(size: number, maxBytes: number, what = 'The Keras file'): void {
  if (size > maxBytes) {
    throw new KerasFileError(
      `${what} is ${size} bytes, more than the limit of ${maxBytes} (the maxBytes option): refused before reading it. Pass a larger maxBytes if you trust the file.`,
    );
  }
}
