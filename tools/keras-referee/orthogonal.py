"""Keras's OrthogonalRegularizer, penalties and gradients, as the referee of ours.

Writes packages/builtin/src/orthogonal-regularizer.keras.json, which
packages/builtin/src/orthogonal-regularizer.keras.test.ts reads. Run from the repository root:

    KERAS_BACKEND=jax .venv-keras/bin/python tools/keras-referee/orthogonal.py

For each case it records, for the same float32 input:

- "kerasOnJax": what Keras 3.15.1 on JAX computes, the penalty and `jax.grad` of it. JAX
  differentiates `abs` at 0 as +1, so where an off-diagonal product is exactly 0 (an identity
  kernel, an all-zero row) its gradient differs from Keras on TensorFlow and torch, and an
  all-zero row gives NaN (the derivative of rsqrt at 0, times 0). With one vector, Keras divides
  0 by 0 pairs: NaN.
- "signConvention": the expectation under the convention of Keras on TensorFlow and torch, and of this
  project: `d|p|/dp = sign(p)`, 0 at 0. It is computed here in float64 numpy, from the formula
  written out (no autodiff), and checked against central finite differences of the float64
  penalty (a central difference sees sign(0) = 0 at a kink of |p|). Where the norm is clamped
  (sum of squares below 1e-14), the clamp is a constant, as in Keras on TensorFlow, so an all-zero
  row gets 0. One vector, or none, gives a penalty of 0 and a zero gradient, where Keras gives NaN.

"zeroProducts" counts the off-diagonal products that are exactly 0: where it is 0, the two
agree to float32 precision. Numbers are written with 10 significant digits, non-finite ones as the
strings "NaN", "Infinity" and "-Infinity".
"""

import json
import os
import subprocess
from pathlib import Path

os.environ.setdefault("KERAS_BACKEND", "jax")

import jax  # noqa: E402
import jax.numpy as jnp  # noqa: E402
import keras  # noqa: E402
import numpy as np  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
OUTPUT = ROOT / "packages/builtin/src/orthogonal-regularizer.keras.json"
EPSILON = 1e-7  # keras.backend.epsilon(), the bound of the norm in ops.normalize


def generic(rows, columns, seed):
    """A reproducible matrix of values with three decimals, none of them 0."""
    values = np.random.default_rng(seed).uniform(-1, 1, (rows, columns)).round(3)
    values[values == 0] = 0.5
    return values.tolist()


M = [
    [0.1, -0.2, 0.3, -0.4],
    [0.5, 0.6, -0.7, 0.8],
    [-0.9, 1, 1.1, -1.2],
    [1.3, -1.4, 1.5, 1.6],
]
X = [[1, 1, 1, 1], [2, 0, 0, 0], [0, 0, 3, 1]]
ZERO_ROW = [[0, 0, 0], [1, 2, 2], [2, 1, -1]]

# name, input, factor, mode, finite-difference step
CASES = [
    ("identity, rows", np.eye(4).tolist(), 1.0, "rows", 1e-6),
    ("identity, columns", np.eye(4).tolist(), 1.0, "columns", 1e-6),
    ("M, rows", M, 0.1, "rows", 1e-6),
    ("M, columns", M, 0.1, "columns", 1e-6),
    ("X, rows", X, 0.1, "rows", 1e-6),
    ("X, columns", X, 0.1, "columns", 1e-6),
    ("generic 6x4, rows", generic(6, 4, 1), 0.3, "rows", 1e-6),
    ("generic 6x4, columns", generic(6, 4, 2), 0.3, "columns", 1e-6),
    ("one zero product, rows", [[1, 0, 0], [0, 1, 1], [1, 1, 0]], 1.0, "rows", 1e-6),
    ("an all-zero row, rows", ZERO_ROW, 1.0, "rows", 1e-6),
    ("an all-zero column, columns", np.transpose(ZERO_ROW).tolist(), 1.0, "columns", 1e-6),
    (
        "a row under the norm's bound, rows",
        [[1e-8, 0, -2e-8], [1, 2, 2], [2, 1, -1]],
        1.0,
        "rows",
        1e-11,
    ),
    ("one row, rows", [[1, 2, 3, 4]], 1.0, "rows", 1e-6),
    ("one column, columns", [[1], [2], [3], [4]], 1.0, "columns", 1e-6),
    ("one column of five rows, rows", [[1], [-2], [3], [0], [5]], 1.0, "rows", 1e-6),
    ("empty [0, 5], rows", np.zeros((0, 5)), 1.0, "rows", 1e-6),
    ("empty [0, 5], columns", np.zeros((0, 5)), 1.0, "columns", 1e-6),
]


