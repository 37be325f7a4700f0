"""The Keras referee for model-level parity.

Builds small models with regularizers in every slot, gives them deterministic weights, and records
what real Keras 3.15.1 (JAX backend) computes for each:

- the model's `to_json()`, its weights (per layer, by layer path) and its inputs and targets;
- `sum(model.losses)` after a training-mode call, and after an inference-mode call;
- `evaluate()` (the compiled MSE plus every penalty, in inference mode);
- the loss of one `train_on_batch` with SGD(0.1), every weight after it, and `evaluate()` and the
  inference-mode penalty after it (what `fit` reports as `val_loss` after one step).

The adapter's `src/keras-parity/keras-parity.test.ts` loads each model with `modelFromKerasJSON`
and compares. Run from the repository root (see README.md for the virtual environment):

    KERAS_BACKEND=jax .venv-keras/bin/python tools/keras-referee/parity.py

It writes packages/tfjs-adapter/src/keras-parity/keras-parity.json (given model names, it prints
their numbers instead). Weights and inputs avoid exact
zeros and ties where an L1 penalty or a max would meet them, because Keras on JAX differentiates
`abs` at 0 as +1 where TensorFlow, torch and this project use sign(0) = 0.
"""

import json
import os
import sys

os.environ.setdefault("KERAS_BACKEND", "jax")

import keras  # noqa: E402
import numpy as np  # noqa: E402
from keras import layers, regularizers  # noqa: E402

OUT = os.path.join(
    os.path.dirname(__file__),
    "..",
    "..",
    "packages",
    "tfjs-adapter",
    "src",
    "keras-parity",
    "keras-parity.json",
)

L1 = regularizers.L1
L2 = regularizers.L2
L1L2 = regularizers.L1L2

MODELS = []


def model(name, about, batch=4, calls_twice=False):
    """Registers a builder: `name`, what it checks, and its batch size (one batch for everything).

    evaluate() runs in one batch too: Keras 3.15 on JAX gave evaluate() results over uneven
    batches that changed from one run of this script to the next (by 0.3 % for multiple_outputs).

    `calls_twice`: a layer with an activity regularizer runs twice in one pass. Keras counts its
    penalty once per call (eager calls on every backend; fit and evaluate on TensorFlow and torch),
    but its JAX trainer counts only the last call, because `stateless_call` opens no outermost
    call context, so each call of the layer clears its previous losses. For these models the
    reference step runs `stateless_call` inside an outermost call context, as `model(x)` does, and
    the JAX trainer's own numbers are recorded beside it as `kerasJaxTrainer`.
    """

    def register(build):
        MODELS.append(
            {
                "name": name,
                "about": about,
                "build": build,
                "batch": batch,
                "calls_twice": calls_twice,
            }
        )
        return build

    return register


def wave(count, seed, scale=0.4):
    """Deterministic values in (-scale, scale), never exactly 0, without ties."""
    k = np.arange(count, dtype=np.float64)
    values = scale * np.sin(1.37 * k + 0.61 * seed + 0.2) + 0.013 * (k % 7 - 3.2)
    values[np.abs(values) < 1e-3] = 0.0021
    return values


def dense_block():
    return layers.Dense(
        3,
        activation="tanh",
        kernel_regularizer=L1L2(l1=0.01, l2=0.02),
        bias_regularizer=L2(0.03),
        activity_regularizer=L1(0.02),
        name="dense_in",
    )


# --- weight layers -----------------------------------------------------------------------------


@model("dense", "Dense with kernel, bias and activity regularizers; a second Dense with L2 activity")
def _():
    return keras.Sequential(
        [
            keras.Input((4,)),
            dense_block(),
            layers.Dense(2, kernel_regularizer=L2(0.05), activity_regularizer=L2(0.04)),
        ]
    )


