#!/usr/bin/env python3
"""Checks the demo models `auscult demo` stored: ONNX's checker accepts each, ONNX Runtime loads and runs it,
and its outputs agree with Auscult's engine (`auscult run`) on the same inputs.

Needs onnx, onnxruntime and numpy (pip). Usage:
    .build/release/auscult demo --data-dir /tmp/demo-data
    python3 scripts/check_demo_models.py --data-dir /tmp/demo-data --auscult .build/release/auscult
Exits 1 when any model fails.
"""
import argparse
import json
import pathlib
import sqlite3
import subprocess
import sys
import tempfile

import numpy as np
import onnx
import onnxruntime as ort


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data-dir", default="data", help="directory holding auscult.sqlite")
    parser.add_argument("--auscult", default=".build/release/auscult", help="the auscult binary")
    parser.add_argument("--batch", type=int, default=2)
    parser.add_argument("--tolerance", type=float, default=1e-4)
    args = parser.parse_args()

    database = sqlite3.connect(pathlib.Path(args.data_dir) / "auscult.sqlite")
    rows = database.execute("SELECT name, onnx, card FROM models ORDER BY id").fetchall()
    if not rows:
        print("no models stored; run `auscult demo` first")
        return 1
    rng = np.random.default_rng(7)
    failures = 0
    print(f"{'model':26} | checker | ort  | outputs | max |ort - auscult|")
    for name, blob, card_text in rows:
        card = json.loads(card_text)
        with tempfile.TemporaryDirectory() as scratch:
            scratch = pathlib.Path(scratch)
            model_path = scratch / f"{name}.onnx"
            model_path.write_bytes(blob)
            onnx.checker.check_model(onnx.load(model_path), full_check=True)
            session = ort.InferenceSession(str(model_path), providers=["CPUExecutionProvider"])
            feeds = {}
            for graph_input in session.get_inputs():
                shape = [args.batch if not isinstance(d, int) else d for d in graph_input.shape]
                feeds[graph_input.name] = rng.standard_normal(shape).astype(np.float32)
                np.save(scratch / f"{graph_input.name}.npy", feeds[graph_input.name])
            reference = dict(zip([o.name for o in session.get_outputs()], session.run(None, feeds)))
            command = [args.auscult, "run", str(model_path), "--dump", str(scratch / "dump")]
            for input_name in feeds:
                command += ["--input", f"{input_name}={scratch / (input_name + '.npy')}"]
            subprocess.run(command, check=True, capture_output=True)
            index = json.loads((scratch / "dump" / "index.json").read_text())
            worst = 0.0
            for output_name, value in reference.items():
                ours = np.load(scratch / "dump" / index[output_name]["file"])
                worst = max(worst, float(np.abs(ours - value).max()))
            ok = worst <= args.tolerance
            failures += 0 if ok else 1
            print(f"{name:26} | ok      | ok   | {len(reference):7} | {worst:.2e} {'ok' if ok else 'FAIL'}"
                  f"  ({card.get('task', {}).get('label', '?')})")
    print("all passed" if failures == 0 else f"{failures} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
