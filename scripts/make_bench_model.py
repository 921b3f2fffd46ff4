#!/usr/bin/env python3
"""Writes the DeepHeart-size benchmark model for `auscult bench engine` and scripts/bench_compare.py.

The architecture is make_fixtures.DeepHeart(channels=128, hidden=128): 3 Conv1d(128, k=5, pad 2) + ReLU on
series (N, 4096, 2), a BiLSTM 2x128 whose h0/c0 come from a Linear on metadata (N, 4), a per-step Linear head
(per_step, (N, T, 1)) and mean over time + sigmoid (pooled, (N, 1)). Exported with torch.onnx.export
(dynamo=False, opset 17) with dynamic batch and time axes. The file (~1.7 MB) is not committed.

    python3 scripts/make_bench_model.py [PATH]      # default /tmp/auscult-bench/deepheart.onnx
"""

from __future__ import annotations

import argparse
import os
import sys

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from make_fixtures import DeepHeart  # noqa: E402  (the fixture generator's module, same architecture)

SEED = 20240603
STEPS = 4096
DEFAULT_PATH = "/tmp/auscult-bench/deepheart.onnx"


def build_module(seed: int = SEED) -> DeepHeart:
    """The benchmark module with seeded PyTorch-default weights, in eval mode."""
    torch.manual_seed(seed)
    return DeepHeart(channels=128, hidden=128).eval()


def export(module: DeepHeart, path: str, steps: int = STEPS) -> None:
    """Exports `module` with the TorchScript exporter, dynamic batch (and time) axes."""
    os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
    example = (torch.zeros(1, steps, 2), torch.zeros(1, 4))
    dynamic = {"series": {0: "batch", 1: "time"}, "metadata": {0: "batch"},
               "per_step": {0: "batch", 1: "time"}, "pooled": {0: "batch"}}
    torch.onnx.export(module, example, path, input_names=["series", "metadata"], output_names=["per_step", "pooled"],
                      opset_version=17, dynamo=False, dynamic_axes=dynamic, do_constant_folding=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("path", nargs="?", default=DEFAULT_PATH, help=f"where to write the model ({DEFAULT_PATH})")
    parser.add_argument("--seed", type=int, default=SEED)
    args = parser.parse_args()
    export(build_module(args.seed), args.path)
    print(f"wrote {args.path} ({os.path.getsize(args.path) / 1e6:.2f} MB)")


if __name__ == "__main__":
    main()
