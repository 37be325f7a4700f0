"""Keras-file fixtures for @regularizers/keras-files, and the check of the round trip back to Keras.

Generate (writes packages/keras-files/fixtures/), from the repository root:

    KERAS_BACKEND=jax .venv-keras/bin/python tools/keras-referee/keras-files.py

For each model of MODELS: `<name>.keras` (Keras 3.15's native format) and `<name>.h5` (what
`model.save("x.h5")` writes in Keras 3.15: the legacy HDF5 layout, with Keras 3 weight names such
as `model/dense/kernel` and a Keras 3 config). Keras 3 cannot write tf.keras 2.x's own HDF5 files,
and no tf.keras 2 wheel installs here, so two more files, `tfkeras2*.h5`, are written in tf.keras
2.x's layout with h5py (byte-string attributes, weight names such as `lstm_1/lstm_cell_1/kernel:0`,
optimizer weights) around a tf.keras 2 config taken from a real file of
../shared/fixtures/keras-models and shrunk; Keras 3.15's legacy loader gives their reference
numbers. `expected.json` holds, per file: the fixed inputs, Keras's predictions and
`sum(model.losses)` after that call, and every dataset of the weights file (path, shape, and the
Keras variable it holds).

Every weight is drawn from a seeded generator after the model is built (biases and
BatchNormalization statistics too), so that a weight loaded into the wrong place changes the
numbers. The plugin regularizer is examples_group_lasso.py's `Examples>GroupLasso`, the Python twin
of @regularizers/custom-examples' GroupLasso.

Round trip (by hand; CI never runs Python), after `npm run build`:

    node tools/keras-referee/keras-files-round-trip.js /tmp/round-trip
    KERAS_BACKEND=jax .venv-keras/bin/python tools/keras-referee/keras-files.py --check /tmp/round-trip

The Node script loads every fixture with loadKerasModel, fine-tunes it for one step with fit,
records its predictions and penalties, and writes it back with saveKerasModel. --check loads each
archive with keras.saving.load_model and compares Keras's predictions and sum(model.losses) with
JavaScript's (1e-5 relative), and every layer's regularizers with the original file's.
"""

import argparse
import json
import os
import sys
import zipfile

import h5py
import keras
import numpy as np
from keras import layers, regularizers
from keras.src.legacy.saving import saving_utils as legacy_saving_utils

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from examples_group_lasso import GroupLasso  # noqa: E402  (registers Examples>GroupLasso)

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUT = os.path.join(ROOT, "packages", "keras-files", "fixtures")
SHARED = os.path.join(os.path.dirname(ROOT), "shared", "fixtures", "keras-models")
TOLERANCE = 1e-5

L1, L2, L1L2 = regularizers.L1, regularizers.L2, regularizers.L1L2
Orthogonal = regularizers.OrthogonalRegularizer


def dense_sequential():
    """Dense layers: kernel, bias and activity slots; Orthogonal on a frozen layer without bias;
    the plugin; a string identifier."""
    model = keras.Sequential(
        [
            keras.Input((6,)),
            layers.Dense(
                8,
                activation="relu",
                kernel_regularizer=L2(1e-3),
                bias_regularizer=L1(1e-2),
                activity_regularizer=L1L2(1e-3, 2e-3),
                name="hidden",
            ),
            layers.Dropout(0.1),
            layers.Dense(
                5,
                activation="tanh",
                use_bias=False,
                trainable=False,
                kernel_regularizer=Orthogonal(0.1, mode="columns"),
            ),
            layers.Dense(
                3,
                activation="softmax",
                kernel_regularizer=GroupLasso(0.05, "columns"),
                bias_regularizer="l2",
            ),
        ],
        name="dense_sequential",
    )
    model.compile(
        optimizer=keras.optimizers.Adam(learning_rate=2e-3),
        loss="categorical_crossentropy",
        metrics=["accuracy"],
    )
    return model, [floats((4, 6))]


