import { afterEach, describe, expect, it } from 'vitest';
import {
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  realpathSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, parse, relative } from 'node:path';
import { mirrorCopy } from './mirror-copy.js';

let scratch: string;
afterEach(() => {
  rmSync(scratch, { recursive: true, force: true });
});

/** Writes `files` (path → content) below a fresh scratch folder, and returns the folder. */
function tree(files: Record<string, string>): string {
  scratch = realpathSync(mkdtempSync(join(tmpdir(), 'regularizers-mirror-test-')));
  for (const [file, content] of Object.entries(files)) {
    mkdirSync(dirname(join(scratch, file)), { recursive: true });
    writeFileSync(join(scratch, file), content);
  }
  return scratch;
}

const isLinkTo = (link: string, target: string) =>
  lstatSync(link).isSymbolicLink() && realpathSync(link) === realpathSync(target);

describe('mirrorCopy', () => {
  it('copies sources without tests, and links every node_modules from there up', async () => {
    const project = tree({
      'repo/package.json': '{"type":"module"}',
      'repo/node_modules/dep/index.js': '',
      'repo/packages/plugin/node_modules/local-dep/index.js': '',
      'repo/packages/plugin/src/index.ts': 'export {};',
      'repo/packages/plugin/src/nested/part.ts': 'export {};',
      'repo/packages/plugin/src/index.test.ts': '',
      'repo/packages/plugin/src/node_modules/ignored/index.js': '',
    });
    const root = join(project, 'repo/packages/plugin/src');
    const temporary = join(project, 'copy');
    const mirror = (original: string) => join(temporary, relative(parse(original).root, original));

    const copy = await mirrorCopy(root, temporary, (source) => source.endsWith('.test.ts'));

    expect(copy).toBe(mirror(root));
    expect(existsSync(join(copy, 'index.ts'))).toBe(true);
    expect(existsSync(join(copy, 'nested/part.ts'))).toBe(true);
    expect(existsSync(join(copy, 'index.test.ts'))).toBe(false);
    expect(isLinkTo(join(copy, 'node_modules'), join(root, 'node_modules'))).toBe(true);
    const packageModules = join(project, 'repo/packages/plugin/node_modules');
    expect(isLinkTo(mirror(packageModules), packageModules)).toBe(true);
    expect(
      isLinkTo(mirror(join(project, 'repo/node_modules')), join(project, 'repo/node_modules')),
    );
    expect(readFileSync(mirror(join(project, 'repo/package.json')), 'utf8')).toBe(
      '{"type":"module"}',
    );
  });

  it('links the packages beside an installed package, and copies its own package.json', async () => {
    const project = tree({
      'app/package.json': '{"type":"commonjs"}',
      'app/node_modules/@scope/plugin/package.json': '{"type":"module"}',
      'app/node_modules/@scope/plugin/dist/index.js': '',
      'app/node_modules/@scope/core/dist/index.js': '',
      'app/node_modules/tfjs/index.js': '',
      'app/node_modules/.package-lock.json': '{}',
    });
    const root = join(project, 'app/node_modules/@scope/plugin/dist');
    const temporary = join(project, 'copy');
    const mirror = (original: string) => join(temporary, relative(parse(original).root, original));

    await mirrorCopy(root, temporary, () => false);

    const installed = join(project, 'app/node_modules');
    expect(lstatSync(mirror(installed)).isDirectory()).toBe(true); // a folder, not a link
    expect(isLinkTo(mirror(join(installed, 'tfjs')), join(installed, 'tfjs'))).toBe(true);
    expect(isLinkTo(mirror(join(installed, '@scope/core')), join(installed, '@scope/core'))).toBe(
      true,
    );
    expect(existsSync(mirror(join(installed, '.package-lock.json')))).toBe(false);
    expect(readFileSync(mirror(join(installed, '@scope/plugin/package.json')), 'utf8')).toBe(
      '{"type":"module"}',
    );
    expect(existsSync(mirror(join(project, 'app/package.json')))).toBe(false);
  });
});
