import { add, addN, mean, scalar, tidy } from '@tensorflow/tfjs-core';
import type { Scalar, Tensor } from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { penaltyTerms } from './penalty-terms.js';
import type { TestStep } from './tfjs-internals.js';

/**
 * The evaluation step of a model, as Keras's `test_step` computes it: the outputs in inference
 * mode, the compiled loss of each output (averaged over the batch) plus every penalty of that
 * pass (weights, and the activity penalties of these inference outputs), then the metrics. It
 * returns `[loss, ...metrics, penalty]`: tfjs's `evaluate()` drops the last entry; `fit` logs it
 * as `val_regularization_loss`. tfjs averages each entry over the batches, by batch size.
 *
 * Unlike tfjs 4.22's own test function, a model with several outputs gets its total loss first,
 * then each output's loss, matching its `metricsNames`.
 */
export function testStep(
  model: tfl.LayersModel,
  inPass: <T>(model: tfl.LayersModel, body: () => T) => T,
): TestStep {
  return (data: Tensor[]) =>
    tidy(() =>
      inPass(model, () => {
        const inputs = data.slice(0, model.inputs.length);
        const targets = data.slice(model.inputs.length, model.inputs.length + model.outputs.length);
        const outputs = [model.predictOnBatch(inputs.length === 1 ? at(inputs, 0) : inputs)].flat();
        const dataLosses = model.lossFunctions.map((lossFunction, i) =>
          mean<Scalar>(lossFunction(at(targets, i), at(outputs, i))),
        );
        const terms = penaltyTerms(model).map((term) => term());
        const penalty = terms.length === 0 ? scalar(0) : addN(terms);
        const loss = add<Scalar>(dataLosses.length === 0 ? scalar(0) : addN(dataLosses), penalty);
        const metrics = model.metricsTensors.map(([metric, i]) =>
          mean<Scalar>(metric(at(targets, i), at(outputs, i))),
        );
        return [loss, ...metrics, penalty];
      }),
    );
}

function at(tensors: Tensor[], index: number): Tensor {
  const tensor = tensors[index];
  if (tensor === undefined) throw new Error(`The model has no output or target ${index}.`);
  return tensor;
}