def conv2d_functional():
    """Conv2D, DepthwiseConv2D (depthwise slot), SeparableConv2D (depthwise and pointwise
    slots); SGD with Nesterov momentum."""
    inputs = keras.Input((6, 6, 2), name="image")
    x = layers.Conv2D(
        3,
        3,
        padding="same",
        activation="relu",
        kernel_regularizer=L1L2(1e-3, 1e-3),
        bias_regularizer=L2(1e-2),
        activity_regularizer=L2(1e-3),
    )(inputs)
    x = layers.DepthwiseConv2D(2, depthwise_regularizer=L1(1e-2), bias_regularizer=L2(1e-3))(x)
    x = layers.SeparableConv2D(
        4,
        2,
        depthwise_regularizer=L2(1e-2),
        pointwise_regularizer=L1(1e-3),
        bias_regularizer=L1L2(1e-3, 1e-3),
        activity_regularizer=L1(1e-3),
    )(x)
    x = layers.GlobalAveragePooling2D()(x)
    outputs = layers.Dense(2, kernel_regularizer=Orthogonal(0.05, mode="rows"))(x)
    model = keras.Model(inputs, outputs, name="conv2d_functional")
    model.compile(
        optimizer=keras.optimizers.SGD(learning_rate=0.01, momentum=0.9, nesterov=True),
        loss="mse",
        metrics=["mae"],
    )
    return model, [floats((3, 6, 6, 2))]


def embedding_lstm():
    """Embedding (embeddings slot) and LSTM (kernel, recurrent, bias and activity slots)."""
    model = keras.Sequential(
        [
            keras.Input((5,), dtype="int32"),
            layers.Embedding(12, 4, embeddings_regularizer=L2(1e-3)),
            layers.LSTM(
                3,
                kernel_regularizer=L1(1e-3),
                recurrent_regularizer=L2(1e-3),
                bias_regularizer=L1L2(1e-3, 1e-3),
                activity_regularizer=L2(1e-2),
            ),
            layers.Dense(1, activation="sigmoid", kernel_regularizer=GroupLasso(0.01)),
        ],
        name="embedding_lstm",
    )
    model.compile(
        optimizer=keras.optimizers.RMSprop(learning_rate=1e-3),
        loss="binary_crossentropy",
        metrics=["accuracy"],
    )
    return model, [ints((4, 5), 12)]


def recurrent_stack():
    """SimpleRNN and GRU with reset_after=False, every recurrent slot; Adagrad."""
    model = keras.Sequential(
        [
            keras.Input((4, 3)),
            layers.SimpleRNN(
                3,
                return_sequences=True,
                kernel_regularizer=L2(1e-2),
                recurrent_regularizer=L1(1e-2),
                bias_regularizer=L2(1e-2),
                activity_regularizer=L1(1e-3),
            ),
            layers.GRU(
                2,
                reset_after=False,
                kernel_regularizer=L1L2(1e-3, 1e-2),
                recurrent_regularizer=L2(1e-3),
                bias_regularizer=L1(1e-2),
            ),
            layers.Dense(2),
        ],
        name="recurrent_stack",
    )
    model.compile(optimizer=keras.optimizers.Adagrad(learning_rate=0.05), loss="mae")
    return model, [floats((3, 4, 3))]


def gru_reset_after():
    """GRU with Keras 3's default reset_after=True (a bias of shape (2, 3 * units))."""
    model = keras.Sequential(
        [
            keras.Input((4, 3)),
            layers.GRU(
                3,
                kernel_regularizer=L2(1e-2),
                recurrent_regularizer=L1(1e-2),
                bias_regularizer=L1L2(1e-3, 1e-2),
                activity_regularizer=L2(1e-3),
            ),
            layers.Dense(1),
        ],
        name="gru_reset_after",
    )
    model.compile(optimizer="rmsprop", loss="mse")
    return model, [floats((3, 4, 3))]


def normalization_prelu():
    """BatchNormalization and LayerNormalization (gamma and beta slots), PReLU (alpha slot);
    a Huber loss, which tfjs does not have."""
    model = keras.Sequential(
        [
            keras.Input((5,)),
            layers.Dense(6),
            layers.BatchNormalization(gamma_regularizer=L2(1e-2), beta_regularizer=L1(1e-2)),
            layers.PReLU(alpha_regularizer=L2(1e-2)),
            layers.LayerNormalization(gamma_regularizer=L1(1e-3), beta_regularizer=L2(1e-3)),
            layers.Dense(2, activity_regularizer=L1(1e-2)),
        ],
        name="normalization_prelu",
    )
    model.compile(optimizer="adam", loss="huber")
    return model, [floats((4, 5))]


