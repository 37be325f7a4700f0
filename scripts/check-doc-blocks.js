// Type-checks every TypeScript code block the docs show, so that no example can rot: the ```ts
// blocks of every README and guide, and the `@example` blocks of every exported symbol's TSDoc.
// Each block is written to its own module under docs/.doc-blocks/ (git-ignored) and compiled
// against the built packages, exactly as a user's file would be. A guide's marked files (see
// doc-files.js) are written as one project instead, at their paths, so they import one another;
// the package they make is importable by its name. Errors point at the source line.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { docFiles } from './doc-files.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const out = join(root, 'docs/.doc-blocks');

/** Markdown files whose ```ts blocks are checked. */
function markdownFiles() {
  const files = ['README.md', 'demo/README.md'];
  for (const dir of readdirSync(join(root, 'packages'))) {
    if (existsSync(join(root, 'packages', dir, 'README.md')))
      files.push(`packages/${dir}/README.md`);
  }
  const guides = join(root, 'docs/guides');
  if (existsSync(guides)) {
    for (const name of readdirSync(guides).filter((file) => file.endsWith('.md')))
      files.push(`docs/guides/${name}`);
  }
  return files;
}

/** Source files whose TSDoc `@example` blocks are checked: every non-test file of every package. */
function sourceFiles() {
  const files = [];
  const walk = (dir) => {
    for (const entry of readdirSync(join(root, dir), { withFileTypes: true })) {
      const path = `${dir}/${entry.name}`;
      if (entry.isDirectory()) walk(path);
      else if (/\.ts$/.test(entry.name) && !/\.test\.ts$|^test-/.test(entry.name)) files.push(path);
    }
  };
  for (const dir of readdirSync(join(root, 'packages'))) {
    if (existsSync(join(root, 'packages', dir, 'src'))) walk(`packages/${dir}/src`);
  }
  return files;
}

/** The fenced ```ts blocks of a text, with the line each starts on. */
function fencedBlocks(text) {
  const blocks = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    if (!/^\s*```(ts|typescript)\s*$/.test(lines[i])) continue;
    const start = i + 1;
    const body = [];
    for (i = start; i < lines.length && !/^\s*```\s*$/.test(lines[i]); i++) body.push(lines[i]);
    blocks.push({ line: start + 1, code: body.join('\n') });
  }
  return blocks;
}

/** The ```ts blocks inside TSDoc comments, with the comment's ` * ` prefixes removed. */
function exampleBlocks(text) {
  const unprefixed = text
    .split('\n')
    .map((line) => line.replace(/^\s*\* ?/, ''))
    .join('\n');
  return fencedBlocks(unprefixed);
}

rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
/** Where each written file came from, by its path under `out`. */
const origins = new Map();
/** The packages the guides' projects make, by name: the entry module to import them from. */
const projectPackages = {};
let count = 0;
const write = (source, blocks) => {
  const slug = source.replace(/[^A-Za-z0-9]+/g, '-');
  const files = docFiles(join(root, source));
  const manifest = files.find((file) => file.path === 'package.json');
  const project = join(
    slug,
    manifest === undefined ? 'project' : JSON.parse(manifest.content).name,
  );
  if (manifest !== undefined) {
    projectPackages[JSON.parse(manifest.content).name] = [`./${project}/src/index.ts`];
  }
  for (const { line, code } of blocks) {
    const file = files.find((candidate) => candidate.line === line);
    // `export {}` makes each block a module, so blocks may use top-level await and never clash.
    const name = file === undefined ? `${slug}-L${line}.ts` : join(project, file.path);
    mkdirSync(dirname(join(out, name)), { recursive: true });
    writeFileSync(join(out, name), file === undefined ? `${code}\nexport {};\n` : file.content);
    origins.set(name, { source, line });
    count++;
  }
};
for (const file of markdownFiles())
  write(file, fencedBlocks(readFileSync(join(root, file), 'utf8')));
for (const file of sourceFiles())
  write(file, exampleBlocks(readFileSync(join(root, file), 'utf8')));
writeFileSync(
  join(out, 'tsconfig.json'),
  JSON.stringify({
    extends: '../../tsconfig.base.json',
    compilerOptions: {
      noEmit: true,
      declaration: false,
      noUnusedLocals: false,
      types: ['node'],
      paths: projectPackages,
    },
    include: ['**/*.ts'],
  }),
);

try {
  execFileSync(join(root, 'node_modules/.bin/tsc'), ['-p', out], {
    encoding: 'utf8',
    stdio: 'pipe',
  });
  console.log(`doc blocks: ${count} passed, 0 failed`);
} catch (error) {
  const report = String(error.stdout).replace(
    /^(\S+?\.ts)\((\d+),(\d+)\)/gm,
    (_, file, line, column) => {
      const origin = origins.get(relative(out, resolve(file)));
      return origin === undefined
        ? `${file}(${line},${column})`
        : `${origin.source}:${origin.line + Number(line) - 1}:${column}`;
    },
  );
  console.error(
    `Some code blocks in the docs do not compile (paths are relative to ${relative(process.cwd(), root) || '.'}):\n${report}`,
  );
  process.exit(1);
}
