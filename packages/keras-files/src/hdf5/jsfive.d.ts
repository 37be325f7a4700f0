// The part of jsfive's API this package uses. jsfive ships no types.
declare module 'jsfive' {
  /** A group: its links by name, and its attributes. */
  export class Group {
    /** The names of its links (groups and datasets), as an array. */
    readonly keys: string[];
    /** Its attributes, by name. */
    readonly attrs: Record<string, unknown>;
    /** The group or dataset at a path relative to this group; throws a string when absent. */
    get(path: string): Group | Dataset | null;
  }
  /** An HDF5 file, opened from its bytes; also its root group. */
  export class File extends Group {
    constructor(buffer: ArrayBuffer, filename?: string);
  }
  /** A dataset: its shape, its dtype (`'<f4'`, …) and its values. */
  export class Dataset {
    readonly shape: number[];
    readonly dtype: unknown;
    readonly attrs: Record<string, unknown>;
    /** Every value, row-major, as a plain array of numbers for numeric dtypes. */
    readonly value: unknown;
  }
}