def frozen_batch_norm():
    """A frozen BatchNormalization (trainable=False: inference mode in fit, no penalty)."""
    model = keras.Sequential(
        [
            keras.Input((5,)),
            layers.Dense(4, kernel_regularizer=L2(1e-2)),
            layers.BatchNormalization(
                trainable=False, gamma_regularizer=L2(1e-1), beta_regularizer=L1(1e-1)
            ),
            layers.Dense(2, kernel_regularizer=L1(1e-2)),
        ],
        name="frozen_batch_norm",
    )
    model.compile(optimizer="sgd", loss="mse")
    return model, [floats((4, 5))]


def bidirectional_lstm():
    """Bidirectional(LSTM): both directions' weights, and the wrapper's activity slot; an
    optimizer tfjs does not have (AdamW)."""
    model = keras.Sequential(
        [
            keras.Input((4, 3)),
            layers.Bidirectional(
                layers.LSTM(
                    2,
                    kernel_regularizer=L2(1e-2),
                    recurrent_regularizer=L1(1e-3),
                    bias_regularizer=L2(1e-3),
                ),
                activity_regularizer=L2(1e-3),
            ),
            layers.Dense(1),
        ],
        name="bidirectional_lstm",
    )
    model.compile(optimizer=keras.optimizers.AdamW(learning_rate=1e-3), loss="mse")
    return model, [floats((2, 4, 3))]


def conv_transpose_1d():
    """Conv1D, Conv2DTranspose, Reshape, Flatten; not compiled."""
    model = keras.Sequential(
        [
            keras.Input((6, 2)),
            layers.Conv1D(
                3,
                2,
                kernel_regularizer=L1(1e-2),
                bias_regularizer=L2(1e-2),
                activity_regularizer=L2(1e-3),
            ),
            layers.Reshape((5, 3, 1)),
            layers.Conv2DTranspose(
                2, 2, strides=2, kernel_regularizer=L2(1e-2), bias_regularizer=L1(1e-2)
            ),
            layers.Flatten(),
            layers.Dense(2, kernel_regularizer="l1"),
        ],
        name="conv_transpose_1d",
    )
    return model, [floats((3, 6, 2))]


def nested_shared():
    """Two inputs; a nested Sequential called twice (its penalty counts once); Concatenate;
    ActivityRegularization; two outputs, with a loss and metrics each."""
    encoder = keras.Sequential(
        [
            keras.Input((4,)),
            layers.Dense(
                3, activation="tanh", kernel_regularizer=L2(1e-2), bias_regularizer=L1(1e-2)
            ),
        ],
        name="encoder",
    )
    left = keras.Input((4,), name="left")
    right = keras.Input((4,), name="right")
    merged = layers.Concatenate()([encoder(left), encoder(right)])
    hidden = layers.Dense(
        4,
        activation="relu",
        kernel_regularizer=GroupLasso(0.02),
        activity_regularizer=L1L2(1e-3, 1e-3),
    )(merged)
    hidden = layers.ActivityRegularization(l1=1e-3, l2=1e-2)(hidden)
    score = layers.Dense(1, name="score")(hidden)
    label = layers.Dense(2, activation="softmax", name="label")(hidden)
    model = keras.Model([left, right], [score, label], name="nested_shared")
    model.compile(
        optimizer="sgd",
        loss=["mse", "categorical_crossentropy"],
        metrics=[["mae"], ["accuracy"]],
    )
    return model, [floats((3, 4)), floats((3, 4))]


