import { Dataset, File, Group } from 'jsfive';
import { KerasFileError } from '../keras-file-error.js';

/** A group of an HDF5 file being read: its links and attributes. */
export interface Hdf5Group {
  /** Tells groups from datasets. */
  readonly kind: 'group';
  /** The group's path in the file, such as `layers/dense/vars`; `''` for the root. */
  readonly path: string;
  /** The names of the groups and datasets it links to. */
  names(): readonly string[];
  /** The group or dataset linked under `name`, or `undefined`. */
  child(name: string): Hdf5Group | Hdf5Dataset | undefined;
  /** An attribute's value (strings without their NUL padding), or `undefined`. */
  attribute(name: string): unknown;
}

/** A dataset of an HDF5 file being read: its shape, and its values once asked for. */
export interface Hdf5Dataset {
  /** Tells datasets from groups. */
  readonly kind: 'dataset';
  /** The dataset's path in the file. */
  readonly path: string;
  /** Its shape, as stored. */
  readonly shape: readonly number[];
  /** Its values, row-major, as float32. Only float datasets can be read. */
  read(): Float32Array;
}

/**
 * Opens an HDF5 file held in memory with jsfive, a pure-JavaScript reader, behind an interface
 * that is safe on untrusted files: a name is looked up only among the group's own links (jsfive
 * looks names up with `in`, which would find `constructor` on any object), attributes only among
 * their own keys (a `__proto__` attribute would otherwise change what jsfive's attribute object
 * inherits), and every jsfive failure (jsfive throws strings) becomes a {@link KerasFileError}
 * naming the file and path.
 *
 * @param label - how messages name the file, such as `the .keras archive's model.weights.h5`.
 */
export function openHdf5(bytes: Uint8Array, label: string): Hdf5Group {
  const buffer =
    bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength
      ? bytes.buffer
      : bytes.slice().buffer;
  const root = guard(label, '', () => new File(buffer as ArrayBuffer));
  return group(root, '', label);
}

function group(node: Group, path: string, label: string): Hdf5Group {
  let names: readonly string[] | undefined;
  const self: Hdf5Group = {
    kind: 'group',
    path,
    names: () => (names ??= guard(label, path, () => [...node.keys])),
    child(name) {
      if (!self.names().includes(name)) return undefined;
      const childPath = path === '' ? name : `${path}/${name}`;
      const item = guard(label, childPath, () => node.get(name));
      if (item instanceof Dataset) return dataset(item, childPath, label);
      if (item instanceof Group) return group(item, childPath, label);
      return undefined; // a soft link to nothing, or a named datatype
    },
    attribute: (name) => attributeOf(node, name, path, label),
  };
  return self;
}

function dataset(node: Dataset, path: string, label: string): Hdf5Dataset {
  const shape = guard(label, path, () => [...node.shape]);
  return {
    kind: 'dataset',
    path,
    shape,
    read() {
      const dtype = guard(label, path, () => node.dtype);
      if (typeof dtype !== 'string' || !/^[<>]?f[48]$/.test(dtype)) {
        throw new KerasFileError(
          `${capitalize(label)} stores "${path}" as ${JSON.stringify(dtype)}, not as float32 or float64: it cannot be loaded into a TensorFlow.js weight.`,
        );
      }
      if (guard(label, path, () => isFiltered(node))) {
        throw new KerasFileError(
          `${capitalize(label)} stores "${path}" compressed (with an HDF5 filter), which is not supported: Keras never compresses weights, and a compressed chunk could inflate without bound. Save the file again with Keras.`,
        );
      }
      const values = guard(label, path, () => node.value);
      const size = shape.reduce((product, dimension) => product * dimension, 1);
      const count =
        Array.isArray(values) || ArrayBuffer.isView(values)
          ? (values as ArrayLike<number>).length
          : undefined;
      if (count !== size) {
        throw new KerasFileError(
          `${capitalize(label)} holds ${count ?? 'no'} values for "${path}", whose shape [${shape.join(', ')}] says ${size}: the file is damaged.`,
        );
      }
      return Float32Array.from(values as ArrayLike<number>);
    },
  };
}

/**
 * Whether a dataset's chunks pass through filters (compression). jsfive inflates a chunk with no
 * bound on its size and does not expose its filter pipeline on `Dataset`, so this reads it where
 * jsfive 0.4 keeps it, its `_dataobjects`; read-hdf5.test.ts pins it with a compressed file.
 */
function isFiltered(node: Dataset): boolean {
  const objects = (node as unknown as { _dataobjects?: { filter_pipeline?: unknown } })
    ._dataobjects;
  if (objects === undefined) throw new Error("jsfive no longer keeps a dataset's _dataobjects");
  return objects.filter_pipeline != null;
}

function attributeOf(node: Group, name: string, path: string, label: string): unknown {
  const attributes = guard(label, path, () => node.attrs);
  if (!Object.hasOwn(attributes, name)) return undefined;
  const value = attributes[name];
  return Array.isArray(value) ? value.map(unpad) : unpad(value);
}

/** h5py strips the NUL padding of fixed-length strings (tf.keras 2 wrote those); jsfive does not. */
function unpad(value: unknown): unknown {
  return typeof value === 'string' ? value.replace(/\0+$/, '') : value;
}

function guard<T>(label: string, path: string, read: () => T): T {
  try {
    return read();
  } catch (error) {
    if (KerasFileError.isInstance(error)) throw error;
    const message = error instanceof Error ? error.message : String(error);
    const where = path === '' ? '' : ` at "${path}"`;
    throw new KerasFileError(
      `${capitalize(label)} is not an HDF5 file that can be read${where}: ${message}`,
      { cause: error },
    );
  }
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
