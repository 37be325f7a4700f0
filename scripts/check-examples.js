// Fails when an exported function or class has no `@example` in its TSDoc. It reads the JSON that
// the docs build writes (docs/site/api.json), so it sees exactly what the API docs publish; the
// examples themselves are compiled by check-doc-blocks.js.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const FUNCTION = 64;
const CLASS = 128;
const api = JSON.parse(
  readFileSync(fileURLToPath(new URL('../docs/site/api.json', import.meta.url)), 'utf8'),
);

const hasExample = (comment) => (comment?.blockTags ?? []).some((tag) => tag.tag === '@example');
const missing = [];
let checked = 0;
const pending = [{ reflection: api, path: [] }];
for (let item = pending.pop(); item !== undefined; item = pending.pop()) {
  const { reflection, path } = item;
  const here = reflection === api ? [] : [...path, reflection.name];
  if (reflection.kind === FUNCTION || reflection.kind === CLASS) {
    checked++;
    const comments = [
      reflection.comment,
      ...(reflection.signatures ?? []).map((signature) => signature.comment),
    ];
    if (!comments.some(hasExample)) missing.push(here.join('.'));
    continue;
  }
  for (const child of reflection.children ?? []) pending.push({ reflection: child, path: here });
}
if (missing.length > 0) {
  console.error(
    `These exported functions and classes have no @example in their TSDoc:\n  ${missing.sort().join('\n  ')}`,
  );
  process.exit(1);
}
console.log(`examples: ${checked} passed, 0 failed`);
