// What the kernel checks and the bench need to know about tfjs's WebGL backend from the outside:
// the layout of a tensor's texture, and how many shader compilations and draws (program runs) a
// call makes, counted on the page's own WebGL context. Test and bench instrumentation only.
import * as tf from '@tensorflow/tfjs-core';
import { MathBackendWebGL } from '@tensorflow/tfjs-backend-webgl';

function webglBackend(): MathBackendWebGL {
  const backend = tf.backend();
  if (!(backend instanceof MathBackendWebGL)) {
    throw new Error(`The active backend is ${tf.getBackend()}, not WebGL.`);
  }
  return backend;
}

/** Whether a tensor's data is a packed texture (2x2 values a texel) on the WebGL backend. */
export function isPackedTexture(tensor: tf.Tensor): boolean {
  return webglBackend().texData.get(tensor.dataId).isPacked === true;
}

/** The WebGL renderer, e.g. SwiftShader's, as the page's context reports it. */
export function webglRenderer(): string {
  const gl = webglBackend().gpgpu.gl;
  const debug = gl.getExtension('WEBGL_debug_renderer_info');
  return String(gl.getParameter(debug === null ? gl.RENDERER : debug.UNMASKED_RENDERER_WEBGL));
}

/**
 * Runs `run` and counts the shaders it compiles and the draws it issues (tfjs draws once per
 * program run) by wrapping the two methods on the backend's own context object for the duration.
 */
export function countGpuWork<T>(run: () => T): { result: T; compiles: number; draws: number } {
  const gl = webglBackend().gpgpu.gl;
  const compileShader = gl.compileShader.bind(gl);
  const drawElements = gl.drawElements.bind(gl);
  let compiles = 0;
  let draws = 0;
  gl.compileShader = (shader) => {
    compiles++;
    compileShader(shader);
  };
  gl.drawElements = (...args) => {
    draws++;
    drawElements(...args);
  };
  try {
    return { result: run(), compiles, draws };
  } finally {
    // Deleting the own properties brings back the prototype's methods.
    delete (gl as Partial<WebGLRenderingContext>).compileShader;
    delete (gl as Partial<WebGLRenderingContext>).drawElements;
  }
}
