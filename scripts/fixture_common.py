"""Helpers shared by the reference-fixture generators (make_fixtures.py, make_keras_fixture.py).

Needs numpy, onnx and onnxruntime only, so both virtual environments (torch and tensorflow) can import it.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil

import numpy as np
import onnx
import onnxruntime as ort

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FIXTURES = os.path.join(REPO, "Tests", "ONNXFormatTests", "Fixtures")

# ONNX TensorProto element type -> numpy dtype name, for the manifest.
ONNX_DTYPES = {1: "float32", 7: "int64", 6: "int32", 9: "bool", 11: "float64", 10: "float16"}


def sanitized(name: str) -> str:
    """Mirror of Sources/ONNXFormat/TensorFileName.swift: chars outside [A-Za-z0-9_.-] -> '_', strip '_'."""
    mapped = re.sub(r"[^A-Za-z0-9_.\-]", "_", name)
    return mapped.strip("_") or "tensor"


def reset_case(case: str) -> str:
    directory = os.path.join(FIXTURES, case)
    shutil.rmtree(directory, ignore_errors=True)
    os.makedirs(directory)
    return directory


def save(case_dir: str, relative: str, array: np.ndarray) -> dict:
    """Writes a C-order little-endian .npy and returns its manifest entry."""
    path = os.path.join(case_dir, relative)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    array = np.ascontiguousarray(array)
    np.save(path, array, allow_pickle=False)
    return {"file": relative, "shape": list(array.shape), "dtype": str(array.dtype)}


def session(model_path_or_bytes, optimized: bool = True) -> ort.InferenceSession:
    options = ort.SessionOptions()
    options.intra_op_num_threads = 1
    options.inter_op_num_threads = 1
    if not optimized:
        options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_DISABLE_ALL
    return ort.InferenceSession(model_path_or_bytes, options, providers=["CPUExecutionProvider"])


def op_types(model: onnx.ModelProto) -> list[str]:
    """Sorted op types of the main graph and of any subgraph (If/Loop/Scan bodies)."""
    found = set()

    def visit(graph):
        for node in graph.node:
            found.add(node.op_type if node.domain in ("", "ai.onnx") else f"{node.domain}::{node.op_type}")
            for attribute in node.attribute:
                if attribute.type == onnx.AttributeProto.GRAPH:
                    visit(attribute.g)
                for sub in attribute.graphs:
                    visit(sub)

    visit(model.graph)
    return sorted(found)


def opsets(model: onnx.ModelProto) -> dict:
    return {(entry.domain or "ai.onnx"): entry.version for entry in model.opset_import}


def input_dependent(model: onnx.ModelProto) -> set[str]:
    """Names of the tensors whose values depend on a graph input (the others fold to constants)."""
    initializers = {tensor.name for tensor in model.graph.initializer}
    dependent = {value.name for value in model.graph.input if value.name not in initializers}
    for node in model.graph.node:  # nodes are topologically sorted in a valid model
        if any(name in dependent for name in node.input):
            dependent.update(name for name in node.output if name)
    return dependent


def run_with_intermediates(model_path: str, feeds: dict) -> tuple[dict, dict, dict]:
    """Runs ONNX Runtime with every node output made a graph output.

    Returns (outputs, float intermediates, other intermediates' dtypes), keyed by tensor name. The model is
    shape-inferred first so the added outputs carry types where ONNX can infer them; outputs it cannot type
    are added without a type, which ONNX Runtime accepts. Graph optimizations are disabled, so each node
    runs as written in the file.
    """
    model = onnx.load(model_path)
    try:
        inferred = onnx.shape_inference.infer_shapes(model)
    except Exception:  # inference is a convenience here, not a requirement
        inferred = model
    known = {info.name: info for info in list(inferred.graph.value_info) + list(inferred.graph.output)}
    graph_outputs = [output.name for output in model.graph.output]
    graph_inputs = {value.name for value in model.graph.input}
    initializers = {tensor.name for tensor in model.graph.initializer}
    intermediate_names = []
    for node in model.graph.node:
        for name in node.output:
            if name and name not in graph_outputs and name not in graph_inputs and name not in initializers \
                    and name not in intermediate_names:
                intermediate_names.append(name)
    for name in intermediate_names:
        model.graph.output.append(known[name] if name in known else onnx.ValueInfoProto(name=name))
    runner = session(model.SerializeToString(), optimized=False)
    names = [output.name for output in runner.get_outputs()]
    values = dict(zip(names, runner.run(names, feeds)))
    outputs = {name: values[name] for name in graph_outputs}
    floats, others = {}, {}
    for name in intermediate_names:
        value = np.asarray(values[name])
        if value.dtype == np.float32:
            floats[name] = value
        else:
            others[name] = str(value.dtype)
    return outputs, floats, others


def digest(value: np.ndarray) -> dict:
    """Exact fingerprint of a float32 tensor: sha256 of its little-endian C-order bytes, plus summary numbers."""
    value = np.ascontiguousarray(value, dtype="<f4")
    return {"shape": list(value.shape), "dtype": "float32", "sha256": hashlib.sha256(value.tobytes()).hexdigest(),
            "sum": float(value.astype(np.float64).sum()), "min": float(value.min()), "max": float(value.max())}


def save_intermediates(case_dir: str, prefix: str, intermediates: dict, constant: set[str] = frozenset(),
                       digest_above: int = 4096) -> tuple[dict, dict]:
    """Writes each intermediate as <prefix>intermediates/<sanitized name>.npy.

    Intermediates that do not depend on any graph input (`constant`, e.g. the dynamo exporter's run-time
    re-ordering of LSTM gate weights) and hold more than `digest_above` elements are not written; they get a
    `digest` entry instead, to keep the fixtures small. Returns (name -> file entry, name -> digest entry).
    """
    entries, digests, used = {}, {}, {}
    for name, value in intermediates.items():
        if name in constant and value.size > digest_above:
            digests[name] = digest(value)
            continue
        stem = sanitized(name)
        if stem in used:  # two names that sanitize alike: keep both, the manifest says which is which
            used[stem] += 1
            stem = f"{stem}.{used[stem]}"
        else:
            used[stem] = 0
        entries[name] = save(case_dir, f"{prefix}intermediates/{stem}.npy", value)
    return entries, digests


def write_manifest(case_dir: str, manifest: dict) -> None:
    with open(os.path.join(case_dir, "manifest.json"), "w") as handle:
        json.dump(manifest, handle, indent=1, sort_keys=False)
        handle.write("\n")


def directory_size(path: str) -> int:
    return sum(os.path.getsize(os.path.join(root, name)) for root, _, names in os.walk(path) for name in names)


def log_magnitude_gap(reference: np.ndarray, other: np.ndarray, floor: float = 1e-30) -> float:
    """Largest |log10|other| - log10|reference|| where both are above `floor` (0 when none are)."""
    reference = np.abs(np.asarray(reference, dtype=np.float64))
    other = np.abs(np.asarray(other, dtype=np.float64))
    mask = (reference > floor) & (other > floor)
    if not mask.any():
        return 0.0
    return float(np.max(np.abs(np.log10(other[mask]) - np.log10(reference[mask]))))


def assert_close(what: str, expected: np.ndarray, actual: np.ndarray, atol: float = 1e-4, rtol: float = 1e-4) -> float:
    difference = float(np.max(np.abs(np.asarray(expected, np.float64) - np.asarray(actual, np.float64)))) \
        if np.size(expected) else 0.0
    ok = np.allclose(actual, expected, atol=atol, rtol=rtol)
    print(f"  check {what}: max |diff| = {difference:.3g} ({'ok' if ok else 'FAIL'}, atol {atol}, rtol {rtol})")
    if not ok:
        raise AssertionError(f"{what}: max |diff| {difference} exceeds atol {atol} / rtol {rtol}")
    return difference
