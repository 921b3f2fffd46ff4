#!/usr/bin/env python3
"""Benchmark: ingest of a large Apple Health export.xml by `auscult ingest` against healthkit-to-sqlite.

The generated file (scripts/make_large_apple_export.py: records of a few years per GB) carries the iOS 16
malformed DTD, as real exports do; healthkit-to-sqlite stops on it with a parse error, so the comparison
runs both tools on a copy whose DTD is removed, and Auscult on the original too. Each run is timed under
/usr/bin/time -v for wall time and peak resident memory. Auscult's run is the whole command: content hash, streaming parse, resampling to weeks, and the
one-transaction store into a fresh database. healthkit-to-sqlite (pip) parses with ElementTree and writes
every record to SQLite.

usage: bench_ingest.py [--megabytes 1024] [--auscult .build/release/auscult] [--healthkit healthkit-to-sqlite]
"""
import argparse
import os
import re
import subprocess
import sys
import tempfile


def timed(command, may_fail=False):
    """Runs `command` under /usr/bin/time -v; returns (seconds, peak MiB, stdout), or the error's last
    line when `may_fail` and it fails."""
    result = subprocess.run(["/usr/bin/time", "-v", *command], capture_output=True, text=True)
    if result.returncode != 0:
        if may_fail:
            lines = [line for line in result.stderr.splitlines() if "Error" in line]
            return lines[-1].strip() if lines else f"exit status {result.returncode}"
        sys.exit(f"{command[0]} failed ({result.returncode}):\n{result.stderr[-2000:]}")
    elapsed = re.search(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (\S+)", result.stderr).group(1)
    seconds = sum(float(part) * 60 ** index for index, part in enumerate(reversed(elapsed.split(":"))))
    peak_kib = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", result.stderr).group(1))
    return seconds, peak_kib / 1024, result.stdout


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--megabytes", type=int, default=1024)
    parser.add_argument("--auscult", default=".build/release/auscult")
    parser.add_argument("--healthkit", default="healthkit-to-sqlite")
    parser.add_argument("--export", help="an existing export.xml to use instead of generating one")
    arguments = parser.parse_args()

    work = tempfile.mkdtemp(prefix="auscult-bench-ingest-")
    export = arguments.export or os.path.join(work, "export.xml")
    if not arguments.export:
        here = os.path.dirname(os.path.abspath(__file__))
        subprocess.run([sys.executable, os.path.join(here, "make_large_apple_export.py"), export,
                        "--megabytes", str(arguments.megabytes)], check=True)
    size_mb = os.path.getsize(export) / 1e6

    def auscult(path, name):
        seconds, mib, output = timed(
            [arguments.auscult, "ingest", path, "--user", "bench", "--data-dir", os.path.join(work, name)])
        return seconds, mib, len(re.findall(r'"state" : "created"', output))

    repaired = os.path.join(work, "export-without-dtd.xml")
    remove_doctype(export, repaired)
    print(f"export.xml: {size_mb:.0f} MB")
    seconds, mib, weeks = auscult(export, "auscult-original")
    print(f"auscult ingest, malformed DTD:   {seconds:7.1f} s  {size_mb / seconds:7.1f} MB/s  peak {mib:6.0f} MiB  ({weeks} weeks)")
    failure = timed([arguments.healthkit, "--xml", "--silent", export, os.path.join(work, "healthkit-original.db")], may_fail=True)
    if isinstance(failure, str):
        print(f"healthkit-to-sqlite, malformed DTD: fails: {failure}")
    auscult_seconds, auscult_mib, weeks = auscult(repaired, "auscult")
    healthkit_seconds, healthkit_mib, _ = timed(
        [arguments.healthkit, "--xml", "--silent", repaired, os.path.join(work, "healthkit.db")])
    print(f"auscult ingest, DTD removed:     {auscult_seconds:7.1f} s  {size_mb / auscult_seconds:7.1f} MB/s  peak {auscult_mib:6.0f} MiB  ({weeks} weeks)")
    print(f"healthkit-to-sqlite, DTD removed: {healthkit_seconds:6.1f} s  {size_mb / healthkit_seconds:7.1f} MB/s  peak {healthkit_mib:6.0f} MiB")
    print(f"throughput ratio (auscult / healthkit-to-sqlite): {healthkit_seconds / auscult_seconds:.1f}x")
    subprocess.run(["rm", "-rf", work])


def remove_doctype(source, target):
    """Copies `source` without its `<!DOCTYPE …]>` block, streaming."""
    with open(source, "rb") as reader, open(target, "wb") as writer:
        head = reader.read(1 << 20)
        start = head.find(b"<!DOCTYPE")
        end = head.find(b"]>", start)
        if start >= 0 and end >= 0:
            head = head[:start] + head[end + 2:]
        writer.write(head)
        while chunk := reader.read(1 << 24):
            writer.write(chunk)


if __name__ == "__main__":
    main()
