#!/usr/bin/env python3
"""End-to-end interruption and server-failure tests of `sonde run`.

Usage: test_interrupt.py SONDE_BINARY [CASE ...]   (default: every case)

  sigint        SIGINT mid-scenario with --sim: exit 130, run.json complete:false, every line
                written before the signal still there and valid, in-flight requests finished
                within the grace (ok) or cancelled, no process of sonde's session left.
  grace_expiry  SIGINT with --grace-s 0 while requests are in flight (seen in the simulator's
                /metrics): exit 130 and those requests recorded as `cancelled`.
  second_sigint two SIGINTs while long requests are in flight: exit 130 at once (long before
                the requests or the grace could end), the journal still valid.
  sigkill       SIGKILL mid-run, a torn half line appended to requests.jsonl: `sonde report DIR`
                rebuilds run.json and report.md, skipping and counting the torn line.
  engine_death  the simulator's engine dies: exit 4, run.json complete:false with the reason,
                the scenario's unsent requests recorded as server_died, later scenarios not run.
  error_rate    every request fails (http_500:1): --max-error-rate aborts each scenario with a
                reason and a report warning; the run goes on and completes, then fails
                closed (exit 5, run.json valid: false).
  retries       http_500 on some requests with --retries: attempts recorded, never hidden.
"""
import json
import pathlib
import re
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request

from e2e_common import Sim, fail, validate_schema


def wait_until(pred, timeout, what):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = pred()
        if value:
            return value
        time.sleep(0.05)
    fail(f"timed out after {timeout} s waiting for {what}")


def journal_lines(out):
    """Complete lines of requests.jsonl (a line without its newline is still being written)."""
    path = out / "requests.jsonl"
    if not path.is_file():
        return []
    text = path.read_text()
    return text.split("\n")[:-1]


def parsed(lines, what):
    out = []
    for i, line in enumerate(lines):
        try:
            out.append(json.loads(line))
        except json.JSONDecodeError:
            fail(f"{what}: requests.jsonl line {i + 1} is not valid JSON: {line[:200]!r}")
    return out


def session_processes(sid):
    """Live processes of session `sid` (sonde is started as a session leader)."""
    pids = []
    for d in pathlib.Path("/proc").iterdir():
        if not d.name.isdigit():
            continue
        try:
            fields = (d / "stat").read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        # fields: state ppid pgrp session ...
        if fields[0] != "Z" and int(fields[3]) == sid:
            pids.append(int(d.name))
    return pids


def children_of(pid):
    kids = []
    for d in pathlib.Path("/proc").iterdir():
        if not d.name.isdigit():
            continue
        try:
            fields = (d / "stat").read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        if int(fields[1]) == pid and fields[0] != "Z":
            kids.append(int(d.name))
    return kids


def start_run(sonde, args):
    """`sonde run` as a session leader, its stderr in a file (read while it runs)."""
    log = tempfile.NamedTemporaryFile(prefix="sonde-run-", suffix=".stderr", delete=False)
    proc = subprocess.Popen([sonde, "run", "--warmup", "0", "--lang", "en"] + args,
                            stdout=subprocess.DEVNULL, stderr=log, start_new_session=True)
    proc.stderr_path = pathlib.Path(log.name)
    log.close()
    return proc


def stderr_of(proc):
    return proc.stderr_path.read_text(errors="replace")


def finish(proc, timeout, what):
    try:
        proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
        fail(f"{what}: sonde did not exit within {timeout} s: {stderr_of(proc)[-2000:]}")
    err = stderr_of(proc)
    proc.stderr_path.unlink()
    return proc.returncode, "", err


def start_sim(sonde, faults=(), speed="1"):
    args = ["--speed", speed, "--max-model-len", "16384", "--fault-seed", "7"]
    for f in faults:
        args += ["--fault", f]
    sim = Sim(sonde, args)
    return sim, sim.port


