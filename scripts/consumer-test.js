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

/** @type {Array<{ name: string, packs: string[], registry: string[], scripts: string[], absent?: string[] }>} */
const scenarios = [
  {
    name: 'core alone, with tfjs-core and the CPU backend',
    packs: ['core'],
    registry: [`@tensorflow/tfjs-core@${TFJS}`, `@tensorflow/tfjs-backend-cpu@${TFJS}`],
    scripts: ['core-only.mjs'],
    absent: ['@tensorflow/tfjs-layers'],
  },
  {
    name: 'core and builtin, with tfjs-core and the CPU backend',
    packs: ['core', 'builtin'],
    registry: [`@tensorflow/tfjs-core@${TFJS}`, `@tensorflow/tfjs-backend-cpu@${TFJS}`],
    // require.cjs: a CommonJS project requires the packages (Node 20.19+ loads ESM synchronously).
    scripts: ['builtin.mjs', 'require.cjs'],
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
    scripts: ['custom-examples.mjs'],
    absent: ['@tensorflow/tfjs-layers', '@regularizers/tfjs-adapter'],
  },
  {
    name: 'weight-decay alone: core and weight-decay, with tfjs-layers',
    packs: ['core', 'weight-decay'],
    registry: [
      `@tensorflow/tfjs-core@${TFJS}`,
      `@tensorflow/tfjs-backend-cpu@${TFJS}`,
      `@tensorflow/tfjs-layers@${TFJS}`,
    ],
    scripts: ['weight-decay.mjs'],
    absent: ['@regularizers/builtin', '@regularizers/tfjs-adapter'],
  },
  {
    name: 'everything, with tfjs-layers',
    packs: ['core', 'builtin', 'custom-examples', 'tfjs-adapter'],
    registry: [
      `@tensorflow/tfjs-core@${TFJS}`,
      `@tensorflow/tfjs-backend-cpu@${TFJS}`,
      `@tensorflow/tfjs-layers@${TFJS}`,
    ],
    scripts: ['adapter.mjs'],
    // Users who never read Keras files carry none of @regularizers/keras-files' dependencies.
    absent: ['@regularizers/keras-files', 'h5wasm', 'jsfive', 'fflate'],
  },
  {
    name: 'Keras files, with everything',
    packs: ['core', 'builtin', 'custom-examples', 'tfjs-adapter', 'keras-files'],
    registry: [
      `@tensorflow/tfjs-core@${TFJS}`,
      `@tensorflow/tfjs-backend-cpu@${TFJS}`,
      `@tensorflow/tfjs-layers@${TFJS}`,
    ],
    scripts: ['keras-files.mjs'],
  },
];

/** @type {Array<{ name: string, guide: string, check: (outputs: Map<string, string>) => string }>} */
const guides = [
  {
    name: 'getting started, followed as written from npm init -y, runs its first example',
    guide: 'docs/guides/getting-started.md',
    check: (outputs) => {
      // Node breaks a long object over lines; the guide's comment shows it on one.
      const printed = (outputs.get('npx tsx example.ts') ?? '').replace(/\s+/g, ' ');
      // The shapes of L1L2's and of OrthogonalRegularizer's gradients, both computed with tfjs-core
      // alone, then the saved OrthogonalRegularizer.
      const expected =
        "[ 64, 32 ] [ 64, 32 ] { className: 'OrthogonalRegularizer', config: { factor: 0.1, mode: 'rows' } }";
      const penalty = Number(printed.split(/\s/)[0]);
      if (!printed.includes(expected) || !(penalty > 0)) {
        throw new Error(`the first example printed ${JSON.stringify(printed)}`);
      }
      return `the first example printed the penalty ${penalty} and ${expected}`;
    },
  },
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
    checkDeclarations(name, packed.files);
    // Every tarball carries the license text, the same as the repository's.
    const hasLicense = packed.files.some((file) => file.path === 'LICENSE');
    if (!hasLicense || readFileSync(join(root, 'packages', name, 'LICENSE'), 'utf8') !== license) {
      throw new Error(`consumer test: ${packed.name}'s tarball must hold a copy of ./LICENSE`);
    }
    tarballs.set(name, join(destination, packed.filename));
  }
  return tarballs;
}

/**
 * Fails when a packed declaration file imports another package's internals (`…/dist/…`): tfjs has
 * no `exports` map, so TypeScript's `nodenext` resolution cannot find them, and users see errors
 * in our types (or, with `skipLibCheck`, silently get `any`). It happens when TypeScript infers a
 * type that tfjs exports only from a deep module; an explicit annotation fixes it.
 */
function checkDeclarations(name, files) {
  const deep = /(?:from |import\()['"]((?:@[\w.-]+\/)?[\w.-]+\/dist\/[^'"]*)['"]/g;
  for (const { path } of files.filter((file) => file.path.endsWith('.d.ts'))) {
    const text = readFileSync(join(root, 'packages', name, path), 'utf8');
    for (const [, specifier] of text.matchAll(deep)) {
      throw new Error(
        `consumer test: packages/${name}/${path} imports ${specifier}, which nodenext cannot resolve; annotate the type with a public export`,
      );
    }
  }
}

function runScenario(scenario, tarballs) {
  const project = join(work, scenario.scripts[0].replace(/\.mjs$/, ''));
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
  for (const script of scenario.scripts) {
    copyFileSync(join(root, 'scripts/consumer', script), join(project, script));
    const output = execFileSync('node', [script], { cwd: project, encoding: 'utf8' });
    console.log(`consumer test "${scenario.name}", ${script}: ${output.trim()}`);
  }
}
