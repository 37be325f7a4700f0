// Checks what `changeset version` will write from the pending changesets, without writing it:
// that no package gets a major bump that no changeset asked for (changesets gives one to every
// package whose peer dependency moves, unless `onlyUpdatePeerDependentsWhenOutOfRange` is set in
// .changeset/config.json), and that every peer range on one of our packages, in our packages and
// in the plugin guide's package.json, accepts both the version that packs today and the planned one.
import getReleasePlan from '@changesets/get-release-plan';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import semver from 'semver';
import { docFile } from './doc-files.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const plan = await getReleasePlan(root);
const problems = [];

for (const release of plan.releases) {
  const asked = plan.changesets.some((changeset) =>
    changeset.releases.some((wanted) => wanted.name === release.name && wanted.type === 'major'),
  );
  if (release.type === 'major' && !asked) {
    problems.push(
      `${release.name} would go from ${release.oldVersion} to ${release.newVersion}, a major bump that no changeset asks for (a peer dependency moved out of its range?)`,
    );
  }
}

const manifests = readdirSync(join(root, 'packages')).map((dir) => ({
  where: `packages/${dir}/package.json`,
  json: JSON.parse(readFileSync(join(root, 'packages', dir, 'package.json'), 'utf8')),
}));
const guide = 'docs/guides/writing-a-plugin.md';
manifests.push({
  where: `${guide}'s package.json`,
  json: JSON.parse(docFile(join(root, guide), 'package.json')),
});
const versions = new Map(
  manifests
    .filter((manifest) => manifest.where.startsWith('packages/'))
    .map(({ json }) => {
      const planned = plan.releases.find((release) => release.name === json.name);
      return [json.name, [json.version, ...(planned === undefined ? [] : [planned.newVersion])]];
    }),
);
for (const { where, json } of manifests) {
  for (const [name, range] of Object.entries(json.peerDependencies ?? {})) {
    for (const version of versions.get(name) ?? []) {
      if (!semver.satisfies(version, range)) {
        problems.push(
          `${where}: the peer range "${range}" of ${name} refuses its version ${version}`,
        );
      }
    }
  }
}

if (problems.length > 0) {
  console.error(`The release plan has problems:\n  ${problems.join('\n  ')}`);
  process.exit(1);
}
const planned = plan.releases.map((release) => `${release.name} ${release.newVersion}`);
console.log(`release plan: ${planned.length === 0 ? 'nothing to release' : planned.join(', ')}`);
