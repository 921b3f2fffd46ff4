#!/usr/bin/env bash
# Regenerates Sources/ONNXFormat/Generated/onnx.pb.swift from ONNX's published onnx.proto.
#
# The generated file is committed; the Swift build never runs protoc. Run this only to move to a new ONNX
# or swift-protobuf release, then commit the new file together with any change to the versions below.
#
# Versions used for the committed file:
#   onnx.proto          from the onnx 1.23.2 pip wheel (onnx/onnx.proto, package `onnx`, proto2; the wheel's
#                       onnx-ml.proto differs from it only in a comment)
#   protoc              libprotoc 3.21.12 (Debian bookworm's `protobuf-compiler`)
#   protoc-gen-swift    swift-protobuf 1.39.0, built from source (must match the SwiftProtobuf runtime that
#                       Package.swift resolves, `from: "1.39.0"`)
#   Swift               6.3.1
#
# Needs: apt-get install -y protobuf-compiler; git; swift; a Python with `onnx` installed (PYTHON, default
# .venv/bin/python, else python3; `pip install onnx==1.23.2`). SWIFT_PROTOBUF_GIT overrides where swift-protobuf
# is cloned from (default: the local mirror, else GitHub). The plugin is built once into
# /tmp/swift-protobuf-1.39.0 and reused.
#
# Usage: scripts/generate-onnx-swift.sh        (from anywhere; writes into the repository it lives in)
set -euo pipefail

SWIFT_PROTOBUF_VERSION=1.39.0
ONNX_VERSION=1.23.2
REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
OUT_DIR="$REPO/Sources/ONNXFormat/Generated"
PLUGIN_DIR="/tmp/swift-protobuf-$SWIFT_PROTOBUF_VERSION"

if [[ -z "${PYTHON:-}" ]]; then
  if [[ -x "$REPO/.venv/bin/python" ]]; then PYTHON="$REPO/.venv/bin/python"; else PYTHON=python3; fi
fi
if [[ -z "${SWIFT_PROTOBUF_GIT:-}" ]]; then
  if [[ -d /opt/swift-packages/apple/swift-protobuf.git ]]; then
    SWIFT_PROTOBUF_GIT=/opt/swift-packages/apple/swift-protobuf.git
  else
    SWIFT_PROTOBUF_GIT=https://github.com/apple/swift-protobuf.git
  fi
fi

command -v protoc >/dev/null || { echo "protoc not found: apt-get install -y protobuf-compiler" >&2; exit 1; }
echo "protoc: $(protoc --version)"

ONNX_DIR="$("$PYTHON" -c 'import onnx, os; print(os.path.dirname(onnx.__file__))')"
FOUND_ONNX="$("$PYTHON" -c 'import onnx; print(onnx.__version__)')"
if [[ "$FOUND_ONNX" != "$ONNX_VERSION" ]]; then
  echo "warning: onnx $FOUND_ONNX installed, the committed file was generated from $ONNX_VERSION" >&2
fi
grep -q '^package onnx;' "$ONNX_DIR/onnx.proto" || { echo "$ONNX_DIR/onnx.proto is not package onnx" >&2; exit 1; }

if [[ ! -x "$PLUGIN_DIR/.build/release/protoc-gen-swift" ]]; then
  rm -rf "$PLUGIN_DIR"
  git clone --quiet --depth 1 --branch "$SWIFT_PROTOBUF_VERSION" "$SWIFT_PROTOBUF_GIT" "$PLUGIN_DIR"
  (cd "$PLUGIN_DIR" && swift build -c release --product protoc-gen-swift)
fi
echo "protoc-gen-swift: $("$PLUGIN_DIR/.build/release/protoc-gen-swift" --version)"

mkdir -p "$OUT_DIR"
protoc \
  --plugin=protoc-gen-swift="$PLUGIN_DIR/.build/release/protoc-gen-swift" \
  --proto_path="$ONNX_DIR" \
  --swift_out="$OUT_DIR" \
  --swift_opt=Visibility=Public \
  "$ONNX_DIR/onnx.proto"
echo "wrote $OUT_DIR/onnx.pb.swift ($(wc -l < "$OUT_DIR/onnx.pb.swift") lines) from onnx $FOUND_ONNX"
