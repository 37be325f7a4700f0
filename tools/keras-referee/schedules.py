"""Keras's learning-rate schedules, as the referee of core's ports of them.

Writes packages/core/src/schedules/schedules.keras.json, which
packages/core/src/schedules/schedules.keras.test.ts reads. Run from the repository root:

    KERAS_BACKEND=jax .venv-keras/bin/python tools/keras-referee/schedules.py

For each case it records the schedule's config (with this project's camelCase names) and what
Keras 3.15.1 returns at each of a list of steps. Keras computes in float32, so the values agree with
ours (computed in doubles) to float32 precision. Numbers are written with 10 significant digits,
then Prettier formats the file.
"""

import json
import os
import subprocess
from pathlib import Path

os.environ.setdefault("KERAS_BACKEND", "jax")

import keras  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
OUTPUT = ROOT / "packages/core/src/schedules/schedules.keras.json"
STEPS = [0, 1, 7, 99, 100, 101, 150, 250, 1000, 5000]

CASES = [
    ("ExponentialDecay", {"initial_learning_rate": 1e-3, "decay_steps": 100, "decay_rate": 0.5}),
    (
        "ExponentialDecay",
        {"initial_learning_rate": 0.1, "decay_steps": 30, "decay_rate": 0.9, "staircase": True},
    ),
    ("PiecewiseConstantDecay", {"boundaries": [100, 250], "values": [1e-3, 5e-4, 1e-5]}),
    ("PolynomialDecay", {"initial_learning_rate": 0.01, "decay_steps": 200}),
    (
        "PolynomialDecay",
        {
            "initial_learning_rate": 0.0,
            "decay_steps": 1000,
            "end_learning_rate": 1e-4,
            "power": 1.0,
        },
    ),
    (
        "PolynomialDecay",
        {"initial_learning_rate": 0.01, "decay_steps": 100, "power": 2.0, "cycle": True},
    ),
    ("CosineDecay", {"initial_learning_rate": 1e-3, "decay_steps": 1000}),
    ("CosineDecay", {"initial_learning_rate": 1e-3, "decay_steps": 200, "alpha": 0.1}),
    (
        "CosineDecay",
        {
            "initial_learning_rate": 0.0,
            "decay_steps": 500,
            "warmup_target": 1e-3,
            "warmup_steps": 100,
        },
    ),
]


def camel(name):
    head, *rest = name.split("_")
    return head + "".join(part.capitalize() for part in rest)


def number(value):
    return float(f"{float(value):.10g}")


def main():
    cases = []
    for class_name, config in CASES:
        schedule = getattr(keras.optimizers.schedules, class_name)(**config)
        cases.append(
            {
                "className": class_name,
                "config": {camel(key): value for key, value in config.items()},
                "steps": STEPS,
                "values": [number(schedule(step)) for step in STEPS],
            }
        )
    document = {
        "generator": "tools/keras-referee/schedules.py",
        "keras": keras.__version__,
        "backend": keras.backend.backend(),
        "cases": cases,
    }
    OUTPUT.write_text(json.dumps(document, indent=2) + "\n")
    subprocess.run(["npx", "prettier", "--write", str(OUTPUT)], cwd=ROOT, check=True)
    print(f"wrote {OUTPUT.relative_to(ROOT)}: {len(cases)} cases")


if __name__ == "__main__":
    main()
