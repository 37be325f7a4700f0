// Type-checks every TypeScript code block the docs show, so that no example can rot: the ```ts
// blocks of every README and guide, and the `@example` blocks of every exported symbol's TSDoc.
// Each block is written to its own module under docs/.doc-blocks/ (git-ignored) and compiled
// against the built packages, exactly as a user's file would be. Errors point at the source line.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

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
const origins = new Map();
let count = 0;
const write = (source, blocks) => {
  for (const { line, code } of blocks) {
    const name = `${source.replace(/[^A-Za-z0-9]+/g, '-')}-L${line}.ts`;
    // `export {}` makes each block a module, so blocks may use top-level await and never clash.
    writeFileSync(join(out, name), `${code}\nexport {};\n`);
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
    compilerOptions: { noEmit: true, declaration: false, noUnusedLocals: false, types: ['node'] },
    include: ['*.ts'],
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
      const origin = origins.get(file.replace(/^.*[\\/]/, ''));
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
