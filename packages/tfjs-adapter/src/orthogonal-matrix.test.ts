import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { orthogonalMatrix } from './orthogonal-matrix.js';

// Keras 3.15's own Orthogonal.__call__, run on fixed normal draws by
// tools/keras-referee/orthogonal_initializer.py (the QR, the sign of R's diagonal, the transpose of
// wide matrices, the gain and the reshape are Keras's).
interface KerasCase {
  readonly shape: number[];
  readonly gain: number;
  readonly normal: number[];
  readonly keras: number[];
}
const KERAS = JSON.parse(
  readFileSync(new URL('./orthogonal-matrix.keras.json', import.meta.url), 'utf8'),
) as { cases: KerasCase[] };

/** The largest |(MᵀM or MMᵀ) - gain² I| entry of a rows x cols row-major matrix, in float64. */
function orthogonalityError(values: ArrayLike<number>, rows: number, cols: number, gain = 1) {
  const tall = rows >= cols;
  const side = Math.min(rows, cols);
  const at = (i: number, k: number) => (tall ? values[k * cols + i] : values[i * cols + k]) ?? NaN;
  let worst = 0;
  for (let i = 0; i < side; i++) {
    for (let j = 0; j < side; j++) {
      let dot = 0;
      for (let k = 0; k < Math.max(rows, cols); k++) dot += at(i, k) * at(j, k);
      worst = Math.max(worst, Math.abs(dot - (i === j ? gain * gain : 0)));
    }
  }
  return worst;
}

/** A deterministic standard-normal-ish draw (Box-Muller over a linear congruential generator). */
function normalDraw(count: number, seed: number): Float64Array {
  let state = seed >>> 0;
  const uniform = () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return (state + 1) / 4294967297;
  };
  return Float64Array.from(
    { length: count },
    () => Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform()),
  );
}

describe('orthogonalMatrix', () => {
  for (const { shape, gain, normal, keras } of KERAS.cases) {
    it(`equals Keras's Orthogonal(gain=${gain}) for the shape [${shape.join(', ')}]`, () => {
      const ours = orthogonalMatrix(normal, shape, gain);
      expect(ours.length).toBe(keras.length);
      ours.forEach((value, index) => {
        expect(Math.abs(value - (keras[index] ?? NaN)), `entry ${index}`).toBeLessThan(2e-6);
      });
    });
  }

  it.each([
    [512, 128],
    [128, 512],
    [150, 150],
  ])('is orthogonal to float32 precision for %i x %i', (rows, cols) => {
    const values = orthogonalMatrix(normalDraw(rows * cols, rows + cols), [rows, cols], 1);
    expect(orthogonalityError(values, rows, cols)).toBeLessThan(1e-5);
  });

  it('scales by the gain: QᵀQ = gain² I', () => {
    const values = orthogonalMatrix(normalDraw(40 * 8, 3), [40, 8], 3);
    expect(orthogonalityError(values, 40, 8, 3)).toBeLessThan(1e-5);
  });

  it('gives an empty matrix for a shape with a zero dimension', () => {
    expect(orthogonalMatrix([], [0, 5], 1)).toEqual(new Float32Array(0));
    expect(orthogonalMatrix([], [3, 0], 1)).toEqual(new Float32Array(0));
  });

  it('refuses a draw of the wrong size, naming both sizes', () => {
    expect(() => orthogonalMatrix([1, 2, 3], [2, 2], 1)).toThrow(
      /expected 4 normal values for the shape \[2, 2\], received 3/,
    );
  });
});
