#!/usr/bin/env python3
"""Writes the ONNX reference fixtures under Tests/ONNXFormatTests/Fixtures/.

Each case directory holds model.onnx exactly as the exporter wrote it, inputs/outputs/intermediates computed by
ONNX Runtime (every intermediate node output made a graph output, graph optimizations off), input gradients
from PyTorch autograd (TensorFlow's GradientTape for the Keras case), and manifest.json describing all of it
(see Tests/ONNXFormatTests/Fixtures/README.md for the format). Everything is seeded: re-running the script
rewrites the same numbers.

Environments (both git-ignored; versions used are in scripts/requirements-fixtures*.txt):
    python3 -m venv .venv && .venv/bin/pip install -r scripts/requirements-fixtures.txt
    python3 -m venv .venv-tf && .venv-tf/bin/pip install -r scripts/requirements-fixtures-tf.txt
Run from the repository root:
    .venv/bin/python scripts/make_fixtures.py             # all cases; the Keras case runs in .venv-tf
    .venv/bin/python scripts/make_fixtures.py gru_small   # only the named cases
The torch CPU wheel takes ~2 minutes for everything (the dynamo exporter ~45 s of it).
"""

from __future__ import annotations

import os
import subprocess
import sys

import numpy as np
import onnx
import onnxruntime
import torch
from torch import nn

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import fixture_common as common  # noqa: E402

SEED = 20240603
BIN_SECONDS = 147.65625  # one week in 4,096 bins
FULL_T = 4096
GRADIENT_T0 = 2048
# The 128-channel cases keep their intermediates at a short sequence to stay inside the fixture budget.
SHORT_T = 16


class DeepHeart(nn.Module):
    """3 Conv1d(k=5, 'same') + activation, BiLSTM whose h0/c0 come from a Linear on metadata, per-step head,
    mean over time + sigmoid. series (N, T, 2) -> per_step (N, T, 1), pooled (N, 1)."""

    def __init__(self, channels: int, hidden: int, metadata_features: int = 4, leaky: bool = False,
                 shared_direction_state: bool = False):
        super().__init__()
        self.hidden = hidden
        self.shared_direction_state = shared_direction_state
        self.conv1 = nn.Conv1d(2, channels, 5, padding=2)
        self.conv2 = nn.Conv1d(channels, channels, 5, padding=2)
        self.conv3 = nn.Conv1d(channels, channels, 5, padding=2)
        self.activation = nn.LeakyReLU(0.1) if leaky else nn.ReLU()
        directions = 1 if shared_direction_state else 2
        self.initial_h = nn.Linear(metadata_features, directions * hidden)
        self.initial_c = nn.Linear(metadata_features, directions * hidden)
        self.lstm = nn.LSTM(channels, hidden, batch_first=True, bidirectional=True)
        self.head = nn.Linear(2 * hidden, 1)
        with torch.no_grad():  # forget-gate bias 1 (PyTorch gate order i, f, g, o), as people train them
            for name in ("bias_ih_l0", "bias_ih_l0_reverse"):
                getattr(self.lstm, name)[hidden:2 * hidden] += 1.0

    def forward(self, series, metadata):
        x = series.transpose(1, 2)                                    # (N, 2, T)
        x = self.activation(self.conv1(x))                            # (N, C, T)
        x = self.activation(self.conv2(x))
        x = self.activation(self.conv3(x))
        x = x.transpose(1, 2)                                         # (N, T, C)
        if self.shared_direction_state:                               # one state for both directions
            h0 = self.initial_h(metadata).unsqueeze(0).repeat(2, 1, 1)  # (2, N, H)
            c0 = self.initial_c(metadata).unsqueeze(0).repeat(2, 1, 1)
        else:                                                         # one state per direction
            h0 = self.initial_h(metadata).reshape(-1, 2, self.hidden).transpose(0, 1).contiguous()
            c0 = self.initial_c(metadata).reshape(-1, 2, self.hidden).transpose(0, 1).contiguous()
        y, _ = self.lstm(x, (h0, c0))                                 # (N, T, 2H)
        per_step = self.head(y)                                       # (N, T, 1)
        pooled = torch.sigmoid(per_step.mean(dim=1))                  # (N, 1)
        return per_step, pooled


