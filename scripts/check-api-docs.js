// Checks the docs site as the docs build publishes it (docs/site, and docs/site/api.json, the JSON
// the build writes beside it): every exported function and class has an `@example` in its TSDoc;
// every parameter of every public function, method, constructor and call signature has a
// description (`@param name - …`), which typedoc's own validation cannot require; no package shows
// its main entry as a submodule named "index"; no member comes from outside the packages (V8's
// `captureStackTrace` on every error class); and every page has one title. The examples themselves
// are compiled by check-doc-blocks.js.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const MODULE = 2;
const FUNCTION = 64;
const CLASS = 128;
const site = fileURLToPath(new URL('../docs/site/', import.meta.url));
const api = JSON.parse(readFileSync(join(site, 'api.json'), 'utf8'));

const hasExample = (comment) => (comment?.blockTags ?? []).some((tag) => tag.tag === '@example');
const described = (comment) =>
  (comment?.summary ?? []).some((part) => part.text.trim() !== '' || part.kind !== 'text');
const withoutExample = [];
const undescribed = [];
const indexModules = [];
const external = [];
let declarations = 0;
let parameters = 0;
const pending = [{ reflection: api, path: [] }];
for (let item = pending.pop(); item !== undefined; item = pending.pop()) {
  const { reflection, path } = item;
  const here = reflection === api ? [] : [...path, reflection.name];
  const signatures = [
    ...(reflection.signatures ?? []),
    ...(reflection.type?.declaration?.signatures ?? []),
  ];
  for (const signature of signatures) {
    for (const parameter of signature.parameters ?? []) {
      parameters++;
      if (!described(parameter.comment)) undescribed.push(`${here.join('.')}(${parameter.name})`);
    }
  }
  if (reflection.kind === MODULE && reflection.name === 'index') indexModules.push(here.join('.'));
  if (reflection.flags?.isExternal === true) external.push(here.join('.'));
  if (reflection.kind === FUNCTION || reflection.kind === CLASS) {
    declarations++;
    const comments = [reflection.comment, ...signatures.map((signature) => signature.comment)];
    if (!comments.some(hasExample)) withoutExample.push(here.join('.'));
  }
  for (const child of reflection.children ?? []) pending.push({ reflection: child, path: here });
}

/** The site's HTML pages whose number of `<h1>` titles is not one. */
const pages = readdirSync(site, { recursive: true }).filter((path) => path.endsWith('.html'));
const titles = pages.filter(
  (page) => readFileSync(join(site, page), 'utf8').split('<h1').length - 1 !== 1,
);

const failures = [
  [withoutExample, 'These exported functions and classes have no @example in their TSDoc'],
  [undescribed, 'These parameters have no description (add `@param name - …` to the TSDoc)'],
  [indexModules, 'These main entries show as a submodule "index" (tag them @mergeModuleWith)'],
  [external, 'These members come from outside the packages (set excludeExternals)'],
  [titles, 'These pages do not have exactly one title (<h1>)'],
].filter(([names]) => names.length > 0);
for (const [names, heading] of failures) {
  console.error(`${heading}:\n  ${[...new Set(names)].sort().join('\n  ')}`);
}
if (failures.length > 0) process.exit(1);
console.log(
  `api docs: ${declarations} examples, ${parameters} parameter descriptions and ${pages.length} pages passed, 0 failed`,
);
