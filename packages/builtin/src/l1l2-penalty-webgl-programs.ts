// The GPGPU programs of the fused L1L2 kernels on tfjs's WebGL backend: fragment-shader bodies that
// tfjs-backend-webgl wraps with its samplers (`getX`, `getXAtOutCoords`), `getOutputCoords` and
// `setOutput`. Shapes and window sizes are compiled in, as in tfjs's own programs; the factors are
// uniforms, so new factors never compile a new program.
import { util } from '@tensorflow/tfjs-core';

/**
 * The part of tfjs-backend-webgl's `GPGPUProgram` these programs use (a test pins it to the real
 * interface). Typed here so this package has no dependency on tfjs-backend-webgl.
 */
export interface WebGLProgramSpec {
  variableNames: string[];
  outputShape: number[];
  userCode: string;
  packedInputs?: boolean;
  packedOutput?: boolean;
  customUniforms?: Array<{ name: string; type: 'float' }>;
}

/**
 * Elements summed by one output of a reduction pass. Every stored partial sum covers at most this
 * many weights, which keeps it inside float16's range for typical weights (see `penaltyProgram`).
 */
export const WINDOW = 1024;

/** A packed texel holds a 2x2 block of the last two dimensions. */
const TEXEL_WINDOW = WINDOW / 4;

/**
 * Up to this many elements, the forward's first pass covers the whole input in one window, so the
 * forward is one program: a small weight (a bias, a 256 x 10 kernel) pays one program's fixed
 * cost, not two, and one thread reading 1024 texels is still quick on any GPU.
 */
export const ONE_PROGRAM_ELEMENTS = 4 * WINDOW;

/** The first pass's window over the `count` items (elements or texels) of `shape`: all when few. */
function firstWindow(shape: number[], count: number, window: number): number {
  return util.sizeFromShape(shape) <= ONE_PROGRAM_ELEMENTS ? Math.max(count, 1) : window;
}

/**
 * The shape tfjs lays a packed texture out by: rows and columns (a vector is one row, a scalar one
 * element), after the leading dimensions as one batch when there are several. Reshaping to it is
 * free for a packed texture, and rank 2 keeps the sampler's index code short.
 */
export function packedView(shape: number[]): number[] {
  const cols = shape.at(-1) ?? 1;
  const rows = shape.length >= 2 ? (shape.at(-2) as number) : 1;
  const batches = util.sizeFromShape(shape.slice(0, -2));
  return batches === 1 ? [rows, cols] : [batches, rows, cols];
}

/** A reduction pass's output: one value per window, or the scalar when one window covers all. */
function reducedShape(count: number, window: number): number[] {
  const windows = Math.ceil(count / window);
  return windows === 1 ? [] : [windows];
}

/**
 * The `main` of a reduction pass: output `o` covers items `o * window` to `(o + 1) * window - 1` of
 * `count` (elements, texels or partial sums), and `step` runs for each, with its index in `i`.
 */
function windowedMain(
  count: number,
  window: number,
  { init, step, result }: { init: string; step: string; result: string },
): string {
  return `
    void main() {
      int first = getOutputCoords() * ${window};
      ${init}
      for (int k = 0; k < ${Math.min(count, window)}; k++) {
        int i = first + k;
        if (i >= ${count}) break;
        ${step}
      }
      setOutput(${result});
    }
  `;
}

/** Accumulators of the forward's first pass, and what it outputs. */
const SUMS = {
  init: 'float sumAbs = 0.0; float sumSquares = 0.0;',
  result: 'weigh(sumAbs, sumSquares)',
};

const FACTOR_UNIFORMS: WebGLProgramSpec['customUniforms'] = [
  { name: 'l1', type: 'float' },
  { name: 'l2', type: 'float' },
  { name: 'scale', type: 'float' },
];

/** Scales after summing, and skips a term whose factor is 0, so 0 * Infinity never makes NaN. */
const WEIGH = `
  float weigh(float sumAbs, float sumSquares) {
    float total = 0.0;
    if (l1 != 0.0) total += l1 * sumAbs;
    if (l2 != 0.0) total += l2 * sumSquares;
    return total * scale;
  }
`;