class SmallGRU(nn.Module):
    """Conv1d(k=3) + ReLU, 2-layer bidirectional GRU with h0 from metadata, per-step head, mean + sigmoid."""

    def __init__(self, channels: int = 12, hidden: int = 10, metadata_features: int = 4):
        super().__init__()
        self.hidden = hidden
        self.conv = nn.Conv1d(2, channels, 3, padding=1)
        self.initial_h = nn.Linear(metadata_features, 4 * hidden)
        self.gru = nn.GRU(channels, hidden, num_layers=2, batch_first=True, bidirectional=True, dropout=0.2)
        self.head = nn.Linear(2 * hidden, 1)

    def forward(self, series, metadata):
        x = torch.relu(self.conv(series.transpose(1, 2))).transpose(1, 2)       # (N, T, C)
        h0 = self.initial_h(metadata).reshape(-1, 4, self.hidden).transpose(0, 1).contiguous()  # (4, N, H)
        y, _ = self.gru(x, h0)                                                  # (N, T, 2H)
        per_step = self.head(y)                                                 # (N, T, 1)
        return per_step, torch.sigmoid(per_step.mean(dim=1))


class DynamicBatchModel(nn.Module):
    """Conv1d + ReLU, forward LSTM without initial states, LayerNorm, per-step head; one input only."""

    def __init__(self, channels: int = 8, hidden: int = 8):
        super().__init__()
        self.conv = nn.Conv1d(2, channels, 3, padding=1)
        self.lstm = nn.LSTM(channels, hidden, batch_first=True)
        self.norm = nn.LayerNorm(hidden)
        self.head = nn.Linear(hidden, 1)

    def forward(self, series):
        x = torch.relu(self.conv(series.transpose(1, 2))).transpose(1, 2)  # (N, T, C)
        y, _ = self.lstm(x)                                                # (N, T, H)
        per_step = self.head(self.norm(y))                                 # (N, T, 1)
        return per_step, torch.sigmoid(per_step.mean(dim=1))


def synthetic_weeks(rng: np.random.Generator, batch: int, steps: int) -> tuple[np.ndarray, np.ndarray]:
    """Normalised (heart rate, steps) series (N, T, 2) with a day/night rhythm, and metadata (N, 4)."""
    hours = (np.arange(steps) * BIN_SECONDS / 3600.0)[None, :] + rng.uniform(0, 24, size=(batch, 1))
    awake = ((hours % 24) > 7) & ((hours % 24) < 23)
    heart = 58 + 14 * awake + 6 * np.sin(2 * np.pi * hours / 24) + rng.normal(0, 4, size=(batch, steps))
    walking = awake & (rng.random((batch, steps)) < 0.15)
    step_counts = np.where(walking, rng.gamma(2.0, 60.0, size=(batch, steps)), 0.0)
    series = np.stack([(heart - 70.0) / 15.0, np.log1p(step_counts) / 5.0], axis=-1)
    metadata = rng.normal(0, 1, size=(batch, 4))
    return series.astype(np.float32), metadata.astype(np.float32)


def export(module: nn.Module, case_dir: str, example: tuple, input_names: list[str], output_names: list[str],
           dynamo: bool, opset: int, dynamic: dict[str, dict[int, str]]) -> dict:
    """Exports with torch.onnx.export and returns the exporter flags for the manifest."""
    path = os.path.join(case_dir, "model.onnx")
    if dynamo:
        dims = {}
        shapes = {}
        for name, axes in dynamic.items():
            if name in input_names:
                shapes[name] = {axis: dims.setdefault(label, torch.export.Dim(label, min=1 if label == "batch" else 2,
                                                                              max=1 << 16))
                                for axis, label in axes.items()}
        torch.onnx.export(module, example, path, input_names=input_names, output_names=output_names,
                          opset_version=opset, dynamo=True, dynamic_shapes=shapes, external_data=False)
        return {"exporter": "torch.onnx.export", "dynamo": True, "opset_version": opset,
                "dynamic_shapes": {name: {str(axis): label for axis, label in axes.items()}
                                   for name, axes in dynamic.items() if name in input_names},
                "optimize": True, "external_data": False}
    torch.onnx.export(module, example, path, input_names=input_names, output_names=output_names,
                      opset_version=opset, dynamo=False, dynamic_axes=dynamic, do_constant_folding=True)
    return {"exporter": "torch.onnx.export", "dynamo": False, "opset_version": opset,
            "dynamic_axes": {name: {str(axis): label for axis, label in axes.items()} for name, axes in dynamic.items()},
            "do_constant_folding": True}


