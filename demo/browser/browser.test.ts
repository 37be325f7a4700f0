// The packages in a real browser: builds these pages with Vite, serves them with `vite preview`,
// and drives Debian's Chromium with playwright-core, with WebGL 2 and WebGPU on SwiftShader. The
// demo page trains on WebGL; the kernels page checks the fused GPU kernels against the CPU
// backend. Also runs the demo and checks its report renders. Screenshots of the demo page and of
// the report go to demo/screenshots/ (git-ignored).
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { chromium } from 'playwright-core';
import type { Browser, Page } from 'playwright-core';
import { build, preview } from 'vite';
import type { PreviewServer } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * Debian's Chromium and its flags, shared with the browser bench: headless, quiet, with WebGL 2
 * through ANGLE on SwiftShader, Chromium's software renderer, and WebGPU on SwiftShader too.
 */
const { executablePath: CHROMIUM, args: CHROMIUM_ARGS } = JSON.parse(
  readFileSync(new URL('./chromium.json', import.meta.url), 'utf8'),
) as { executablePath: string; args: string[] };
const here = fileURLToPath(new URL('.', import.meta.url));
const cli = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
const screenshots = fileURLToPath(new URL('../screenshots/', import.meta.url));

let browser: Browser | undefined;
let server: PreviewServer | undefined;
let pageUrl = '';
let reportPath = '';
const temporary: string[] = [];

/** The reports the check pages publish on `window`, by name (kernels.ts and keras-files.ts declare them). */
type Reports = Pick<Window, 'kernelReport' | 'kerasFilesReport'>;

/** Loads a check page (`path`, with its query), waits for its report and returns it. */
async function pageReport<Name extends keyof Reports>(
  path: string,
  name: Name,
): Promise<NonNullable<Reports[Name]>> {
  const { page, errors } = await open(new URL(path, pageUrl).href);
  await page.waitForSelector('body[data-status="done"], body[data-status="error"]', {
    timeout: 180_000,
  });
  const report = await page.evaluate((key) => window[key], name);
  await page.close();
  expect(errors).toEqual([]);
  if (report === undefined) throw new Error(`The page ${path} published no ${name}.`);
  return report as NonNullable<Reports[Name]>;
}

/** The fixtures of @regularizers/keras-files, and those that wait for other issues' fixes. */
const kerasFixtures = new URL('../../packages/keras-files/fixtures/', import.meta.url);
const KERAS_FIXTURES = Object.keys(
  (JSON.parse(readFileSync(new URL('expected.json', kerasFixtures), 'utf8')) as { files: object })
    .files,
);
/** tfjs 4.22's MomentumOptimizer.dispose() leaves its learning-rate scalar (Keras's SGD with momentum). */
const LEFT_BY_TFJS: Record<string, number> = {
  'conv2d_functional.keras': 1,
  'conv2d_functional.h5': 1,
};

/** Opens `url` in a new page, collecting its console errors and uncaught exceptions. */
async function open(url: string): Promise<{ page: Page; errors: string[] }> {
  if (browser === undefined) throw new Error('Chromium did not start.');
  const page = await browser.newPage({ viewport: { width: 1180, height: 900 } });
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`console.error: ${message.text()}`);
  });
  page.on('pageerror', (error) => errors.push(`uncaught: ${error.message}`));
  await page.goto(url);
  return { page, errors };
}

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `The browser test needs Debian's Chromium at ${CHROMIUM}, and it is not installed. ` +
        '.ci/run installs it with `apt-get install -y chromium`; that failed or was skipped. ' +
        'Install it as root with `apt-get update && apt-get install -y chromium`.',
    );
  }
  const outDir = mkdtempSync(join(tmpdir(), 'regularizers-browser-'));
  const reportDir = mkdtempSync(join(tmpdir(), 'regularizers-report-'));
  temporary.push(outDir, reportDir);
  const configFile = join(here, 'vite.config.ts');
  // Build the page and run the demo side by side. The demo runs with its defaults, as `npm start`
  // does, so the screenshot of its report is the README's image (docs/images/report.png).
  await Promise.all([
    build({ configFile, build: { outDir, emptyOutDir: true } }),
    promisify(execFile)(process.execPath, [cli, '--out', reportDir]),
  ]);
  reportPath = join(reportDir, 'report.html');
  server = await preview({ configFile, build: { outDir }, preview: { port: 0 } });
  const url = server.resolvedUrls?.local[0];
  if (url === undefined) throw new Error('vite preview gave no URL.');
  pageUrl = url;
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
  });
  mkdirSync(screenshots, { recursive: true });
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  for (const dir of temporary) rmSync(dir, { recursive: true, force: true });
});