@model("conv1d", "Conv1D in every slot, Flatten with an L1 activity regularizer")
def _():
    return keras.Sequential(
        [
            keras.Input((6, 3)),
            layers.Conv1D(
                4,
                3,
                activation="tanh",
                kernel_regularizer=L1(0.02),
                bias_regularizer=L2(0.05),
                activity_regularizer=L2(0.03),
            ),
            layers.Flatten(activity_regularizer=L1(0.01)),
            layers.Dense(1),
        ]
    )


@model("conv2d", "Conv2D in every slot, MaxPooling2D with an activity regularizer")
def _():
    return keras.Sequential(
        [
            keras.Input((5, 5, 2)),
            layers.Conv2D(
                3,
                3,
                kernel_regularizer=L1L2(0.01, 0.01),
                bias_regularizer=L1(0.05),
                activity_regularizer=L2(0.02),
            ),
            layers.MaxPooling2D(2, activity_regularizer=L2(0.05)),
            layers.Flatten(),
            layers.Dense(2),
        ]
    )


@model("conv3d", "Conv3D in every slot, AveragePooling3D with an activity regularizer")
def _():
    return keras.Sequential(
        [
            keras.Input((4, 4, 4, 1)),
            layers.Conv3D(
                2,
                2,
                kernel_regularizer=L2(0.05),
                bias_regularizer=L2(0.05),
                activity_regularizer=L1(0.01),
            ),
            layers.AveragePooling3D(3, activity_regularizer=L2(0.1)),
            layers.Flatten(),
            layers.Dense(1),
        ]
    )


@model("conv2d_transpose", "Conv2DTranspose in every slot")
def _():
    return keras.Sequential(
        [
            keras.Input((3, 3, 2)),
            layers.Conv2DTranspose(
                2,
                2,
                strides=2,
                kernel_regularizer=L1(0.02),
                bias_regularizer=L2(0.05),
                activity_regularizer=L2(0.02),
            ),
            layers.Flatten(),
            layers.Dense(1),
        ]
    )


@model("conv3d_transpose", "Conv3DTranspose in every slot: it trains")
def _():
    return keras.Sequential(
        [
            keras.Input((2, 2, 2, 2)),
            layers.Conv3DTranspose(
                2,
                2,
                strides=2,
                kernel_regularizer=L2(0.05),
                bias_regularizer=L1(0.02),
                activity_regularizer=L2(0.02),
            ),
            layers.Flatten(),
            layers.Dense(1),
        ]
    )


@model(
    "separable_depthwise",
    "SeparableConv2D and DepthwiseConv2D in every slot, GlobalAveragePooling2D with activity",
)
def _():
    return keras.Sequential(
        [
            keras.Input((5, 5, 2)),
            layers.SeparableConv2D(
                3,
                2,
                depth_multiplier=2,
                depthwise_regularizer=L1(0.02),
                pointwise_regularizer=L2(0.03),
                bias_regularizer=L2(0.04),
                activity_regularizer=L2(0.01),
            ),
            layers.DepthwiseConv2D(
                2,
                depthwise_regularizer=L2(0.05),
                bias_regularizer=L1(0.03),
                activity_regularizer=L1(0.01),
            ),
            layers.GlobalAveragePooling2D(activity_regularizer=L2(0.2)),
            layers.Dense(1),
        ]
    )


@model("embedding", "Embedding with embeddings and activity regularizers, pooled with activity")
def _():
    return keras.Sequential(
        [
            keras.Input((5,), dtype="int32"),
            layers.Embedding(
                10,
                3,
                embeddings_regularizer=L1L2(0.01, 0.02),
                activity_regularizer=L2(0.05),
            ),
            layers.GlobalAveragePooling1D(activity_regularizer=L1(0.05)),
            layers.Dense(1),
        ]
    )


def recurrent_slots(**extra):
    return dict(
        kernel_regularizer=L2(0.03),
        recurrent_regularizer=L1(0.02),
        bias_regularizer=L1L2(0.01, 0.02),
        activity_regularizer=L2(0.05),
        **extra,
    )


