#!/usr/bin/env python3
"""Compares `auscult bench engine` with ONNX Runtime and PyTorch on the same DeepHeart-size model, in one run.

ONNX Runtime (intra_op_num_threads = --threads, all graph optimisations) times the forward pass of the .onnx file;
PyTorch (torch.set_num_threads(--threads)) times forward and forward + backward of d per_step[:, T/2, 0] / d inputs
on the module the .onnx was exported from (scripts/make_bench_model.py: same seed, same weights; this script checks
that ONNX Runtime and PyTorch agree on the outputs before timing). Each framework runs in its own child process so
that its peak RSS (ru_maxrss) is its own. Then the auscult binary runs `bench engine --model ... --json`.

    python3 scripts/bench_compare.py [--auscult .build/release/auscult] [--threads 2] [--repeats 5] [--batch 1,16]

Times are medians after one warm-up, milliseconds per batch. The machine's load average is printed with the table:
other processes running at the same time make every number slower, so compare ratios from the same run.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import time

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)


def inputs(batch: int, steps: int, seed: int = 7) -> dict:
    rng = np.random.default_rng(seed)
    return {"series": rng.uniform(-1, 1, size=(batch, steps, 2)).astype(np.float32),
            "metadata": rng.uniform(-1, 1, size=(batch, 4)).astype(np.float32)}


def timed(function, repeats: int) -> list[float]:
    function()  # warm-up
    samples = []
    for _ in range(repeats):
        start = time.perf_counter()
        function()
        samples.append((time.perf_counter() - start) * 1e3)
    return samples


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def worker_ort(args) -> dict:
    import onnxruntime as ort
    options = ort.SessionOptions()
    options.intra_op_num_threads = args.threads
    options.inter_op_num_threads = 1
    options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    session = ort.InferenceSession(args.model, options, providers=["CPUExecutionProvider"])
    result = {"version": ort.__version__, "results": []}
    for batch in args.batches:
        feeds = inputs(batch, args.steps)
        samples = timed(lambda: session.run(None, feeds), args.repeats)
        result["results"].append({"batch": batch, "forward_ms": statistics.median(samples), "forward_samples_ms": samples})
    result["peak_rss_mb"] = peak_rss_mb()
    return result


def worker_torch(args) -> dict:
    import torch
    import onnxruntime as ort
    from make_bench_model import build_module
    torch.set_num_threads(args.threads)
    module = build_module(args.seed)
    # Same weights as the .onnx? Compare outputs with ONNX Runtime on a short input before timing.
    check = inputs(2, 64, seed=3)
    with torch.inference_mode():
        ours = module(torch.from_numpy(check["series"]), torch.from_numpy(check["metadata"]))[0].numpy()
    reference = ort.InferenceSession(args.model, providers=["CPUExecutionProvider"]).run(["per_step"], check)[0]
    result = {"version": torch.__version__, "weights_max_abs_diff_vs_onnx": float(np.abs(ours - reference).max()),
              "results": []}
    for batch in args.batches:
        feeds = inputs(batch, args.steps)
        series, metadata = torch.from_numpy(feeds["series"]), torch.from_numpy(feeds["metadata"])

        def forward():
            with torch.inference_mode():
                module(series, metadata)

        def gradient():
            s = series.clone().requires_grad_(True)
            m = metadata.clone().requires_grad_(True)
            per_step = module(s, m)[0]
            torch.autograd.grad(per_step[:, args.steps // 2, 0].sum(), [s, m])

        forward_samples = timed(forward, args.repeats)
        gradient_samples = timed(gradient, args.repeats)
        result["results"].append({
            "batch": batch, "forward_ms": statistics.median(forward_samples),
            "gradient_ms": statistics.median(gradient_samples),
            "forward_samples_ms": forward_samples, "gradient_samples_ms": gradient_samples})
    result["peak_rss_mb"] = peak_rss_mb()
    return result


def child(kind: str, args) -> dict:
    command = [sys.executable, os.path.abspath(__file__), "--worker", kind, "--model", args.model,
               "--threads", str(args.threads), "--repeats", str(args.repeats), "--batch", args.batch,
               "--steps", str(args.steps), "--seed", str(args.seed)]
    output = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    return json.loads(output.strip().splitlines()[-1])


def auscult(args) -> dict:
    environment = dict(os.environ)
    if args.coretype:
        environment["OPENBLAS_CORETYPE"] = args.coretype
    command = [args.auscult, "bench", "engine", "--model", args.model, "--threads", str(args.threads),
               "--repeats", str(args.repeats), "--batch", args.batch, "--steps", str(args.steps), "--json"]
    output = subprocess.run(command, check=True, capture_output=True, text=True, env=environment).stdout
    return json.loads(output)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--model", default="/tmp/auscult-bench/deepheart.onnx",
                        help="the .onnx (written by make_bench_model.py with --seed when missing)")
    parser.add_argument("--auscult", default=".build/release/auscult", help="path to the auscult binary")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--batch", default="1,16")
    parser.add_argument("--steps", type=int, default=4096)
    parser.add_argument("--seed", type=int, default=20240603)
    parser.add_argument("--coretype", default=None,
                        help="OPENBLAS_CORETYPE for the auscult run (default: inherit; auscult picks one itself)")
    parser.add_argument("--skip", default="", help="comma-separated among ort,torch,auscult to leave out")
    parser.add_argument("--worker", choices=["ort", "torch"], help=argparse.SUPPRESS)
    args = parser.parse_args()
    args.batches = [int(b) for b in args.batch.split(",")]

    if args.worker:
        print(json.dumps(worker_ort(args) if args.worker == "ort" else worker_torch(args)))
        return

    if not os.path.exists(args.model):
        from make_bench_model import build_module, export
        export(build_module(args.seed), args.model)
    skip = set(filter(None, args.skip.split(",")))
    load_before = os.getloadavg()
    ort_result = None if "ort" in skip else child("ort", args)
    torch_result = None if "torch" in skip else child("torch", args)
    engine = None if "auscult" in skip else auscult(args)
    load_after = os.getloadavg()

    def by_batch(result, batch):
        if result is None:
            return {}
        return next((entry for entry in result["results"] if entry["batch"] == batch), {})

    def cell(value, width=9, digits=1):
        return f"{value:{width}.{digits}f}" if isinstance(value, (int, float)) else " " * (width - 1) + "-"

    print(f"model {args.model}, T = {args.steps}, {args.threads} threads, median of {args.repeats} after a warm-up")
    if ort_result:
        print(f"ONNX Runtime {ort_result['version']}")
    if torch_result:
        print(f"PyTorch {torch_result['version']} (max |per_step - ONNX Runtime| on the weight check: "
              f"{torch_result['weights_max_abs_diff_vs_onnx']:.2e})")
    if engine:
        print(f"auscult: OpenBLAS core {engine['blas_core']}, {engine['blas_threads']} threads, "
              f"OPENBLAS_CORETYPE={engine.get('openblas_coretype_env') or '(unset)'}, "
              f"OPENBLAS_THREAD_TIMEOUT={engine.get('openblas_thread_timeout_env') or '(unset)'}")
    print(f"nproc {os.cpu_count()}, load average before {load_before[0]:.2f} {load_before[1]:.2f} {load_before[2]:.2f}, "
          f"after {load_after[0]:.2f} {load_after[1]:.2f} {load_after[2]:.2f}")
    print()
    print("batch |  ORT fwd | torch fwd | torch f+b | auscult fwd | auscult grad | fwd/ORT | grad/torch f+b | grad per week")
    for batch in args.batches:
        o, t, a = by_batch(ort_result, batch), by_batch(torch_result, batch), by_batch(engine, batch)
        forward_ratio = a["forward_ms"] / o["forward_ms"] if a and o else None
        gradient_ratio = a["gradient_ms"] / t["gradient_ms"] if a and t else None
        print(f"{batch:5d} | {cell(o.get('forward_ms'), 8)} | {cell(t.get('forward_ms'))} | {cell(t.get('gradient_ms'))} | "
              f"{cell(a.get('forward_ms'), 11)} | {cell(a.get('gradient_ms'), 12)} | {cell(forward_ratio, 6, 2)}× | "
              f"{cell(gradient_ratio, 13, 2)}× | {cell(a.get('gradient_ms_per_week'), 10)} ms")
    print()
    print("peak RSS (MB, whole process over all batch sizes): "
          + ", ".join(f"{name} {result['peak_rss_mb']:.0f}" for name, result in
                      (("ONNX Runtime", ort_result), ("PyTorch", torch_result), ("auscult", engine)) if result))


if __name__ == "__main__":
    main()
