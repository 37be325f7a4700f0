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

/** Replaces `gl[name]` with a wrapper that calls `onCall` first; returns what restores it. */
function wrapMethod(gl: WebGLRenderingContext, name: string, onCall: () => void): () => void {
  const context = gl as unknown as Record<string, unknown>;
  const method = context[name];
  if (typeof method !== 'function') return () => undefined;
  context[name] = (...args: unknown[]): unknown => {
    onCall();
    return (method as (...args: unknown[]) => unknown).apply(gl, args);
  };
  // Deleting the own property brings back the prototype's method.
  return () => {
    // eslint-disable-next-line @typescript-eslint/no-dynamic-delete
    delete context[name];
  };
}

/** What `countGpuWork` counted. */
export interface GpuWork<T> {
  result: T;
  /** Shaders compiled. */
  compiles: number;
  /** Draws: tfjs draws once per program run. */
  draws: number;
  /** Reads from the GPU (readPixels, getBufferSubData), each a stall until the GPU is done. */
  readBacks: number;
}

/**
 * Runs `run` and counts the shaders it compiles, the draws it issues and the reads it makes, by
 * wrapping those methods on the backend's own context object for the duration.
 */
export function countGpuWork<T>(run: () => T): GpuWork<T> {
  const gl = webglBackend().gpgpu.gl;
  const counts = { compiles: 0, draws: 0, readBacks: 0 };
  const restore = [
    wrapMethod(gl, 'compileShader', () => counts.compiles++),
    wrapMethod(gl, 'drawElements', () => counts.draws++),
    wrapMethod(gl, 'readPixels', () => counts.readBacks++),
    wrapMethod(gl, 'getBufferSubData', () => counts.readBacks++),
  ];
  try {
    return { result: run(), ...counts };
  } finally {
    for (const undo of restore) undo();
  }
}