def running_requests(port):
    """vllm:num_requests_running of a `sonde sim`."""
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=5) as r:
            text = r.read().decode()
    except OSError:
        return 0
    m = re.search(r"^vllm:num_requests_running(?:\{[^}]*\})? ([0-9.e+]+)$", text, re.M)
    return float(m.group(1)) if m else 0


def case_sigint(sonde, tmp):
    suite = tmp / "long.yaml"
    suite.write_text("scenarios:\n"
                     "  - {name: many, input_len: 100, output_len: 48, load: closed, "
                     "concurrency: 2, requests: 400}\n")
    out = tmp / "sigint"
    proc = start_run(sonde, ["--sim", "--sim-speed", "1", "--suite", str(suite), "--out", str(out)])
    wait_until(lambda: len(journal_lines(out)) >= 2 or proc.poll() is not None, 90,
               "2 lines in requests.jsonl")
    if proc.poll() is not None:
        fail(f"sonde run ended before the signal: {stderr_of(proc)[-2000:]}")
    before = (out / "requests.jsonl").read_text()
    before = before[:before.rfind("\n") + 1]  # complete lines only
    kids = children_of(proc.pid)
    proc.send_signal(signal.SIGINT)
    code, _, err = finish(proc, 60, "sigint")
    if code != 130:
        fail(f"sigint: exit {code}, expected 130: {err[-2000:]}")
    after = (out / "requests.jsonl").read_text()
    if not after.startswith(before):
        fail("sigint: lines written before the signal changed or vanished")
    if not after.endswith("\n"):
        fail("sigint: requests.jsonl ends with a partial line")
    records = parsed(after.splitlines(), "sigint")
    kinds = {(r["error"] or {}).get("kind", "ok") for r in records}
    if kinds - {"ok", "cancelled"}:
        fail(f"sigint: unexpected outcomes {kinds}")
    if len(records) >= 400:
        fail("sigint: every request ran: the signal did not stop the scenario")
    rj = json.loads((out / "run.json").read_text())
    if rj["complete"] is not False or "SIGINT" not in rj["incomplete_reason"]:
        fail(f"sigint: run.json complete={rj['complete']} reason={rj['incomplete_reason']!r}")
    if len(rj["scenarios"]) != 1 or rj["scenarios"][0]["aborted_reason"] != "interrupted":
        fail(f"sigint: scenario not recorded as interrupted: {rj['scenarios']}")
    s = rj["scenarios"][0]["summary"]
    if s["completed"] + s["failed"] != len(records):
        fail(f"sigint: summary {s['completed']}+{s['failed']} vs {len(records)} lines")
    for name in ("report.md", "report.html", "summary.csv"):
        if not (out / name).is_file():
            fail(f"sigint: {name} not written")
    validate_schema(out / "run.json", "sigint")
    left = session_processes(proc.pid) + [k for k in kids if pathlib.Path(f"/proc/{k}").exists()]
    if left:
        fail(f"sigint: processes left behind: {left}")
    return f"{len(before.splitlines())} lines before SIGINT, {len(records)} after, kinds {sorted(kinds)}"


SLOW_SUITE = ("scenarios:\n"
              "  - {name: slow, input_len: 100, output_len: 6000, load: closed, concurrency: 2, "
              "requests: 6}\n")


def case_grace_expiry(sonde, tmp):
    (tmp / "slow.yaml").write_text(SLOW_SUITE)
    sim, port = start_sim(sonde)
    try:
        out = tmp / "grace"
        proc = start_run(sonde, ["--base-url", f"http://127.0.0.1:{port}", "--suite",
                                 str(tmp / "slow.yaml"), "--out", str(out), "--grace-s", "0"])
        wait_until(lambda: running_requests(port) >= 2 or proc.poll() is not None, 90,
                   "2 requests running in the simulator")
        proc.send_signal(signal.SIGINT)
        code, _, err = finish(proc, 60, "grace_expiry")
    finally:
        sim.stop()
    if code != 130:
        fail(f"grace_expiry: exit {code}, expected 130: {err[-2000:]}")
    records = parsed(journal_lines(out), "grace_expiry")
    cancelled = [r for r in records if (r["error"] or {}).get("kind") == "cancelled"]
    if len(cancelled) != 2 or len(records) != 2:
        fail(f"grace_expiry: expected the 2 in-flight requests cancelled, got {records}")
    rj = json.loads((out / "run.json").read_text())
    if rj["complete"] is not False or rj["scenarios"][0]["summary"]["errors"] != {"cancelled": 2}:
        fail(f"grace_expiry: run.json {rj['complete']} {rj['scenarios'][0]['summary']['errors']}")
    return "2 in-flight requests cancelled"


