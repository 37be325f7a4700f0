// The GPU kernels see tfjs's WebGL and WebGPU backends through structural views, so that builtin
// needs neither package. These pin the views to the real classes of tfjs 4.22: a tfjs release
// that renames or retypes what the kernels use fails here, by name.
import { describe, expectTypeOf, it } from 'vitest';
import type { GPGPUProgram, MathBackendWebGL } from '@tensorflow/tfjs-backend-webgl';
import type { WebGPUBackend, WebGPUProgram } from '@tensorflow/tfjs-backend-webgpu';
import type { WebGLBackendView } from './l1l2-penalty-webgl-kernels.js';
import type { WebGLProgramSpec } from './l1l2-penalty-webgl-programs.js';
import type { WebGPUBackendView } from './l1l2-penalty-webgpu-kernels.js';
import type { WebGPUProgramSpec } from './l1l2-penalty-webgpu-programs.js';

describe('the GPU kernels against tfjs 4.22', () => {
  it('use only what MathBackendWebGL has, and give it GPGPUPrograms', () => {
    expectTypeOf<MathBackendWebGL>().toExtend<WebGLBackendView>();
    expectTypeOf<WebGLProgramSpec>().toExtend<GPGPUProgram>();
  });

  it('use only what WebGPUBackend has, and give it WebGPUPrograms', () => {
    expectTypeOf<WebGPUBackend>().toExtend<WebGPUBackendView>();
    expectTypeOf<WebGPUProgramSpec>().toExtend<WebGPUProgram>();
  });
});
