// The browser bench: `npm run bench:browser` (builds the packages, then runs this). Not part of
// npm test.
//
// It builds bench/browser/ with Vite, serves it on 127.0.0.1, and opens it in Debian's Chromium
// (/usr/bin/chromium) through playwright-core, with WebGL 2 and WebGPU on SwiftShader, Chromium's
// software renderer. The page runs the cases of performance-baseline.md's "In the browser" section,
// interleaved within each case: the penalty forward and forward + gradient of 1M weights (ours,
// the composite path, stock tf.regularizers.l1l2) with the kernels and programs each runs, one fit
// epoch of the MLP (unregularized, stock, ours), OrthogonalRegularizer against its Gram product,
// and the penalty cases again on WebGPU. This prints each result as it arrives, then the targets,
// and writes everything to bench/results/<ISO date and time>-browser.json.
//
// Flags (after `npm run bench:browser --`):
//   --quick        smoke run: 1 warm-up and 3 measured rounds per case (1 and 1 for training)
//   --only=TEXT    run only the cases whose key contains TEXT, e.g. --only=webgl-forward, --only=mlp
//   --headed       show the browser window (needs a display)
//
// SwiftShader runs shaders on the CPU: these are ratios between contenders on one renderer, not a
// GPU's times. See docs/guides/performance.md for what they do and do not predict.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { formatResult, formatSummary } from './report.js';
import { BROWSER_TARGETS, evaluateTargets } from './targets.js';
import { writeResults } from './write-results.js';

// The page is built and driven with the demo's Vite 7 and playwright-core, the ones the browser
// test uses; the root's own Vite is the one vitest runs on.
const fromDemo = createRequire(new URL('../demo/package.json', import.meta.url));
const { build, preview } = await import(pathToFileURL(fromDemo.resolve('vite')).href);
const { chromium } = fromDemo('playwright-core');

// Debian's Chromium and the flags the browser test uses: WebGL 2 and WebGPU on SwiftShader.
const { executablePath: CHROMIUM, args: CHROMIUM_ARGS } = JSON.parse(
  readFileSync(new URL('../demo/browser/chromium.json', import.meta.url), 'utf8'),
);
const configFile = fileURLToPath(new URL('./browser/vite.config.js', import.meta.url));

const { values: flags } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    only: { type: 'string' },
    headed: { type: 'boolean', default: false },
  },
});
if (!existsSync(CHROMIUM)) {
  throw new Error(
    `The browser bench needs Debian's Chromium at ${CHROMIUM}. Install it with apt-get install chromium.`,
  );
}

const startedAt = new Date();
const start = performance.now();
const outDir = mkdtempSync(join(tmpdir(), 'regularizers-bench-'));
let server;
let browser;
try {
  await build({ configFile, build: { outDir, emptyOutDir: true } });
  server = await preview({ configFile, build: { outDir }, preview: { port: 0 } });
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: !flags.headed,
    args: CHROMIUM_ARGS,
  });
  const { results, environment } = await runPage(browser, pageUrl(server.resolvedUrls.local[0]));
  const targets = evaluateTargets(results, BROWSER_TARGETS);
  const seconds = (performance.now() - start) / 1000;
  console.log(`\n${formatSummary(targets, seconds)}`);
  const file = await writeResults(
    {
      startedAt: startedAt.toISOString(),
      seconds,
      flags,
      environment: { ...environment, chromiumArgs: CHROMIUM_ARGS },
      results,
      targets,
    },
    '-browser',
  );
  console.log(`\nResults: ${relative(process.cwd(), fileURLToPath(file))}`);
} finally {
  await browser?.close();
  await server?.close();
  rmSync(outDir, { recursive: true, force: true });
}

function pageUrl(base) {
  const query = new URLSearchParams();
  if (flags.quick) query.set('quick', '');
  if (flags.only !== undefined) query.set('only', flags.only);
  return `${base}?${query}`;
}

/** Opens the page and prints each result it reports until it is done; rejects on its errors. */
async function runPage(browser, url) {
  const page = await browser.newPage();
  const results = [];
  console.log(
    `Browser benchmark${flags.quick ? ' (--quick: smoke run, figures not meaningful)' : ''}`,
  );
  const done = new Promise((resolve, reject) => {
    page.on('pageerror', (error) => reject(error));
    page.on('console', (message) => {
      const text = message.text();
      const [tag] = text.split(' ', 1);
      const body = text.slice(tag.length + 1);
      if (tag === 'bench-result') {
        const result = JSON.parse(body);
        results.push(result);
        console.log(`\n${formatResult(result, evaluateTargets([result], BROWSER_TARGETS))}`);
      } else if (tag === 'bench-done') {
        resolve({ results, environment: JSON.parse(body) });
      } else if (tag === 'bench-error') {
        reject(new Error(`The bench page failed: ${body}`));
      } else if (message.type() === 'error') {
        console.error(`page console.error: ${text}`);
      }
    });
  });
  await page.goto(url);
  return done;
}