def case_second_sigint(sonde, tmp):
    (tmp / "slow.yaml").write_text(SLOW_SUITE)
    sim, port = start_sim(sonde)
    try:
        out = tmp / "second"
        proc = start_run(sonde, ["--base-url", f"http://127.0.0.1:{port}", "--suite",
                                 str(tmp / "slow.yaml"), "--out", str(out), "--grace-s", "600"])
        wait_until(lambda: running_requests(port) >= 2 or proc.poll() is not None, 90,
                   "2 requests running in the simulator")
        proc.send_signal(signal.SIGINT)
        # Signals do not queue: send the second only once sonde has taken the first.
        wait_until(lambda: "SIGINT:" in stderr_of(proc), 30, "sonde to take the first SIGINT")
        proc.send_signal(signal.SIGINT)
        started = time.monotonic()
        # The requests need minutes and the grace is 600 s: only the second signal ends it.
        code, _, err = finish(proc, 30, "second_sigint")
        took = time.monotonic() - started
    finally:
        sim.stop()
    if code != 130:
        fail(f"second_sigint: exit {code}, expected 130: {err[-2000:]}")
    text = (out / "requests.jsonl").read_text()
    if text and not text.endswith("\n"):
        fail("second_sigint: requests.jsonl ends with a partial line")
    if any(r["ok"] for r in parsed(text.splitlines(), "second_sigint")):
        fail("second_sigint: a long request finished: the exit did not come at once")
    if session_processes(proc.pid):
        fail(f"second_sigint: processes left: {session_processes(proc.pid)}")
    return f"exit 130 {took:.2f} s after the second SIGINT"


