// Fails on any relative link in the repository's Markdown that points at nothing: the READMEs,
// the guides, and the changesets. Links to the web are not fetched (the machines have no network).
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const skipped = new Set([
  'node_modules',
  '.git',
  'dist',
  '.turbo',
  'site',
  '.doc-blocks',
  'demo-output',
]);

function markdownFiles(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    if (skipped.has(entry.name)) return [];
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return markdownFiles(path);
    return entry.name.endsWith('.md') ? [path] : [];
  });
}

const broken = [];
let checked = 0;
for (const file of markdownFiles(root)) {
  const text = readFileSync(file, 'utf8').replace(/```[\s\S]*?```/g, '');
  for (const match of text.matchAll(/!?\[[^\]]*\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)) {
    const target = match[1];
    if (/^(https?:|mailto:|#)/.test(target)) continue;
    checked++;
    const path = join(dirname(file), decodeURIComponent(target.replace(/#.*$/, '')));
    if (!existsSync(path)) broken.push(`${relative(root, file)}: ${target}`);
  }
}
if (broken.length > 0) {
  console.error(`Broken relative links (the target does not exist):\n  ${broken.join('\n  ')}`);
  process.exit(1);
}
console.log(`links: ${checked} passed, 0 failed`);