@model("simple_rnn", "SimpleRNN in every slot (kernel, recurrent, bias, activity)")
def _():
    return keras.Sequential(
        [keras.Input((4, 3)), layers.SimpleRNN(3, **recurrent_slots()), layers.Dense(1)]
    )


@model("lstm", "two LSTMs in every slot, the first returning sequences")
def _():
    return keras.Sequential(
        [
            keras.Input((4, 3)),
            layers.LSTM(3, return_sequences=True, **recurrent_slots()),
            layers.LSTM(2, kernel_regularizer=L1(0.01), activity_regularizer=L1(0.02)),
            layers.Dense(1),
        ]
    )


@model("gru_reset_after", "GRU with reset_after=True (the Keras default, bias [2, 3 * units])")
def _():
    return keras.Sequential(
        [
            keras.Input((4, 3)),
            layers.GRU(3, return_sequences=True, **recurrent_slots()),
            layers.GRU(2, use_bias=False, kernel_regularizer=L2(0.02)),
            layers.Dense(1),
        ]
    )


@model("gru_reset_before", "GRU with reset_after=False (bias [3 * units])")
def _():
    return keras.Sequential(
        [
            keras.Input((4, 3)),
            layers.GRU(3, reset_after=False, **recurrent_slots()),
            layers.Dense(1),
        ]
    )


@model("bidirectional", "Bidirectional LSTM and GRU, with the wrapped layers' slots and activity")
def _():
    return keras.Sequential(
        [
            keras.Input((4, 3)),
            layers.Bidirectional(
                layers.LSTM(
                    2,
                    return_sequences=True,
                    kernel_regularizer=L2(0.03),
                    recurrent_regularizer=L1(0.02),
                    bias_regularizer=L2(0.04),
                ),
                activity_regularizer=L2(0.02),
            ),
            layers.Bidirectional(
                layers.GRU(2, kernel_regularizer=L1(0.01), bias_regularizer=L2(0.05)),
                merge_mode="sum",
                activity_regularizer=L1(0.03),
            ),
            layers.Dense(1),
        ]
    )


@model("conv_lstm2d", "ConvLSTM2D in every slot")
def _():
    return keras.Sequential(
        [
            keras.Input((2, 4, 4, 1)),
            layers.ConvLSTM2D(
                2,
                2,
                kernel_regularizer=L2(0.03),
                recurrent_regularizer=L1(0.02),
                bias_regularizer=L2(0.02),
                activity_regularizer=L2(0.02),
            ),
            layers.Flatten(),
            layers.Dense(1),
        ]
    )


def batch_norm_model(frozen):
    norm = layers.BatchNormalization(
        gamma_regularizer=L2(0.05),
        beta_regularizer=L1(0.03),
        activity_regularizer=L2(0.02),
        name="norm",
    )
    norm.trainable = not frozen
    return keras.Sequential(
        [keras.Input((4,)), dense_block(), norm, layers.Dense(2, activity_regularizer=L2(0.05))]
    )


@model("batch_norm", "BatchNormalization in every slot: batch statistics when training")
def _():
    return batch_norm_model(frozen=False)


@model(
    "batch_norm_frozen",
    "frozen BatchNormalization: inference mode inside the training step, no penalty of its own",
)
def _():
    return batch_norm_model(frozen=True)


@model("layer_norm", "LayerNormalization in every slot")
def _():
    return keras.Sequential(
        [
            keras.Input((4,)),
            dense_block(),
            layers.LayerNormalization(
                gamma_regularizer=L2(0.05), beta_regularizer=L1(0.03), activity_regularizer=L2(0.02)
            ),
            layers.Dense(2),
        ]
    )


