/* Keras: keras/src/initializers/random_initializers.py, Orthogonal.__call__ (Keras 3.15) */

/**
 * Keras's orthogonal initializer, given its random draw: the matrix of `shape` (rank 2 or more,
 * read as `product(shape[:-1])` rows by `shape[-1]` columns) with orthonormal columns when it has
 * at least as many rows as columns, else orthonormal rows, times `gain`.
 *
 * `normal` holds the draw, row-major, in Keras's flat shape `[max(rows, cols), min(rows, cols)]`.
 * As in Keras, it is factored `A = QR`, each column of `Q` is multiplied by the sign of the matching
 * diagonal entry of `R` (which makes the result independent of how the QR is computed, and
 * uniformly distributed over orthogonal matrices), transposed when the matrix is wide, scaled by
 * the gain and returned row-major for `shape`.
 *
 * It exists because tfjs's `linalg.qr` is built from many small tensor ops and its cost grows about
 * 8x each time the side doubles (an LSTM(128) took 20 s to build, an LSTM(256) over 100 s). Here the
 * QR is one Householder pass over a `Float64Array`: about 2mn² operations for R and as many for Q,
 * a fraction of a second for the 1024 x 256 recurrent kernel of an LSTM(256).
 */
export function orthogonalMatrix(
  normal: ArrayLike<number>,
  shape: readonly number[],
  gain: number,
): Float32Array {
  const cols = shape[shape.length - 1] ?? 0;
  const rows = shape.slice(0, -1).reduce((product, dim) => product * dim, 1);
  const long = Math.max(rows, cols);
  const short = Math.min(rows, cols);
  if (normal.length !== long * short) {
    throw new RangeError(
      `orthogonalMatrix: expected ${long * short} normal values for the shape [${shape.join(', ')}], received ${normal.length}.`,
    );
  }
  const q = signCorrectedQ(normal, long, short);
  const result = new Float32Array(rows * cols);
  // q is column-major, long x short: entry (i, j) at q[j * long + i].
  for (let row = 0; row < rows; row++) {
    for (let col = 0; col < cols; col++) {
      const value = rows >= cols ? q[col * long + row] : q[row * long + col];
      result[row * cols + col] = gain * (value ?? 0);
    }
  }
  return result;
}

/**
 * The thin `Q` (long x short, column-major) of the Householder QR of `matrix` (long x short,
 * row-major, long >= short), with column j multiplied by sign(R[j][j]). A column whose remaining
 * part is zero gets no reflection (R[j][j] = 0), as in LAPACK, so its column of the result is zero,
 * as Keras's `sign(0) = 0` makes it.
 */
function signCorrectedQ(matrix: ArrayLike<number>, long: number, short: number): Float64Array {
  // Column-major working copy: every inner loop below runs down a column, over contiguous memory.
  const a = new Float64Array(long * short);
  for (let i = 0; i < long; i++) {
    for (let j = 0; j < short; j++) a[j * long + i] = matrix[i * short + j] ?? 0;
  }
  // Reflection j is H = I - tau[j] v vᵀ, with v[j] = 1 and v[j+1..] stored below a's diagonal.
  const tau = new Float64Array(short);
  const diagonalSign = new Float64Array(short);
  for (let j = 0; j < short; j++) {
    const column = j * long;
    let norm = 0;
    for (let i = j; i < long; i++) norm += (a[column + i] as number) ** 2;
    norm = Math.sqrt(norm);
    const alpha = a[column + j] as number;
    if (norm === 0) continue; // no reflection: tau = 0, R[j][j] = 0
    const beta = alpha > 0 ? -norm : norm; // R[j][j], of the sign that avoids cancellation
    tau[j] = (beta - alpha) / beta;
    diagonalSign[j] = Math.sign(beta);
    const scale = 1 / (alpha - beta);
    for (let i = j + 1; i < long; i++) a[column + i] = (a[column + i] as number) * scale;
    a[column + j] = beta;
    for (let k = j + 1; k < short; k++) reflect(a, column, tau[j] as number, a, k * long, j, long);
  }
  // Q = H_0 … H_{short-1} applied to the first `short` columns of the identity, last reflection
  // first, so that reflection j only touches rows and columns from j on.
  const q = new Float64Array(long * short);
  for (let j = 0; j < short; j++) q[j * long + j] = 1;
  for (let j = short - 1; j >= 0; j--) {
    const t = tau[j] as number;
    if (t === 0) continue;
    for (let k = j; k < short; k++) reflect(a, j * long, t, q, k * long, j, long);
  }
  for (let j = 0; j < short; j++) {
    const sign = diagonalSign[j] as number;
    for (let i = 0; i < long; i++) q[j * long + i] = (q[j * long + i] as number) * sign;
  }
  return q;
}

/**
 * Applies the reflection I - tau v vᵀ (v read from `vectors` at `vectorStart`, with v[from] = 1 and
 * v[i] for i > from stored there) to rows `from..length-1` of the column of `target` at `start`.
 */
function reflect(
  vectors: Float64Array,
  vectorStart: number,
  tau: number,
  target: Float64Array,
  start: number,
  from: number,
  length: number,
): void {
  let dot = target[start + from] as number;
  for (let i = from + 1; i < length; i++) {
    dot += (vectors[vectorStart + i] as number) * (target[start + i] as number);
  }
  const factor = tau * dot;
  target[start + from] = (target[start + from] as number) - factor;
  for (let i = from + 1; i < length; i++) {
    target[start + i] =
      (target[start + i] as number) - factor * (vectors[vectorStart + i] as number);
  }
}
