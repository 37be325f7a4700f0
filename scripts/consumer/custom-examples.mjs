// Runs in a fresh project with the packed core, builtin and custom-examples, tfjs-core and the CPU
// backend (no tfjs-layers, no adapter): uses MyRegularizer as a published plugin is used, and
// tests it with core's testing helpers as the plugin's author would.
import '@tensorflow/tfjs-backend-cpu';
import { l2 } from '@regularizers/builtin';
import { deserializeRegularizer, serializeRegularizer } from '@regularizers/core';
import { checkSecondCopy, penaltyOf, sumSquares } from '@regularizers/core/testing';
import { MyRegularizer } from '@regularizers/custom-examples';

const values = [1, -2, 3];
const expected = 0.5 * sumSquares(values);
const json = JSON.parse(JSON.stringify(serializeRegularizer(new MyRegularizer({ strength: 0.5 }))));
const penalty = penaltyOf(deserializeRegularizer(json), values);
const builtin = penaltyOf(l2(0.5), values);
if (
  json.className !== 'Examples>MyRegularizer' ||
  Math.abs(penalty - expected) > 1e-5 ||
  Math.abs(builtin - penalty) > 1e-5
) {
  throw new Error(
    `MyRegularizer: expected ${expected} as Examples>MyRegularizer, got ${JSON.stringify(json)} with ${penalty}`,
  );
}

// The installed plugin loaded again from another path, as when two dependencies bring a copy each.
const entry = import.meta.resolve('@regularizers/custom-examples');
const copy = await checkSecondCopy(entry, (href) => import(href));
const copyName = serializeRegularizer(new copy.MyRegularizer()).className;
if (copy.MyRegularizer === MyRegularizer || copyName !== 'Examples>MyRegularizer') {
  throw new Error(`the second copy's MyRegularizer serialized as ${copyName}`);
}
console.log(
  `${json.className} penalty ${penalty} (expected ${expected}, l2(0.5) gives ${builtin}); a second copy registers as the same entries`,
);
