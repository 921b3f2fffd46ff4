#!/usr/bin/env python3
"""End-to-end check of the demo that `make serve` trains: runs the release binary's `auscult demo`
into an empty data directory, serves it, and checks through the HTTP API what issues 4 and 6 promise
of the full-scale demo (the debug-build tests check the same failures on a reduced configuration).

Checks, each printed with the figure it measured:
- deepheart-relu: every unit of act2 is dead over the whole tuning split; deepheart-leaky: none is,
  and it scores the higher tuning AUROC.
- deepheart-short-memory's input gradient at the midpoint dies within the documented lag on both
  sides; deepheart-long-memory's does not on either side (the model cards' measurement); on the
  `illness` label, which needs days of context, the long model's tuning AUROC interval lies above the
  short model's AUROC; and a learnability run on the synthetic task `resting_hr_range` (which compares
  days) takes the long model's architecture well past the short one's tuning R².
- deepheart-apnea on the test split: beats the metadata-only baseline (paired test, p < 0.05) and its own
  series ablation;
  the first_generation_watch stratum is flagged worse than the rest (difference < 0, p < 0.05) and
  first-generation watches show up among the loss patterns.

Standard library only. Exit status 1 when any check fails.
"""
import argparse
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request

failures = []


def check(condition, message):
    print(("ok     " if condition else "FAILED ") + message, flush=True)
    if not condition:
        failures.append(message)


