import { describe, expect, it } from 'vitest';
import { strToU8, zipSync } from 'fflate';
import type { Zippable } from 'fflate';
import { KerasFileError } from '../keras-file-error.js';
import { fixtureBytes } from '../test-fixtures.js';
import { readKerasArchive } from './read-keras-archive.js';

const LIMIT = 2 ** 31;
const CONFIG = strToU8('{"class_name": "Sequential", "config": {"layers": []}}');
const WEIGHTS = new Uint8Array([0x89, 0x48, 0x44, 0x46]);

function archive(entries: Zippable): Uint8Array {
  return zipSync(entries);
}

/** Replaces every occurrence of `from` by `to` (same length) in the bytes: names in both headers. */
function rename(bytes: Uint8Array, from: string, to: string): Uint8Array {
  const result = bytes.slice();
  const [source, target] = [strToU8(from), strToU8(to)];
  for (let at = 0; at <= result.length - source.length; at++) {
    if (source.every((byte, index) => result[at + index] === byte)) result.set(target, at);
  }
  return result;
}

describe('readKerasArchive', () => {
  it('reads the config, metadata and weights of a .keras file Keras wrote', () => {
    const { config, metadata, weights } = readKerasArchive(
      fixtureBytes('dense_sequential.keras'),
      LIMIT,
    );
    expect(JSON.parse(config)).toMatchObject({ class_name: 'Sequential' });
    expect(JSON.parse(metadata ?? '{}')).toMatchObject({ keras_version: '3.15.1' });
    expect(Array.from(weights.subarray(1, 4), (byte) => String.fromCharCode(byte)).join('')).toBe(
      'HDF',
    );
  });

  it.each([
    ['../config.json', 'is an absolute path|"\\." or "\\.\\."'],
    ['/etc/passwd', 'absolute path'],
    ['C:/config.json', 'absolute path'],
    ['assets\\..\\x', 'backslash'],
    ['assets/../config.json', '"\\." or "\\.\\."'],
    ['./config.json', '"\\." or "\\.\\."'],
    ['assets//x', 'empty'],
    ['con\u0001fig.json', 'control character'],
  ])('refuses an entry named %j, before reading anything', (name, reason) => {
    const bytes = archive({ 'config.json': CONFIG, 'model.weights.h5': WEIGHTS, [name]: CONFIG });
    expect(() => readKerasArchive(bytes, LIMIT)).toThrow(KerasFileError);
    expect(() => readKerasArchive(bytes, LIMIT)).toThrow(new RegExp(reason));
  });

  it('refuses two entries of the same name, which zip readers resolve differently', () => {
    const bytes = rename(
      archive({ 'config.json': CONFIG, 'config.jsoX': CONFIG, 'model.weights.h5': WEIGHTS }),
      'config.jsoX',
      'config.json',
    );
    expect(() => readKerasArchive(bytes, LIMIT)).toThrow(/two entries named "config.json"/);
  });

  it('refuses entries larger, decompressed, than maxBytes, from their declared sizes', () => {
    const bytes = archive({
      'config.json': [new Uint8Array(4096), { level: 9 }],
      'model.weights.h5': WEIGHTS,
    });
    expect(bytes.length).toBeLessThan(1000);
    expect(() => readKerasArchive(bytes, 4000)).toThrow(/more than the limit of 4000/);
    expect(readKerasArchive(bytes, 5000).config).toHaveLength(4096);
  });

  it('never inflates an entry past its declared size', () => {
    // A deflated entry that claims 16 bytes and holds 2 MB: reading it stops at 16.
    const bytes = archive({
      'config.json': [new Uint8Array(2 ** 21).fill(32), { level: 9 }],
      'model.weights.h5': WEIGHTS,
    });
    const patched = bytes.slice();
    const view = new DataView(patched.buffer);
    // The declared size is at offset 22 of the local header and 24 of the central directory entry.
    view.setUint32(22, 16, true);
    const central = patched.findIndex((_, at) => view.getUint32(at, true) === 0x02014b50);
    view.setUint32(central + 24, 16, true);
    expect(readKerasArchive(patched, LIMIT).config).toHaveLength(16);
  });

  it("says what a zip without Keras's entries holds, and what to do about npz or sharded weights", () => {
    expect(() => readKerasArchive(archive({ 'readme.txt': CONFIG }), LIMIT)).toThrow(
      /holds config.json and model.weights.h5, and this one holds "readme.txt"/,
    );
    const npz = archive({ 'config.json': CONFIG, 'model.weights.npz': WEIGHTS });
    expect(() => readKerasArchive(npz, LIMIT)).toThrow(/npz format, which is not supported/);
    const sharded = archive({ 'config.json': CONFIG, 'model.weights.json': CONFIG });
    expect(() => readKerasArchive(sharded, LIMIT)).toThrow(/sharded/);
  });

  it('refuses a damaged zip and a config that is not UTF-8', () => {
    const bytes = fixtureBytes('dense_sequential.keras').subarray(0, 5000);
    expect(() => readKerasArchive(bytes, LIMIT)).toThrow(/not a zip archive that can be read/);
    const latin1 = archive({
      'config.json': new Uint8Array([0xff, 0xfe]),
      'model.weights.h5': WEIGHTS,
    });
    expect(() => readKerasArchive(latin1, LIMIT)).toThrow(/config.json is not UTF-8/);
  });
});
