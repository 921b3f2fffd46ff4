#!/usr/bin/env python3
"""Load test on loopback: cached activation reads, uncached gradients and one large ingest, concurrently.

Starts `auscult serve` on 127.0.0.1 over a copy of a prepared data directory, then runs two phases:

1. baseline: only the cached-activation clients (default 50 connections) for --baseline-duration seconds;
2. load: the same cached-activation clients, plus gradient clients (default 10 connections) each asking for a
   (model, week, t0) combination never asked before, plus one large Apple Health export uploaded and ingested
   (`POST /api/v1/uploads?wait=…`), for --duration seconds or until the ingest ends, whichever comes first.

"Cached" means the same URLs were answered before: a fixed set of activation URLs (models × weeks × tensors)
is requested once before the phases start, so every measured read is a hit in the server's response cache.
Gradient URLs use weeks outside that set and a t0 that changes with every request, so each one runs a
backward pass. The ingest starts with the load phase; its duration (from the first byte sent to the job's end)
and rate are reported with the fraction of the measurement window it covered (1.0 unless it failed).

The HTTP clients are wrk (Debian package `wrk`, C, epoll, keep-alive connections, closed loop: each connection
sends its next request as soon as the previous answer arrives), one wrk process per endpoint, each for a fixed
duration; a Lua script (written to the work directory) feeds it the URLs in order and prints its statistics
as JSON. Latency percentiles are wrk's, per completed request; errors are non-2xx/3xx answers plus socket
errors (connect, read, write, timeout). The ingest is uploaded by this script (http.client, 1 MiB blocks).
The CPU seconds used by the server, by each wrk and by this script are reported per phase: on a small machine
the clients share the cores with the server.

Prepared inputs are kept in --work-dir and reused by later runs:
- base/       a data directory with the demo cohort and the demo models (`auscult demo`, ~40 s; --fresh remakes it),
- export-N.xml  the synthetic export of N MB (scripts/make_large_apple_export.py, ~1 min per GB),
- run/        a fresh copy of base/ for each run (the server's database, log and upload files).

    python3 scripts/load_test.py                      # 60 s, 50 cached + 10 gradient clients, 2 GB ingest
    python3 scripts/load_test.py --duration 30 --ingest-mb 1024 --json load.json
    python3 scripts/load_test.py --baseline-duration 0 --ingest-mb 0   # reads and gradients only

Needs: a release build (`swift build -c release --product auscult`, or --binary PATH) and wrk
(`apt-get install wrk`). Everything listens on and connects to 127.0.0.1 only.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import re
import resource
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
HOST = "127.0.0.1"

# wrk's Lua side: serves the paths of a file in order (thread k of n takes paths k, k+n, k+2n, …, wrapping
# around) and prints the summary as one JSON line. Runs inside wrk, not here.
WRK_SCRIPT = r"""
local paths = {}
local next_index = 1
local thread_count = 1

function setup(thread)
   thread:set("thread_id", thread_count)
   thread_count = thread_count + 1
end

