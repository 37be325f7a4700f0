import { open } from 'node:fs/promises';
import { KerasFileError } from './keras-file-error.js';
import { checkSize } from './size-limit.js';

/**
 * Node's reading of a `loadKerasModel` path (the package's `#read-path` import, under the `node`
 * condition): the size is checked before anything is read.
 */
export async function readPath(path: string, maxBytes: number): Promise<Uint8Array> {
  let handle: Awaited<ReturnType<typeof open>>;
  try {
    handle = await open(path, 'r');
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new KerasFileError(`Cannot open the Keras file "${path}": ${message}`, { cause: error });
  }
  try {
    const stats = await handle.stat();
    if (!stats.isFile()) throw new KerasFileError(`"${path}" is not a file.`);
    checkSize(stats.size, maxBytes);
    const buffer = await handle.readFile();
    return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
  } finally {
    await handle.close();
  }
}
