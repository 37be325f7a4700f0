// Loading Keras files: a `.keras` archive of 2 million parameters loaded with loadKerasModel on
// the CPU backend, an absolute time (issue 14's target: under 2 s). `ours` is the whole load
// (unzip, the model built by modelFromKerasJSON, every weight read and set); `topology` builds the
// same model from its config alone, so the difference is what reading the weights costs. The
// archive is written by saveKerasModel in the setup (Keras 3.15 loads what it writes:
// tools/keras-referee/keras-files.py --check), from an MLP 1000-1000-1000-10 on 1000 inputs,
// 2,012,010 parameters.
import * as tfl from '@tensorflow/tfjs-layers';
import { l2 } from '@regularizers/builtin';
import { layers, modelFromKerasJSON, modelToKerasJSON } from '@regularizers/tfjs-adapter';
import { loadKerasModel, saveKerasModel } from '@regularizers/keras-files';

/** Describes the archive, for the results file. */
export const KERAS_FILES_SETUP = {
  model: 'Dense 1000-1000-1000-10 on 1000 inputs (2,012,010 parameters), L2 on every kernel',
  archive: 'written by saveKerasModel: a zip of config.json, metadata.json and model.weights.h5',
};

/** The cases, in run order. */
export function kerasFilesCases() {
  return [
    {
      kind: 'timing',
      key: 'cpu-load-keras-archive',
      title:
        'Load a .keras archive of 2M parameters (MLP 1000-1000-1000-10) with loadKerasModel, CPU backend',
      backend: 'cpu',
      warmupRounds: 1,
      rounds: 5,
      quickRounds: { warmupRounds: 0, rounds: 1 },
      valueLabel: 'parameters',
      setup: async () => {
        const model = tfl.sequential({
          layers: [
            layers.dense({
              inputShape: [1000],
              units: 1000,
              activation: 'relu',
              kernelRegularizer: l2(),
            }),
            layers.dense({ units: 1000, activation: 'relu', kernelRegularizer: l2() }),
            layers.dense({ units: 10, kernelRegularizer: l2() }),
          ],
        });
        const context = { archive: await saveKerasModel(model), config: modelToKerasJSON(model) };
        model.dispose();
        return context;
      },
      contenders: {
        ours: async ({ archive }) => {
          const { model } = await loadKerasModel(archive);
          const parameters = model.countParams();
          model.dispose();
          return parameters;
        },
        topology: async ({ config }) => {
          const model = await modelFromKerasJSON(config);
          const parameters = model.countParams();
          model.dispose();
          return parameters;
        },
      },
    },
  ];
}
