// A plugin module for second-copy.test.ts, registered on import. Its class declares a
// registrationKey, so a second copy of this file registers as the same entry.
import * as tf from '@tensorflow/tfjs-core';
import { registerRegularizer } from './default-registry.js';
import { registrationKey } from './registration-key.js';

export class Keyed {
  static readonly className = 'Keyed';
  static readonly [registrationKey] = 'second-copy-test/Keyed';

  apply(x: tf.Tensor): tf.Scalar {
    return tf.sum(x);
  }

  getConfig() {
    return {};
  }
}

registerRegularizer(Keyed, { package: 'SecondCopy' });
