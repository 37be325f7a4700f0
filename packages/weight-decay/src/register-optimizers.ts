// The one module of this package with an import side effect: it registers the optimizers with
// tfjs's public `serialization.registerClass`, so that `tf.loadLayersModel` rebuilds a model's
// optimizer saved with `model.save(…, { includeOptimizer: true })`.
import { serialization } from '@tensorflow/tfjs-core';
import { AdamW } from './adamw.js';
import { DecoupledWeightDecay } from './decoupled-weight-decay.js';
import { ProximalL1 } from './proximal-l1.js';

for (const optimizerClass of [AdamW, DecoupledWeightDecay, ProximalL1]) {
  serialization.registerClass(optimizerClass);
}