@model("prelu", "PReLU with alpha and activity regularizers")
def _():
    return keras.Sequential(
        [
            keras.Input((4,)),
            layers.Dense(3, kernel_regularizer=L2(0.01)),
            layers.PReLU(alpha_regularizer=L1L2(0.02, 0.03), activity_regularizer=L2(0.03)),
            layers.Dense(2),
        ]
    )


@model("activity_regularization", "ActivityRegularization(l1, l2) between two Dense layers")
def _():
    return keras.Sequential(
        [
            keras.Input((4,)),
            dense_block(),
            layers.ActivityRegularization(l1=0.02, l2=0.05),
            layers.Dense(2),
        ]
    )


# --- activity regularizers on layers without weights -------------------------------------------


@model(
    "activity_shape_layers",
    "activity on Activation, Reshape, Permute, RepeatVector, Dropout, Flatten and Softmax",
)
def _():
    inputs = keras.Input((6,))
    x = layers.Dense(6, kernel_regularizer=L2(0.01))(inputs)
    x = layers.Activation("tanh", activity_regularizer=L1(0.03))(x)
    x = layers.Reshape((2, 3), activity_regularizer=L2(0.02))(x)
    x = layers.Permute((2, 1), activity_regularizer=L2(0.03))(x)
    x = layers.Dropout(0.0, activity_regularizer=L1(0.02))(x)
    x = layers.Flatten(activity_regularizer=L2(0.04))(x)
    x = layers.RepeatVector(2, activity_regularizer=L1(0.01))(x)
    x = layers.Flatten()(x)
    x = layers.Dense(3)(x)
    outputs = layers.Softmax(activity_regularizer=L2(0.1))(x)
    return keras.Model(inputs, outputs)


@model(
    "activity_merge_layers",
    "activity on Add, Concatenate, Multiply, Average, Maximum, Minimum and Dot",
)
def _():
    inputs = keras.Input((4,))
    a = layers.Dense(4, activation="tanh", kernel_regularizer=L2(0.02), name="a")(inputs)
    b = layers.Dense(4, activation="tanh", name="b")(inputs)
    merged = [
        layers.Add(activity_regularizer=L1(0.02))([a, b]),
        layers.Multiply(activity_regularizer=L2(0.05))([a, b]),
        layers.Average(activity_regularizer=L1(0.03))([a, b]),
        layers.Maximum(activity_regularizer=L2(0.02))([a, b]),
        layers.Minimum(activity_regularizer=L2(0.04))([a, b]),
        layers.Dot(axes=1, activity_regularizer=L2(0.1))([a, b]),
    ]
    x = layers.Concatenate(activity_regularizer=L1(0.01))(merged)
    outputs = layers.Dense(2)(x)
    return keras.Model(inputs, outputs)


@model(
    "activity_spatial_layers",
    "activity on UpSampling2D, AveragePooling2D, ZeroPadding2D, Cropping2D and global pooling",
)
def _():
    # UpSampling2D comes first, where no gradient flows through it: tfjs 4.22's gradient of
    # resizeNearestNeighbor (UpSampling2D's op) is wrong, which is not a regularizer matter.
    inputs = keras.Input((4, 4, 2))
    x = layers.UpSampling2D(2, activity_regularizer=L2(0.01))(inputs)
    x = layers.AveragePooling2D(2, activity_regularizer=L1(0.02))(x)
    x = layers.Conv2D(2, 2, padding="same", kernel_regularizer=L2(0.02))(x)
    x = layers.ZeroPadding2D(1, activity_regularizer=L2(0.03))(x)
    x = layers.Cropping2D(1, activity_regularizer=L1(0.02))(x)
    pooled_max = layers.GlobalMaxPooling2D(activity_regularizer=L2(0.05))(x)
    pooled_avg = layers.GlobalAveragePooling2D(activity_regularizer=L1(0.04))(x)
    outputs = layers.Dense(1)(layers.Concatenate()([pooled_max, pooled_avg]))
    return keras.Model(inputs, outputs)


