#!/usr/bin/env python3
"""End-to-end fault tests: `sonde run` against `sonde sim --fault KIND:...`, one run per kind.

Usage: test_faults.py SONDE_BINARY [KIND ...]   (default: every kind)

For each kind a fresh simulator (free loopback port, high --speed) injects the fault; sonde
measures a small suite; then the test checks that the run completed (failed requests are data;
a run with more than 5% failed requests is written in full, marked valid: false and exits 5),
that the error kinds and counts in run.json equal what the simulator says it injected
(GET /admin/faults, or its exit log line once it is gone), and that the successful requests'
TTFT is unaffected (median within a tolerance of a fault-free run). engine_death: the rest of
the run fails, the simulator exits 1 like a dead vLLM, sonde exits 4 with run.json written
(complete: false) and the requests it could no longer send recorded as server_died.
Prints a table kind -> injected / recorded. Exits non-zero on the first violated expectation.
"""
import json
import pathlib
import re
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request

from e2e_common import SANITIZED, Sim, fail

REQUESTS = 24
SUITE = ("scenarios:\n"
         f"  - {{name: faults, input_len: 200, output_len: 16, load: burst, concurrency: 4, "
         f"requests: {REQUESTS}}}\n")
SPEED = "5"          # fast, yet TTFT (a few ms) stays well above the client's noise
TIMEOUT_S = 1.5      # per-request timeout given to sonde run
DELAY_S = 3          # stall / slow_headers: longer than every timeout
FAULT_SEED = "11"

# kind -> (fault spec, error kinds the client should record for it; None = request stays ok)
CASES = {
    "http_500": ("http_500:0.3", {"http_500"}),
    "http_429": ("http_429:0.3:seconds=2", {"http_429"}),
    "http_400": ("http_400:0.3", {"http_400"}),
    "disconnect_before_first_token": ("disconnect_before_first_token:0.3", {"stream_truncated"}),
    "disconnect_mid_stream": ("disconnect_mid_stream:0.3", {"stream_truncated"}),
    "stall_mid_stream": (f"stall_mid_stream:0.25:seconds={DELAY_S}", {"timeout_idle"}),
    "malformed_chunk": ("malformed_chunk:0.3", {"malformed_chunk"}),
    "no_done": ("no_done:0.3", {"stream_truncated"}),
    "no_usage": ("no_usage:0.3", None),
    "error_event": ("error_event:0.3", {"stream_error"}),
    "slow_headers": (f"slow_headers:0.25:seconds={DELAY_S}", {"timeout_first_token"}),
    "engine_death": ("engine_death:1:after=9:seconds=0.3", {"http_500", "stream_error"}),
}


def start_sim(sonde, faults):
    args = ["--speed", SPEED, "--max-model-len", "4096", "--fault-seed", FAULT_SEED]
    for f in faults:
        args += ["--fault", f]
    return Sim(sonde, args)


def admin_faults(port):
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/admin/faults", timeout=10) as r:
        return json.loads(r.read())


def logged_faults(log):
    m = re.search(r"sonde sim faults: (\{.*\})", log)
    if not m:
        fail(f"sonde sim did not log its fault counters: {log[-2000:]}")
    return json.loads(m.group(1))


def timeout_args(sonde):
    """sonde run's timeout flags; with only --timeout-s, a timeout is reported as timeout_total."""
    help_text = subprocess.run([sonde, "run", "--help"], capture_output=True, text=True).stdout
    args = ["--timeout-s", str(TIMEOUT_S)]
    precise = "--idle-timeout-s" in help_text
    if precise:
        args = ["--timeout-s", "30", "--idle-timeout-s", str(TIMEOUT_S)]
        if "--first-token-timeout-s" in help_text:
            args += ["--first-token-timeout-s", str(TIMEOUT_S)]
    return args, precise, "--first-token-timeout-s" in help_text


def run_sonde(sonde, port, tmp, name, timeouts):
    out = tmp / name
    suite = tmp / "suite.yaml"
    r = subprocess.run([sonde, "run", "--base-url", f"http://127.0.0.1:{port}", "--suite",
                        str(suite), "--warmup", "0", "--lang", "en", "--out", str(out)] + timeouts,
                       capture_output=True, text=True, timeout=90)
    return r, out


def results(out):
    rj = json.loads((out / "run.json").read_text())
    lines = [json.loads(l) for l in (out / "requests.jsonl").read_text().splitlines() if l.strip()]
    return rj["scenarios"][0]["summary"], lines


def ok_ttft_median(lines):
    ttfts = [r["ttft_ms"] for r in lines if r["ok"] and r["ttft_ms"] is not None]
    return statistics.median(ttfts) if ttfts else None


def expected_kinds(kind, expect, precise_idle, precise_first):
    """The client can only say timeout_total while first-token/idle timeouts equal --timeout-s."""
    if kind == "stall_mid_stream" and not precise_idle:
        return {"timeout_idle", "timeout_total"}
    if kind == "slow_headers" and not precise_first:
        return {"timeout_first_token", "timeout_total"}
    return expect


