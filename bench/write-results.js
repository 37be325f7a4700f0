// Where a bench run's JSON goes: bench/results/, which git ignores.
import { mkdir, writeFile } from 'node:fs/promises';

const RESULTS_DIR = new URL('./results/', import.meta.url);

/**
 * Writes `data` to bench/results/, named by its `startedAt` (ISO, with ':' and '.' as '-') and
 * `suffix`, and returns the file's URL.
 */
export async function writeResults(data, suffix = '') {
  await mkdir(RESULTS_DIR, { recursive: true });
  const name = `${data.startedAt.replace(/[:.]/g, '-')}${suffix}.json`;
  const file = new URL(name, RESULTS_DIR);
  await writeFile(file, `${JSON.stringify(data, null, 2)}\n`);
  return file;
}