def case_sigkill(sonde, tmp):
    suite = tmp / "kill.yaml"
    suite.write_text("scenarios:\n"
                     "  - {name: many, input_len: 100, output_len: 48, load: closed, "
                     "concurrency: 2, requests: 400}\n")
    out = tmp / "killed"
    proc = start_run(sonde, ["--sim", "--sim-speed", "1", "--suite", str(suite), "--out", str(out)])
    wait_until(lambda: len(journal_lines(out)) >= 2 or proc.poll() is not None, 90,
               "2 lines in requests.jsonl")
    proc.kill()
    proc.wait()
    text = (out / "requests.jsonl").read_text()
    text = text[:text.rfind("\n") + 1]
    good = len(text.splitlines())
    last = text.splitlines()[-1]
    with open(out / "requests.jsonl", "w") as f:
        f.write(text + last[: len(last) // 2])  # a torn line, as if killed mid-write
    r = subprocess.run([sonde, "report", str(out), "--lang", "en"], capture_output=True, text=True,
                       timeout=120)
    if r.returncode != 0:
        fail(f"sigkill: sonde report exited {r.returncode}: {r.stderr[-2000:]}")
    if "skipped 1 torn line" not in r.stderr:
        fail(f"sigkill: sonde report did not count the torn line: {r.stderr[-2000:]}")
    rj = json.loads((out / "run.json").read_text())
    s = rj["scenarios"][0]["summary"] if rj["scenarios"] else None
    if s is None or s["completed"] + s["failed"] != good:
        fail(f"sigkill: rebuilt summary {s} for {good} complete lines")
    if rj["complete"] is not False or not rj["incomplete_reason"]:
        fail(f"sigkill: rebuilt run.json complete={rj['complete']} reason={rj['incomplete_reason']!r}")
    if not any("torn line" in w for w in rj["warnings"]):
        fail(f"sigkill: the torn line is not in run.json warnings: {rj['warnings']}")
    report = (out / "report.md").read_text()
    if "torn line" not in report:
        fail("sigkill: report.md does not mention the skipped torn line")
    validate_schema(out / "run.json", "sigkill")
    return f"{good} lines + 1 torn: rebuilt, torn line skipped and counted"


def run_with_faults(sonde, tmp, case, suite_text, faults, flags, before_stop=None):
    """Writes the suite, runs `sonde run` to its end against a fresh `sonde sim --speed 5` with
    `faults`; `before_stop(port)` runs while the simulator is still up. Returns (exit code,
    stderr, result directory, what before_stop returned)."""
    suite = tmp / f"{case}.yaml"
    suite.write_text(suite_text)
    out = tmp / case
    sim, port = start_sim(sonde, faults, speed="5")
    try:
        proc = start_run(sonde, ["--base-url", f"http://127.0.0.1:{port}", "--suite", str(suite),
                                 "--out", str(out), *flags])
        code, _, err = finish(proc, 120, case)
        extra = before_stop(port) if before_stop else None
    finally:
        sim.stop()
    return code, err, out, extra


def case_engine_death(sonde, tmp):
    code, err, out, _ = run_with_faults(
        sonde, tmp, "engine_death",
        "scenarios:\n"
        "  - {name: first, input_len: 100, output_len: 16, load: burst, concurrency: 2, requests: 20}\n"
        "  - {name: second, input_len: 100, output_len: 16, requests: 4}\n",
        ["engine_death:1:after=6:seconds=0.3"], ["--timeout-s", "20"])
    if code != 4:
        fail(f"engine_death: exit {code}, expected 4: {err[-2000:]}")
    rj = json.loads((out / "run.json").read_text())
    if rj["complete"] is not False or "stopped answering" not in rj["incomplete_reason"]:
        fail(f"engine_death: run.json complete={rj['complete']} reason={rj['incomplete_reason']!r}")
    if [s["name"] for s in rj["scenarios"]] != ["first"]:
        fail(f"engine_death: scenarios after the death must not run: {[s['name'] for s in rj['scenarios']]}")
    sc = rj["scenarios"][0]
    s = sc["summary"]
    if s["completed"] + s["failed"] != 20 or s["errors"].get("server_died", 0) < 1:
        fail(f"engine_death: summary {s['completed']}+{s['failed']} errors {s['errors']}")
    if "stopped answering" not in sc["aborted_reason"]:
        fail(f"engine_death: aborted_reason {sc['aborted_reason']!r}")
    records = parsed(journal_lines(out), "engine_death")
    if len(records) != 20:
        fail(f"engine_death: {len(records)} journal lines, expected all 20 requests accounted for")
    if not (out / "report.md").is_file():
        fail("engine_death: report.md not written")
    validate_schema(out / "run.json", "engine_death")
    return f"exit 4, errors {json.dumps(s['errors'], sort_keys=True)}"


def case_error_rate(sonde, tmp):
    code, err, out, _ = run_with_faults(
        sonde, tmp, "error_rate",
        "scenarios:\n"
        "  - {name: one, input_len: 100, output_len: 16, load: closed, concurrency: 2, requests: 40}\n"
        "  - {name: two, input_len: 100, output_len: 16, load: closed, concurrency: 2, requests: 40}\n",
        ["http_500:1"], ["--max-error-rate", "0.5/10"])
    # The run goes on to the next scenario and writes everything; every request failed, so it
    # then fails closed (--max-failed-pct): exit 5, not 0.
    if code != 5:
        fail(f"error_rate: exit {code}, expected 5 (the run goes on, then is not valid): {err[-2000:]}")
    rj = json.loads((out / "run.json").read_text())
    if rj["valid"] is not False or any(sc["valid"] for sc in rj["scenarios"]):
        fail(f"error_rate: every request failed, yet run.json valid={rj['valid']}")
    if [s["name"] for s in rj["scenarios"]] != ["one", "two"] or not rj["complete"]:
        fail(f"error_rate: both scenarios must run: {[s['name'] for s in rj['scenarios']]}")
    for sc in rj["scenarios"]:
        s = sc["summary"]
        if "--max-error-rate" not in sc["aborted_reason"]:
            fail(f"error_rate: {sc['name']} aborted_reason {sc['aborted_reason']!r}")
        if s["completed"] != 0 or s["failed"] != 40 or set(s["errors"]) != {"http_500", "cancelled"}:
            fail(f"error_rate: {sc['name']} summary {s['completed']}/{s['failed']} {s['errors']}")
        if not 10 <= s["errors"]["http_500"] <= 12:
            fail(f"error_rate: {sc['name']}: {s['errors']['http_500']} requests sent, the limit "
                 f"trips at the 10th failure (plus at most the one in flight)")
    if sum("aborted" in w for w in rj["warnings"]) != 2:
        fail(f"error_rate: run.json warnings {rj['warnings']}")
    if "aborted" not in (out / "report.md").read_text():
        fail("error_rate: report.md does not warn about the aborted scenarios")
    validate_schema(out / "run.json", "error_rate")
    return ", ".join(f"{sc['name']}: {json.dumps(sc['summary']['errors'], sort_keys=True)}"
                     for sc in rj["scenarios"])


def injected_500s(port):
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/admin/faults", timeout=10) as r:
        return json.loads(r.read())["injected"]["http_500"]


def case_retries(sonde, tmp):
    code, err, out, injected = run_with_faults(
        sonde, tmp, "retries",
        "scenarios:\n"
        "  - {name: r, input_len: 100, output_len: 16, load: closed, concurrency: 2, requests: 30}\n",
        ["http_500:0.3"], ["--retries", "5"], before_stop=injected_500s)
    if code != 0:
        fail(f"retries: exit {code}: {err[-2000:]}")
    records = parsed(journal_lines(out), "retries")
    rj = json.loads((out / "run.json").read_text())
    sc = rj["scenarios"][0]
    extra = sum(r["attempts"] - 1 for r in records)
    retried = sum(len(r["retried_errors"]) for r in records)
    failed_500 = sc["summary"]["errors"].get("http_500", 0)
    if extra == 0 or sc["retries"] != extra or retried != extra:
        fail(f"retries: scenario retries {sc['retries']}, attempts-1 {extra}, retried_errors {retried}")
    if extra + failed_500 != injected:
        fail(f"retries: {extra} retried + {failed_500} failed 500s != {injected} injected")
    if any(e["kind"] != "http_500" for r in records for e in r["retried_errors"]):
        fail("retries: a retried error is not http_500")
    return f"{injected} injected 500s: {extra} retried, {failed_500} failed after 5 retries"


CASES = {
    "sigint": case_sigint,
    "grace_expiry": case_grace_expiry,
    "second_sigint": case_second_sigint,
    "sigkill": case_sigkill,
    "engine_death": case_engine_death,
    "error_rate": case_error_rate,
    "retries": case_retries,
}


def main():
    if len(sys.argv) < 2:
        fail("usage: test_interrupt.py SONDE_BINARY [CASE ...]")
    sonde = sys.argv[1]
    names = sys.argv[2:] or list(CASES)
    for n in names:
        if n not in CASES:
            fail(f"unknown case {n}; known: {', '.join(CASES)}")
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="sonde-interrupt-") as t:
        tmp = pathlib.Path(t)
        for n in names:
            t0 = time.monotonic()
            note = CASES[n](sonde, tmp)
            print(f"{n:14} ok  {time.monotonic() - t0:5.1f} s  {note}", flush=True)
    print(f"{len(names)} cases, {time.monotonic() - started:.1f} s")


if __name__ == "__main__":
    main()