def torch_gradients(module: nn.Module, inputs: dict, output_name: str, output_index: int,
                    elements: list[list[int]], dtype) -> dict:
    """d(sum of output[elements]) / d input for every float input, with autograd in `dtype`."""
    model = module.to(dtype)
    tensors = {name: torch.tensor(value, dtype=dtype, requires_grad=True) for name, value in inputs.items()}
    outputs = model(*tensors.values())
    seed = sum(outputs[output_index][tuple(element)] for element in elements)
    gradients = torch.autograd.grad(seed, list(tensors.values()))
    module.to(torch.float32)
    return {name: gradient.detach().numpy() for name, gradient in zip(tensors, gradients)}


def run_case(case: str, module: nn.Module, description: str, input_names: list[str], dynamo: bool, opset: int,
             dynamic: dict, runs: list[dict], gradient: dict, tolerances: dict) -> None:
    """Exports `module`, writes every run's tensors and the gradient, checks ORT against torch, writes the manifest.

    runs: [{"name", "prefix", "inputs": {name: array}, "intermediates": bool}]; the first run's files go to
    inputs/, outputs/, intermediates/, later runs under their prefix. gradient: {"run", "output", "elements",
    "float64": bool}; its files go to gradients/.
    """
    print(f"case {case}")
    output_names = ["per_step", "pooled"]
    module.eval()
    case_dir = common.reset_case(case)
    first = runs[0]["inputs"]
    flags = export(module, case_dir, tuple(torch.from_numpy(first[name]) for name in input_names), input_names,
                   output_names, dynamo, opset, dynamic)
    model_path = os.path.join(case_dir, "model.onnx")
    model = onnx.load(model_path)
    plain = common.session(model_path)

    manifest_runs = []
    checks = {}
    for run in runs:
        prefix = run["prefix"]
        feeds = run["inputs"]
        with torch.no_grad():
            expected = [value.numpy() for value in module(*(torch.from_numpy(feeds[name]) for name in input_names))]
        actual = plain.run(output_names, feeds)
        for name, want, got in zip(output_names, expected, actual):
            checks[f"{run['name']}.{name} onnxruntime vs torch"] = common.assert_close(
                f"{run['name']} {name} ORT vs torch", want, got)
        entry = {"name": run["name"], "inputs": {}, "outputs": {}}
        for name in input_names:
            entry["inputs"][name] = common.save(case_dir, f"{prefix}inputs/{name}.npy", feeds[name])
        if run["intermediates"]:
            outputs, intermediates, skipped = common.run_with_intermediates(model_path, feeds)
            for name in output_names:
                common.assert_close(f"{run['name']} {name} ORT (all outputs) vs torch", expected[output_names.index(name)],
                                    outputs[name])
        else:
            outputs, intermediates, skipped = dict(zip(output_names, actual)), None, None
        for name in output_names:
            entry["outputs"][name] = common.save(case_dir, f"{prefix}outputs/{name}.npy", outputs[name])
        if intermediates is not None:
            constant = set(intermediates) - common.input_dependent(model)
            entry["intermediates"], entry["constant_intermediates"] = common.save_intermediates(
                case_dir, prefix, intermediates, constant)
            entry["non_float_intermediates"] = skipped
        manifest_runs.append(entry)

    gradient_entry = write_gradients(case_dir, module, runs, input_names, output_names, gradient)
    manifest = {
        "case": case,
        "description": description,
        "model": "model.onnx",
        "producer": {
            "framework": "torch",
            "torch": torch.__version__,
            "onnx": onnx.__version__,
            "onnxruntime": onnxruntime.__version__,
            "numpy": np.__version__,
            "producer_name": model.producer_name,
            "producer_version": model.producer_version,
            "exporter_flags": flags,
            "seed": SEED,
        },
        "ir_version": model.ir_version,
        "opset": common.opsets(model),
        "op_types": common.op_types(model),
        "initializer_count": len(model.graph.initializer),
        "graph_inputs": {value.name: dims(value) for value in model.graph.input},
        "graph_outputs": {value.name: dims(value) for value in model.graph.output},
        "runs": manifest_runs,
        "gradients": gradient_entry,
        "checks": checks,
        "tolerances": tolerances,
    }
    common.write_manifest(case_dir, manifest)
    print(f"  wrote {case_dir}: {common.directory_size(case_dir) / 1e6:.3f} MB, ops {manifest['op_types']}")