def check_case(kind, summary, lines, injected, code, baseline_ttft, flags):
    spec, expect = CASES[kind]
    n = injected["injected"][kind]
    # Failed requests are data: the run is written in full. Above the default --max-failed-pct
    # of 5% it is marked invalid and exits 5; below (no_usage fails nothing) it exits 0.
    invalid = summary["failed"] * 100 > 5 * REQUESTS
    if code != (5 if invalid else 0):
        fail(f"{kind}: sonde run exited {code} with {summary['failed']} of {REQUESTS} failed "
             f"(expected {5 if invalid else 0})")
    if summary["completed"] + summary["failed"] != REQUESTS or len(lines) != REQUESTS:
        fail(f"{kind}: {summary['completed']}+{summary['failed']} requests, {len(lines)} lines")
    if n == 0:
        fail(f"{kind}: the simulator injected nothing with {spec} (seed {FAULT_SEED})")
    errors = summary["errors"]
    if expect is None:  # no_usage: the requests succeed; output tokens are counted, not reported
        estimated = sum(1 for r in lines if r["ok"] and r["output_tokens_estimated"])
        recorded = estimated
        if errors or estimated != n:
            fail(f"{kind}: errors {errors}, {estimated} estimated outputs, {n} injected")
    else:
        kinds = expected_kinds(kind, expect, *flags)
        recorded = sum(errors.values())
        if set(errors) - kinds or recorded != n:
            fail(f"{kind}: run.json errors {errors} but the simulator injected {n} "
                 f"(expected kinds {sorted(kinds)})")
    ttft = ok_ttft_median(lines)
    if ttft is None:
        fail(f"{kind}: no successful request to compare with the fault-free run")
    # Not under the sanitizer job: its -O0 client and simulator make TTFT noise exceed the bound.
    if not SANITIZED and abs(ttft - baseline_ttft) > 0.5 * baseline_ttft + 2.0:
        fail(f"{kind}: TTFT p50 of ok requests {ttft} ms vs fault-free {baseline_ttft:.2f} ms")
    return n, recorded, errors, ttft


def engine_death_case(sonde, tmp, timeouts):
    sim = start_sim(sonde, [CASES["engine_death"][0]])
    r, out = run_sonde(sonde, sim.port, tmp, "engine_death", timeouts)
    try:  # it exits by itself once the engine died: no SIGTERM, which would be a normal stop
        sim.proc.wait(timeout=15)
    except subprocess.TimeoutExpired:
        pass
    code = sim.stop()
    log = sim.log()
    if code != 1:
        fail(f"engine_death: sonde sim exited {code}, expected 1 like a dead vLLM engine")
    if "EngineDeadError" not in log:
        fail("engine_death: the simulator did not log EngineDeadError")
    injected = logged_faults(log)
    n = injected["injected"]["engine_death"]
    if r.returncode != 4:
        fail(f"engine_death: sonde run exited {r.returncode}, expected 4 (server stopped "
             f"answering): {r.stderr[-2000:]}")
    if not (out / "run.json").is_file() or not (out / "report.md").is_file():
        fail("engine_death: run.json / report.md not written")
    rj = json.loads((out / "run.json").read_text())
    if rj["complete"] is not False or "stopped answering" not in rj["incomplete_reason"]:
        fail(f"engine_death: run.json complete={rj['complete']} "
             f"incomplete_reason={rj['incomplete_reason']!r}")
    summary, lines = results(out)
    errors = summary["errors"]
    if summary["completed"] != 8 or summary["failed"] != REQUESTS - 8:
        fail(f"engine_death: completed {summary['completed']} failed {summary['failed']} "
             f"(8 requests in the rounds before the death, the rest must fail)")
    dying = errors.get("http_500", 0) + errors.get("stream_error", 0)
    if dying != n or set(errors) - {"http_500", "stream_error", "connect", "server_died"}:
        fail(f"engine_death: errors {errors}, the simulator failed {n} requests itself")
    return n, dying, errors, r.returncode


def main():
    if len(sys.argv) < 2:
        fail("usage: test_faults.py SONDE_BINARY [KIND ...]")
    sonde = sys.argv[1]
    kinds = sys.argv[2:] or list(CASES)
    for k in kinds:
        if k not in CASES:
            fail(f"unknown kind {k}; known: {', '.join(CASES)}")
    started = time.monotonic()
    timeouts, precise_idle, precise_first = timeout_args(sonde)
    rows = []
    with tempfile.TemporaryDirectory(prefix="sonde-faults-") as t:
        tmp = pathlib.Path(t)
        (tmp / "suite.yaml").write_text(SUITE)
        sim = start_sim(sonde, [])
        try:
            r, out = run_sonde(sonde, sim.port, tmp, "baseline", timeouts)
            if r.returncode != 0:
                fail(f"fault-free run exited {r.returncode}: {r.stderr[-2000:]}")
            summary, lines = results(out)
            if summary["failed"] != 0:
                fail(f"fault-free run has errors {summary['errors']}")
            baseline = ok_ttft_median(lines)
        finally:
            sim.stop()
        for kind in kinds:
            if kind == "engine_death":
                n, rec, errors, code = engine_death_case(sonde, tmp, timeouts)
                rows.append((kind, n, rec, errors, f"sonde exit {code}"))
                continue
            sim = start_sim(sonde, [CASES[kind][0]])
            try:
                r, out = run_sonde(sonde, sim.port, tmp, kind, timeouts)
                injected = admin_faults(sim.port)
            finally:
                sim.stop()
            if not (out / "run.json").is_file():
                fail(f"{kind}: no run.json; sonde exited {r.returncode}: {r.stderr[-2000:]}")
            summary, lines = results(out)
            n, rec, errors, ttft = check_case(kind, summary, lines, injected, r.returncode,
                                              baseline, (precise_idle, precise_first))
            rows.append((kind, n, rec, errors, f"ok TTFT p50 {ttft:.2f} ms"))
    print(f"{'kind':32} {'injected':>8} {'recorded':>8}  errors in run.json")
    for kind, n, rec, errors, note in rows:
        print(f"{kind:32} {n:8d} {rec:8d}  {json.dumps(errors, sort_keys=True)}  {note}")
    print(f"fault-free TTFT p50 {baseline:.2f} ms; {time.monotonic() - started:.1f} s in all")


if __name__ == "__main__":
    main()
