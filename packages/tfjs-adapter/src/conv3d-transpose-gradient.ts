/* tfjs: tfjs-core/src/gradients/Conv2DBackpropInput_grad.ts, in three dimensions */
import {
  Conv3DBackpropInputV2,
  conv3d,
  getGradient,
  registerGradient,
} from '@tensorflow/tfjs-core';
import type { GradConfig, NamedAttrMap, Tensor, Tensor5D } from '@tensorflow/tfjs-core';
import { conv3dFilterGradient } from './tfjs-internals.js';

type Attrs = { strides: [number, number, number] | number; pad: 'valid' | 'same' };

/**
 * The gradient of `conv3dTranspose` (kernel `Conv3DBackpropInputV2`), which tfjs-core 4.22 lacks,
 * so that `Conv3DTranspose` layers train. The op is the adjoint of `conv3d` with respect to its
 * input, so its input's gradient is `conv3d(dy, filter)`, and its filter's is the filter gradient
 * of `conv3d(dy, filter)` against its input, as for tfjs's own two-dimensional gradient.
 */
export const conv3dTransposeGradient: GradConfig = {
  kernelName: Conv3DBackpropInputV2,
  inputsToSave: ['dy', 'filter'],
  gradFunc: (dy: Tensor | Tensor[], saved: Tensor[], attrs: NamedAttrMap) => {
    const [input, filter] = saved as [Tensor5D, Tensor5D];
    const { strides, pad } = attrs as unknown as Attrs;
    return {
      dy: () => conv3d(dy as Tensor5D, filter, strides, pad),
      filter: () => conv3dFilterGradient(dy as Tensor5D, input, filter.shape, strides, pad),
    };
  },
};

/** Registers {@link conv3dTransposeGradient}, unless tfjs (or someone) already has one. */
export function registerConv3dTransposeGradient(): void {
  // tfjs types getGradient as always finding one; it returns undefined when none is registered.
  const existing = getGradient(Conv3DBackpropInputV2) as GradConfig | undefined;
  if (existing === undefined) registerGradient(conv3dTransposeGradient);
}
