// The ratios the performance baseline talks about, and the targets of its "Targets" section
// (performance-baseline.md), checked against a run's results.

/**
 * The ratios of a timing result, from medians: `speedup` = stock / ours ("ours is N× faster than
 * stock"), `overComposite` = composite / ours (the browser bench's composite path, and the
 * Orthogonal cases' formula differentiated by tfjs), `ofFloor` = ours / floor ("ours is N× the
 * floor"), for the training cases `ofNone` = ours / none and `stockOfNone` = stock / none (the
 * cost of regularizing, against the unregularized epoch), and for the optimizer cases
 * `ofBaseline` = ours / baseline (our optimizer against the tfjs one it extends). A ratio is
 * undefined when a contender is missing.
 */
export function ratiosOf(result) {
  const { ours, stock, composite, floor, none, baseline } = result.contenders;
  return {
    speedup: ours && stock ? stock.medianMs / ours.medianMs : undefined,
    overComposite: ours && composite ? composite.medianMs / ours.medianMs : undefined,
    ofFloor: ours && floor ? ours.medianMs / floor.medianMs : undefined,
    ofNone: ours && none ? ours.medianMs / none.medianMs : undefined,
    stockOfNone: stock && none ? stock.medianMs / none.medianMs : undefined,
    ofBaseline: ours && baseline ? ours.medianMs / baseline.medianMs : undefined,
  };
}

const METRICS = {
  speedup: { of: (result) => ratiosOf(result).speedup, unit: '×' },
  overComposite: { of: (result) => ratiosOf(result).overComposite, unit: '×' },
  ofFloor: { of: (result) => ratiosOf(result).ofFloor, unit: '×' },
  ofNone: { of: (result) => ratiosOf(result).ofNone, unit: '×' },
  ofBaseline: { of: (result) => ratiosOf(result).ofBaseline, unit: '×' },
  transientBytes: { of: (result) => result.contenders.ours?.transientBytes, unit: ' B' },
  programs: { of: (result) => result.contenders.ours?.programs, unit: ' programs' },
  oursMs: { of: (result) => result.contenders.ours?.medianMs, unit: ' ms' },
};

/**
 * Each target: the case it reads, the metric, and the bound it must meet (`min` inclusive, `max`
 * inclusive, `below` exclusive).
 */
export const TARGETS = [
  {
    caseKey: 'cpu-forward',
    metric: 'speedup',
    min: 30,
    label: 'forward, CPU: ours ≥ 30× faster than stock',
  },
  { caseKey: 'cpu-forward', metric: 'ofFloor', max: 2, label: 'forward, CPU: ours ≤ 2× the floor' },
  {
    caseKey: 'cpu-forward-gradient',
    metric: 'speedup',
    min: 20,
    label: 'forward + gradient, CPU: ours ≥ 20× faster than stock',
  },
  {
    caseKey: 'cpu-forward-gradient',
    metric: 'ofFloor',
    max: 2,
    label: 'forward + gradient, CPU: ours ≤ 2× the floor',
  },
  {
    caseKey: 'cpu-forward-bytes',
    metric: 'transientBytes',
    below: 1024,
    label: 'forward, CPU: ours allocates < 1 KiB transient',
  },
  {
    caseKey: 'wasm-forward',
    metric: 'speedup',
    min: 1,
    label: 'forward, WASM: ours never slower than stock (median)',
  },
  {
    caseKey: 'wasm-forward-gradient',
    metric: 'speedup',
    min: 1,
    label: 'forward + gradient, WASM: ours never slower than stock (median)',
  },
  ...['rows', 'columns'].map((mode) => ({
    caseKey: `orthogonal-${mode}-forward`,
    metric: 'overComposite',
    min: 0.9,
    label: `Orthogonal forward, ${mode}, CPU: ours at least 0.90× as fast as the tfjs-autodiff composite`,
  })),
  {
    caseKey: 'cpu-training-mlp',
    metric: 'ofNone',
    max: 1.1,
    label: 'MLP fit epoch, CPU: ours ≤ 1.10× the unregularized epoch',
  },
  {
    caseKey: 'cpu-training-mlp-validation',
    metric: 'ofNone',
    max: 1.1,
    label: 'MLP fit epoch with validation, CPU: ours ≤ 1.10× the unregularized epoch',
  },
  {
    caseKey: 'cpu-training-adamw',
    metric: 'ofBaseline',
    max: 1.1,
    label: "MLP fit epoch, CPU: adamw ≤ 1.10× tfjs's adam",
  },
  {
    caseKey: 'cpu-training-proximal-l1',
    metric: 'ofBaseline',
    max: 1.1,
    label: "MLP fit epoch, CPU: proximalL1(sgd) ≤ 1.10× tfjs's sgd",
  },
  // Issue 13's targets are absolute times on these machines: a build or a load a user waits for.
  {
    caseKey: 'cpu-build-lstm-256',
    metric: 'oursMs',
    below: 1000,
    label: 'LSTM(256) build, CPU: ours < 1 s',
  },
  {
    caseKey: 'cpu-load-bidirectional-lstm-fixture',
    metric: 'oursMs',
    below: 2000,
    label: 'Bidirectional LSTM fixture load (modelFromKerasJSON), CPU: ours < 2 s',
  },
  // Issue 14's target is an absolute time on these machines: a load a user waits for.
  {
    caseKey: 'cpu-load-keras-archive',
    metric: 'oursMs',
    below: 2000,
    label: '.keras archive of 2M parameters, loadKerasModel, CPU: ours < 2 s',
  },
];

/** The targets of the browser bench (run-browser.js), from the issue that added the WebGL kernels. */
export const BROWSER_TARGETS = [
  {
    caseKey: 'webgl-forward',
    metric: 'speedup',
    min: 3,
    label: 'forward, WebGL: ours ≥ 3× faster than stock',
  },
  {
    caseKey: 'webgl-forward-gradient',
    metric: 'speedup',
    min: 3,
    label: 'forward + gradient, WebGL: ours ≥ 3× faster than stock',
  },
  {
    caseKey: 'webgl-forward-work',
    metric: 'programs',
    max: 2,
    label: 'forward, WebGL, 1M weights: ours runs one program plus one reduction pass',
  },
  {
    caseKey: 'webgl-training-mlp',
    metric: 'ofNone',
    max: 1.25,
    label: 'MLP fit epoch, WebGL: ours ≤ 1.25× the unregularized epoch',
  },
];

/**
 * Checks every target (TARGETS unless given) against `results` (timing, memory and skipped
 * results, by `key`). Status is PASS or MISS, or SKIP when the case did not run (skipped backend,
 * `--only`).
 */
export function evaluateTargets(results, targets = TARGETS) {
  return targets.map((target) => {
    const result = results.find((r) => r.key === target.caseKey);
    const measured = result && !result.skipped ? METRICS[target.metric].of(result) : undefined;
    let status = 'SKIP';
    if (measured !== undefined) status = meets(target, measured) ? 'PASS' : 'MISS';
    return { ...target, unit: METRICS[target.metric].unit, measured, status };
  });
}

function meets(target, value) {
  if (target.min !== undefined && !(value >= target.min)) return false;
  if (target.max !== undefined && !(value <= target.max)) return false;
  if (target.below !== undefined && !(value < target.below)) return false;
  return true;
}