class Client:
    def __init__(self, port, token):
        self.base = f"http://127.0.0.1:{port}/api/v1"
        self.token = token

    def request(self, method, path, body=None):
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(self.base + path, data=data, method=method)
        request.add_header("Authorization", f"Bearer {self.token}")
        if data is not None:
            request.add_header("Content-Type", "application/json")
        with urllib.request.urlopen(request, timeout=300) as response:
            return json.load(response)

    def wait_for_job(self, job_id, timeout=600):
        deadline = time.time() + timeout
        while time.time() < deadline:
            job = self.request("GET", f"/jobs/{job_id}")
            state = job.get("state") or job.get("job", {}).get("state")
            if state in ("succeeded", "failed", "cancelled"):
                if state != "succeeded":
                    raise RuntimeError(f"job {job_id} {state}: {job}")
                return job
            time.sleep(0.5)
        raise RuntimeError(f"job {job_id} did not finish in {timeout} s")

    def unit_scan(self, model_id):
        deadline = time.time() + 600
        while time.time() < deadline:
            answer = self.request("GET", f"/models/{model_id}/diagnostics/units?split=tuning")
            if answer["job"]["state"] == "succeeded":
                return answer["report"]
            if answer["job"]["state"] in ("failed", "cancelled"):
                raise RuntimeError(f"unit scan of model {model_id}: {answer['job']}")
            time.sleep(0.5)
        raise RuntimeError(f"unit scan of model {model_id} did not finish")

    def learnability(self, model_id, task, epochs):
        created = self.request("POST", f"/models/{model_id}/synthetic-training?wait=0", {"task": task, "epochs": epochs})
        self.wait_for_job(created["job"]["id"])
        return self.request("GET", f"/jobs/{created['job']['id']}")["result"]

    def evaluate(self, model_id, split, label):
        created = self.request("POST", f"/models/{model_id}/evaluations", {"split": split, "label": label})
        self.wait_for_job(created["job"]["id"])
        return created["id"], self.request("GET", f"/evaluations/{created['id']}")


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--binary", default=".build/release/auscult")
    parser.add_argument("--data-dir", help="default: a fresh temporary directory")
    arguments = parser.parse_args()
    data_dir = arguments.data_dir or tempfile.mkdtemp(prefix="auscult-demo-")
    binary = arguments.binary

    started = time.time()
    subprocess.run([binary, "demo", "--data-dir", data_dir], check=True, stdout=subprocess.DEVNULL)
    print(f"auscult demo: {time.time() - started:.1f} s (budget 180 s)", flush=True)
    check(time.time() - started < 180, "auscult demo finishes within 3 minutes")
    token = subprocess.run([binary, "token", "create", "--scope", "admin", "--data-dir", data_dir], check=True,
                           capture_output=True, text=True).stdout.strip().splitlines()[-1]
    port = free_port()
    server = subprocess.Popen([binary, "serve", "--data-dir", data_dir, "--port", str(port), "--no-demo"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        client = Client(port, token)
        for _ in range(100):
            try:
                listing = client.request("GET", "/models")
                break
            except OSError:
                time.sleep(0.1)
        else:
            raise RuntimeError(f"auscult serve did not answer on port {port} within 10 s")
        models = {model["name"]: model for model in (listing["models"] if isinstance(listing, dict) else listing)}
        run_checks(client, models)
    finally:
        server.terminate()
        server.wait()
    print(f"{len(failures)} of the checks failed" if failures else "all checks passed")
    return 1 if failures else 0


def tensor_report(report, name):
    return next(tensor for tensor in report["tensors"] if tensor["name"] == name)


def run_checks(client, models):
    relu, leaky = models["deepheart-relu"]["id"], models["deepheart-leaky"]["id"]
    relu_act2 = tensor_report(client.unit_scan(relu), "act2")
    leaky_act2 = tensor_report(client.unit_scan(leaky), "act2")
    check(len(relu_act2["dead_units"]) == relu_act2["units"],
          f"deepheart-relu: {len(relu_act2['dead_units'])} of {relu_act2['units']} act2 units dead over "
          f"{relu_act2['positions']:,} tuning positions")
    check(len(leaky_act2["dead_units"]) == 0,
          f"deepheart-leaky: {len(leaky_act2['dead_units'])} act2 units dead")
    _, relu_evaluation = client.evaluate(relu, "tuning", "sleep_apnea")
    _, leaky_evaluation = client.evaluate(leaky, "tuning", "sleep_apnea")
    relu_auroc = relu_evaluation["metrics"]["binary"]["auroc"]
    leaky_auroc = leaky_evaluation["metrics"]["binary"]["auroc"]
    check(leaky_auroc > relu_auroc, f"tuning AUROC: deepheart-leaky {leaky_auroc:.3f} > deepheart-relu {relu_auroc:.3f}")

    for name, expect_short in (("deepheart-short-memory", True), ("deepheart-long-memory", False)):
        card = client.request("GET", f"/models/{models[name]['id']}/card")
        lag = card["planted_failure"]["horizon_lag_bins"]
        left, right = card["evaluation"]["horizon_left_bins"], card["evaluation"]["horizon_right_bins"]
        if expect_short:
            check(max(left, right) <= lag, f"{name}: gradient dies within {left}/{right} bins of the midpoint (lag {lag})")
        else:
            check(min(left, right) > lag, f"{name}: gradient reaches {left}/{right} bins from the midpoint on both sides (lag {lag})")

    memory = {}
    for name in ("deepheart-short-memory", "deepheart-long-memory"):
        _, evaluation = client.evaluate(models[name]["id"], "tuning", "illness")
        memory[name] = evaluation["metrics"]["binary"]
    short, long = memory["deepheart-short-memory"], memory["deepheart-long-memory"]
    check(long["auroc_interval"]["lower"] > short["auroc"],
          f"illness, tuning AUROC: deepheart-long-memory {long['auroc']:.3f} "
          f"[{long['auroc_interval']['lower']:.3f}, {long['auroc_interval']['upper']:.3f}] above deepheart-short-memory "
          f"{short['auroc']:.3f} [{short['auroc_interval']['lower']:.3f}, {short['auroc_interval']['upper']:.3f}]")

    learned = {}
    for name in ("deepheart-short-memory", "deepheart-long-memory"):
        epochs = client.learnability(models[name]["id"], "resting_hr_range", 10)["epochs"]
        learned[name] = (epochs[-1]["tuning_r2"], max(epoch["tuning_r2"] for epoch in epochs))
    (short_r2, short_best), (long_r2, _) = learned["deepheart-short-memory"], learned["deepheart-long-memory"]
    check(long_r2 > short_best + 0.15,
          f"resting_hr_range learnability, tuning R² after 10 epochs: long-memory architecture {long_r2:.3f}, "
          f"short-memory {short_r2:.3f} (best epoch {short_best:.3f})")

    apnea = models["deepheart-apnea"]["id"]
    evaluation_id, evaluation = client.evaluate(apnea, "test", "sleep_apnea")
    metrics = evaluation["metrics"]
    auroc = metrics["binary"]["auroc"]
    ablated = metrics["ablation"]["binary"]["auroc"]
    baseline = client.request("GET", f"/evaluations/{evaluation_id}/baseline?features=age,sex")
    baseline_auroc = baseline["baseline_binary"]["auroc"]
    paired = baseline["dnn_versus_baseline"]
    check(auroc > baseline_auroc + 0.05 and paired["p_value"] < 0.05,
          f"deepheart-apnea test AUROC {auroc:.3f} against the age+sex baseline's {baseline_auroc:.3f}: "
          f"difference {paired['difference']:.3f} [{paired['interval']['lower']:.3f}, {paired['interval']['upper']:.3f}], "
          f"p = {paired['p_value']:.2g} (paired, by user)")
    check(auroc > ablated + 0.05, f"deepheart-apnea test AUROC {auroc:.3f} against {ablated:.3f} with the series ablated")

    strata = client.request("GET", f"/evaluations/{evaluation_id}/strata?by=first_generation_watch")
    first = next(s for s in strata["strata"] if s["name"] == "first_generation_watch=yes")
    rest = next(s for s in strata["strata"] if s["name"] == "first_generation_watch=no")
    versus = first["versus_rest"]
    check(first.get("warning") is None and versus["difference"] < 0 and versus["p_value"] < 0.05,
          f"first-generation watches: AUROC {first['auroc']:.3f} over {first['weeks']} weeks against "
          f"{rest['auroc']:.3f} for the rest, difference {versus['difference']:.3f} "
          f"[{versus['interval']['lower']:.3f}, {versus['interval']['upper']:.3f}], p = {versus['p_value']:.2g}")

    patterns = client.request("GET", f"/evaluations/{evaluation_id}/loss-patterns?k=50")
    found = [p for p in patterns["enriched"] if p["field"] == "first_generation_watch" and p["value"] == "yes"]
    check(bool(found), "loss patterns (k = 50) list first_generation_watch = yes"
          + (f": enrichment {found[0]['enrichment']:.2f}, p = {found[0]['p_value']:.2g} by week, "
                f"{found[0]['p_value_by_user']:.2g} by user" if found else
             f"; they list {[(p['field'], p['value']) for p in patterns['enriched']]}"))


if __name__ == "__main__":
    sys.exit(main())
