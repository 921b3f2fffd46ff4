#!/usr/bin/env python3
"""Checks the .onnx files Auscult's exporter wrote: ONNX checker (full_check) and ONNX Runtime.

The Swift tests write their exports when run with AUSCULT_WRITE_EXPORTS=1:

    AUSCULT_WRITE_EXPORTS=1 swift test --filter ONNXExporter
    python3 scripts/check_export.py            # default: Tests/ONNXFormatTests/Fixtures/exported

For `<case>.onnx` whose name is a fixture case, the fixture's first run (inputs from the manifest) is fed to
ONNX Runtime and every output is compared with what ONNX Runtime wrote for the original model. For any other
`<name>.onnx` with a `<name>/inputs/*.npy` and `<name>/outputs/*.npy` beside it (the engine's own results,
written by the hand-built test), those are used. Outputs must agree within 1e-4 (absolute, plus 1e-4
relative). Needs onnx, onnxruntime and numpy (scripts/requirements-fixtures.txt). Exits 1 on any failure.
"""
import argparse
import json
import pathlib
import sys

import numpy as np
import onnx
import onnxruntime as ort

ROOT = pathlib.Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "Tests" / "ONNXFormatTests" / "Fixtures"
TOLERANCE = 1e-4


def sanitized(name):
    out = "".join(c if c.isalnum() or c in "_.-" else "_" for c in name)
    return out.strip("_")


def reference_run(model_path):
    """(inputs, expected outputs, source) for an exported model, or None when nothing to compare with."""
    name = model_path.stem
    manifest_path = FIXTURES / name / "manifest.json"
    if manifest_path.exists():
        manifest = json.loads(manifest_path.read_text())
        run = manifest["runs"][0]
        base = manifest_path.parent
        inputs = {k: np.load(base / v["file"]) for k, v in run["inputs"].items()}
        outputs = {k: np.load(base / v["file"]) for k, v in run["outputs"].items()}
        return inputs, outputs, f"fixture {name}/{run['name']} (ONNX Runtime on the original model)"
    side = model_path.parent / name
    if (side / "inputs").is_dir() and (side / "outputs").is_dir():
        graph = onnx.load(str(model_path), load_external_data=False).graph
        by_file = {sanitized(v.name): v.name for v in list(graph.input) + list(graph.output)}
        inputs = {by_file[p.stem]: np.load(p) for p in sorted((side / "inputs").glob("*.npy"))}
        outputs = {by_file[p.stem]: np.load(p) for p in sorted((side / "outputs").glob("*.npy"))}
        return inputs, outputs, "Auscult engine outputs written by the test"
    return None


def check(model_path):
    row = {"model": model_path.name, "size": f"{model_path.stat().st_size / 1024:.0f} KiB"}
    model = onnx.load(str(model_path))
    row["opset"] = ",".join(f"{i.domain or 'ai.onnx'}:{i.version}" for i in model.opset_import)
    row["nodes"] = len(model.graph.node)
    try:
        onnx.checker.check_model(model, full_check=True)
        row["checker"] = "ok"
    except Exception as error:  # noqa: BLE001 - report any checker failure in the table
        row["checker"] = f"FAIL: {str(error).splitlines()[0][:80]}"
    options = ort.SessionOptions()
    options.intra_op_num_threads = 2
    try:
        session = ort.InferenceSession(str(model_path), options, providers=["CPUExecutionProvider"])
    except Exception as error:  # noqa: BLE001
        row["ort"] = f"FAIL to load: {str(error).splitlines()[0][:80]}"
        return row, False
    reference = reference_run(model_path)
    if reference is None:
        row["ort"] = "loads (no reference)"
        return row, row["checker"] == "ok"
    inputs, expected, source = reference
    names = [o.name for o in session.get_outputs()]
    try:
        results = dict(zip(names, session.run(names, inputs)))
    except Exception as error:  # noqa: BLE001
        row["ort"] = f"FAIL to run: {str(error).splitlines()[0][:80]}"
        return row, False
    worst, worst_name, ok = 0.0, "", True
    for name, want in expected.items():
        got = results.get(name)
        if got is None or got.shape != want.shape:
            ok = False
            worst_name = f"{name} shape {None if got is None else got.shape} vs {want.shape}"
            continue
        diff = float(np.max(np.abs(got.astype(np.float64) - want.astype(np.float64)))) if want.size else 0.0
        allowed = TOLERANCE + TOLERANCE * float(np.max(np.abs(want))) if want.size else TOLERANCE
        if diff > allowed:
            ok = False
        if diff >= worst:
            worst, worst_name = diff, name
    row["ort"] = f"{'ok' if ok else 'FAIL'}: max |diff| {worst:.2e} ({worst_name}) vs {source}"
    return row, ok and row["checker"] == "ok"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("directory", nargs="?", default=str(FIXTURES / "exported"))
    args = parser.parse_args()
    models = sorted(pathlib.Path(args.directory).glob("*.onnx"))
    if not models:
        print(f"no .onnx files in {args.directory}; run AUSCULT_WRITE_EXPORTS=1 swift test --filter ONNXExporter")
        return 1
    print(f"onnx {onnx.__version__}, onnxruntime {ort.__version__}, numpy {np.__version__}; tolerance {TOLERANCE}")
    rows, passed = [], True
    for path in models:
        row, ok = check(path)
        rows.append(row)
        passed &= ok
    columns = ["model", "size", "opset", "nodes", "checker", "ort"]
    widths = {c: max(len(c), *(len(str(r.get(c, ""))) for r in rows)) for c in columns}
    print(" | ".join(c.ljust(widths[c]) for c in columns))
    print("-+-".join("-" * widths[c] for c in columns))
    for row in rows:
        print(" | ".join(str(row.get(c, "")).ljust(widths[c]) for c in columns))
    print("all passed" if passed else "FAILURES above")
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main())