def write_gradients(case_dir: str, module: nn.Module, runs: list[dict], input_names: list[str],
                    output_names: list[str], gradient: dict) -> dict:
    run = next(run for run in runs if run["name"] == gradient["run"])
    inputs = {name: run["inputs"][name] for name in input_names}
    output_index = output_names.index(gradient["output"])
    f32 = torch_gradients(module, inputs, gradient["output"], output_index, gradient["elements"], torch.float32)
    entry = {
        "run": gradient["run"],
        "seed": {"output": gradient["output"], "elements": gradient["elements"],
                 "meaning": "gradient of the sum of the listed output elements; one element per batch row, so "
                            "row n of each gradient is d output[element n] / d input[n]"},
        "reference": "PyTorch autograd on the torch module that was exported, float32 (and float64 where a "
                     "float64_file is given)",
        "wrt": {},
    }
    for name in input_names:
        entry["wrt"][name] = common.save(case_dir, f"gradients/grad_{name}.npy", f32[name])
    if gradient.get("float64"):
        f64 = torch_gradients(module, inputs, gradient["output"], output_index, gradient["elements"], torch.float64)
        for name in input_names:
            saved = common.save(case_dir, f"gradients/grad_{name}_f64.npy", f64[name])
            entry["wrt"][name]["float64_file"] = saved["file"]
            gap = common.log_magnitude_gap(f64[name], f32[name])
            peak = float(np.max(np.abs(f64[name])))
            nonzero = np.abs(f64[name][np.abs(f64[name]) > 0])
            entry["wrt"][name]["float32_vs_float64"] = {
                "max_abs_diff_over_peak": float(np.max(np.abs(f64[name] - f32[name]))) / peak if peak else 0.0,
                "max_log10_gap_above_1e-30": gap,
                "peak": peak,
                "smallest_nonzero_float64": float(nonzero.min()) if nonzero.size else 0.0,
                "smallest_nonzero_float32": float(np.abs(f32[name][f32[name] != 0]).min()) if np.any(f32[name]) else 0.0,
                "values_between_1e-30_and_1e-6_of_peak": int(np.sum((np.abs(f64[name]) > 1e-30)
                                                                   & (np.abs(f64[name]) < 1e-6 * peak))),
                "zeros_float32": int(np.sum(f32[name] == 0)),
                "zeros_float64": int(np.sum(f64[name] == 0)),
            }
            print(f"  gradient {name}: peak {peak:.3g}, f32 vs f64 log10 gap {gap:.3g}, "
                  f"zeros f32 {int(np.sum(f32[name] == 0))} / f64 {int(np.sum(f64[name] == 0))} of {f64[name].size}")
    return entry


def dims(value: onnx.ValueInfoProto) -> list:
    return [dim.dim_param if dim.HasField("dim_param") else (dim.dim_value if dim.HasField("dim_value") else None)
            for dim in value.type.tensor_type.shape.dim]