describe('in Chromium', () => {
  it('runs the seed example and a short fit on the Vite page, with no console errors', async () => {
    const { page, errors } = await open(pageUrl);
    await page.waitForSelector('body[data-status="done"], body[data-status="error"]', {
      timeout: 60_000,
    });
    expect(await page.textContent('#status'), errors.join('\n')).toBe('done');
    expect(await page.textContent('#backend')).toBe('webgl');
    expect(await page.textContent('#seed-kernel')).toBe('0.25');
    expect(await page.textContent('#seed-activity')).toBe('5');
    expect(await page.textContent('#seed-total')).toBe('5.25');
    expect(await page.textContent('#fit-status')).toBe('finished: 8 epochs');
    const losses = (await page.textContent('#fit-losses'))?.split(', ').map(Number) ?? [];
    expect(losses).toHaveLength(8);
    expect(losses.every((loss) => Number.isFinite(loss) && loss > 0)).toBe(true);
    expect(Number(await page.textContent('#fit-kernel-penalty'))).toBeGreaterThan(0);
    expect(Number(await page.textContent('#fit-activity-penalty'))).toBeGreaterThan(0);
    expect(await page.textContent('#fit-serialized')).toContain(
      '"className":"Examples>GroupLasso"',
    );
    expect(await page.textContent('#reloaded-penalty')).toMatch(/^[\d.]+, identical$/);
    await page.screenshot({ path: join(screenshots, 'page.png'), fullPage: true });
    expect(errors).toEqual([]);
    await page.close();
  }, 90_000);

  it('runs the fused L1L2 kernels on WebGL and WebGPU, equal to the CPU backend', async () => {
    const report = await pageReport('kernels.html', 'kernelReport');
    expect(report.renderer).toContain('SwiftShader');
    expect(report.float16).toBe(false);
    expect(
      Object.keys(report.backends ?? {}),
      'both GPU backends start in this Chromium (see CHROMIUM_ARGS)',
    ).toEqual(['webgl', 'webgpu']);
    for (const [name, backend] of Object.entries(report.backends ?? {})) {
      expect(backend.kernelNames, name).toEqual(['RegularizersL1L2Penalty']);
      expect(backend.leaked, name).toEqual({ tensors: 0, dataIds: 0 });
    }
    // One program plus one reduction pass for 1M weights, and nothing read back, which would
    // stall the GPU in the middle of a fit step.
    expect(report.backends?.webgl?.draws).toBe(2);
    expect(report.backends?.webgl?.readBacks).toBe(0);
    // The factors are uniforms: new factors compile nothing.
    expect(report.compilesForNewFactors).toBe(0);
    // Penalty and gradient of 66 cases (13 inputs, mostly with 5 factor pairs) on WebGPU and in
    // both WebGL layouts, each against the CPU backend, and two packed gradients fed to matMul.
    expect(report.checks?.comparisons).toBe(398);
    expect(report.checks?.layouts).toEqual({ packed: 66, unpacked: 66 });
    expect(report.checks?.failures).toEqual([]);
  }, 120_000);

  it('keeps the penalty within 1e-3 of float32 with float16 textures', async () => {
    const report = await pageReport('kernels.html?f16', 'kernelReport');
    expect(report.float16).toBe(true);
    expect(report.float16Storage, 'the textures hold float16').toBe(true);
    const checks = report.float16Checks ?? [];
    expect(checks).toHaveLength(24);
    for (const check of checks) {
      const label = `${check.label} (${check.layout}): ${check.float16} against ${check.float32}`;
      expect(check.relativeError, label).toBeLessThan(1e-3);
    }
  }, 120_000);

  // Every fixture, fetched as a File: Keras's predictions and penalty, a fit step, a save and a
  // reload. Within 1e-5 of Keras on the CPU backend; WebGL computes in GPU float32 (tanh, exp and
  // sums in another order), within 1e-4 of Keras, and trains and saves as well.
  it.each([
    ['cpu', 1e-5],
    ['webgl', 1e-4],
  ])(
    'loads every Keras fixture on %s, with predictions and penalties within %s of Keras, fine-tunes and saves it',
    async (backend, tolerance) => {
      const report = await pageReport(`keras-files.html?backend=${backend}`, 'kerasFilesReport');
      expect(report.backend).toBe(backend);
      expect(report.results.map(({ file }) => file)).toEqual(KERAS_FIXTURES);
      for (const result of report.results) {
        expect(result.error, result.file).toBeUndefined();
        expect(result.predictions, result.file).toBeLessThanOrEqual(tolerance);
        expect(result.penalty, result.file).toBeLessThanOrEqual(tolerance);
        expect(Number.isFinite(result.fitLoss), result.file).toBe(true);
        expect(result.reloaded, `${result.file}, saved and reloaded`).toBe(0);
        expect(result.leaked, result.file).toBe(LEFT_BY_TFJS[result.file] ?? 0);
      }
    },
    240_000,
  );

  it("renders every chart of the demo's report", async () => {
    const { page, errors } = await open(pathToFileURL(reportPath).href);
    const charts = await page.$$eval('svg.chart', (svgs) =>
      svgs.map((svg) => {
        const box = svg.getBoundingClientRect();
        const paths = Array.from(
          svg.querySelectorAll<SVGPathElement>('path.series, path.bars'),
        ).map((path) => {
          const bbox = path.getBBox();
          return { d: path.getAttribute('d') ?? '', width: bbox.width, height: bbox.height };
        });
        return {
          kind: svg.classList.contains('loss-chart') ? 'loss' : 'histogram',
          run: svg.dataset.run ?? '',
          width: box.width,
          height: box.height,
          paths,
        };
      }),
    );
    const runs = ['none', 'l1', 'proximal-l1', 'l2', 'adamw', 'l1l2', 'orthogonal', 'group-lasso'];
    expect(charts.filter((c) => c.kind === 'loss').map((c) => c.run)).toEqual(runs);
    expect(charts.filter((c) => c.kind === 'histogram').map((c) => c.run)).toEqual(runs);
    for (const chart of charts) {
      expect(chart.width, `${chart.kind} chart of ${chart.run}`).toBeGreaterThan(0);
      expect(chart.height, `${chart.kind} chart of ${chart.run}`).toBeGreaterThan(0);
      expect(chart.paths, `${chart.kind} chart of ${chart.run}`).toHaveLength(
        chart.kind === 'loss' ? 3 : 1,
      );
      for (const path of chart.paths) {
        expect(path.d, `a path of the ${chart.kind} chart of ${chart.run}`).toMatch(/^M/);
        expect(path.width, `a path of the ${chart.kind} chart of ${chart.run}`).toBeGreaterThan(0);
        if (chart.kind === 'histogram') expect(path.height).toBeGreaterThan(0);
      }
    }
    expect(await page.locator('#comparison tbody tr').count()).toBe(runs.length);
    await page.screenshot({ path: join(screenshots, 'report.png'), fullPage: true });
    expect(errors).toEqual([]);
    await page.close();
  }, 60_000);
});
