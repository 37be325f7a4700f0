// `npm start`: builds the demo and the packages it uses, then runs it with the flags given after
// `--`. The build is quiet: turbo's banner and summary would come before the demo's own output,
// so they are shown only when the build fails.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const build = spawnSync(
  join(root, 'node_modules/.bin/turbo'),
  ['run', 'build', '--filter=@regularizers/demo...', '--output-logs=errors-only'],
  { cwd: root, encoding: 'utf8' },
);
if (build.status !== 0) {
  process.stdout.write(build.stdout ?? '');
  process.stderr.write(build.stderr ?? String(build.error ?? ''));
  process.exit(build.status ?? 1);
}
const demo = spawnSync(
  process.execPath,
  [join(root, 'demo/dist/cli.js'), ...process.argv.slice(2)],
  {
    stdio: 'inherit',
  },
);
process.exit(demo.status ?? 1);
