#!/usr/bin/env python3
"""Compares a whole Auscult evaluation with ONNX Runtime running the same model on the same batches.

Runs `auscult bench evaluation` (a simulated cohort of about 1,000 train weeks, the DeepHeart-size model, the
evaluation started over HTTP and timed until its job has succeeded: weeks read from SQLite and decoded,
forward passes in batches of 16, predictions stored, metrics computed), which also writes the model and every
batch it evaluated as .npy. Then times ONNX Runtime (intra_op_num_threads = --threads, all graph optimisations)
on exactly those batches (forward only: ONNX Runtime reads nothing from a database and stores nothing), checks
that both give the same predictions, and prints weeks per second for both and their ratio.

    python3 scripts/bench_evaluation.py [--auscult .build/release/auscult] [--threads 2] [--users 720]
"""

from __future__ import annotations

import argparse
import glob
import json
import os
import subprocess
import tempfile
import time

import numpy as np
import onnxruntime as ort


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--auscult", default=".build/release/auscult")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--users", type=int, default=720)
    args = parser.parse_args()

    work = tempfile.mkdtemp(prefix="auscult-bench-evaluation-")
    dump = os.path.join(work, "dump")
    environment = dict(os.environ, OPENBLAS_NUM_THREADS=str(args.threads))
    output = subprocess.run(
        [args.auscult, "bench", "evaluation", "--data-dir", os.path.join(work, "data"), "--users", str(args.users),
         "--dump", dump, "--json"],
        check=True, capture_output=True, text=True, env=environment).stdout
    auscult = json.loads(output.strip().splitlines()[-1])

    options = ort.SessionOptions()
    options.intra_op_num_threads = args.threads
    options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    session = ort.InferenceSession(os.path.join(dump, "model.onnx"), options, providers=["CPUExecutionProvider"])
    batches = sorted(glob.glob(os.path.join(dump, "series_*.npy")), key=lambda p: int(p.rsplit("_", 1)[1][:-4]))
    feeds = [{"series": np.load(path), "metadata": np.load(path.replace("series_", "metadata_"))} for path in batches]
    session.run(["pooled"], feeds[0])  # warm-up
    started = time.perf_counter()
    pooled = [session.run(["pooled"], feed)[0][:, 0] for feed in feeds]
    seconds = time.perf_counter() - started
    ort_predictions = np.concatenate(pooled)
    auscult_predictions = np.load(os.path.join(dump, "predictions.npy"))
    weeks = len(ort_predictions)
    assert weeks == auscult["weeks"], (weeks, auscult["weeks"])
    difference = float(np.max(np.abs(ort_predictions - auscult_predictions)))

    ort_rate = weeks / seconds
    print(f"{weeks} weeks, batches of 16, {args.threads} threads, load average {os.getloadavg()[0]:.2f}")
    print(f"ONNX Runtime, forward only:                  {seconds:8.2f} s  {ort_rate:7.1f} weeks/s")
    print(f"Auscult, whole evaluation (predictions stored): {auscult['seconds']:5.2f} s  {auscult['weeks_per_second']:7.1f} weeks/s")
    print(f"Auscult / ONNX Runtime throughput: {auscult['weeks_per_second'] / ort_rate:.2f}")
    print(f"largest |prediction difference|: {difference:.2e}")


if __name__ == "__main__":
    main()