/**
 * The first pass of the forward: each output is `scale * (l1 * sum|x| + l2 * sum x²)` over a window
 * of `WINDOW` elements, summed in the shader's float32 registers. Only these partial sums are
 * stored, never a per-weight term: with float16 textures `l2 * w²` would underflow for small
 * weights, while a window's sum stays well inside float16's range. Up to
 * `ONE_PROGRAM_ELEMENTS`, one window covers the tensor and this pass alone is the whole forward.
 *
 * On a packed texture, each step reads a 2x2 texel and drops the lanes past the last row or
 * column, whose contents tfjs leaves undefined.
 *
 * @param shape - the input's shape.
 * @param packed - whether the input's texture is packed: the program reads it as it is, so tfjs
 *   never packs or unpacks the weights (a full-size copy) first.
 */
export function penaltyProgram(shape: number[], packed: boolean): WebGLProgramSpec {
  if (!packed) {
    const size = util.sizeFromShape(shape);
    const window = firstWindow(shape, size, WINDOW);
    return {
      variableNames: ['x'],
      outputShape: reducedShape(size, window),
      customUniforms: FACTOR_UNIFORMS,
      userCode: `
        ${WEIGH}
        ${windowedMain(size, window, {
          ...SUMS,
          step: 'float v = getX(i); sumAbs += abs(v); sumSquares += v * v;',
        })}
      `,
    };
  }
  const view = packedView(shape);
  const [rows, cols] = view.slice(-2) as [number, number];
  const batches = view.length === 3 ? (view[0] as number) : 1;
  const texelCols = Math.ceil(cols / 2);
  const texelsPerBatch = Math.ceil(rows / 2) * texelCols;
  const texels = batches * texelsPerBatch;
  const window = firstWindow(shape, texels, TEXEL_WINDOW);
  // Texel i of a batch sits at row 2 * (i / texelCols), column 2 * (i % texelCols).
  const locate =
    batches === 1
      ? `int row = i / ${texelCols};
         int col = i - row * ${texelCols};
         row = row * 2;
         col = col * 2;
         vec4 v = getX(row, col);`
      : `int b = i / ${texelsPerBatch};
         int inBatch = i - b * ${texelsPerBatch};
         int row = inBatch / ${texelCols};
         int col = inBatch - row * ${texelCols};
         row = row * 2;
         col = col * 2;
         vec4 v = getX(b, row, col);`;
  return {
    variableNames: ['x'],
    outputShape: reducedShape(texels, window),
    packedInputs: true,
    customUniforms: FACTOR_UNIFORMS,
    userCode: `
      ${WEIGH}
      ${windowedMain(texels, window, {
        ...SUMS,
        step: `
          ${locate}
          ${cols % 2 === 1 ? `if (col + 1 == ${cols}) { v.y = 0.0; v.w = 0.0; }` : ''}
          ${rows % 2 === 1 ? `if (row + 1 == ${rows}) { v.z = 0.0; v.w = 0.0; }` : ''}
          sumAbs += dot(abs(v), vec4(1.0));
          sumSquares += dot(v, v);
        `,
      })}
    `,
  };
}

/**
 * A later pass of the forward: each output is `scale * sum` of up to `WINDOW` partial sums. The
 * caller passes `scale = 1 / WINDOW` for an intermediate pass, so stored values keep the magnitude
 * of one window's sum, and the accumulated power-of-two factor for the last one.
 *
 * @param count - the number of partial sums in the (unpacked, rank-1) input.
 */
export function sumProgram(count: number): WebGLProgramSpec {
  return {
    variableNames: ['x'],
    outputShape: reducedShape(count, WINDOW),
    customUniforms: [{ name: 'scale', type: 'float' }],
    userCode: windowedMain(count, WINDOW, {
      init: 'float total = 0.0;',
      step: 'total += getX(i);',
      result: 'total * scale',
    }),
  };
}

