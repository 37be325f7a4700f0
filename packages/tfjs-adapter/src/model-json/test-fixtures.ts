import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

// The 22 real Keras and TensorFlow.js model files of ../shared/fixtures/keras-models (see its
// README), for the fixture suite and the fuzz test that mutates them. Test-only: the build
// leaves `test-*.ts` files out.

const FIXTURES = new URL('../../../../../shared/fixtures/keras-models/', import.meta.url);

/** The folder, or an error saying where it was expected when it is missing. */
export function fixturesFolder(): string {
  const folder = fileURLToPath(FIXTURES);
  if (!existsSync(folder)) {
    throw new Error(
      `The Keras model fixtures are missing: expected the folder ${folder} (shared/fixtures/keras-models/, beside the repository checkout). This test reads the 22 model files there.`,
    );
  }
  return folder;
}

/** The names of the fixture files, sorted. */
export function fixtureFiles(): string[] {
  return readdirSync(fixturesFolder())
    .filter((file) => file.endsWith('.json'))
    .sort();
}

/** One fixture file's text. */
export function readFixture(file: string): string {
  return readFileSync(`${fixturesFolder()}${file}`, 'utf8');
}