def more_layers():
    """Four inputs: TimeDistributed(Dense), Conv3D and Conv3DTranspose, ConvLSTM2D,
    DepthwiseConv2D without a bias, Dense without a bias. (No normalization without center or
    scale: tfjs 4.22 cannot train BatchNormalization or LayerNormalization so, it reads the missing
    gamma or beta.) Saved as .keras only (see ARCHIVE_ONLY)."""
    sequences = keras.Input((3, 4), name="sequences")
    volumes = keras.Input((3, 3, 3, 1), name="volumes")
    frames = keras.Input((2, 5, 5, 1), name="frames")
    images = keras.Input((4, 4, 2), name="images")
    a = layers.Flatten()(layers.TimeDistributed(layers.Dense(2, kernel_regularizer=L2(1e-2)))(sequences))
    b = layers.Conv3D(2, 2, bias_regularizer=L1(1e-2))(volumes)
    b = layers.Flatten()(layers.Conv3DTranspose(1, 2, kernel_regularizer=L2(1e-2))(b))
    c = layers.ConvLSTM2D(2, 3, kernel_regularizer=L2(1e-2), recurrent_regularizer=L1(1e-2))(frames)
    d = layers.DepthwiseConv2D(2, use_bias=False, depthwise_regularizer=L2(1e-2))(images)
    x = layers.Concatenate()([a, b, layers.Flatten()(c), layers.Flatten()(d)])
    x = layers.Dense(3)(x)
    x = layers.LayerNormalization(gamma_regularizer=L2(1e-2))(x)
    outputs = layers.Dense(1, use_bias=False, kernel_regularizer=L1L2(1e-3, 1e-3))(x)
    model = keras.Model([sequences, volumes, frames, images], outputs, name="more_layers")
    return model, [floats((2, 3, 4)), floats((2, 3, 3, 3, 1)), floats((2, 2, 5, 5, 1)), floats((2, 4, 4, 2))]


MODELS = [
    dense_sequential,
    conv2d_functional,
    embedding_lstm,
    recurrent_stack,
    gru_reset_after,
    normalization_prelu,
    frozen_batch_norm,
    bidirectional_lstm,
    conv_transpose_1d,
    nested_shared,
    more_layers,
]

# Models whose purpose is the weight layouts of more layer classes in a .keras archive, saved
# without a .h5 twin to keep the fixtures small (the HDF5 overhead of its 20 layers is 60 KB).
ARCHIVE_ONLY = {"more_layers"}

# tf.keras 2.x configs of ../shared/fixtures/keras-models (see its README), shrunk so that their
# weights stay small: (fixture name, source file, {layer name: config changes}, inputs).
TF_KERAS_2 = [
    (
        "tfkeras2.2.4_lenet_kernel_bias_activity",
        "tfkeras2.2.4-tf_sequential_lenet_kernel_bias_activity_l1l2_kotlindl.json",
        {
            "conv2d": {"filters": 3, "batch_input_shape": [None, 8, 8, 1]},
            "conv2d_1": {"filters": 4},
            "dense": {"units": 6},
            "dense_1": {"units": 5},
            "dense_2": {"units": 3},
        },
        lambda: [floats((2, 8, 8, 1))],
    ),
    (
        "tfkeras2.6.0_embedding_lstm_training_config",
        "tfjs_layers_keras2.6.0_sequential_embedding_lstm_dense_L2_toxic.json",
        {
            "embedding_1_input": {"batch_input_shape": [None, 5]},
            "embedding_1": {
                "input_dim": 30,
                "output_dim": 4,
                "input_length": 5,
                "batch_input_shape": [None, 5],
            },
            "lstm_1": {"units": 3},
            "dense_3": {"units": 6},
            "dense_4": {"units": 4},
        },
        lambda: [ints((3, 5), 30)],
    ),
]

_rng = np.random.default_rng(20261128)


def floats(shape):
    return _rng.normal(0, 1, shape).astype("float32")


def ints(shape, high):
    return _rng.integers(0, high, shape).astype("int32")


def randomize(model):
    """Draws every weight, so that no two are alike and none is an initializer's constant."""
    for weight in model.weights:
        name = weight.path.rsplit("/", 1)[-1]
        if name in ("gamma", "moving_variance"):
            value = _rng.uniform(0.5, 1.5, weight.shape)
        else:
            value = _rng.normal(0, 0.4, weight.shape)
        weight.assign(value.astype(weight.dtype))


def reference(model, inputs):
    """Keras's predictions on `inputs`, and sum(model.losses) after that call (activity included)."""
    outputs = model(inputs if len(inputs) > 1 else inputs[0], training=False)
    outputs = outputs if isinstance(outputs, (list, tuple)) else [outputs]
    penalty = float(np.sum([np.asarray(loss, dtype="float64") for loss in model.losses]))
    return [np.asarray(output).tolist() for output in outputs], penalty


