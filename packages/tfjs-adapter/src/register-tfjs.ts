// The one module of this package with import side effects. It registers, with tfjs's public
// `serialization.registerClass`:
// - our subclass of every layer that has a regularizer slot, under the stock class name, so that
//   models tfjs loads get activity regularizers, recurrent penalties and Keras semantics;
// - a tfjs class for every name in the default regularizer registry, now and later;
// - an orthogonal initializer that works without tfjs's chained ops (needed by RNNs in Node).
import { defaultRegistry } from '@regularizers/core';
import { serialization } from '@tensorflow/tfjs-core';
import { layerClasses } from './layer-classes.js';
import { OrthogonalInitializer } from './orthogonal-initializer.js';
import { registerWithTfjs } from './tfjs-loader-classes.js';

for (const layerClass of Object.values(layerClasses)) {
  serialization.registerClass(
    layerClass as unknown as serialization.SerializableConstructor<serialization.Serializable>,
  );
}
serialization.registerClass(
  OrthogonalInitializer as unknown as serialization.SerializableConstructor<serialization.Serializable>,
);
defaultRegistry.onRegister(registerWithTfjs);