@model(
    "activity_sequence_layers",
    "activity on MaxPooling1D, AveragePooling1D, GlobalMaxPooling1D, ReLU and LeakyReLU",
)
def _():
    inputs = keras.Input((6, 2))
    x = layers.Conv1D(3, 2, padding="same", kernel_regularizer=L1(0.01))(inputs)
    x = layers.Activation("tanh")(x)
    x = layers.MaxPooling1D(2, activity_regularizer=L2(0.02))(x)
    x = layers.AveragePooling1D(1, activity_regularizer=L1(0.02))(x)
    x = layers.LeakyReLU(activity_regularizer=L2(0.02))(x)
    x = layers.ReLU(activity_regularizer=L2(0.04))(x)
    x = layers.GlobalMaxPooling1D(activity_regularizer=L2(0.05))(x)
    outputs = layers.Dense(1)(x)
    return keras.Model(inputs, outputs)


@model(
    "time_distributed",
    "TimeDistributed with its own activity regularizer; its inner Dense's is not applied (Keras 3)",
)
def _():
    return keras.Sequential(
        [
            keras.Input((3, 4)),
            layers.TimeDistributed(
                layers.Dense(
                    2,
                    kernel_regularizer=L2(0.05),
                    bias_regularizer=L1(0.02),
                    activity_regularizer=L2(10.0),
                ),
                activity_regularizer=L1(0.03),
            ),
            layers.Flatten(),
            layers.Dense(1),
        ]
    )


# --- sharing and nesting -----------------------------------------------------------------------


@model(
    "shared_layer",
    "a Dense called at two call sites: its weights penalised once, its activity once per call",
    calls_twice=True,
)
def _():
    inputs = keras.Input((3,))
    shared = layers.Dense(
        3,
        activation="tanh",
        kernel_regularizer=L2(0.05),
        bias_regularizer=L1(0.02),
        activity_regularizer=L2(0.03),
        name="shared",
    )
    first = shared(inputs)
    second = shared(first)
    outputs = layers.Dense(1)(layers.Add()([first, second]))
    return keras.Model(inputs, outputs)


def inner_model(name):
    return keras.Sequential(
        [
            keras.Input((4,)),
            layers.Dense(
                3,
                activation="tanh",
                kernel_regularizer=L2(0.03),
                activity_regularizer=L1(0.02),
                name=f"{name}_dense",
            ),
            layers.BatchNormalization(gamma_regularizer=L2(0.02), name=f"{name}_norm"),
        ],
        name=name,
    )


@model("nested", "a Sequential nested in a functional model, with a frozen nested model beside it")
def _():
    inputs = keras.Input((4,))
    trained = inner_model("inner")
    frozen = inner_model("frozen_inner")
    frozen.trainable = False
    x = layers.Concatenate()([trained(inputs), frozen(inputs)])
    outputs = layers.Dense(2, kernel_regularizer=L1(0.01), activity_regularizer=L2(0.02))(x)
    return keras.Model(inputs, outputs)


@model(
    "shared_model",
    "a functional model called on two inputs: weights once, activity once per call",
    batch=5,
    calls_twice=True,
)
def _():
    inner_in = keras.Input((3,))
    inner_out = layers.Dense(
        2,
        activation="tanh",
        kernel_regularizer=L2(0.04),
        bias_regularizer=L2(0.02),
        activity_regularizer=L1(0.03),
        name="encoder_dense",
    )(inner_in)
    encoder = keras.Model(inner_in, inner_out, name="encoder")
    left = keras.Input((3,), name="left")
    right = keras.Input((3,), name="right")
    x = layers.Concatenate()([encoder(left), encoder(right)])
    outputs = layers.Dense(1, kernel_regularizer=L2(0.01))(x)
    return keras.Model([left, right], outputs)


