// Installs the packed packages into fresh projects, as a user would, and runs a script in each.
// This catches a wrong `exports` map, a file missing from `files`, or a dependency that was only
// hoisted in the workspace. Each scenario lists exactly the packages its project may see. Then it
// follows guides as written (see follow-guide.js): the plugin guide's package is built, tested,
// packed and installed into an application, so the guide cannot drift from what works.
import { execFileSync } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { followGuide } from './follow-guide.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const TFJS = '4.22.0';

/** @type {Array<{ name: string, packs: string[], registry: string[], script: string, absent?: string[] }>} */
const scenarios = [
  {
    name: 'core alone, with tfjs-core and the CPU backend',
    packs: ['core'],
    registry: [`@tensorflow/tfjs-core@${TFJS}`, `@tensorflow/tfjs-backend-cpu@${TFJS}`],
    script: 'core-only.mjs',
    absent: ['@tensorflow/tfjs-layers'],
  },
  {
    name: 'core and builtin, with tfjs-core and the CPU backend',
    packs: ['core', 'builtin'],
    registry: [`@tensorflow/tfjs-core@${TFJS}`, `@tensorflow/tfjs-backend-cpu@${TFJS}`],
    script: 'builtin.mjs',
    // builtin's WebGL and WebGPU kernels must not pull in those backends.
    absent: [
      '@tensorflow/tfjs-layers',
      '@tensorflow/tfjs-backend-webgl',
      '@tensorflow/tfjs-backend-webgpu',
    ],
  },
  {
    name: 'a published plugin: core, builtin and custom-examples, without tfjs-layers',
    packs: ['core', 'builtin', 'custom-examples'],
    registry: [`@tensorflow/tfjs-core@${TFJS}`, `@tensorflow/tfjs-backend-cpu@${TFJS}`],
    script: 'custom-examples.mjs',
    absent: ['@tensorflow/tfjs-layers', '@regularizers/tfjs-adapter'],
  },
  {
    name: 'everything, with tfjs-layers',
    packs: ['core', 'builtin', 'custom-examples', 'tfjs-adapter'],
    registry: [
      `@tensorflow/tfjs-core@${TFJS}`,
      `@tensorflow/tfjs-backend-cpu@${TFJS}`,
      `@tensorflow/tfjs-layers@${TFJS}`,
    ],
    script: 'adapter.mjs',
  },
];

/** @type {Array<{ name: string, guide: string, check: (outputs: Map<string, string>) => string }>} */
const guides = [
  {
    name: 'a plugin written from the plugin guide, built, tested, packed and used in an app',
    guide: 'docs/guides/writing-a-plugin.md',
    check: (outputs) => {
      const printed = outputs.get('npx tsx main.ts')?.trim() ?? '';
      const expected = '{"className":"WeightDecayPkg>WeightDecay","config":{"rate":0.1}}';
      if (!printed.endsWith(expected)) {
        throw new Error(`the app printed ${JSON.stringify(printed)}, not ${expected}`);
      }
      return `the app loaded ${expected} from disk`;
    },
  },
];

const work = mkdtempSync(join(tmpdir(), 'regularizers-consumer-'));
try {
  const tarballs = packAll(new Set(scenarios.flatMap((scenario) => scenario.packs)));
  for (const scenario of scenarios) runScenario(scenario, tarballs);
  for (const { name, guide, check } of guides) {
    const folder = join(work, guide.replace(/\W+/g, '-'));
    mkdirSync(folder);
    console.log(`consumer test "${name}": ${check(followGuide(guide, folder, tarballs))}`);
  }
  console.log(`consumer test: ${scenarios.length + guides.length} passed, 0 failed`);
} finally {
  rmSync(work, { recursive: true, force: true });
}

function packAll(packages) {
  const destination = join(work, 'tarballs');
  mkdirSync(destination);
  const tarballs = new Map();
  const license = readFileSync(join(root, 'LICENSE'), 'utf8');
  for (const name of packages) {
    const output = execFileSync(
      'npm',
      ['pack', '--json', '--pack-destination', destination, join(root, 'packages', name)],
      { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] },
    );
    const [packed] = JSON.parse(output);
    // Every tarball carries the license text, the same as the repository's.
    const hasLicense = packed.files.some((file) => file.path === 'LICENSE');
    if (!hasLicense || readFileSync(join(root, 'packages', name, 'LICENSE'), 'utf8') !== license) {
      throw new Error(`consumer test: ${packed.name}'s tarball must hold a copy of ./LICENSE`);
    }
    tarballs.set(name, join(destination, packed.filename));
  }
  return tarballs;
}

function runScenario(scenario, tarballs) {
  const project = join(work, scenario.script.replace(/\.mjs$/, ''));
  mkdirSync(project);
  writeFileSync(
    join(project, 'package.json'),
    JSON.stringify({ name: 'consumer', private: true, type: 'module' }, null, 2),
  );
  const specs = [...scenario.packs.map((name) => tarballs.get(name)), ...scenario.registry];
  execFileSync(
    'npm',
    ['install', '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error', ...specs],
    { cwd: project, stdio: ['ignore', 'ignore', 'inherit'] },
  );
  for (const name of scenario.absent ?? []) {
    if (existsSync(join(project, 'node_modules', name))) {
      throw new Error(`consumer test "${scenario.name}": ${name} was installed, but must not be`);
    }
  }
  copyFileSync(join(root, 'scripts/consumer', scenario.script), join(project, scenario.script));
  const output = execFileSync('node', [scenario.script], { cwd: project, encoding: 'utf8' });
  console.log(`consumer test "${scenario.name}": ${output.trim()}`);
}
