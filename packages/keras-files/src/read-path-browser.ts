import { KerasFileError } from './keras-file-error.js';

/**
 * The browser's `#read-path`: there is no file system to read a path from, so a path is refused
 * with what to pass instead.
 */
// eslint-disable-next-line @typescript-eslint/require-await
export async function readPath(path: string, _maxBytes: number): Promise<Uint8Array> {
  throw new KerasFileError(
    `loadKerasModel received the path "${path}", but paths are read only in Node. In the browser, pass the file's bytes (await response.arrayBuffer()), or the File from an <input type="file">.`,
  );
}