@model(
    "multiple_outputs",
    "two outputs, two MSE losses",
    batch=5,
)
def _():
    inputs = keras.Input((4,))
    hidden = dense_block()(inputs)
    first = layers.Dense(2, kernel_regularizer=L2(0.02), name="first")(hidden)
    second = layers.Dense(1, activity_regularizer=L2(0.05), name="second")(hidden)
    return keras.Model(inputs, [first, second])


# --- recording ---------------------------------------------------------------------------------


def f32(values):
    """Values as the shortest decimal that reads back as the same float32."""
    return [float(str(np.float32(v))) for v in np.asarray(values, dtype=np.float32).ravel()]


def tensor_json(array):
    array = np.asarray(array)
    if array.dtype.kind in "iu":
        return {"shape": list(array.shape), "dtype": "int32", "values": array.ravel().tolist()}
    return {"shape": list(array.shape), "dtype": "float32", "values": f32(array)}


def weighted_layers(container, prefix=()):
    """Every layer that owns weights, with its path of names, nested models walked into."""
    for layer in container.layers:
        if isinstance(layer, keras.Model):
            yield from weighted_layers(layer, prefix + (layer.name,))
        elif layer.weights:
            yield prefix + (layer.name,), layer


def set_deterministic_weights(built):
    for index, (_, layer) in enumerate(weighted_layers(built)):
        values = []
        for j, weight in enumerate(layer.weights):
            size = int(np.prod(weight.shape))
            raw = wave(size, seed=7 * index + j).reshape(weight.shape)
            name = weight.name
            if name == "moving_variance":
                raw = 0.6 + np.abs(raw)
            elif name == "gamma":
                raw = 1.0 + raw
            values.append(raw.astype(np.float32))
        layer.set_weights(values)


def weights_json(built):
    return [
        {"layer": list(path), "values": [tensor_json(w) for w in layer.get_weights()]}
        for path, layer in weighted_layers(built)
    ]


def make_data(built, batch):
    inputs = []
    for index, spec in enumerate(built.inputs):
        shape = (batch, *spec.shape[1:])
        if "int" in str(spec.dtype):
            count = int(np.prod(shape))
            inputs.append((np.arange(count) * 7 + 3 + index) % 10)
            inputs[-1] = inputs[-1].reshape(shape).astype(np.int32)
        else:
            inputs.append(wave(int(np.prod(shape)), seed=100 + index, scale=0.9).reshape(shape))
            inputs[-1] = inputs[-1].astype(np.float32)
    targets = []
    for index, spec in enumerate(built.outputs):
        shape = (batch, *spec.shape[1:])
        targets.append(
            wave(int(np.prod(shape)), seed=200 + index, scale=0.7).reshape(shape).astype(np.float32)
        )
    return inputs, targets


def penalty(built, inputs, training):
    built(inputs if len(inputs) > 1 else inputs[0], training=training)
    return float(sum(float(loss) for loss in built.losses))


def in_outermost_call(built, body):
    """Runs `body` as `model(x)` would: inside one outermost call context, losses cleared first."""
    from keras.src.backend.common import global_state
    from keras.src.layers.layer import CallContext

    built._clear_losses()
    global_state.set_global_attribute("current_call_ctx", CallContext(entry_layer=built))
    try:
        return body()
    finally:
        global_state.set_global_attribute("current_call_ctx", None)


def mse_total(y_pred, targets):
    y_pred = y_pred if isinstance(y_pred, (list, tuple)) else [y_pred]
    mse = keras.losses.MeanSquaredError()
    return sum(mse(t, p) for t, p in zip(targets, y_pred))


