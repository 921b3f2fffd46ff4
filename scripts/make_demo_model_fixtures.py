#!/usr/bin/env python3
"""Writes Tests/ONNXFormatTests/Fixtures/demo_models/: ONNX Runtime's outputs for the demo architectures as
Auscult exports them.

Runs `swift test --filter DemoModelRuntimeFixtureTests` with AUSCULT_WRITE_DEMO_FIXTURES=1, which writes each
demo architecture's .onnx (seeded, untrained) and its inputs; then, for each, runs ONNX's checker with
full_check (type and shape inference included), loads the file in ONNX Runtime (all graph optimisations,
one thread) and stores its outputs and a manifest. Without the variable, the same Swift suite checks that
today's export is byte for byte the file checked here and that the engine's outputs agree with these.

Needs onnx, onnxruntime and numpy (scripts/requirements-fixtures.txt). Usage, from the repository root:
    python3 scripts/make_demo_model_fixtures.py
"""
import json
import os
import pathlib
import subprocess
import sys

import numpy as np
import onnx
import onnxruntime as ort

ROOT = pathlib.Path(__file__).resolve().parent.parent
DIRECTORY = ROOT / "Tests" / "ONNXFormatTests" / "Fixtures" / "demo_models"
NAMES = ["deepheart-relu", "deepheart-leaky", "deepheart-short-memory", "deepheart-long-memory", "deepheart-apnea"]


def main() -> int:
    environment = dict(os.environ, AUSCULT_WRITE_DEMO_FIXTURES="1")
    subprocess.run(["swift", "test", "--filter", "DemoModelRuntimeFixtureTests"], cwd=ROOT, env=environment, check=True)
    for name in NAMES:
        case = DIRECTORY / name
        model_path = case / "model.onnx"
        model = onnx.load(str(model_path))
        onnx.checker.check_model(model, full_check=True)
        options = ort.SessionOptions()
        options.intra_op_num_threads = 1
        options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        session = ort.InferenceSession(str(model_path), options, providers=["CPUExecutionProvider"])
        inputs = {i.name: np.load(case / "inputs" / f"{i.name}.npy") for i in session.get_inputs()}
        output_names = [o.name for o in session.get_outputs()]
        results = session.run(output_names, inputs)
        (case / "outputs").mkdir(exist_ok=True)
        for output, value in zip(output_names, results):
            np.save(case / "outputs" / f"{output}.npy", value.astype(np.float32))
        manifest = {
            "model": "model.onnx",
            "onnx": onnx.__version__,
            "onnxruntime": ort.__version__,
            "checker": "full_check passed",
            "opset": {o.domain or "ai.onnx": o.version for o in model.opset_import},
            "inputs": {k: f"inputs/{k}.npy" for k in sorted(inputs)},
            "outputs": {k: f"outputs/{k}.npy" for k in output_names},
        }
        (case / "manifest.json").write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n")
        shapes = ", ".join(f"{k} {tuple(v.shape)}" for k, v in zip(output_names, results))
        print(f"{name}: checker passed, ONNX Runtime {ort.__version__} ran it: {shapes}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
