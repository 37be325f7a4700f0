// The one module of this package with import side effects. It registers, with tfjs's public
// `serialization.registerClass`:
// - our subclass of every layer that has a regularizer slot, under the stock class name, so that
//   models tfjs loads get activity regularizers, recurrent penalties and Keras semantics;
// - a tfjs class for every name in the default regularizer registry, now and later (and removes
//   it when the name is unregistered);
// - an orthogonal initializer that works without tfjs's chained ops (needed by RNNs in Node);
// - our Sequential and functional model classes, under tfjs's names (Sequential, Model,
//   Functional), so that loaded models count penalties as Keras does, in training and evaluation;
//   our Sequential also checks every regularizer before building anything, so failed loads free all;
//   they apply the resource budget to tfjs's own loads, and free everything on dispose().
// And, with tfjs-core's public `registerGradient`, the gradient of conv3dTranspose, which tfjs
// 4.22 lacks, so that Conv3DTranspose layers train; with tfjs-layers' public
// `registerCallbackConstructor`, a callback that every `fit` and `fitDataset` runs: it moves the
// schedules of the model's regularizers (and optimizer) at each batch.
import { defaultRegistry } from '@regularizers/core';
import { serialization } from '@tensorflow/tfjs-core';
import { registerCallbackConstructor } from '@tensorflow/tfjs-layers';
import { registerConv3dTransposeGradient } from './conv3d-transpose-gradient.js';
import { layerClasses } from './layer-classes.js';
import { OrthogonalInitializer } from './orthogonal-initializer.js';
import { RegularizedFunctional, RegularizedModel } from './regularized-model.js';
import { RegularizedSequential } from './regularized-sequential.js';
import { registerWithTfjs, unregisterFromTfjs } from './tfjs-loader-classes.js';
import { TrainingPositionCallback } from './training-position.js';

type Registrable = serialization.SerializableConstructor<serialization.Serializable>;

for (const tfjsClass of [
  ...Object.values(layerClasses),
  RegularizedSequential,
  RegularizedModel,
  RegularizedFunctional,
  OrthogonalInitializer,
]) {
  serialization.registerClass(tfjsClass as unknown as Registrable);
}
defaultRegistry.onRegister(registerWithTfjs);
defaultRegistry.onUnregister(unregisterFromTfjs);
registerConv3dTransposeGradient();
// Verbosity 0: tfjs creates the callbacks registered at or below a fit's `verbose`, so level 0
// runs in every fit.
registerCallbackConstructor(0, TrainingPositionCallback);
