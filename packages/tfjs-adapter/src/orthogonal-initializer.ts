import { InvalidArgumentError } from '@regularizers/core';
import { randomNormal, tensor, tidy } from '@tensorflow/tfjs-core';
import type { DataType, Tensor } from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { orthogonalMatrix } from './orthogonal-matrix.js';
import { stockTfjsClass } from './tfjs-internals.js';

type Initializer = ReturnType<typeof tfl.initializers.orthogonal>;

/** tfjs-layers' `Orthogonal` initializer class, as registered by tfjs-layers. */
const StockOrthogonal = stockTfjsClass('Orthogonal') as unknown as new (args: {
  gain?: number;
  seed?: number;
}) => Initializer;

/**
 * tfjs-layers' orthogonal initializer (the default recurrent initializer of `LSTM`, `GRU` and
 * `SimpleRNN`), computed as Keras 3 defines it, in a fraction of the time.
 *
 * The stock one has two problems: it calls the chained op `tensor.flatten()`, which nothing
 * registers when only tfjs-core, tfjs-layers and a backend are imported in Node, so building a
 * recurrent layer fails there with `rMat.flatten is not a function`; and its `linalg.qr` costs
 * about 8x more each time the side doubles (20 s for an LSTM(128)). This class draws the same
 * random matrix (tfjs's `randomNormal`, with the same seed) and factors it with one Householder
 * pass over a `Float64Array` ({@link orthogonalMatrix}). The adapter registers it under tfjs's own
 * class name, `Orthogonal`, so that `'orthogonal'` and every loaded model use it.
 */
export class OrthogonalInitializer extends StockOrthogonal {
  /** The class name tfjs resolves `'orthogonal'` to. */
  static readonly className = 'Orthogonal';

  /** The orthogonal matrix for `shape`, scaled by the gain, as a float32 tensor. */
  override apply(shape: number[], dtype?: DataType): Tensor {
    if (shape.length < 2) {
      throw new InvalidArgumentError(
        'shape',
        `The orthogonal initializer needs a shape of rank 2 or more. Received: [${shape.join(', ')}].`,
      );
    }
    if (dtype !== undefined && dtype !== 'float32') {
      throw new InvalidArgumentError(
        'dtype',
        `The orthogonal initializer makes float32 values. Received the dtype '${dtype}': use another initializer for this weight.`,
      );
    }
    const config = this.getConfig();
    const gain = typeof config.gain === 'number' ? config.gain : 1;
    const seed = typeof config.seed === 'number' ? config.seed : undefined;
    const rows = shape.slice(0, -1).reduce((product, dim) => product * dim, 1);
    const cols = shape[shape.length - 1] ?? 1;
    const normal = tidy(() =>
      randomNormal([Math.max(rows, cols), Math.min(rows, cols)], 0, 1, 'float32', seed).dataSync(),
    );
    return tensor(orthogonalMatrix(normal, shape, gain), shape, 'float32');
  }
}