def keras_on_jax(x, factor, mode):
    """Keras's own penalty and its JAX gradient, in float32."""
    regularizer = keras.regularizers.OrthogonalRegularizer(factor=factor, mode=mode)
    penalty, gradient = jax.value_and_grad(lambda w: regularizer(w))(jnp.asarray(x))
    return float(penalty), np.asarray(gradient, dtype=np.float64)


def off_diagonal_products(x, mode):
    """The vectors, normalised as Keras does, their products off the diagonal, and which are clamped."""
    vectors = x if mode == "rows" else x.T
    squares = (vectors**2).sum(axis=1, keepdims=True)
    clamped = squares < EPSILON**2
    inverse_norm = np.where(clamped, 1 / EPSILON, 1 / np.sqrt(np.where(clamped, 1, squares)))
    normalized = vectors * inverse_norm
    products = normalized @ normalized.T * (1 - np.eye(len(vectors)))
    return normalized, products, clamped, inverse_norm


def sign_convention(x, factor, mode):
    """The penalty and its gradient in float64, with sign(0) = 0 and the clamp held constant."""
    count = x.shape[0] if mode == "rows" else x.shape[1]
    if count < 2:
        return 0.0, np.zeros_like(x)
    normalized, products, clamped, inverse_norm = off_diagonal_products(x, mode)
    scale = factor * 0.5 / (count * (count - 1) / 2)
    penalty = scale * np.abs(products).sum()
    signs = np.sign(products)
    gradient_normalized = scale * (signs + signs.T) @ normalized
    radial = np.where(clamped, 0, (normalized * gradient_normalized).sum(axis=1, keepdims=True))
    gradient = inverse_norm * (gradient_normalized - normalized * radial)
    return penalty, gradient if mode == "rows" else gradient.T


def central_differences(x, factor, mode, step):
    """The gradient of the float64 penalty by central differences, entry by entry."""
    gradient = np.zeros_like(x)
    for index in np.ndindex(*x.shape):
        plus, minus = x.copy(), x.copy()
        plus[index] += step
        minus[index] -= step
        gradient[index] = (
            sign_convention(plus, factor, mode)[0] - sign_convention(minus, factor, mode)[0]
        ) / (2 * step)
    return gradient


def json_number(value):
    if np.isnan(value):
        return "NaN"
    if np.isinf(value):
        return "Infinity" if value > 0 else "-Infinity"
    return float(f"{value:.10g}")


def json_matrix(matrix):
    """Rows of numbers; an empty matrix is [], its shape recorded beside it."""
    return [[json_number(value) for value in row] for row in matrix]


def main():
    cases = []
    for name, values, factor, mode, step in CASES:
        x = np.asarray(values, dtype=np.float32)
        shape = list(x.shape)
        keras_penalty, keras_gradient = keras_on_jax(x, factor, mode)
        # The expectation reads the same float32 numbers, in float64.
        sign_penalty, sign_gradient = sign_convention(x.astype(np.float64), factor, mode)
        numeric = central_differences(x.astype(np.float64), factor, mode, step)
        scale = max(1.0, np.abs(sign_gradient).max(initial=0))
        assert np.allclose(numeric, sign_gradient, rtol=1e-5, atol=1e-5 * scale), name
        _, products, _, _ = off_diagonal_products(x.astype(np.float64), mode)
        zero_products = int((products == 0).sum() - len(products))
        cases.append(
            {
                "name": name,
                "factor": factor,
                "mode": mode,
                "shape": shape,
                "x": json_matrix(x.astype(np.float64)),
                "zeroProducts": zero_products,
                "kerasOnJax": {
                    "penalty": json_number(keras_penalty),
                    "gradient": json_matrix(keras_gradient),
                },
                "signConvention": {
                    "penalty": json_number(sign_penalty),
                    "gradient": json_matrix(sign_gradient),
                },
            }
        )
    document = {
        "generator": "tools/keras-referee/orthogonal.py",
        "keras": keras.__version__,
        "backend": keras.backend.backend(),
        "jax": jax.__version__,
        "numpy": np.__version__,
        "cases": cases,
    }
    OUTPUT.write_text(json.dumps(document, indent=2) + "\n")
    # The repository's Prettier, as npm test checks it (it also makes the file half as long).
    subprocess.run(["npx", "prettier", "--write", str(OUTPUT)], cwd=ROOT, check=True)
    print(f"Wrote {len(cases)} cases to {OUTPUT}")


if __name__ == "__main__":
    main()
