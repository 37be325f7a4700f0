"""Keras's orthogonal initializer on fixed normal matrices, for the adapter's orthogonal-matrix test.

Writes packages/tfjs-adapter/src/orthogonal-matrix.keras.json. Each case gives a shape, a gain, the
normal matrix (of Keras's flat shape: max(rows, cols) x min(rows, cols)) and what Keras 3's
`keras.initializers.Orthogonal(gain)(shape)` returns when its random draw is that matrix. The draw
is replaced, not the algorithm: Keras's own __call__ runs (QR, sign of R's diagonal, transpose for
wide matrices, gain, reshape).

    KERAS_BACKEND=jax .venv-keras/bin/python tools/keras-referee/orthogonal_initializer.py
    npx prettier --write packages/tfjs-adapter/src/orthogonal-matrix.keras.json
"""

import json
import pathlib

import numpy as np

import keras
from keras.src.initializers import random_initializers

OUT = (
    pathlib.Path(__file__).resolve().parents[2]
    / "packages/tfjs-adapter/src/orthogonal-matrix.keras.json"
)

# (shape, gain, columns of the normal matrix to set to zero)
CASES = [
    ([4, 4], 1.0, []),
    ([7, 3], 1.0, []),  # tall: orthonormal columns
    ([3, 7], 1.0, []),  # wide: orthonormal rows (Q transposed)
    ([2, 3, 4], 1.0, []),  # rank 3: 6 x 4, then reshaped
    ([2, 2, 5], 1.0, []),  # rank 3, wide: 4 x 5
    ([5, 2], 2.5, []),  # the gain
    ([6, 3], 1.0, [1]),  # a zero column: R's diagonal is 0 there, and sign(0) = 0
    ([1, 1], 1.0, []),
]


def main():
    rng = np.random.default_rng(20240613)
    cases = []
    for shape, gain, zero_columns in CASES:
        rows = int(np.prod(shape[:-1]))
        cols = shape[-1]
        flat = (max(rows, cols), min(rows, cols))
        normal = rng.standard_normal(flat).astype("float32")
        normal[:, zero_columns] = 0
        original = random_initializers.random.normal
        random_initializers.random.normal = lambda *args, **kwargs: keras.ops.convert_to_tensor(
            normal
        )
        try:
            values = keras.initializers.Orthogonal(gain=gain)(shape, dtype="float32")
        finally:
            random_initializers.random.normal = original
        cases.append(
            {
                "shape": shape,
                "gain": gain,
                "normal": normal.ravel().tolist(),
                "keras": np.asarray(values, dtype="float32").ravel().tolist(),
            }
        )
    document = {
        "generator": "tools/keras-referee/orthogonal_initializer.py",
        "keras": keras.__version__,
        "backend": keras.backend.backend(),
        "cases": cases,
    }
    OUT.write_text(json.dumps(document, indent=1) + "\n")
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
