/* Keras: keras/src/layers/rnn/gru.py (GRUCell.call, implementation 2) */
import {
  add,
  dropout,
  keep,
  matMul,
  mul,
  onesLike,
  split,
  squeeze,
  sub,
  tidy,
} from '@tensorflow/tfjs-core';
import type { Tensor } from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import type { LayerClass } from './regularized-layer.js';
import { setRnnCell, stockTfjsClass } from './tfjs-internals.js';

type GRUCell = ReturnType<typeof tfl.layers.gruCell>;
type GRUCellArgs = Parameters<typeof tfl.layers.gruCell>[0];
type Kwargs = Parameters<GRUCell['call']>[1];
type Shape = Parameters<GRUCell['build']>[0];

/** tfjs-layers' `GRUCell`, as registered by tfjs-layers. */
const StockGRUCell = stockTfjsClass('GRUCell') as unknown as new (args: GRUCellArgs) => GRUCell;

/**
 * tfjs's `GRUCell`, with Keras's `reset_after=True` (the default of tf.keras 2 and Keras 3), which
 * tfjs 4.22 refuses: the reset gate multiplies the recurrent projection after the matrix product,
 * and the bias has shape `[2, 3 * units]`, the input bias then the recurrent bias, as Keras saves
 * it. With `resetAfter: false` (tfjs's default, and its only mode) it is tfjs's cell unchanged.
 *
 * Dropout follows Keras's implementation 2: one input mask and one recurrent mask per sequence,
 * drawn when training (not the same random numbers as Keras, which no two libraries share).
 */
export class KerasGRUCell extends StockGRUCell {
  /** The class name of tfjs's GRUCell, under which model files name it. */
  static readonly className = 'GRUCell';
  /** Whether the reset gate applies after the recurrent matrix product (Keras's default). */
  readonly resetAfter: boolean;

  constructor(args: GRUCellArgs) {
    super({ ...args, resetAfter: false });
    this.resetAfter = args.resetAfter === true;
  }

  override build(inputShape: Shape): void {
    if (!this.resetAfter) {
      super.build(inputShape);
      return;
    }
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as number[];
    const inputDim = shape[shape.length - 1] ?? 0;
    const gates = this.units * 3;
    this.kernel = this.addWeight(
      'kernel',
      [inputDim, gates],
      undefined,
      this.kernelInitializer,
      this.kernelRegularizer,
      true,
      this.kernelConstraint,
    );
    this.recurrentKernel = this.addWeight(
      'recurrent_kernel',
      [this.units, gates],
      undefined,
      this.recurrentInitializer,
      this.recurrentRegularizer,
      true,
      this.recurrentConstraint,
    );
    if (this.useBias) {
      this.bias = this.addWeight(
        'bias',
        [2, gates],
        undefined,
        this.biasInitializer,
        this.biasRegularizer,
        true,
        this.biasConstraint,
      );
    }
    this.built = true;
  }

  override call(inputs: Tensor | Tensor[], kwargs: Kwargs): Tensor | Tensor[] {
    if (!this.resetAfter) return super.call(inputs, kwargs);
    return tidy(() => {
      const [x, hPrevious] = inputs as [Tensor, Tensor];
      const training = kwargs.training === true;
      const inputMask = this.#mask('dropoutMask', this.dropout, x, training);
      const recurrentMask = this.#mask(
        'recurrentDropoutMask',
        this.recurrentDropout,
        hPrevious,
        training,
      );
      let matrixX = matMul(inputMask === null ? x : mul(x, inputMask), this.kernel.read());
      const hMasked = recurrentMask === null ? hPrevious : mul(hPrevious, recurrentMask);
      let matrixInner = matMul(hMasked, this.recurrentKernel.read());
      if (this.useBias) {
        const [inputBias, recurrentBias] = split(this.bias.read(), 2, 0).map((row) =>
          squeeze(row, [0]),
        ) as [Tensor, Tensor];
        matrixX = add(matrixX, inputBias);
        matrixInner = add(matrixInner, recurrentBias);
      }
      const [xZ, xR, xH] = split(matrixX, 3, -1) as [Tensor, Tensor, Tensor];
      const [recurrentZ, recurrentR, recurrentH] = split(matrixInner, 3, -1) as [
        Tensor,
        Tensor,
        Tensor,
      ];
      const z = this.recurrentActivation.apply(add(xZ, recurrentZ));
      const r = this.recurrentActivation.apply(add(xR, recurrentR));
      const hh = this.activation.apply(add(xH, mul(r, recurrentH)));
      const h = add(mul(z, hPrevious), mul(sub(1, z), hh));
      return [h, h];
    });
  }

  override getConfig(): ReturnType<GRUCell['getConfig']> {
    return { ...super.getConfig(), resetAfter: this.resetAfter };
  }

  /**
   * The dropout mask of one sequence, drawn on its first step when training, kept in tfjs's own
   * field so that the GRU layer disposes it before its next call, as it does tfjs's masks.
   */
  #mask(
    field: 'dropoutMask' | 'recurrentDropoutMask',
    rate: number,
    like: Tensor,
    training: boolean,
  ): Tensor | null {
    if (!training || !(rate > 0 && rate < 1)) return null;
    // tfjs types the field as always set; it is null until the sequence's first step.
    const mask = (this[field] as Tensor | null) ?? keep(dropout(onesLike(like), rate));
    this[field] = mask;
    return mask;
  }
}

/**
 * Makes a `GRU` layer class run {@link KerasGRUCell}, so that it takes `resetAfter: true`: the
 * stock constructor builds a cell that refuses it, which this replaces before anything is built.
 */
export function withKerasGruCell(Base: LayerClass): LayerClass {
  abstract class KerasGRU extends Base {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    constructor(...args: any[]) {
      const layerArgs = args[0] as GRUCellArgs;
      super({ ...layerArgs, resetAfter: false });
      setRnnCell(this as unknown as tfl.RNN, new KerasGRUCell(layerArgs));
    }
  }
  return KerasGRU;
}