def weights_manifest(h5_file, model, keep):
    """The datasets of an HDF5 weights file under the paths `keep` accepts: path, shape, and the
    model variable each holds, found by value (the weights are all distinct)."""
    by_value = {}
    for variable in model.weights:
        by_value.setdefault(np.asarray(variable).tobytes(), []).append(variable.path)
    entries = []

    def visit(name, item):
        if isinstance(item, h5py.Dataset) and keep(name):
            owners = by_value.get(np.asarray(item[()]).tobytes(), [])
            variable = owners[0] if len(owners) == 1 else None
            entries.append({"path": name, "shape": list(item.shape), "variable": variable})

    h5_file.visititems(visit)
    return entries


def archive_weights(path, model):
    with zipfile.ZipFile(path) as archive, archive.open("model.weights.h5") as weights:
        with h5py.File(weights, "r") as h5_file:
            return weights_manifest(h5_file, model, lambda name: name.startswith("layers/"))


def legacy_weights(path, model):
    with h5py.File(path, "r") as h5_file:
        return weights_manifest(h5_file, model, lambda name: name.startswith("model_weights/"))


def inputs_json(inputs):
    return [
        {"dtype": str(array.dtype), "shape": list(array.shape), "values": array.ravel().tolist()}
        for array in inputs
    ]


def describe(build):
    return " ".join(build.__doc__.split())


def generate():
    os.makedirs(OUT, exist_ok=True)
    expected = {
        "generator": "tools/keras-referee/keras-files.py",
        "keras": keras.__version__,
        "backend": keras.backend.backend(),
        "files": {},
    }
    for build in MODELS:
        keras.utils.set_random_seed(1)
        model, inputs = build()
        randomize(model)
        predictions, penalty = reference(model, inputs)
        common = {"inputs": inputs_json(inputs), "predictions": predictions, "penalty": penalty}
        native = os.path.join(OUT, f"{model.name}.keras")
        legacy = os.path.join(OUT, f"{model.name}.h5")
        files = [(native, archive_weights)]
        if model.name not in ARCHIVE_ONLY:
            files.append((legacy, legacy_weights))
        for path, _ in files:
            model.save(path)
        for path, weights in files:
            check_reloads(path, inputs, predictions, penalty)
            expected["files"][os.path.basename(path)] = {
                "description": describe(build),
                **common,
                "weights": weights(path, model),
            }
    for name, source, changes, make_inputs in TF_KERAS_2:
        path = os.path.join(OUT, f"{name}.h5")
        inputs = make_inputs()
        model, keras_reads_it = write_tf_keras_2(path, os.path.join(SHARED, source), changes)
        predictions, penalty = reference(model, inputs)
        if keras_reads_it:
            check_reloads(path, inputs, predictions, penalty)
        expected["files"][f"{name}.h5"] = {
            "description": f"tf.keras 2.x's HDF5 layout; the config of {source}, shrunk.",
            "inputs": inputs_json(inputs),
            "predictions": predictions,
            "penalty": penalty,
            "weights": legacy_weights(path, model),
        }
    with open(os.path.join(OUT, "expected.json"), "w") as file:
        json.dump(expected, file, separators=(",", ":"))
        file.write("\n")
    total = sum(os.path.getsize(os.path.join(OUT, name)) for name in os.listdir(OUT))
    print(f"Wrote {len(expected['files'])} fixtures to {os.path.relpath(OUT, ROOT)}: {total // 1024} KB.")


def check_reloads(path, inputs, predictions, penalty):
    """Keras reads back what it wrote, with the same numbers: the fixture is sound. Not compiled:
    Keras 3.15 fails to compile its own legacy .h5 files whose loss is "mse" ("Could not
    deserialize 'keras.metrics.mse' because it is not a KerasSaveable subclass")."""
    model = keras.saving.load_model(path, compile=False)
    again, again_penalty = reference(model, inputs)
    compare(path, again, again_penalty, predictions, penalty)