/**
 * `dy * (l1 * sign(v) + twoL2 * v)` for a float or a packed vec4 `v`, with `sign(0) = 0`, skipping
 * a zero factor's term, and exactly 0 when both factors are 0: the CPU kernel's semantics. GLSL
 * leaves `sign(NaN)` undefined, so NaN lanes are set to NaN afterwards, as tfjs's packed ops do.
 */
function gradientOf(type: 'float' | 'vec4'): string {
  const keepNaN =
    type === 'float'
      ? 'g = isnan(v) ? v : g;'
      : `bvec4 isNaN = isnan(v);
         g.x = isNaN.x ? v.x : g.x;
         g.y = isNaN.y ? v.y : g.y;
         g.z = isNaN.z ? v.z : g.z;
         g.w = isNaN.w ? v.w : g.w;`;
  return `
    ${type} gradientOf(${type} v, float dy) {
      if (l1 == 0.0 && twoL2 == 0.0) return ${type}(0.0);
      ${type} slope = ${type}(0.0);
      if (l1 != 0.0) slope += l1 * sign(v);
      if (twoL2 != 0.0) slope += twoL2 * v;
      ${type} g = dy * slope;
      ${keepNaN}
      return g;
    }
  `;
}

/** The fields tfjs gives output coordinates, up to rank 6. */
const FIELDS = ['x', 'y', 'z', 'w', 'u', 'v'];

/**
 * Sets to 0 the lanes of the packed output texel `g` that lie past the last row or column of
 * `shape`, as tfjs's own packed division does, so later programs that read whole texels see 0
 * there. Nothing is emitted when both are even, the common case.
 */
function zeroPadding(shape: number[]): string {
  const rank = shape.length;
  // A scalar's texel holds it alone; a vector's texel is one row of two values.
  if (rank === 0) return 'g.yzw = vec3(0.0);';
  const cols = shape[rank - 1] as number;
  const rows = rank === 1 ? 1 : (shape[rank - 2] as number);
  const coord = (axis: number): string => (rank === 1 ? 'coords' : `coords.${FIELDS[axis]}`);
  const edges: string[] = [];
  if (cols % 2 === 1)
    edges.push(`if (${coord(rank - 1)} + 1 == ${cols}) { g.y = 0.0; g.w = 0.0; }`);
  if (rank > 1 && rows % 2 === 1) {
    edges.push(`if (${coord(rank - 2)} + 1 == ${rows}) { g.z = 0.0; g.w = 0.0; }`);
  }
  const vector = rank === 1 ? 'g.zw = vec2(0.0);' : '';
  if (edges.length === 0) return vector;
  return `${rank === 1 ? 'int' : `ivec${rank}`} coords = getOutputCoords();
    ${edges.join('\n')}
    ${vector}`;
}

/**
 * The backward pass, one elementwise program: `x` and the scalar `dy` in, the gradient out, in the
 * input's layout: a packed input gives a packed gradient of the same shape (whose own coordinate
 * code is the cheapest), an unpacked one a flat gradient the caller reshapes for free.
 *
 * @param shape - the shape `x` is passed with: its own when packed, `[size]` when not.
 */
export function gradientProgram(shape: number[], packed: boolean): WebGLProgramSpec {
  const customUniforms: WebGLProgramSpec['customUniforms'] = [
    { name: 'l1', type: 'float' },
    { name: 'twoL2', type: 'float' },
  ];
  if (!packed) {
    return {
      variableNames: ['x', 'dy'],
      outputShape: shape.slice(),
      customUniforms,
      userCode: `
        ${gradientOf('float')}
        void main() {
          setOutput(gradientOf(getXAtOutCoords(), getDy()));
        }
      `,
    };
  }
  return {
    variableNames: ['x', 'dy'],
    outputShape: shape.slice(),
    packedInputs: true,
    packedOutput: true,
    customUniforms,
    userCode: `
      ${gradientOf('vec4')}
      void main() {
        vec4 g = gradientOf(getXAtOutCoords(), getDy().x);
        ${zeroPadding(shape)}
        setOutput(g);
      }
    `,
  };
}
