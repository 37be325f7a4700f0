// Follows a guide as a new user would, in an empty folder: runs the commands of its ```sh blocks
// and writes its marked files (see doc-files.js), in the order the guide gives them. What a user
// would install from npm comes from elsewhere where it must:
// - `@regularizers/*` packages are the packed tarballs, with those they depend on (which are not
//   on npm until the first release);
// - tools the repository has as dev dependencies (typescript, vitest, tsx, publint, …) are not
//   installed again: `npx` and npm scripts run the repository's copy;
// - `npx changeset …` (publishing) is not run.
import { execSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { docFiles } from './doc-files.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const rootBin = join(root, 'node_modules/.bin');
const rootManifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
/** The repository's tools: its dev dependencies, less tfjs, which guides install as users do. */
const tools = new Set(
  Object.keys(rootManifest.devDependencies).filter((name) => !name.startsWith('@tensorflow/')),
);

/**
 * Follows `guide` (a path under the repository) from `folder`, installing `@regularizers/*` from
 * `tarballs` (package folder name to tarball path). Returns the output of each command, by the
 * command as the guide writes it.
 */
export function followGuide(guide, folder, tarballs) {
  const outputs = new Map();
  let cwd = folder;
  for (const step of guideSteps(join(root, guide))) {
    if (step.file !== undefined) {
      const path = resolve(cwd, step.file.path);
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, step.file.content);
      continue;
    }
    for (const command of step.command.split('&&').map((part) => part.trim())) {
      if (command.startsWith('cd ')) {
        cwd = resolve(cwd, command.slice(3).trim());
        continue;
      }
      const run = asRun(command, cwd, tarballs);
      if (run === undefined) continue;
      try {
        outputs.set(command, execSync(run, { cwd, encoding: 'utf8', stdio: 'pipe', env }));
      } catch (error) {
        throw new Error(
          `${guide}:${step.line}: \`${command}\` failed (run as \`${run}\` in ${cwd}):\n${error.stdout}${error.stderr}`,
          { cause: error },
        );
      }
    }
  }
  return outputs;
}

const env = { ...process.env, PATH: `${rootBin}:${process.env.PATH}` };

/** The guide's commands and marked files, in order, each with its line. */
function guideSteps(path) {
  const steps = docFiles(path).map((file) => ({ line: file.line, file }));
  const lines = readFileSync(path, 'utf8').split('\n');
  for (let i = 0; i < lines.length; i++) {
    if (lines[i] !== '```sh') continue;
    for (i++; lines[i] !== '```'; i++) {
      const line = i + 1;
      let command = lines[i];
      while (command.endsWith('\\')) command = `${command.slice(0, -1)} ${lines[++i].trim()}`;
      command = command.replace(/\s+#.*$/, '').trim();
      if (command !== '') steps.push({ line, command });
    }
  }
  return steps.sort((a, b) => a.line - b.line);
}

/** `command` as this test runs it in `cwd`, or `undefined` to leave it out. */
function asRun(command, cwd, tarballs) {
  const [program, verb, ...args] = command.split(/\s+/);
  if (program === 'npx' && verb === 'changeset') return undefined;
  if (program === 'npx' && !existsSync(join(cwd, 'node_modules', verb))) {
    return [toolBin(verb), ...args].join(' ');
  }
  if (program !== 'npm' || (verb !== 'install' && verb !== 'i')) return command;
  const specs = args.flatMap((arg) => {
    const name = arg.replace(/(.)@[^/]*$/, '$1');
    if (arg.startsWith('-') || !name.startsWith('@regularizers/')) {
      return arg.startsWith('-') || !tools.has(name) ? [arg] : [];
    }
    return withDependencies(name.slice('@regularizers/'.length)).map((dir) => tarballs.get(dir));
  });
  if (!specs.some((spec) => !spec.startsWith('-'))) return undefined;
  return ['npm install --no-audit --no-fund --prefer-offline --loglevel=error', ...specs].join(' ');
}

/** The repository's binary that `npx name` would run: `name` itself, or the package's binary. */
function toolBin(name) {
  if (existsSync(join(rootBin, name))) return join(rootBin, name);
  const { bin } = JSON.parse(
    readFileSync(join(root, 'node_modules', name, 'package.json'), 'utf8'),
  );
  const binName = typeof bin === 'string' ? name.replace(/^@[^/]+\//, '') : Object.keys(bin)[0];
  return join(rootBin, binName);
}

/** A package folder of ours with the folders of every package of ours it depends on. */
function withDependencies(dir) {
  const manifest = JSON.parse(readFileSync(join(root, 'packages', dir, 'package.json'), 'utf8'));
  const ours = Object.keys(manifest.dependencies ?? {}).filter((name) =>
    name.startsWith('@regularizers/'),
  );
  return [dir, ...ours.flatMap((name) => withDependencies(name.slice('@regularizers/'.length)))];
}
