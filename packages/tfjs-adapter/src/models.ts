import type * as tfl from '@tensorflow/tfjs-layers';
import { RegularizedModel } from './regularized-model.js';
import { RegularizedSequential } from './regularized-sequential.js';

/**
 * Drop-in replacement for `tf.sequential()`, with the same arguments, building a Sequential model
 * whose losses follow Keras: `evaluate()` and `val_loss` include every penalty, a layer's weights
 * count once however often it is called, and `fit`'s logs and `History` show the penalty as
 * `regularization_loss` and `val_regularization_loss`. Stock `tf.sequential()` builds tfjs's own
 * class, which does none of this; models loaded while the adapter is imported are ours already.
 *
 * @param args - what `tf.sequential()` takes: the layers, a name.
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import '@tensorflow/tfjs-backend-cpu';
 * import { l2 } from '@regularizers/builtin';
 * import { layers, sequential } from '@regularizers/tfjs-adapter';
 *
 * const model = sequential({
 *   layers: [layers.dense({ units: 1, inputShape: [3], kernelRegularizer: l2(0.01) })],
 * });
 * model.compile({ optimizer: 'sgd', loss: 'meanSquaredError' });
 * const x = tf.ones([8, 3]);
 * const y = tf.zeros([8, 1]);
 * const history = await model.fit(x, y, { epochs: 2, validationData: [x, y] });
 * history.history.regularization_loss; // the penalty of each epoch; val_loss includes it
 * ```
 */
export function sequential(args?: Parameters<typeof tfl.sequential>[0]): tfl.Sequential {
  return new RegularizedSequential(args);
}

/**
 * Drop-in replacement for `tf.model()`, with the same arguments, building a functional model
 * whose losses follow Keras, as {@link sequential}'s do. Stock `tf.model()` builds tfjs's own
 * class.
 *
 * @param args - what `tf.model()` takes: the inputs, the outputs, a name.
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import '@tensorflow/tfjs-backend-cpu';
 * import * as tfl from '@tensorflow/tfjs-layers';
 * import { l2 } from '@regularizers/builtin';
 * import { layers, model } from '@regularizers/tfjs-adapter';
 *
 * const input = tfl.input({ shape: [3] });
 * const shared = layers.dense({ units: 3, kernelRegularizer: l2(0.01) });
 * const output = shared.apply(shared.apply(input)) as tfl.SymbolicTensor;
 * const twice = model({ inputs: input, outputs: output });
 * tf.addN(twice.calculateLosses()); // the shared kernel counts once, as in Keras
 * ```
 */
export function model(args: Parameters<typeof tfl.model>[0]): tfl.LayersModel {
  return new RegularizedModel(args);
}
