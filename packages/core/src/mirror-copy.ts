// Copying a package's folder to another path where it still resolves its imports as the original
// does, for `checkSecondCopy`. Node's modules are imported inside the function, not at the top, so
// that `@regularizers/core/testing` still loads in a browser for the rest of the kit.

/**
 * Copies `root` below `temporary`, at the same path (`/work/pkg/src` to `<temporary>/work/pkg/src`),
 * and rebuilds around it what Node and bundlers read when they resolve an import from it:
 *
 * - every `node_modules` folder on the way up is linked, so the copy imports the very same
 *   dependencies (one tfjs engine, one `@regularizers/core`) as the original;
 * - inside an installed package (`node_modules/pkg/dist`), the packages beside it are linked too,
 *   since Node looks for them in the `node_modules` folder it is inside;
 * - the nearest `package.json` is copied, since it says whether `.js` files are ES modules.
 *
 * @param skip - files and folders to leave out of the copy, such as tests. `node_modules` folders
 *   inside `root` are always left out, and linked instead.
 * @returns the path of the copy of `root`.
 */
export async function mirrorCopy(
  root: string,
  temporary: string,
  skip: (source: string) => boolean,
): Promise<string> {
  const fs = await import('node:fs');
  const path = await import('node:path');
  const mirror = (original: string) =>
    path.join(temporary, path.relative(path.parse(original).root, original));
  const link = (original: string) => {
    fs.symlinkSync(original, mirror(original), 'junction');
  };
  const isInstallFolder = (folder: string) =>
    path.basename(folder) === 'node_modules' ||
    (path.basename(folder).startsWith('@') &&
      path.basename(path.dirname(folder)) === 'node_modules');

  fs.cpSync(root, mirror(root), {
    recursive: true,
    filter: (source) => path.basename(source) !== 'node_modules' && !skip(source),
  });
  let packageJsonFound = false;
  let child: string | undefined; // the folder this one was reached from, on the way up
  for (let folder = root; folder !== path.dirname(folder); folder = path.dirname(folder)) {
    fs.mkdirSync(mirror(folder), { recursive: true });
    if (child !== undefined && isInstallFolder(folder)) {
      for (const item of fs.readdirSync(folder, { withFileTypes: true })) {
        const sibling = path.join(folder, item.name);
        if (sibling !== child && (item.isDirectory() || item.isSymbolicLink())) link(sibling);
      }
    }
    const modules = path.join(folder, 'node_modules');
    if (modules !== child && fs.existsSync(modules)) link(modules);
    const packageJson = path.join(folder, 'package.json');
    if (!packageJsonFound && fs.existsSync(packageJson)) {
      fs.copyFileSync(packageJson, mirror(packageJson));
      packageJsonFound = true;
    }
    child = folder;
  }
  return mirror(root);
}