def compare(label, predictions, penalty, expected_predictions, expected_penalty):
    """Raises when predictions or penalty differ by more than TOLERANCE (relative); returns the
    largest relative difference of the predictions."""
    worst = 0.0
    for index, (got, want) in enumerate(zip(predictions, expected_predictions)):
        got, want = np.asarray(got, "float64"), np.asarray(want, "float64")
        if got.shape != want.shape:
            raise AssertionError(f"{label}: output {index} has shape {got.shape}, not {want.shape}")
        difference = np.max(np.abs(got - want) / np.maximum(np.abs(want), 1e-2))
        if difference > TOLERANCE:
            raise AssertionError(f"{label}: output {index} differs by {difference:.3g} (relative)")
        worst = max(worst, float(difference))
    if abs(penalty - expected_penalty) > TOLERANCE * max(abs(expected_penalty), 1e-2):
        raise AssertionError(f"{label}: penalty {penalty} against {expected_penalty}")
    return worst


def write_tf_keras_2(path, source, changes):
    """An HDF5 file in tf.keras 2.x's layout (hdf5_format.save_model_to_hdf5 of tf.keras 2.x):
    byte-string attributes, layer groups in model.layers order, weight names with `:0`, each
    layer's weights under `<layer>/<weight name>`, and the optimizer's. Returns the Keras model
    whose weights it holds, the referee of its numbers, and whether Keras 3.15 loads the file.

    Keras 3.15 cannot build a tf.keras 2 Sequential whose first layer carries batch_input_shape
    with no InputLayer before it (tf.keras before 2.4 wrote them so): its legacy loader passes the
    batch shape on as input_shape, one dimension too many. Nor does it take tf.keras 2's LSTM
    argument `time_major` (always False in files). The referee model is built from a copy of the
    config with an InputLayer of that shape in front and without `time_major`, which changes
    nothing else; the file keeps the original config."""
    with open(source) as file:
        data = json.load(file)
    topology = data.get("modelTopology", data)
    config = topology.get("model_config", topology)
    for layer in config["config"]["layers"]:
        layer["config"].update(changes.get(layer["config"]["name"], {}))
    keras_version = topology.get("keras_version", "2.2.4-tf")
    referee_config = json.loads(json.dumps(config))
    referee_layers = referee_config["config"]["layers"]
    keras_reads_it = referee_layers[0]["class_name"] == "InputLayer" and "time_major" not in json.dumps(config)
    if referee_layers[0]["class_name"] != "InputLayer":
        shape = referee_layers[0]["config"].pop("batch_input_shape")
        referee_layers.insert(
            0, {"class_name": "InputLayer", "config": {"batch_input_shape": shape, "name": "input"}}
        )
    for layer in referee_layers:
        if layer["config"].pop("time_major", False):
            raise ValueError("time_major=True changes the model, and Keras 3 has no such option.")
    # What keras.saving.load_model itself uses to read an HDF5 file's model_config.
    model = legacy_saving_utils.model_from_config(referee_config)
    randomize(model)
    with h5py.File(path, "w") as file:
        file.attrs["keras_version"] = keras_version.encode("utf8")
        file.attrs["backend"] = b"tensorflow"
        file.attrs["model_config"] = json.dumps(config).encode("utf8")
        if "training_config" in topology:
            file.attrs["training_config"] = json.dumps(topology["training_config"]).encode("utf8")
        group = file.create_group("model_weights")
        group.attrs["layer_names"] = np.array([layer.name.encode("utf8") for layer in model.layers])
        group.attrs["backend"] = b"tensorflow"
        group.attrs["keras_version"] = keras_version.encode("utf8")
        for layer in model.layers:
            layer_group = group.create_group(layer.name)
            weights = layer.trainable_weights + layer.non_trainable_weights
            names = [tf_keras_2_name(layer, weight).encode("utf8") for weight in weights]
            layer_group.attrs["weight_names"] = np.array(names) if names else np.array([])
            for name, weight in zip(names, weights):
                layer_group.create_dataset(name.decode("utf8"), data=np.asarray(weight))
        if "training_config" in topology:
            optimizer = file.create_group("optimizer_weights")
            optimizer.attrs["weight_names"] = np.array([b"Adam/iter:0"])
            optimizer.create_dataset("Adam/iter:0", data=np.int64(12))
    return model, keras_reads_it


