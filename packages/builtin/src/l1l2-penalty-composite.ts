import {
  abs,
  add,
  customGrad,
  isNaN as isNaNOp,
  mul,
  scalar,
  sign,
  square,
  sum,
  tidy,
  where,
  zerosLike,
} from '@tensorflow/tfjs-core';
import type { GradSaveFunc, Scalar, Tensor } from '@tensorflow/tfjs-core';

/**
 * Computes `l1 * sum(|x|) + l2 * sum(x²)` from stock tfjs ops, with the same analytic gradient
 * `dy * (l1 * sign(x) + 2 * l2 * x)` as the fused kernel.
 *
 * It is the path `l1l2Penalty` takes on backends with no fused `RegularizersL1L2Penalty` kernel
 * (WebGL, WASM, WebGPU, ...). It scales after summing, skips a term whose factor is exactly 0 (so
 * `0 * Infinity` never makes NaN), and brings its own gradient because tfjs autodiff would give
 * `sign(0) = -1` through `abs` and because in Node tfjs-core registers no gradients at all.
 * Callers pass a float32 `x` and finite factors `>= 0`.
 */
export function l1l2PenaltyComposite(x: Tensor, l1: number, l2: number): Scalar {
  const penalty = customGrad<Scalar>((...args) => {
    const input = args[0] as Tensor;
    const save = args[1] as GradSaveFunc;
    save([input]);
    const value = tidy((): Scalar => {
      const l1Term = l1 !== 0 ? mul<Scalar>(l1, sum(abs(input))) : undefined;
      const l2Term = l2 !== 0 ? mul<Scalar>(l2, sum(square(input))) : undefined;
      if (l1Term !== undefined && l2Term !== undefined) return add<Scalar>(l1Term, l2Term);
      return l1Term ?? l2Term ?? scalar(0);
    });
    return {
      value,
      gradFunc: (dy: Scalar, saved: Tensor[]): Tensor => {
        const [savedX] = saved;
        if (savedX === undefined) {
          throw new Error('l1l2PenaltyComposite: the input was not saved for the gradient.');
        }
        return tidy(() => {
          // sign(0) = 0 as in TensorFlow; NaN stays NaN, as in the fused kernel.
          const l1Slope =
            l1 !== 0 ? mul(l1, where(isNaNOp(savedX), savedX, sign(savedX))) : undefined;
          const l2Slope = l2 !== 0 ? mul(2 * l2, savedX) : undefined;
          if (l1Slope === undefined && l2Slope === undefined) return zerosLike(savedX);
          const slope =
            l1Slope !== undefined && l2Slope !== undefined
              ? add(l1Slope, l2Slope)
              : ((l1Slope ?? l2Slope) as Tensor);
          return mul(dy, slope);
        });
      },
    };
  });
  return penalty(x);
}
