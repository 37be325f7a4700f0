// The files a guide spells out in full. A guide marks each with an HTML comment just before its
// fenced block (Prettier puts a blank line between), `<!-- file: src/weight-decay.ts -->`, which
// neither GitHub nor the docs site shows. The consumer test builds a project from them and check-doc-blocks.js compiles them in
// place, so a guide's files cannot drift from what works.
import { readFileSync } from 'node:fs';

/**
 * The marked files of a Markdown file, in order: `{ path, content, line }`, where `line` is the
 * line of the block's first line of content.
 */
export function docFiles(markdownPath) {
  const lines = readFileSync(markdownPath, 'utf8').split('\n');
  const files = [];
  for (let i = 0; i < lines.length; i++) {
    const marker = /^<!-- file: (\S+) -->$/.exec(lines[i]);
    if (marker === null) continue;
    const fence = lines[i + 1] === '' ? i + 2 : i + 1;
    if (!/^```\w*$/.test(lines[fence] ?? '')) {
      throw new Error(`${markdownPath}:${i + 1}: "${lines[i]}" must be followed by a fenced block`);
    }
    const body = [];
    let end = fence + 1;
    for (; end < lines.length && lines[end] !== '```'; end++) body.push(lines[end]);
    files.push({ path: marker[1], content: `${body.join('\n')}\n`, line: fence + 2 });
    i = end;
  }
  return files;
}

/** The one marked file of `markdownPath` at `path`, or an error that names both. */
export function docFile(markdownPath, path) {
  const file = docFiles(markdownPath).find((candidate) => candidate.path === path);
  if (file === undefined) throw new Error(`${markdownPath} has no <!-- file: ${path} --> block`);
  return file.content;
}
