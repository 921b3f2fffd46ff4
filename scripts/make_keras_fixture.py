#!/usr/bin/env python3
"""Writes the keras_conv_bilstm fixture: a Keras 3 Conv1D + Bidirectional(LSTM) model converted by tf2onnx.

Runs in the TensorFlow virtual environment (.venv-tf: tensorflow-cpu, keras, tf2onnx, onnx, onnxruntime; see
scripts/requirements-fixtures-tf.txt); make_fixtures.py calls it. Same layout and manifest as the torch cases
(Tests/ONNXFormatTests/Fixtures/README.md), except that gradients come from TensorFlow's GradientTape on the
Keras model, in float32 and float64.
"""

from __future__ import annotations

import os
import sys

# tf2onnx's optimizer walks sets, so its generated names (Transpose__173, const_fold_opt__189) vary between runs.
# Pinning Python's hash seed (re-executing once) makes the node names stable, but some constant names still
# change (sets of objects hash by address): values are reproducible, tf2onnx-generated names are not, so
# tests must find tensors through the manifest or the graph, never by those names.
if os.environ.get("PYTHONHASHSEED") != "0":
    os.environ["PYTHONHASHSEED"] = "0"
    os.execv(sys.executable, [sys.executable] + sys.argv)

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
os.environ.setdefault("TF_ENABLE_ONEDNN_OPTS", "0")  # plain float32 kernels, no oneDNN re-association
os.environ.setdefault("KERAS_BACKEND", "tensorflow")

import numpy as np  # noqa: E402
import onnx  # noqa: E402
import onnxruntime  # noqa: E402
import tensorflow as tf  # noqa: E402
import keras  # noqa: E402
import tf2onnx  # noqa: E402

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import fixture_common as common  # noqa: E402

CASE = "keras_conv_bilstm"
SEED = 20240607
N, T, T0 = 2, 40, 20
CHANNELS, HIDDEN = 12, 10


def build(dtype: str) -> keras.Model:
    """series (N, T, 2), metadata (N, 4) -> per_step (N, T, 1), pooled (N, 1)."""
    series = keras.Input((None, 2), name="series", dtype=dtype)
    metadata = keras.Input((4,), name="metadata", dtype=dtype)
    x = keras.layers.Conv1D(CHANNELS, 5, padding="same", activation="relu", name="conv1", dtype=dtype)(series)
    x = keras.layers.Conv1D(CHANNELS, 5, padding="same", activation="relu", name="conv2", dtype=dtype)(x)
    states = [keras.layers.Dense(HIDDEN, name=f"initial_{which}", dtype=dtype)(metadata)
              for which in ("h_forward", "c_forward", "h_backward", "c_backward")]
    y = keras.layers.Bidirectional(keras.layers.LSTM(HIDDEN, return_sequences=True, dtype=dtype), name="bilstm",
                                   dtype=dtype)(x, initial_state=states)
    per_step = keras.layers.Dense(1, name="per_step", dtype=dtype)(y)
    pooled = keras.layers.Activation("sigmoid", name="pooled", dtype=dtype)(
        keras.layers.GlobalAveragePooling1D(name="mean_over_time", dtype=dtype)(per_step))
    return keras.Model([series, metadata], [per_step, pooled], name="conv_bilstm")


def randomize_biases(model: keras.Model, rng: np.random.Generator) -> None:
    """Gives every bias except the per-step head's a trained-looking non-zero value.

    The head's bias stays zero on purpose: tf2onnx drops zero biases, and the importer must cope.
    """
    for layer in model.layers:
        for weight in layer.weights:
            if weight.name == "bias" and layer.name != "per_step":
                weight.assign(weight.numpy() + rng.normal(0, 0.1, size=weight.shape).astype(weight.dtype))


def synthetic(rng: np.random.Generator) -> dict:
    hours = (np.arange(T) * 147.65625 / 3600.0)[None, :] + rng.uniform(0, 24, size=(N, 1))
    awake = ((hours % 24) > 7) & ((hours % 24) < 23)
    heart = 58 + 14 * awake + rng.normal(0, 4, size=(N, T))
    steps = np.where(awake & (rng.random((N, T)) < 0.2), rng.gamma(2.0, 60.0, size=(N, T)), 0.0)
    return {"series": np.stack([(heart - 70) / 15, np.log1p(steps) / 5], axis=-1).astype(np.float32),
            "metadata": rng.normal(0, 1, size=(N, 4)).astype(np.float32)}


def gradients(model: keras.Model, inputs: dict, dtype) -> dict:
    tensors = {name: tf.Variable(value.astype(dtype)) for name, value in inputs.items()}
    with tf.GradientTape() as tape:
        per_step, _ = model([tensors["series"], tensors["metadata"]], training=False)
        seed = tf.add_n([per_step[n, T0, 0] for n in range(N)])
    grads = tape.gradient(seed, list(tensors.values()))
    return {name: grad.numpy() for name, grad in zip(tensors, grads)}