def deepheart_cases(selected: set[str]) -> None:
    torch.manual_seed(SEED)
    module = DeepHeart(channels=128, hidden=128)
    rng = np.random.default_rng(SEED)
    short_series, short_metadata = synthetic_weeks(rng, 2, SHORT_T)
    long_series, long_metadata = synthetic_weeks(rng, 1, FULL_T)
    runs = [
        {"name": "short", "prefix": "", "intermediates": True,
         "inputs": {"series": short_series, "metadata": short_metadata}},
        {"name": "week", "prefix": "gradients/", "intermediates": False,
         "inputs": {"series": long_series, "metadata": long_metadata}},
    ]
    gradient = {"run": "week", "output": "per_step", "elements": [[0, GRADIENT_T0, 0]], "float64": True}
    tolerances = {
        "intermediates": {"atol": 1e-4, "rtol": 1e-3},
        "outputs": {"atol": 1e-4, "rtol": 1e-3},
        "gradients": {
            "atol_relative_to_peak": 1e-4, "rtol": 1e-2,
            "log10_gap": 0.05, "log10_floor": 1e-30,
            "note": "compare |value - reference| <= atol_relative_to_peak * peak + rtol * |reference| everywhere, "
                    "and |log10|value| - log10|reference|| <= log10_gap where the float64 reference is above "
                    "log10_floor; expect exact zeros where the float64 reference underflows",
        },
    }
    dynamic = {"series": {0: "batch", 1: "time"}, "metadata": {0: "batch"},
               "per_step": {0: "batch", 1: "time"}, "pooled": {0: "batch"}}
    description = ("DeepHeart-like: 3 Conv1d(128, k=5, pad 2)+ReLU, BiLSTM 2x128 with h0/c0 = Linear(metadata) "
                   "per direction, per-step Linear head, mean over time + sigmoid. Intermediates at N=2, "
                   f"T={SHORT_T}; gradient d per_step[0, {GRADIENT_T0}, 0] / d inputs at N=1, T={FULL_T}.")
    if "deepheart_torchscript" in selected:
        run_case("deepheart_torchscript", module, description + " TorchScript exporter.", ["series", "metadata"],
                 dynamo=False, opset=17, dynamic=dynamic, runs=runs, gradient=gradient, tolerances=tolerances)
    if "deepheart_dynamo" in selected:
        run_case("deepheart_dynamo", module, description + " Dynamo exporter, same weights.", ["series", "metadata"],
                 dynamo=True, opset=18, dynamic=dynamic, runs=runs, gradient=gradient, tolerances=tolerances)


SMALL_TOLERANCES = {
    "intermediates": {"atol": 1e-5, "rtol": 1e-4},
    "outputs": {"atol": 1e-5, "rtol": 1e-4},
    "gradients": {"atol_relative_to_peak": 1e-5, "rtol": 1e-3, "log10_gap": 0.05, "log10_floor": 1e-30},
}


def leaky_case() -> None:
    torch.manual_seed(SEED + 1)
    module = DeepHeart(channels=16, hidden=16, leaky=True, shared_direction_state=True)
    series, metadata = synthetic_weeks(np.random.default_rng(SEED + 1), 2, 64)
    run_case("deepheart_leaky", module,
             "DeepHeart-like with LeakyReLU(0.1), 16 channels, BiLSTM 2x16; h0/c0 = Linear(metadata) shared by both "
             "directions (unsqueeze + repeat). N=2, T=64; gradient seeds per_step[n, 32, 0] for each row.",
             ["series", "metadata"], dynamo=False, opset=17,
             dynamic={"series": {0: "batch", 1: "time"}, "metadata": {0: "batch"},
                      "per_step": {0: "batch", 1: "time"}, "pooled": {0: "batch"}},
             runs=[{"name": "main", "prefix": "", "intermediates": True,
                    "inputs": {"series": series, "metadata": metadata}}],
             gradient={"run": "main", "output": "per_step", "elements": [[0, 32, 0], [1, 32, 0]], "float64": True},
             tolerances=SMALL_TOLERANCES)


def gru_case() -> None:
    torch.manual_seed(SEED + 2)
    module = SmallGRU()
    series, metadata = synthetic_weeks(np.random.default_rng(SEED + 2), 2, 48)
    run_case("gru_small", module,
             "Conv1d(12, k=3)+ReLU, 2-layer bidirectional GRU of 10 (linear_before_reset=1 as torch exports it) with "
             "h0 (4, N, 10) = Linear(metadata), per-step head, mean + sigmoid. N=2, T=48; gradient seeds "
             "per_step[n, 24, 0].",
             ["series", "metadata"], dynamo=False, opset=17,
             dynamic={"series": {0: "batch", 1: "time"}, "metadata": {0: "batch"},
                      "per_step": {0: "batch", 1: "time"}, "pooled": {0: "batch"}},
             runs=[{"name": "main", "prefix": "", "intermediates": True,
                    "inputs": {"series": series, "metadata": metadata}}],
             gradient={"run": "main", "output": "per_step", "elements": [[0, 24, 0], [1, 24, 0]], "float64": True},
             tolerances=SMALL_TOLERANCES)


