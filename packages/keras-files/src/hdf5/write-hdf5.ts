import { KerasFileError } from '../keras-file-error.js';

/** One dataset to write: its path (its groups are created), its shape and its float32 values. */
export interface Hdf5DatasetValue {
  readonly path: string;
  readonly shape: readonly number[];
  readonly values: Float32Array;
}

/** The part of h5wasm's Emscripten file system this uses. */
interface MemoryFiles {
  readFile(path: string): Uint8Array;
  unlink(path: string): void;
}

let files = 0;

/**
 * An HDF5 file holding `datasets`, as bytes, written by h5wasm: the HDF5 C library compiled to
 * WebAssembly, the one HDF5 writer on npm (jsfive, which reads, cannot write). h5wasm is imported
 * here, on the first save, so that code that only loads never fetches its 1 MB (gzip) of
 * WebAssembly. It writes into Emscripten's in-memory file system, which is read back and cleared,
 * also when writing fails.
 *
 * @throws {@link KerasFileError} when h5wasm fails, with its message.
 */
export async function writeHdf5(datasets: readonly Hdf5DatasetValue[]): Promise<Uint8Array> {
  const h5wasm = await import('h5wasm');
  const module = (await h5wasm.ready) as unknown as { FS: MemoryFiles };
  const name = `/regularizers-keras-files-${++files}.h5`;
  let file: InstanceType<typeof h5wasm.File> | undefined;
  try {
    file = new h5wasm.File(name, 'w');
    const groups = new Set<string>();
    for (const { path, shape, values } of datasets) {
      const parts = path.split('/');
      for (let depth = 1; depth < parts.length; depth++) {
        const group = parts.slice(0, depth).join('/');
        if (!groups.has(group)) {
          file.create_group(group);
          groups.add(group);
        }
      }
      file.create_dataset({ name: path, data: values, shape: [...shape], dtype: '<f' });
    }
    file.close();
    file = undefined;
    return module.FS.readFile(name);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new KerasFileError(`Writing the model's weights as HDF5 failed: ${message}`, {
      cause: error,
    });
  } finally {
    file?.close();
    try {
      module.FS.unlink(name);
    } catch {
      // nothing was written
    }
  }
}
