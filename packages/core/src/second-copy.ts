import { defaultRegistry } from './default-registry.js';
import { ConformanceError, RegistrationError } from './errors/index.js';
import { mirrorCopy } from './mirror-copy.js';
import type { RegularizerRegistry } from './registry.js';

/** Options of {@link checkSecondCopy}. */
export interface SecondCopyOptions {
  /**
   * The folder to copy: the one that holds `entry` and every module of the package it imports,
   * such as the package's `src` or `dist`. Defaults to the entry's own folder.
   */
  readonly root?: string | URL;
  /** The registry the copy must leave unchanged. Defaults to the shared default registry. */
  readonly registry?: RegularizerRegistry;
}

/** Test files, which a copy of the sources leaves out: `x.test.ts`, `x.test-d.ts`, `x.test.js`. */
const TEST_FILE = /\.test(-d)?\.[cm]?[jt]sx?$/;

/**
 * Loads a second copy of a plugin package from another path, as when two packages each install
 * their own copy of it, and checks that registering it again is harmless: loading throws nothing,
 * adds no name, and replaces no entry. It is how a plugin tests its static `[registrationKey]`.
 *
 * The copy is made in a temporary folder that mirrors the original path, linked to the same
 * `node_modules` folders, so it imports `@regularizers/core`, tfjs and its other dependencies as
 * the very modules the test uses; this works for sources in a repository and for a package
 * installed in `node_modules` alike. Test files are left out, and the copy is deleted once loaded.
 * It needs Node and `node_modules` folders (not Yarn Plug'n'Play).
 *
 * @param entry - the module to load twice, as a file URL (`new URL('./index.ts', import.meta.url)`,
 *   or what `import.meta.resolve` returns) or a path.
 * @param load - your test's own `import`: `(href) => import(href)`. Importing from your test file
 *   lets your test runner compile the copy as it compiles your sources (vitest compiles TypeScript).
 *
 * @param options - the folder to copy (`root`), when the entry's own folder is not the whole
 *   package, and the registry to check.
 *
 * @returns the second copy's module, to check that instances of its classes serialize under the
 *   same names.
 * @throws `ConformanceError` (from `@regularizers/core`) naming what the second copy changed, or
 *   what loading it threw.
 *
 * @example
 * ```ts
 * import { expect, it } from 'vitest';
 * import { serializeRegularizer } from '@regularizers/core';
 * import { checkSecondCopy } from '@regularizers/core/testing';
 * import * as plugin from '@regularizers/custom-examples';
 *
 * it('registers a second installed copy as the same entries', async () => {
 *   const entry = new URL('./index.ts', import.meta.url); // the plugin's own entry module
 *   const copy = await checkSecondCopy<typeof plugin>(entry, (href) => import(href));
 *   expect(copy.GroupLasso).not.toBe(plugin.GroupLasso);
 *   expect(serializeRegularizer(new copy.GroupLasso()).className).toBe('Examples>GroupLasso');
 * });
 * ```
 */
export async function checkSecondCopy<Module = Record<string, unknown>>(
  entry: string | URL,
  load: (href: string) => Promise<unknown>,
  options: SecondCopyOptions = {},
): Promise<Module> {
  // Node's modules are imported here, not at the top, so that `@regularizers/core/testing`
  // still loads in a browser for the rest of the kit.
  const { mkdtempSync, rmSync } = await import('node:fs');
  const path = await import('node:path');
  const { fileURLToPath, pathToFileURL } = await import('node:url');
  const { tmpdir } = await import('node:os');
  const toPath = (location: string | URL) =>
    path.resolve(
      location instanceof URL || location.startsWith('file:') ? fileURLToPath(location) : location,
    );

  const entryPath = toPath(entry);
  const root = options.root === undefined ? path.dirname(entryPath) : toPath(options.root);
  const entryInRoot = path.relative(root, entryPath);
  if (entryInRoot.startsWith('..') || path.isAbsolute(entryInRoot)) {
    throw new ConformanceError(
      `checkSecondCopy: the entry ${entryPath} is not inside the folder to copy, ${root}. Pass { root } as the folder that holds it.`,
    );
  }
  const registry = options.registry ?? defaultRegistry;
  const before = new Map(registry.names().map((name) => [name, registry.lookup(name)?.target]));
  const failed = (why: string, errorOptions?: ErrorOptions) =>
    new ConformanceError(
      `A second copy of ${entryPath} failed "registers as the same entries": ${why}`,
      errorOptions,
    );

  const temporary = mkdtempSync(path.join(tmpdir(), 'regularizers-second-copy-'));
  let module: unknown;
  try {
    const copy = await mirrorCopy(root, temporary, (source) => TEST_FILE.test(source));
    try {
      module = await load(pathToFileURL(path.join(copy, entryInRoot)).href);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const hint = RegistrationError.isInstance(error)
        ? ' Give each registered class or function the same static [registrationKey] in every copy.'
        : '';
      throw failed(`loading it threw: ${message.replace(/\.?$/, '.')}${hint}`, { cause: error });
    }
  } finally {
    rmSync(temporary, { recursive: true, force: true });
  }

  const after = registry.names();
  const changes = [
    ['added', after.filter((name) => !before.has(name))],
    ['removed', [...before.keys()].filter((name) => !after.includes(name))],
    [
      'replaced the entries of',
      after.filter(
        (name) => before.has(name) && before.get(name) !== registry.lookup(name)?.target,
      ),
    ],
  ] as const;
  const changed = changes.filter(([, names]) => names.length > 0);
  if (changed.length > 0) {
    const what = changed.map(([verb, names]) => `it ${verb} ${names.join(', ')}`).join('; ');
    throw failed(
      `${what}. Registering a copy must change nothing: register the same names, and give each class or function the same static [registrationKey] in every copy.`,
    );
  }
  return module as Module;
}
