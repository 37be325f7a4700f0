"""Keras's decoupled weight decay, as the referee of @regularizers/weight-decay.

Writes packages/weight-decay/src/adamw.keras.json, which packages/weight-decay/src/adamw.keras.test.ts
reads. Run from the repository root:

    KERAS_BACKEND=jax .venv-keras/bin/python tools/keras-referee/adamw.py

Each case builds a Keras 3.15.1 optimizer (AdamW, or SGD with `weight_decay`, which is what
`withWeightDecay` adds to any optimizer), gives it float32 variables and, for each of several steps,
fixed gradients through `apply_gradients`, and records the variables after every step. The
variables are named as tfjs names a layer's weights (`dense/kernel`); Keras's exclusion
(`exclude_from_weight_decay(var_names=...)`) searches `variable.name`, which is the part after
the `/`. Inputs are seeded, with three decimals. Numbers are written with 10 significant digits,
then Prettier formats the file.
"""

import json
import os
import subprocess
from pathlib import Path

os.environ.setdefault("KERAS_BACKEND", "jax")

import keras  # noqa: E402
import numpy as np  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
OUTPUT = ROOT / "packages/weight-decay/src/adamw.keras.json"
STEPS = 6
SHAPES = {"dense/kernel": [3, 2], "dense/bias": [2]}

CASES = [
    {
        "name": "AdamW with Keras's defaults",
        "optimizer": "AdamW",
        "config": {},
        "exclude": [],
    },
    {
        "name": "AdamW, a large decay, biases excluded",
        "optimizer": "AdamW",
        "config": {"learning_rate": 0.05, "weight_decay": 0.2, "beta_1": 0.8, "beta_2": 0.95},
        "exclude": ["bias"],
    },
    {
        "name": "AdamW with an ExponentialDecay learning rate: the decay follows it",
        "optimizer": "AdamW",
        "config": {
            "learning_rate": {
                "className": "ExponentialDecay",
                "config": {"initial_learning_rate": 0.1, "decay_steps": 2, "decay_rate": 0.5},
            },
            "weight_decay": 0.1,
            "epsilon": 1e-3,
        },
        "exclude": [],
    },
    {
        "name": "SGD with weight_decay: withWeightDecay(sgd)",
        "optimizer": "SGD",
        "config": {"learning_rate": 0.1, "weight_decay": 0.3},
        "exclude": ["bias"],
    },
]


def camel(name):
    head, *rest = name.split("_")
    return head + "".join(part.capitalize() for part in rest)


def rounded(rng, shape):
    values = rng.uniform(-1, 1, shape).round(3)
    values[values == 0] = 0.25
    return values.astype("float32")


def numbers(array):
    return [float(f"{float(value):.10g}") for value in np.asarray(array).ravel()]


def build(case):
    config = dict(case["config"])
    written = {}
    for key, value in config.items():
        if isinstance(value, dict):
            schedule = getattr(keras.optimizers.schedules, value["className"])(**value["config"])
            config[key] = schedule
            written[camel(key)] = {
                "className": value["className"],
                "config": {camel(k): v for k, v in value["config"].items()},
            }
        else:
            written[camel(key)] = value
    optimizer = getattr(keras.optimizers, case["optimizer"])(**config)
    if case["exclude"]:
        optimizer.exclude_from_weight_decay(var_names=case["exclude"])
    return optimizer, written


def main():
    rng = np.random.default_rng(12)
    cases = []
    for case in CASES:
        optimizer, written = build(case)
        initial = {name: rounded(rng, shape) for name, shape in SHAPES.items()}
        variables = [
            keras.Variable(initial[name], name=name.split("/")[1], dtype="float32")
            for name in SHAPES
        ]
        gradients, weights = [], []
        for _ in range(STEPS):
            step_gradients = [rounded(rng, shape) for shape in SHAPES.values()]
            optimizer.apply_gradients(zip(step_gradients, variables))
            gradients.append([numbers(g) for g in step_gradients])
            weights.append([numbers(v.numpy()) for v in variables])
        cases.append(
            {
                "name": case["name"],
                "optimizer": case["optimizer"],
                "config": written,
                "exclude": case["exclude"],
                "variables": [
                    {"name": name, "shape": shape, "initial": numbers(initial[name])}
                    for name, shape in SHAPES.items()
                ],
                "gradients": gradients,
                "weights": weights,
            }
        )
    document = {
        "generator": "tools/keras-referee/adamw.py",
        "keras": keras.__version__,
        "backend": keras.backend.backend(),
        "cases": cases,
    }
    OUTPUT.parent.mkdir(parents=True, exist_ok=True)
    OUTPUT.write_text(json.dumps(document, indent=2) + "\n")
    subprocess.run(["npx", "prettier", "--write", str(OUTPUT)], cwd=ROOT, check=True)
    print(f"wrote {OUTPUT.relative_to(ROOT)}: {len(cases)} cases of {STEPS} steps")


if __name__ == "__main__":
    main()
