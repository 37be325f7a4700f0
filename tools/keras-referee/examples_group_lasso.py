"""The plugin regularizer of the Keras-file fixtures, imported by keras-files.py.

`GroupLasso(factor, axis)` of @regularizers/custom-examples (packages/custom-examples/src/
group-lasso.ts), written in Python as a third-party package would write it, and registered under
the same name, `Examples>GroupLasso`: Keras saves it as `{"class_name": "GroupLasso",
"registered_name": "Examples>GroupLasso", ...}`, and loading a model that uses it needs this module
imported first, in Keras as in JavaScript.

The penalty is `factor * sqrt(group size) * sum over groups of the group's L2 norm`, where the
groups are the slices along the second-to-last axis (`rows`, one per input unit) or the last
axis (`columns`, one per output unit).
"""

import math

import keras
from keras import ops


@keras.saving.register_keras_serializable(package="Examples")
class GroupLasso(keras.regularizers.Regularizer):
    def __init__(self, factor=0.01, axis="rows"):
        if axis not in ("rows", "columns"):
            raise ValueError(f"axis must be 'rows' or 'columns'. Received: axis={axis}")
        self.factor = factor
        self.axis = axis

    def __call__(self, x):
        group_axis = len(x.shape) - 2 if self.axis == "rows" else len(x.shape) - 1
        within = tuple(axis for axis in range(len(x.shape)) if axis != group_axis)
        group_size = math.prod(x.shape) // x.shape[group_axis]
        norms = ops.sqrt(ops.sum(ops.square(x), axis=within))
        return self.factor * math.sqrt(group_size) * ops.sum(norms)

    def get_config(self):
        return {"factor": self.factor, "axis": self.axis}
