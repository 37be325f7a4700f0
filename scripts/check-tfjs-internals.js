// Fails when a package's source names a piece of tfjs's private state anywhere but that package's
// tfjs-internals module (packages/<name>/src/tfjs-internals.ts: the adapter's, and
// weight-decay's), whose tests pin every such reliance. Tests may use these names freely: they
// pin or probe tfjs, and ship nothing.
import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
/** tfjs's class registry, its private test-function builder, and its engine's variable table. */
const PRIVATE_NAMES = ['classNameMap', 'makeTestFunction', 'registeredVariables'];
/** A package's one door to tfjs internals. */
const DOOR = 'src/tfjs-internals.ts';

function sourceFiles(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.ts$/.test(entry.name) && !/\.test(-d)?\.ts$/.test(entry.name) ? [path] : [];
  });
}

const found = [];
let checked = 0;
for (const name of readdirSync(join(root, 'packages'))) {
  let files;
  try {
    files = sourceFiles(join(root, 'packages', name, 'src'));
  } catch {
    continue; // a package without src/
  }
  for (const file of files) {
    const path = relative(root, file);
    if (path === join('packages', name, DOOR)) continue;
    checked++;
    const text = readFileSync(file, 'utf8');
    for (const privateName of PRIVATE_NAMES) {
      if (text.includes(privateName)) found.push(`${path}: ${privateName}`);
    }
  }
}
if (found.length > 0) {
  console.error(
    `tfjs's private state is named outside a package's ${DOOR}. Add a function there, with a test in tfjs-internals.test.ts beside it that pins what it relies on, and call it instead:\n  ${found.join('\n  ')}`,
  );
  process.exit(1);
}
console.log(
  `tfjs internals: ${checked} source files outside the packages' ${DOOR} checked, 0 failed`,
);
