import { KerasFileError } from '../keras-file-error.js';

/**
 * Refuses a zip entry name that could mean a different file to another reader: an absolute path
 * (`/etc/x`, `C:\x`, `\\host\x`), a `.` or `..` component, a backslash, or a control character.
 * Nothing here is ever written to disk, but an archive that hides a file behind such a name is not
 * one Keras wrote, and where two zip readers could disagree, the archive is refused.
 */
export function checkEntryName(name: string): void {
  const reason =
    name === ''
      ? 'it is empty'
      : Array.from(name, (character) => character.charCodeAt(0)).some(
            (code) => code < 0x20 || code === 0x7f,
          )
        ? 'it holds a control character'
        : name.includes('\\')
          ? 'it holds a backslash'
          : name.startsWith('/') || /^[A-Za-z]:/.test(name)
            ? 'it is an absolute path'
            : name
                  .replace(/\/$/, '')
                  .split('/')
                  .some((part) => part === '.' || part === '..' || part === '')
              ? 'it has an empty, "." or ".." component'
              : undefined;
  if (reason !== undefined) {
    throw new KerasFileError(
      `The .keras archive has an entry named ${JSON.stringify(name)}: refused, as ${reason}. Keras writes only plain relative names (config.json, metadata.json, model.weights.h5, assets/…).`,
    );
  }
}