def main() -> None:
    keras.utils.set_random_seed(SEED)
    model = build("float32")
    randomize_biases(model, np.random.default_rng(SEED))
    inputs = synthetic(np.random.default_rng(SEED + 1))
    expected = [value.numpy() for value in model([inputs["series"], inputs["metadata"]], training=False)]

    case_dir = common.reset_case(CASE)
    model_path = os.path.join(case_dir, "model.onnx")
    signature = (tf.TensorSpec((None, None, 2), tf.float32, name="series"),
                 tf.TensorSpec((None, 4), tf.float32, name="metadata"))

    @tf.function(input_signature=signature)
    def serve(series, metadata):
        per_step, pooled = model([series, metadata], training=False)
        return {"per_step": per_step, "pooled": pooled}

    opset = 17
    onnx_model, _ = tf2onnx.convert.from_function(serve, input_signature=signature, opset=opset,
                                                  output_path=model_path)
    output_names = [output.name for output in onnx_model.graph.output]
    roles = {role: next(name for name in output_names if role in name) for role in ("per_step", "pooled")}
    print(f"case {CASE}: outputs {output_names}")

    actual = common.session(model_path).run(None, inputs)
    checks = {}
    for role, want in zip(("per_step", "pooled"), expected):
        got = actual[output_names.index(roles[role])]
        checks[f"main.{role} onnxruntime vs keras"] = common.assert_close(f"{role} ORT vs keras", want, got)
    outputs, intermediates, skipped = common.run_with_intermediates(model_path, inputs)
    model_onnx = onnx.load(model_path)
    constant = set(intermediates) - common.input_dependent(model_onnx)
    saved, digests = common.save_intermediates(case_dir, "", intermediates, constant)
    run = {"name": "main",
           "inputs": {name: common.save(case_dir, f"inputs/{name}.npy", value) for name, value in inputs.items()},
           "outputs": {name: common.save(case_dir, f"outputs/{common.sanitized(name)}.npy", value)
                       for name, value in outputs.items()},
           "intermediates": saved, "constant_intermediates": digests, "non_float_intermediates": skipped}

    f32 = gradients(model, inputs, np.float32)
    model64 = build("float64")
    model64.set_weights([weight.astype(np.float64) for weight in model.get_weights()])
    f64 = gradients(model64, inputs, np.float64)
    wrt = {}
    for name in inputs:
        wrt[name] = common.save(case_dir, f"gradients/grad_{name}.npy", f32[name].astype(np.float32))
        wrt[name]["float64_file"] = common.save(case_dir, f"gradients/grad_{name}_f64.npy", f64[name])["file"]
        peak = float(np.max(np.abs(f64[name])))
        wrt[name]["float32_vs_float64"] = {
            "max_abs_diff_over_peak": float(np.max(np.abs(f64[name] - f32[name]))) / peak if peak else 0.0,
            "max_log10_gap_above_1e-30": common.log_magnitude_gap(f64[name], f32[name]),
            "peak": peak,
        }
        print(f"  gradient {name}: peak {peak:.3g}")

    manifest = {
        "case": CASE,
        "description": (f"Keras 3 functional model: 2 Conv1D({CHANNELS}, k=5, same, relu), four Dense({HIDDEN}) on "
                        f"metadata as initial states (h, c forward; h, c backward) of Bidirectional(LSTM({HIDDEN}, "
                        "return_sequences)), Dense(1) per-step head (zero bias), GlobalAveragePooling1D + sigmoid. "
                        f"Converted with tf2onnx.convert.from_function. N={N}, T={T}; gradient seeds "
                        f"per_step[n, {T0}, 0]."),
        "model": "model.onnx",
        "producer": {
            "framework": "keras",
            "tensorflow": tf.__version__,
            "keras": keras.__version__,
            "tf2onnx": tf2onnx.__version__,
            "onnx": onnx.__version__,
            "onnxruntime": onnxruntime.__version__,
            "numpy": np.__version__,
            "producer_name": model_onnx.producer_name,
            "producer_version": model_onnx.producer_version,
            "exporter_flags": {"exporter": "tf2onnx.convert.from_function", "opset": opset,
                               "input_signature": {"series": [None, None, 2], "metadata": [None, 4]}},
            "seed": SEED,
        },
        "ir_version": model_onnx.ir_version,
        "opset": common.opsets(model_onnx),
        "op_types": common.op_types(model_onnx),
        "initializer_count": len(model_onnx.graph.initializer),
        "graph_inputs": {value.name: dims(value) for value in model_onnx.graph.input},
        "graph_outputs": {value.name: dims(value) for value in model_onnx.graph.output},
        "output_roles": roles,
        "runs": [run],
        "gradients": {
            "run": "main",
            "seed": {"output": roles["per_step"], "elements": [[n, T0, 0] for n in range(N)],
                     "meaning": "gradient of the sum of the listed output elements; one element per batch row"},
            "reference": "TensorFlow GradientTape on the Keras model that was converted, float32 and float64",
            "wrt": wrt,
        },
        "checks": checks,
        "tolerances": {
            "intermediates": {"atol": 1e-5, "rtol": 1e-4},
            "outputs": {"atol": 1e-5, "rtol": 1e-4},
            "gradients": {"atol_relative_to_peak": 1e-5, "rtol": 1e-3, "log10_gap": 0.05, "log10_floor": 1e-30},
        },
    }
    common.write_manifest(case_dir, manifest)
    print(f"  wrote {case_dir}: {common.directory_size(case_dir) / 1e6:.3f} MB, ops {manifest['op_types']}")


def dims(value: onnx.ValueInfoProto) -> list:
    return [dim.dim_param if dim.HasField("dim_param") else (dim.dim_value if dim.HasField("dim_value") else None)
            for dim in value.type.tensor_type.shape.dim]


if __name__ == "__main__":
    main()