function init(args)
   local stride = tonumber(args[2]) or 1
   local all = {}
   for line in io.lines(args[1]) do all[#all + 1] = line end
   local offset = (thread_id or 1)
   for i = offset, #all, stride do paths[#paths + 1] = wrk.format("GET", all[i]) end
   next_index = 1
end

function request()
   local r = paths[next_index]
   next_index = next_index + 1
   if next_index > #paths then next_index = 1 end
   return r
end

function done(summary, latency, requests)
   local e = summary.errors
   io.write(string.format(
      'WRK_JSON {"requests": %d, "duration_us": %d, "bytes": %d, ' ..
      '"errors": {"connect": %d, "read": %d, "write": %d, "status": %d, "timeout": %d}, ' ..
      '"latency_us": {"min": %d, "mean": %.1f, "p50": %d, "p90": %d, "p99": %d, "p999": %d, "max": %d}}\n',
      summary.requests, summary.duration, summary.bytes,
      e.connect, e.read, e.write, e.status, e.timeout,
      latency.min, latency.mean, latency:percentile(50), latency:percentile(90), latency:percentile(99),
      latency:percentile(99.9), latency.max))
end
"""


def fail(message: str) -> None:
    sys.exit(f"load_test: {message}")


# MARK: preparation


def prepare_base(binary: str, work_dir: str, fresh: bool) -> str:
    """The demo-trained data directory, made once."""
    base = os.path.join(work_dir, "base")
    marker = os.path.join(base, ".demo-done")
    if fresh and os.path.isdir(base):
        shutil.rmtree(base)
    if not os.path.exists(marker):
        if os.path.isdir(base):
            shutil.rmtree(base)
        os.makedirs(base)
        print(f"preparing {base}: auscult demo (seeds the demo cohort and trains the demo models)…", flush=True)
        started = time.monotonic()
        subprocess.run([binary, "demo", "--data-dir", base], check=True, stdout=subprocess.DEVNULL)
        open(marker, "w").close()
        print(f"  done in {time.monotonic() - started:.0f} s", flush=True)
    return base


def prepare_export(work_dir: str, megabytes: int) -> str:
    """The synthetic Apple Health export of `megabytes` MB, made once."""
    path = os.path.join(work_dir, f"export-{megabytes}.xml")
    if not os.path.exists(path):
        print(f"generating {path} (scripts/make_large_apple_export.py, about 1 min per GB)…", flush=True)
        partial = path + ".partial"
        subprocess.run([sys.executable, os.path.join(HERE, "make_large_apple_export.py"), partial,
                        "--megabytes", str(megabytes)], check=True, stdout=subprocess.DEVNULL)
        os.replace(partial, path)
    return path


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


class Server:
    """`auscult serve` on a copy of the base data directory."""

    def __init__(self, binary: str, base: str, work_dir: str, port: int):
        self.data = os.path.join(work_dir, "run")
        if os.path.isdir(self.data):
            shutil.rmtree(self.data)
        shutil.copytree(base, self.data)
        self.token = subprocess.run(
            [binary, "token", "create", "--scope", "admin", "--label", "load-test", "--data-dir", self.data],
            check=True, capture_output=True, text=True).stdout.strip()
        self.port = port or free_port()
        self.log_path = os.path.join(self.data, "server.log")
        self.log = open(self.log_path, "w")
        self.process = subprocess.Popen(
            [binary, "serve", "--host", HOST, "--port", str(self.port), "--data-dir", self.data,
             "--public-dir", os.path.join(REPO, "public"), "--log-level", "warning"],
            stdout=self.log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 30
        while True:
            try:
                if self.get("/healthz", auth=False)[0] == 200:
                    break
            except OSError:
                pass
            if self.process.poll() is not None or time.monotonic() > deadline:
                fail(f"the server did not start; see {self.log_path}")
            time.sleep(0.2)

    def connection(self, timeout: float = 60) -> http.client.HTTPConnection:
        return http.client.HTTPConnection(HOST, self.port, timeout=timeout, blocksize=1 << 20)

    def get(self, path: str, auth: bool = True) -> tuple[int, bytes]:
        connection = self.connection()
        try:
            connection.request("GET", path, headers={"Authorization": f"Bearer {self.token}"} if auth else {})
            response = connection.getresponse()
            return response.status, response.read()
        finally:
            connection.close()

    def get_json(self, path: str):
        status, body = self.get(path)
        if status != 200:
            fail(f"GET {path}: {status} {body[:300]!r}")
        return json.loads(body)

    def cpu_seconds(self) -> float:
        with open(f"/proc/{self.process.pid}/stat") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def threads(self) -> dict[str, list[float]]:
        """CPU seconds and run-queue wait seconds (schedstat) per thread name, summed over threads of one name."""
        by_name: dict[str, list[float]] = {}
        task_dir = f"/proc/{self.process.pid}/task"
        for tid in os.listdir(task_dir):
            try:
                with open(f"{task_dir}/{tid}/comm") as comm, open(f"{task_dir}/{tid}/schedstat") as schedstat:
                    name = comm.read().strip()
                    run_ns, wait_ns, _ = (int(field) for field in schedstat.read().split())
            except OSError:
                continue
            name = re.sub(r"\d+$", "N", name)
            entry = by_name.setdefault(name, [0.0, 0.0, 0])
            entry[0] += run_ns / 1e9
            entry[1] += wait_ns / 1e9
            entry[2] += 1
        return by_name

    def stop(self) -> None:
        self.process.send_signal(signal.SIGINT)
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.log.close()


# MARK: the URL sets


def weeks_of(server: Server) -> list[int]:
    ids, offset = [], 0
    while offset is not None:
        page = server.get_json(f"/api/v1/weeks?limit=1000&offset={offset}")
        ids += [item["id"] for item in page["items"]]
        offset = page.get("next_offset")
    return ids


def url_sets(server: Server, cached_count: int, cached_weeks: int, gradient_count: int):
    """The cached activation paths, the gradient paths (each a new model/week/t0 combination, weeks
    outside the cached set, weeks varying fastest), and one warm-up gradient path per model."""
    models = []
    for summary in server.get_json("/api/v1/models"):
        detail = server.get_json(f"/api/v1/models/{summary['id']}")
        tensors = detail["inspectable_tensors"]
        if tensors:
            models.append((summary["id"], [t["name"] for t in tensors], max(t["steps"] for t in tensors)))
    if not models:
        fail("no model with an inspectable tensor: is the base data directory demo-trained?")
    weeks = weeks_of(server)
    if len(weeks) < cached_weeks + 10:
        fail(f"only {len(weeks)} weeks stored")
    read_weeks, gradient_weeks = weeks[:cached_weeks], weeks[cached_weeks + len(models):]
    warm_weeks = weeks[cached_weeks:cached_weeks + len(models)]
    cached = []
    for i in range(cached_count):
        model, tensors, _ = models[i % len(models)]
        week = read_weeks[(i // len(models)) % len(read_weeks)]
        tensor = tensors[(i // (len(models) * len(read_weeks))) % len(tensors)]
        cached.append(f"/api/v1/models/{model}/weeks/{week}/activations?tensor={tensor}")
    if len(set(cached)) < len(cached):
        fail("--cached-urls exceeds the distinct (model, week, tensor) combinations")
    gradients = []
    for i in range(gradient_count):
        model, _, steps = models[i % len(models)]
        rest = i // len(models)
        week = gradient_weeks[rest % len(gradient_weeks)]
        t0 = (rest // len(gradient_weeks) * 37 + 11) % steps
        gradients.append(f"/api/v1/models/{model}/weeks/{week}/gradients?t={t0}")
    warm = [f"/api/v1/models/{model}/weeks/{week}/gradients?t=3" for (model, _, _), week in zip(models, warm_weeks)]
    return cached, gradients, warm, models


def warm_up(server: Server, paths: list[str]) -> float:
    """Requests every path once (computing it), then once more; returns the slowest second answer in ms."""
    for path in paths:
        status, body = server.get(path)
        if status != 200:
            fail(f"warm-up GET {path}: {status} {body[:300]!r}")
    slowest = 0.0
    connection = server.connection()
    for path in paths:
        started = time.perf_counter()
        connection.request("GET", path, headers={"Authorization": f"Bearer {server.token}"})
        response = connection.getresponse()
        response.read()
        slowest = max(slowest, (time.perf_counter() - started) * 1000)
    connection.close()
    return slowest


# MARK: clients


class Wrk:
    """One wrk process: `connections` keep-alive connections over `paths` for `seconds`."""

    def __init__(self, name: str, server: Server, work_dir: str, paths: list[str], connections: int, threads: int,
                 seconds: float, timeout: float, think_ms: float = 0):
        self.name = name
        paths_file = os.path.join(work_dir, f"{name}.paths")
        with open(paths_file, "w") as out:
            out.write("\n".join(paths) + "\n")
        script = os.path.join(work_dir, f"{name}.lua")
        with open(script, "w") as out:
            out.write(WRK_SCRIPT)
            if think_ms > 0:
                out.write(f"function delay() return {think_ms:g} end\n")
        self.path_count = len(paths)
        self.output_path = os.path.join(work_dir, f"{name}.wrk.out")
        self.output = open(self.output_path, "w")
        self.command = [
            "wrk", "-t", str(threads), "-c", str(connections), "-d", f"{seconds:g}s", "--timeout", f"{timeout:g}s",
            "-H", f"Authorization: Bearer {server.token}", "-s", script,
            f"http://{HOST}:{server.port}/", paths_file, str(threads)]
        self.process = subprocess.Popen(self.command, stdout=self.output, stderr=subprocess.STDOUT)

    def result(self) -> dict:
        """Waits for wrk; its statistics with its CPU seconds."""
        _, status, usage = os.wait4(self.process.pid, 0)
        self.process.returncode = os.waitstatus_to_exitcode(status)
        self.output.close()
        text = open(self.output_path).read()
        lines = [line for line in text.splitlines() if line.startswith("WRK_JSON ")]
        if self.process.returncode != 0 or not lines:
            fail(f"wrk ({self.name}) failed, exit {self.process.returncode}:\n{text[-2000:]}")
        raw = json.loads(lines[-1][len("WRK_JSON "):])
        seconds = raw["duration_us"] / 1e6
        errors = raw["errors"]
        latency = raw["latency_us"]
        return {
            "connections": int(self.command[self.command.index("-c") + 1]),
            "requests": raw["requests"],
            "seconds": round(seconds, 2),
            "throughput_rps": round(raw["requests"] / seconds, 1),
            "mib_per_s": round(raw["bytes"] / seconds / (1 << 20), 2),
            "latency_ms": {key: round(latency[key] / 1000, 2) for key in ("p50", "p90", "p99", "p999", "max", "mean")},
            "errors": sum(errors.values()),
            "errors_by_kind": errors,
            "distinct_urls": self.path_count,
            "wrk_cpu_s": round(usage.ru_utime + usage.ru_stime, 2),
        }


class Ingest(threading.Thread):
    """Uploads the export (`wait=` holds the answer until the ingest job ends) and times it."""

    def __init__(self, server: Server, export: str, user: str):
        super().__init__(daemon=True)
        self.server, self.export, self.user = server, export, user
        self.result: dict = {}

    def run(self) -> None:
        size = os.path.getsize(self.export)
        connection = self.server.connection(timeout=1800)
        self.started = time.monotonic()
        try:
            with open(self.export, "rb") as body:
                connection.request(
                    "POST", f"/api/v1/uploads?user={self.user}&wait=600", body=body,
                    headers={"Authorization": f"Bearer {self.server.token}", "Content-Length": str(size),
                             "Content-Type": "application/xml"})
                sent = time.monotonic()
                response = connection.getresponse()
                payload = response.read()
            ended = time.monotonic()
            report = {}
            try:
                report = json.loads(payload).get("report") or {}
            except ValueError:
                pass
            self.result = {
                "status": response.status, "megabytes": round(size / 1e6, 1),
                "send_s": round(sent - self.started, 2), "total_s": round(ended - self.started, 2),
                "mb_per_s": round(size / 1e6 / (ended - self.started), 1),
                "weeks": len(report.get("weeks", [])) if isinstance(report.get("weeks"), list) else None,
                "error": None if response.status == 201 else payload[:500].decode(errors="replace"),
            }
            self.ended = ended
        except OSError as error:
            self.ended = time.monotonic()
            self.result = {"status": None, "error": repr(error)}


def phase(server: Server, work_dir: str, args, name: str, seconds: float, cached: list[str],
          gradients: list[str] | None, export: str | None) -> dict:
    """One measured phase; returns its statistics."""
    cpu_before, self_before = server.cpu_seconds(), resource.getrusage(resource.RUSAGE_SELF)
    threads_before = server.threads()
    load_before = os.getloadavg()[0]
    ingest = None
    if export:
        ingest = Ingest(server, export, f"load-test-{int(time.time())}")
        ingest.start()
    window_start = time.monotonic()
    clients = [Wrk(f"{name}-cached", server, work_dir, cached, args.cached_clients, args.cached_threads, seconds,
                   args.timeout, args.think_ms)]
    if gradients is not None and args.gradient_clients > 0:
        clients.append(Wrk(f"{name}-gradients", server, work_dir, gradients, args.gradient_clients, 1, seconds,
                           args.timeout))
    if ingest:
        # Every measured request runs while the ingest is in progress: an ingest that ends first ends the phase
        # (wrk stops on SIGINT and reports what it measured until then).
        ingest.join(timeout=seconds)
        if not ingest.is_alive():
            for client in clients:
                client.process.send_signal(signal.SIGINT)
    results = {client.name.split("-", 1)[1]: client.result() for client in clients}
    window_end = time.monotonic()
    server_cpu, threads_after = server.cpu_seconds() - cpu_before, server.threads()
    self_after = resource.getrusage(resource.RUSAGE_SELF)
    summary = {"endpoints": {}, "seconds": round(window_end - window_start, 2)}
    summary["endpoints"]["cached_activations"] = results["cached"]
    if "gradients" in results:
        summary["endpoints"]["gradients"] = results["gradients"]
        if results["gradients"]["requests"] > len(gradients):
            print("warning: more gradient requests than distinct gradient URLs; raise --gradient-urls", file=sys.stderr)
    if ingest:
        ingest.join()
        overlap = max(0.0, min(window_end, ingest.ended) - max(window_start, ingest.started))
        ingest.result["window_covered"] = round(overlap / (window_end - window_start), 3)
        summary["ingest"] = ingest.result
    summary["cpu_s"] = {
        "server": round(server_cpu, 1),
        "wrk": round(sum(result["wrk_cpu_s"] for result in results.values()), 1),
        "this_script": round(self_after.ru_utime + self_after.ru_stime - self_before.ru_utime - self_before.ru_stime, 1),
        "available": round(os.cpu_count() * (window_end - window_start), 1),
    }
    # Per server thread name: [CPU s, s spent runnable but waiting for a core, threads] over the window.
    summary["server_threads"] = {
        name: {"cpu_s": round(after[0] - threads_before.get(name, [0, 0])[0], 2),
               "runqueue_wait_s": round(after[1] - threads_before.get(name, [0, 0])[1], 2), "threads": after[2]}
        for name, after in sorted(threads_after.items())}
    summary["load_average_before"] = round(load_before, 2)
    return summary


# MARK: report

# Server threads by the (truncated) name Linux shows for them.
THREAD_ROLES = {
    "oot.default-qos": "Swift concurrency pool",
    "-qos.overcommit": "dispatch queues (compute lanes, SQLite)",
    "NIO-SGLTN-1-#N": "NIO event loops",
    "SGLTN-TP-#N": "NIO thread pool",
}


def thread_line(phase_report: dict) -> str:
    parts = []
    for name, stats in phase_report["server_threads"].items():
        if stats["cpu_s"] >= 0.05 or stats["runqueue_wait_s"] >= 0.05:
            parts.append(f"{THREAD_ROLES.get(name, name)} {stats['cpu_s']:.1f} (waited {stats['runqueue_wait_s']:.1f})")
    return "server CPU s by threads: " + ", ".join(parts)


def table(report: dict) -> str:
    lines = []
    header = f"{'phase':<9} {'endpoint':<19} {'conns':>5} {'requests':>9} {'req/s':>8} {'p50 ms':>8} {'p90 ms':>8} " \
             f"{'p99 ms':>8} {'max ms':>8} {'errors':>6}"
    lines.append(header)
    lines.append("-" * len(header))
    for phase_name in ("baseline", "load"):
        phase_report = report.get(phase_name)
        if not phase_report:
            continue
        for endpoint, stats in phase_report["endpoints"].items():
            latency = stats["latency_ms"]
            lines.append(
                f"{phase_name:<9} {endpoint:<19} {stats['connections']:>5} {stats['requests']:>9} "
                f"{stats['throughput_rps']:>8.1f} {latency['p50']:>8.2f} {latency['p90']:>8.2f} {latency['p99']:>8.2f} "
                f"{latency['max']:>8.2f} {stats['errors']:>6}")
        ingest = phase_report.get("ingest")
        if ingest:
            if ingest.get("status") == 201:
                lines.append(
                    f"{phase_name:<9} {'ingest (upload)':<19} {1:>5} {1:>9}  {ingest['megabytes']:.0f} MB in "
                    f"{ingest['total_s']:.1f} s ({ingest['mb_per_s']:.1f} MB/s; body sent in {ingest['send_s']:.1f} s), "
                    f"{ingest['window_covered']:.0%} of the window")
            else:
                lines.append(f"{phase_name:<9} {'ingest (upload)':<19} FAILED: {ingest.get('status')} {ingest.get('error')}")
        cpu = phase_report["cpu_s"]
        lines.append(
            f"{'':<9} CPU s: server {cpu['server']}, wrk {cpu['wrk']}, this script {cpu['this_script']} "
            f"of {cpu['available']} available; load average before {phase_report['load_average_before']}")
        lines.append(f"{'':<9} {thread_line(phase_report)}")
    lines.append("")
    for name, target in report["targets"].items():
        lines.append(f"target {name}: {'met' if target['met'] else 'MISSED'} ({target['detail']})")
    return "\n".join(lines)


def targets(report: dict, p99_limit_ms: float) -> dict:
    result = {}
    errors = sum(stats["errors"] for phase_name in ("baseline", "load") if report.get(phase_name)
                 for stats in report[phase_name]["endpoints"].values())
    ingest = (report.get("load") or {}).get("ingest")
    ingest_failed = ingest is not None and ingest.get("status") != 201
    result["zero_errors"] = {"met": errors == 0 and not ingest_failed,
                             "detail": f"{errors} failed requests" + ("; the ingest failed" if ingest_failed else "")}
    load = report.get("load")
    if load:
        p99 = load["endpoints"]["cached_activations"]["latency_ms"]["p99"]
        covered = ingest["window_covered"] if ingest and "window_covered" in ingest else 0.0
        result["cached_p99_during_ingest"] = {
            "met": p99 < p99_limit_ms and covered >= 0.999,
            "detail": f"p99 {p99} ms, limit {p99_limit_ms:g} ms; the ingest covered {covered:.0%} of the window"}
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter,
                                     epilog="\n\n".join(__doc__.split("\n\n")[1:]))
    parser.add_argument("--binary", default=os.environ.get("AUSCULT_BINARY", os.path.join(REPO, ".build/release/auscult")),
                        help="the auscult executable (env AUSCULT_BINARY; default: .build/release/auscult of this checkout)")
    parser.add_argument("--work-dir", default=os.path.join(REPO, ".build/load-test"),
                        help="prepared data directory, exports and run files (default: .build/load-test)")
    parser.add_argument("--fresh", action="store_true", help="remake the demo-trained base data directory")
    parser.add_argument("--port", type=int, default=0, help="server port on 127.0.0.1 (default: a free one)")
    parser.add_argument("--duration", type=float, default=60, help="seconds of the load phase (default 60)")
    parser.add_argument("--baseline-duration", type=float, default=30,
                        help="seconds of the cached-reads-only phase before it; 0 skips it (default 30)")
    parser.add_argument("--cached-clients", type=int, default=50, help="connections reading cached activations (50)")
    parser.add_argument("--cached-threads", type=int, default=1, help="wrk threads for them (1)")
    parser.add_argument("--think-ms", type=float, default=0,
                        help="pause of each cached-read connection between an answer and its next request, ms "
                             "(default 0: closed loop at full speed)")
    parser.add_argument("--cached-urls", type=int, default=64, help="distinct cached activation URLs (64)")
    parser.add_argument("--cached-weeks", type=int, default=16, help="weeks the cached URLs are drawn from (16)")
    parser.add_argument("--gradient-clients", type=int, default=10, help="connections asking for new gradients (10)")
    parser.add_argument("--gradient-urls", type=int, default=50000, help="distinct gradient URLs prepared (50000)")
    parser.add_argument("--ingest-mb", type=int, default=2048,
                        help="size of the export uploaded during the load phase, MB; 0 for none (default 2048)")
    parser.add_argument("--timeout", type=float, default=60, help="per-request timeout of the clients, s (60)")
    parser.add_argument("--p99-limit-ms", type=float, default=50, help="target for cached reads' p99 under load (50)")
    parser.add_argument("--json", help="also write the JSON summary to this file")
    args = parser.parse_args()

    if not os.access(args.binary, os.X_OK):
        fail(f"no executable at {args.binary}: build it (swift build -c release --product auscult) or pass --binary")
    if shutil.which("wrk") is None:
        fail("wrk is not installed: apt-get install wrk")
    binary = os.path.abspath(args.binary)
    os.makedirs(args.work_dir, exist_ok=True)
    base = prepare_base(binary, args.work_dir, args.fresh)
    export = prepare_export(args.work_dir, args.ingest_mb) if args.ingest_mb > 0 else None

    server = Server(binary, base, args.work_dir, args.port)
    try:
        cached, gradients, warm, models = url_sets(server, args.cached_urls, args.cached_weeks, args.gradient_urls)
        print(f"server on {HOST}:{server.port} (pid {server.process.pid}); warming {len(cached)} activation URLs…", flush=True)
        slowest_hit = warm_up(server, cached)
        warm_up(server, warm)
        report = {
            "command": " ".join([os.path.relpath(sys.argv[0], REPO) if sys.argv[0].startswith(REPO) else sys.argv[0],
                                 *sys.argv[1:]]),
            "binary": binary,
            "checkout": subprocess.run(["git", "-C", REPO, "rev-parse", "--short", "HEAD"],
                                       capture_output=True, text=True).stdout.strip(),
            "cpus": os.cpu_count(),
            "models": [model for model, _, _ in models],
            "warm_up_slowest_hit_ms": round(slowest_hit, 2),
        }
        if args.baseline_duration > 0:
            print(f"baseline: {args.cached_clients} cached-read connections for {args.baseline_duration:g} s…", flush=True)
            report["baseline"] = phase(server, args.work_dir, args, "baseline", args.baseline_duration, cached, None, None)
        print(f"load: {args.cached_clients} cached-read + {args.gradient_clients} gradient connections"
              + (f" + a {args.ingest_mb} MB ingest" if export else "") + f" for {args.duration:g} s…", flush=True)
        report["load"] = phase(server, args.work_dir, args, "load", args.duration, cached, gradients, export)
        if server.process.poll() is not None:
            fail(f"the server exited during the run; see {server.log_path}")
    finally:
        server.stop()
    report["targets"] = targets(report, args.p99_limit_ms)
    print()
    print(table(report))
    print()
    print(json.dumps(report, indent=2))
    if args.json:
        with open(args.json, "w") as out:
            json.dump(report, out, indent=2)
            out.write("\n")


if __name__ == "__main__":
    main()
