// The one module of this package with import side effects. It registers, with tfjs's public
// `serialization.registerClass`:
// - our subclass of every layer that has a regularizer slot, under the stock class name, so that
//   models tfjs loads get activity regularizers, recurrent penalties and Keras semantics;
// - a tfjs class for every name in the default regularizer registry, now and later;
// - an orthogonal initializer that works without tfjs's chained ops (needed by RNNs in Node);
// - a Sequential that checks every regularizer before building anything, so failed loads free all.
import { defaultRegistry } from '@regularizers/core';
import { serialization } from '@tensorflow/tfjs-core';
import { CheckedSequential } from './checked-sequential.js';
import { layerClasses } from './layer-classes.js';
import { OrthogonalInitializer } from './orthogonal-initializer.js';
import { registerWithTfjs } from './tfjs-loader-classes.js';

type Registrable = serialization.SerializableConstructor<serialization.Serializable>;

for (const tfjsClass of [
  ...Object.values(layerClasses),
  CheckedSequential,
  OrthogonalInitializer,
]) {
  serialization.registerClass(tfjsClass as unknown as Registrable);
}
defaultRegistry.onRegister(registerWithTfjs);
