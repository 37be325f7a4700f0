import {
  linalg,
  mul,
  randomNormal,
  reshape,
  scalar,
  sign,
  stridedSlice,
  tidy,
  transpose,
} from '@tensorflow/tfjs-core';
import type { DataType, Tensor, Tensor2D } from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { stockTfjsClass } from './tfjs-internals.js';

type Initializer = ReturnType<typeof tfl.initializers.orthogonal>;

/** tfjs-layers' `Orthogonal` initializer class, as registered by tfjs-layers. */
const StockOrthogonal = stockTfjsClass('Orthogonal') as unknown as new (args: {
  gain?: number;
  seed?: number;
}) => Initializer;

/**
 * tfjs-layers' orthogonal initializer, computed with functional ops.
 *
 * The stock one calls the chained op `tensor.flatten()`, which nothing registers when only
 * tfjs-core, tfjs-layers and a backend are imported in Node, so building an LSTM, GRU or SimpleRNN
 * (whose recurrent initializer is orthogonal) fails there with `rMat.flatten is not a function`.
 * This class draws the same random matrix and returns the same values; the adapter registers it
 * under tfjs's own class name, `Orthogonal`.
 */
export class OrthogonalInitializer extends StockOrthogonal {
  /** The class name tfjs resolves `'orthogonal'` to. */
  static readonly className = 'Orthogonal';

  /** The orthogonal matrix for `shape`, scaled by the gain. */
  override apply(shape: number[], dtype?: DataType): Tensor {
    const config = this.getConfig();
    const gain = typeof config.gain === 'number' ? config.gain : 1;
    const seed = typeof config.seed === 'number' ? config.seed : undefined;
    return tidy(() => {
      if (shape.length < 2)
        throw new Error(
          `The orthogonal initializer needs a shape of rank 2 or more. Received: [${shape.join(', ')}]`,
        );
      const numRows = shape.slice(0, -1).reduce((product, dim) => product * dim, 1);
      const numCols = shape[shape.length - 1] ?? 1;
      const rank = Math.min(numCols, numRows);
      const random = randomNormal(
        [Math.max(numCols, numRows), rank],
        0,
        1,
        dtype as 'float32' | undefined,
        seed,
      );
      const [q, r] = linalg.qr(random, false) as [Tensor2D, Tensor2D];
      const diagonal = stridedSlice(reshape(r, [-1]), [0], [rank * rank], [rank + 1]);
      const uniform = mul(q, sign(diagonal));
      const oriented = numRows < numCols ? transpose(uniform) : uniform;
      return mul(scalar(gain), reshape(oriented, shape));
    });
  }
}