def per_call_step(built, inputs, targets):
    """One SGD(0.1) step with every call's activity penalty, as Keras's TF and torch trainers take
    it: the loss before the step, then the weights are updated. Returns the loss."""
    import jax

    x = inputs if len(inputs) > 1 else inputs[0]
    trainable = [v.value for v in built.trainable_variables]
    non_trainable = [v.value for v in built.non_trainable_variables]

    def loss_of(values):
        def body():
            return built.stateless_call(
                values, non_trainable, x, training=True, return_losses=True
            )

        outputs, updated, losses = in_outermost_call(built, body)
        return mse_total(outputs, targets) + sum(losses), updated

    (loss, updated), grads = jax.value_and_grad(loss_of, has_aux=True)(trainable)
    for variable, value, grad in zip(built.trainable_variables, trainable, grads):
        variable.assign(value - 0.1 * grad)
    for variable, value in zip(built.non_trainable_variables, updated):
        variable.assign(value)
    return float(loss)


def per_call_evaluate(built, inputs, targets):
    """evaluate() with every call's activity penalty: MSE plus the penalty of an eager call."""
    outputs = built(inputs if len(inputs) > 1 else inputs[0], training=False)
    return float(mse_total(outputs, targets)) + float(sum(float(loss) for loss in built.losses))


def record(spec):
    keras.utils.clear_session()
    built = spec["build"]()
    set_deterministic_weights(built)
    initial = built.get_weights()
    initial_json = weights_json(built)
    inputs, targets = make_data(built, spec["batch"])
    x = inputs if len(inputs) > 1 else inputs[0]
    y = targets if len(targets) > 1 else targets[0]

    penalty_training = penalty(built, inputs, training=True)
    built.set_weights(initial)  # the training call moved BatchNormalization's statistics
    penalty_inference = penalty(built, inputs, training=False)

    built.compile(optimizer=keras.optimizers.SGD(0.1), loss="mse")

    def first(value):
        return float(value[0] if isinstance(value, list) else value)

    evaluated = first(built.evaluate(x, y, batch_size=spec["batch"], verbose=0))
    extra = {}
    if spec["calls_twice"]:
        jax_step = first(built.train_on_batch(x, y))
        jax_after = first(built.evaluate(x, y, batch_size=spec["batch"], verbose=0))
        extra["kerasJaxTrainer"] = {
            "evaluate": evaluated,
            "trainStepLoss": jax_step,
            "evaluateAfterStep": jax_after,
        }
        built.set_weights(initial)
        evaluated = per_call_evaluate(built, inputs, targets)
        step_loss = per_call_step(built, inputs, targets)
        after = per_call_evaluate(built, inputs, targets)
    else:
        step_loss = first(built.train_on_batch(x, y))
        after = first(built.evaluate(x, y, batch_size=spec["batch"], verbose=0))
    penalty_after = penalty(built, inputs, training=False)

    return {
        "name": spec["name"],
        "about": spec["about"],
        "model": json.loads(built.to_json()),
        "inputs": [tensor_json(v) for v in inputs],
        "targets": [tensor_json(v) for v in targets],
        "weights": initial_json,
        "penaltyTraining": penalty_training,
        "penaltyInference": penalty_inference,
        "evaluate": evaluated,
        "trainStep": {
            "loss": step_loss,
            "weights": weights_json(built),
            "evaluate": after,
            "penaltyInference": penalty_after,
        },
        **extra,
    }


def main():
    only = sys.argv[1:]
    records = [record(spec) for spec in MODELS if not only or spec["name"] in only]
    if only:  # a quick look: print the numbers, and leave the committed file alone
        for found in records:
            step = found["trainStep"]
            print(found["name"], found["penaltyTraining"], found["evaluate"], step["loss"])
        return
    document = {
        "about": "Written by tools/keras-referee/parity.py; do not edit by hand.",
        "keras": keras.__version__,
        "backend": keras.backend.backend(),
        "optimizer": "SGD(0.1)",
        "loss": "mse",
        "models": records,
    }
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, "w") as out:
        json.dump(document, out, separators=(",", ":"))
        out.write("\n")
    print(f"{len(records)} models, {os.path.getsize(OUT)} bytes: {os.path.relpath(OUT)}")


if __name__ == "__main__":
    main()
