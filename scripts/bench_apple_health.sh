#!/usr/bin/env bash
# Builds scripts/apple_health_bench (release, whole-module, with the Wearables sources) and reads an
# export with it: bench_apple_health.sh EXPORT [--resampler]. Peak memory via /usr/bin/time -v.
set -euo pipefail
cd "$(dirname "$0")/.."
swift build -c release --target ZIPFoundation >/dev/null 2>&1
mkdir -p .build/apple-health-bench
swiftc -O -wmo -swift-version 6 -module-name AppleHealthBench \
    -I .build/release/Modules \
    -Xcc -fmodule-map-file=.build/checkouts/ZIPFoundation/Sources/CZLib/module.modulemap \
    $(find Sources/Wearables -name '*.swift') scripts/apple_health_bench/main.swift \
    .build/release/ZIPFoundation.build/*.o -lz \
    -o .build/apple-health-bench/apple-health-bench
/usr/bin/time -v .build/apple-health-bench/apple-health-bench "$@" 2>&1 \
    | grep -E "MB/s|samples|records|resampler|Maximum resident|Elapsed"
