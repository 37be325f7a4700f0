import { describeValue } from '@regularizers/core';
import { readPath } from '#read-path';
import { KerasFileError } from './keras-file-error.js';
import { checkSize } from './size-limit.js';

/**
 * Where a Keras file comes from: its bytes (an `ArrayBuffer`, a `Uint8Array` or a Node `Buffer`),
 * a browser `File` or `Blob`, or, in Node, a path.
 */
export type KerasModelSource = ArrayBuffer | ArrayBufferView | Blob | string;

/**
 * The bytes of `source`, refused before they are read when there are more than `maxBytes`. Bytes
 * passed in are viewed, not copied.
 */
export async function sourceBytes(source: KerasModelSource, maxBytes: number): Promise<Uint8Array> {
  let bytes: Uint8Array;
  if (typeof source === 'string') return readPath(source, maxBytes);
  if (source instanceof ArrayBuffer) bytes = new Uint8Array(source);
  else if (ArrayBuffer.isView(source)) {
    bytes = new Uint8Array(source.buffer, source.byteOffset, source.byteLength);
  } else if (typeof Blob !== 'undefined' && source instanceof Blob) {
    checkSize(source.size, maxBytes);
    bytes = new Uint8Array(await source.arrayBuffer());
  } else {
    throw new KerasFileError(
      `loadKerasModel's source must be the file's bytes (an ArrayBuffer or a Uint8Array), a File or Blob, or in Node a path. Received: ${describeValue(source)}.`,
    );
  }
  checkSize(bytes.byteLength, maxBytes);
  return bytes;
}
