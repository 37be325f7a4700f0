// Runs `npm start -- --help` as the README says, and fails unless the demo's own output comes
// first: the build before it must stay quiet (turbo prints a banner and a summary otherwise). It
// runs after turbo's tasks, never inside one, so its build only reads turbo's cache.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const output = execFileSync('npm', ['start', '--', '--help'], { cwd: root, encoding: 'utf8' });
// npm echoes the script it runs ("> start", "> node scripts/start.js --help"): that is npm's.
const lines = output.split('\n').filter((line) => line.trim() !== '' && !line.startsWith('> '));
if (!lines[0]?.startsWith('Usage: regularizers-demo')) {
  console.error(`npm start must print the demo's output first; it printed:\n${output}`);
  process.exit(1);
}
console.log('npm start: the demo speaks first');