def tf_keras_2_name(layer, weight):
    """The name tf.keras 2.x gave a weight: `dense_3/kernel:0`, and a recurrent layer's, in its
    cell's scope: `lstm_1/lstm_cell_1/kernel:0`."""
    short = weight.path.rsplit("/", 1)[-1]
    if isinstance(layer, layers.RNN):
        cell = layer.name.replace("lstm", "lstm_cell").replace("gru", "gru_cell")
        return f"{layer.name}/{cell}/{short}:0"
    return f"{layer.name}/{short}:0"


REGULARIZER_SLOTS = (
    "kernel_regularizer",
    "bias_regularizer",
    "recurrent_regularizer",
    "depthwise_regularizer",
    "pointwise_regularizer",
    "embeddings_regularizer",
    "gamma_regularizer",
    "beta_regularizer",
    "alpha_regularizer",
    "activity_regularizer",
)


def regularizers_of(config):
    """Every regularizer of a model config (any Keras version's), as sorted (slot, registered name
    or class name, config) triples. Not keyed by layer: a Bidirectional layer's backward copy is
    named after its forward layer by whoever rebuilds it (Keras, tfjs), so its name changes."""
    found = []

    def walk(value):
        if isinstance(value, dict):
            for key, item in value.items():
                if key in REGULARIZER_SLOTS and isinstance(item, dict):
                    found.append((key, item.get("registered_name") or item["class_name"], item.get("config")))
                else:
                    walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    walk(config)
    return sorted(found, key=lambda triple: (triple[0], triple[1], json.dumps(triple[2], sort_keys=True)))


def original_config(name):
    path = os.path.join(OUT, name)
    if name.endswith(".keras"):
        with zipfile.ZipFile(path) as archive:
            return json.loads(archive.read("config.json"))
    with h5py.File(path, "r") as file:
        return json.loads(file.attrs["model_config"])


def check_round_trip(directory):
    """Loads every archive saveKerasModel wrote in `directory` with keras.saving.load_model, and
    checks it against what JavaScript computed and against the original fixture's regularizers."""
    with open(os.path.join(directory, "round-trip.json")) as file:
        written = json.load(file)
    failures = 0
    print(f"Keras {keras.__version__} ({keras.backend.backend()}) loads what saveKerasModel wrote:")
    for name, record in written["files"].items():
        try:
            model = keras.saving.load_model(os.path.join(directory, record["archive"]))
            inputs = [
                np.asarray(item["values"], item["dtype"]).reshape(item["shape"])
                for item in record["inputs"]
            ]
            predictions, penalty = reference(model, inputs)
            worst = compare(name, predictions, penalty, record["predictions"], record["penalty"])
            before = regularizers_of(original_config(name))
            after = regularizers_of(json.loads(model.to_json()))
            same = len(before) == len(after) and all(
                first[:2] == second[:2] and same_config(first[2], second[2])
                for first, second in zip(before, after)
            )
            if not same:
                raise AssertionError(f"{name}: the regularizers are {after}, not {before}")
            print(
                f"  ok    {name:50} predictions within {worst:.1e}, penalty {penalty:.7g}"
                f" (JavaScript {record['penalty']:.7g}), {len(before)} regularizers as in the original"
            )
        except Exception as error:  # noqa: BLE001  (report every file, then fail)
            failures += 1
            print(f"  FAIL  {name}: {type(error).__name__}: {error}")
    for name, message in written.get("failed", {}).items():
        failures += 1
        print(f"  FAIL  {name}: JavaScript could not load or save it: {message}")
    total = len(written["files"]) + len(written.get("failed", {}))
    print(f"{total - failures} passed, {failures} failed.")
    if failures:
        raise SystemExit(1)


def same_config(first, second):
    if isinstance(first, dict) and isinstance(second, dict):
        return first.keys() == second.keys() and all(same_config(first[key], second[key]) for key in first)
    if isinstance(first, (int, float)) and isinstance(second, (int, float)):
        return abs(first - second) <= 1e-7 * max(abs(second), 1e-30)
    return first == second


if __name__ == "__main__":
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--check", metavar="DIR", help="check what keras-files-round-trip.js wrote in DIR")
    arguments = parser.parse_args()
    if arguments.check:
        check_round_trip(arguments.check)
    else:
        generate()