def dynamic_batch_case() -> None:
    torch.manual_seed(SEED + 3)
    module = DynamicBatchModel()
    rng = np.random.default_rng(SEED + 3)
    series_1, _ = synthetic_weeks(rng, 1, 32)
    series_3, _ = synthetic_weeks(rng, 3, 32)
    run_case("dynamic_batch", module,
             "Conv1d(8, k=3)+ReLU, forward LSTM(8) without initial states, LayerNorm, per-step head. Exported with "
             "only the batch axis dynamic (T fixed at 32); run at batch 1 and batch 3; gradient seeds "
             "per_step[n, 16, 0] for the three rows of the batch-3 run.",
             ["series"], dynamo=False, opset=17,
             dynamic={"series": {0: "batch"}, "per_step": {0: "batch"}, "pooled": {0: "batch"}},
             runs=[{"name": "batch1", "prefix": "", "intermediates": True, "inputs": {"series": series_1}},
                   {"name": "batch3", "prefix": "batch3/", "intermediates": True, "inputs": {"series": series_3}}],
             gradient={"run": "batch3", "output": "per_step", "elements": [[0, 16, 0], [1, 16, 0], [2, 16, 0]],
                       "float64": True},
             tolerances=SMALL_TOLERANCES)


def numpy_samples() -> None:
    """Tiny .npy files written by numpy itself, for NumpyArrayTests."""
    directory = common.reset_case("npy")
    samples = {
        "float32_2x3": np.arange(6, dtype=np.float32).reshape(2, 3) / 4 - 0.5,
        "float64_3": np.array([1.5, -2.25, 1e-40], dtype=np.float64),
        "int64_2x2": np.array([[1, -2], [3, 1 << 40]], dtype=np.int64),
        "int32_4": np.array([7, -8, 9, 2147483647], dtype=np.int32),
        "bool_3": np.array([True, False, True]),
        "scalar_float32": np.array(3.5, dtype=np.float32),
        "empty_0x3": np.zeros((0, 3), dtype=np.float32),
        "fortran_2x3": np.asfortranarray(np.arange(6, dtype=np.float32).reshape(2, 3)),
        "bigendian_float32_2": np.array([1.0, 2.0], dtype=">f4"),
        "float16_2": np.array([1.0, 2.0], dtype=np.float16),
    }
    for name, array in samples.items():
        np.save(os.path.join(directory, f"{name}.npy"), array, allow_pickle=False)
    with open(os.path.join(directory, "float32_v2_2x2.npy"), "wb") as handle:
        np.lib.format.write_array(handle, np.array([[1, 2], [3, 4]], dtype=np.float32), version=(2, 0))
    print(f"npy samples: {sorted(os.listdir(directory))}")


def keras_case(tf_python: str) -> None:
    script = os.path.join(os.path.dirname(os.path.abspath(__file__)), "make_keras_fixture.py")
    subprocess.run([tf_python, script], check=True)


def main() -> None:
    all_cases = ["npy", "deepheart_torchscript", "deepheart_dynamo", "deepheart_leaky", "gru_small",
                 "keras_conv_bilstm", "dynamic_batch"]
    selected = set(sys.argv[1:]) or set(all_cases)
    unknown = selected - set(all_cases)
    if unknown:
        sys.exit(f"unknown cases {sorted(unknown)}; known: {all_cases}")
    torch.set_num_threads(2)
    os.makedirs(common.FIXTURES, exist_ok=True)
    if "npy" in selected:
        numpy_samples()
    if selected & {"deepheart_torchscript", "deepheart_dynamo"}:
        deepheart_cases(selected)
    if "deepheart_leaky" in selected:
        leaky_case()
    if "gru_small" in selected:
        gru_case()
    if "dynamic_batch" in selected:
        dynamic_batch_case()
    if "keras_conv_bilstm" in selected:
        keras_case(os.environ.get("TF_PYTHON", os.path.join(common.REPO, ".venv-tf", "bin", "python")))
    total = 0
    for name in sorted(os.listdir(common.FIXTURES)):
        path = os.path.join(common.FIXTURES, name)
        if os.path.isdir(path):
            size = common.directory_size(path)
            total += size
            print(f"{name:28s} {size / 1e6:8.3f} MB")
    print(f"{'total':28s} {total / 1e6:8.3f} MB")


if __name__ == "__main__":
    main()
