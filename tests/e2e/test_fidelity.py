#!/usr/bin/env python3
"""End-to-end fidelity check: sonde measures a server that is not its simulator exactly.

Usage: test_fidelity.py SONDE_BINARY [--keep] [--tolerance-ms 2]

Starts tests/e2e/fidelity_server.py (its own tokenizer, timing and per-request log), runs
`sonde run` against it with tests/e2e/fidelity-suite.yaml (concurrency 1, 2, 4, 8; burst and
closed loads), then matches sonde's requests.jsonl to the server's log by x-request-id and checks:

* |sonde - server| <= tolerance for ttft_ms, e2el_ms, decode_ms, tpot_ms and every itl_ms gap,
  where the server's figures come from its own monotonic instants: TTFT = first content chunk
  written - request received, E2E = stream end - request received, decode = last - first
  content chunk, TPOT = decode / (tokens - 1), ITL = gaps between content chunks;
* every request (warm-up included) carried ignore_eos: true, stream_options.include_usage: true
  and a distinct x-request-id; no two prompts share their first 64 tokens (server's tokenizer);
* each measured request is ok, its output_tokens equal what the server sent and what was asked,
  and its input_tokens equal the server's count and lie within +-1 % (or +-2) of the target.

The server's instants are kernel socket timestamps (arrival of the request's last bytes, departure
of each chunk), so its own scheduling does not blur them; the test fails if any of them is not a
kernel stamp. The client times from just before it writes the request (native transport: right
after connecting; curl: its pre-request callback), so sonde's figures run
~0.1-0.3 ms above the server's (loopback transit plus reading). Both share CLOCK_MONOTONIC, so
each violation is diagnosed as time lost before the request reached the server or after a chunk
left it, with how long sonde's event-loop thread waited for a CPU meanwhile.

STALL POLICY. sonde runs with real-time priority where this process may grant it (see
run_sonde); a 2-vCPU machine with other load can still leave its thread waiting for a CPU for a
few ms, and a VM's host can stop a virtual CPU altogether (this project's machines are Firecracker
VMs, which report no steal time). Two kinds of evidence excuse a figure over tolerance, each
needing to cover the whole excess while the request or chunk was on its way:
* a machine stall: a canary pinned to each CPU above sonde's priority (stall_canary.py) woke up
  late by that much, so nothing at sonde's priority could have run either: excuses any figure;
* sonde's own thread waited for a CPU (kernel schedstat lower bound, see SchedSampler): excuses
  only ITL gaps (not required by the issue, but checked); TTFT, TPOT, decode and E2E must hold.
Excused figures are printed; more than 5 % of ITL gaps or 10 % of requests excused fails (the
machine is too busy to judge). ITL gaps over tolerance with no evidence get a 1 % budget. When a
check fails on a machine whose canaries saw a stall beyond tolerance, it is run once more from
scratch and the second run decides (both are printed). Exits 1 on any violation.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
MODEL = "fidelity-model"
SONDE_TIMEOUT_S = 50  # the suite takes ~10 s; the whole test must stay under 60 s
METRICS = ("ttft_ms", "e2el_ms", "decode_ms", "tpot_ms", "itl_ms")
MAX_EXCUSED_SHARE = 0.05  # more stall-excused ITL gaps than this share of all gaps fails
MAX_MACHINE_EXCUSED_SHARE = 0.10  # more requests with a machine-excused figure than this fails


def start_server(tmp: Path) -> tuple[subprocess.Popen, int]:
    port_file = tmp / "port"
    proc = subprocess.Popen([sys.executable, str(HERE / "fidelity_server.py"), "--port", "0",
                             "--port-file", str(port_file), "--log", str(tmp / "server.jsonl"),
                             "--model", MODEL])
    deadline = time.monotonic() + 10
    while not port_file.exists():
        if proc.poll() is not None or time.monotonic() > deadline:
            raise RuntimeError("fidelity server did not start (no port file within 10 s)")
        time.sleep(0.02)
    return proc, int(port_file.read_text())


def stop_server(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def make_realtime() -> None:
    """Puts the calling thread (or, as preexec_fn, the child) in SCHED_FIFO, else nice -10, if
    allowed; silently keeps normal scheduling otherwise (see run_sonde)."""
    try:
        os.sched_setscheduler(0, os.SCHED_FIFO, os.sched_param(1))
    except (OSError, AttributeError):
        try:
            os.setpriority(os.PRIO_PROCESS, 0, -10)
        except OSError:
            pass


def scheduling_of(pid: int) -> str:
    try:
        if os.sched_getscheduler(pid) == os.SCHED_FIFO:
            return "SCHED_FIFO"
        return f"SCHED_OTHER nice {os.getpriority(os.PRIO_PROCESS, pid)}"
    except OSError:
        return "unknown"


def run_sonde(binary: str, port: int, out: Path) -> "SchedSampler":
    """Runs the suite; returns the sampler that watched sonde's event-loop thread.

    sonde runs with real-time priority when this process may grant it (root or CAP_SYS_NICE).
    Measured on a 2-vCPU VM at load 8 (colleagues compiling): sonde's thread, woken by a chunk,
    waited 1-8 ms for a CPU in about 2 % of chunks (perf sched: 140 of 148 ms of late reads were
    runnable-not-running time); at nice -10 EEVDF still let the running compiler finish its slice
    (up to 6 ms); SCHED_FIFO left rare waits only. That is the machine's latency, not sonde's
    timing logic, which is what this test checks; on a quiet machine the priority changes
    nothing. It is set before exec (no other thread exists yet), so every thread inherits it.
    """
    cmd = [binary, "run", "--base-url", f"http://127.0.0.1:{port}", "--model", MODEL,
           "--suite", str(HERE / "fidelity-suite.yaml"), "--out", str(out), "--warmup", "1",
           "--timeout-s", "30", "--client-threads", "1"]  # SchedSampler watches that one thread
    print("+", " ".join(cmd), flush=True)
    proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, preexec_fn=make_realtime)
    print(f"sonde runs with {scheduling_of(proc.pid)}", flush=True)
    sampler = SchedSampler(proc.pid)
    sampler.start()
    try:
        rc = proc.wait(timeout=SONDE_TIMEOUT_S)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
        raise
    finally:
        sampler.halt.set()
        sampler.join()
    if rc != 0:
        raise RuntimeError(f"sonde run exited {rc}")
    return sampler


def read_jsonl(path: Path) -> list[dict]:
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def server_figures(s: dict) -> dict:
    """The server's own per-request timing, in ms, from its monotonic instants."""
    writes = [t for t, _ in s["chunk_writes"]]
    decode = (writes[-1] - writes[0]) * 1000
    n = s["output_tokens"]
    return {"ttft_ms": (writes[0] - s["t0"]) * 1000, "e2el_ms": (s["end"] - s["t0"]) * 1000,
            "decode_ms": decode, "tpot_ms": decode / (n - 1) if n > 1 else None,
            "itl_ms": [(b - a) * 1000 for a, b in zip(writes, writes[1:])]}


def check_request_fields(server_log: list[dict], fail) -> None:
    """Every request sonde sent, warm-up included, must be forced, usage-reporting and unique."""
    ids = [s.get("x_request_id") for s in server_log]
    for s in server_log:
        rid = s.get("x_request_id")
        if not rid:
            fail(f"a {s['path']} request carried no x-request-id header")
        if s.get("ignore_eos") is not True:
            fail(f"request {rid}: ignore_eos is {s.get('ignore_eos')!r}, expected true")
        if (s.get("stream_options") or {}).get("include_usage") is not True:
            fail(f"request {rid}: stream_options is {s.get('stream_options')!r}, expected "
                 f"include_usage true")
        if s.get("stream") is not True:
            fail(f"request {rid}: stream is {s.get('stream')!r}, expected true")
        if s["path"].endswith("/chat/completions") and \
                s.get("max_tokens") != s.get("max_completion_tokens"):
            fail(f"request {rid}: max_tokens {s.get('max_tokens')} != max_completion_tokens "
                 f"{s.get('max_completion_tokens')}")
    dup = {i for i in ids if ids.count(i) > 1}
    if dup:
        fail(f"x-request-id reused: {sorted(map(str, dup))[:5]}")
    firsts: dict[tuple, str] = {}
    for s in server_log:
        key = tuple(s["first_tokens"])
        if len(key) < 64:
            fail(f"request {s.get('x_request_id')}: prompt has only {len(key)} content tokens")
        if key in firsts:
            fail(f"requests {firsts[key]} and {s.get('x_request_id')} share their first 64 "
                 f"prompt tokens")
        firsts[key] = s.get("x_request_id")


def check_counts(rec: dict, srv: dict, fail) -> None:
    rid = rec["x_request_id"]
    if rec.get("output_tokens") != srv["output_tokens"]:
        fail(f"{rid}: output_tokens {rec.get('output_tokens')} != server's {srv['output_tokens']}")
    if rec.get("output_tokens") != rec.get("output_tokens_target"):
        fail(f"{rid}: output_tokens {rec.get('output_tokens')} != target "
             f"{rec.get('output_tokens_target')}")
    if rec.get("output_tokens_estimated"):
        fail(f"{rid}: output_tokens_estimated is true although the server sent usage")
    if rec.get("input_tokens") != srv["prompt_tokens"]:
        fail(f"{rid}: input_tokens {rec.get('input_tokens')} != server's {srv['prompt_tokens']}")
    target = rec.get("input_tokens_target") or 0
    if abs(srv["prompt_tokens"] - target) > max(2, 0.01 * target):
        fail(f"{rid}: server counted {srv['prompt_tokens']} prompt tokens, target {target} "
             f"(outside +-1 %)")
    if rec.get("response_id") not in (None, "chatcmpl-" + rid):
        fail(f"{rid}: response_id {rec.get('response_id')!r} != 'chatcmpl-{rid}'")


class SchedSampler(threading.Thread):
    """Samples how long sonde's event-loop thread has waited for a CPU while runnable.

    /proc/PID/task/PID/schedstat's second field, run_delay, is the thread's total time spent
    runnable but not running; with --client-threads 1 sonde's run_plan runs its event loop on its
    main thread (tid == pid), on machines with any number of cores. The kernel
    adds each wait when the wait ends, so growth g between two samples [a, b] lies within
    [a - g, b]. This evidence is about sonde itself: time sonde spends busy (on CPU) or blocked
    (e.g. on a disk write) is never counted, so a slow or blocking client cannot hide behind it.
    """

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid = pid
        self.samples: list[tuple[float, float, float]] = []  # (read from, read to, run_delay) ms
        self.halt = threading.Event()

    def run(self) -> None:
        make_realtime()  # this thread only: sample promptly on a busy machine too
        try:
            fd = os.open(f"/proc/{self.pid}/task/{self.pid}/schedstat", os.O_RDONLY)
        except OSError:
            return  # no schedstat (non-Linux, or sonde already gone): nothing is ever excused
        try:
            while not self.halt.is_set():
                before = time.monotonic() * 1000
                try:
                    fields = os.pread(fd, 128, 0).split()
                except OSError:
                    return  # sonde exited
                after = time.monotonic() * 1000
                if len(fields) >= 2:
                    self.samples.append((before, after, int(fields[1]) / 1e6))
                time.sleep(0.001)
        finally:
            os.close(fd)

    def waited_within(self, lo: float, hi: float) -> float:
        """A lower bound, in ms, on how long sonde's thread waited for a CPU within [lo, hi]."""
        total = 0.0
        for (a, _, d0), (_, b, d1) in zip(self.samples, self.samples[1:]):
            grew = d1 - d0
            if grew <= 0 or b < lo or a - grew > hi:
                continue
            outside = max(0.0, lo - (a - grew)) + max(0.0, b - hi)
            total += max(0.0, grew - outside)
        return total


class Canaries:
    """One stall_canary.py per CPU this test may use, for the whole of one sonde run."""

    def __init__(self, tmp: Path) -> None:
        self.procs: list[tuple[subprocess.Popen, Path]] = []
        self.stalls: list[tuple[int, float, float]] = []  # (cpu, due ms, woke ms)
        self.policies: set[str] = set()
        for cpu in sorted(os.sched_getaffinity(0)):
            out = tmp / f"canary-{cpu}.json"
            proc = subprocess.Popen([sys.executable, str(HERE / "stall_canary.py"), "--cpu",
                                     str(cpu), "--out", str(out)], stdout=subprocess.PIPE,
                                    text=True)
            self.procs.append((proc, out))
        for proc, _ in self.procs:
            if not (proc.stdout.readline() or "").startswith("ready"):
                for other, _ in self.procs:
                    other.kill()
                    other.wait()
                raise RuntimeError("a stall canary did not start")

    def stop(self) -> None:
        for proc, _ in self.procs:
            proc.send_signal(signal.SIGTERM)
        for proc, out in self.procs:
            proc.wait(timeout=5)
            proc.stdout.close()
            data = json.loads(out.read_text())
            self.policies.add(data["policy"])
            self.stalls += [(data["cpu"], a, b) for a, b in data["stalls"]]

    def stalled_within(self, lo: float, hi: float) -> float:
        """The longest time, in ms, one CPU stood still within [lo, hi]."""
        per_cpu: dict[int, float] = {}
        for cpu, a, b in self.stalls:
            overlap = min(b, hi) - max(a, lo)
            if overlap > 0:
                per_cpu[cpu] = per_cpu.get(cpu, 0.0) + overlap
        return max(per_cpu.values(), default=0.0)

    def longest(self) -> float:
        return max((b - a for _, a, b in self.stalls), default=0.0)

    def summary(self) -> str:
        return (f"{len(self.procs)} CPU canaries ({', '.join(sorted(self.policies))}) saw "
                f"{len(self.stalls)} stalls over 1 ms, longest {self.longest():.1f} ms")


def timeline(rec: dict, srv: dict, origin_ms: float) -> dict:
    """Both sides' instants of one request on the shared CLOCK_MONOTONIC, in ms."""
    start = rec["start_ms"] + origin_ms
    arrivals = [start + rec["ttft_ms"]]
    for gap in rec.get("itl_ms") or []:
        arrivals.append(arrivals[-1] + gap)
    writes = [t * 1000 for t, _ in srv["chunk_writes"]]
    return {"send": (start, srv["t0"] * 1000), "end": (srv["end"] * 1000,
                                                       start + rec["e2el_ms"]),
            "chunks": list(zip(writes, arrivals))}


def windows(tl: dict, metric: str, gap: int) -> list[tuple[float, float]]:
    """The intervals in which a delay would distort `metric` (gap: index of an itl gap)."""
    chunks = tl["chunks"]
    if metric == "ttft_ms":
        return [tl["send"], chunks[0]]
    if metric == "e2el_ms":
        return [tl["send"], tl["end"]]
    if metric == "itl_ms":
        return chunks[gap:gap + 2]
    return [chunks[0], chunks[-1]]  # decode_ms, tpot_ms


def explained(spans: list[tuple[float, float]], sampler: SchedSampler,
              excess_ms: float) -> bool:
    """True when sonde's thread provably waited for a CPU, at least `excess_ms`, while one of
    the two chunks of the gap was on its way (its departure to sonde reading it)."""
    return any(sampler.waited_within(a, b) >= excess_ms for a, b in spans)


@dataclass
class Excusals:
    """Figures over tolerance that the STALL POLICY lets pass, and those it only counts."""
    cpu_wait: list[str] = field(default_factory=list)    # ITL gaps: sonde waited for a CPU
    machine: dict[str, list[str]] = field(default_factory=dict)  # request id -> stalled figures
    itl_outliers: list[str] = field(default_factory=list)  # ITL gaps with no evidence (1 % budget)
    gaps: int = 0                                        # ITL gaps compared


def compare(records: list[dict], server_log: list[dict], tol: float, fail,
            sampler: SchedSampler, canaries: Canaries) -> tuple[dict, Excusals]:
    """Checks every figure; returns the table and what was excused.

    table is {scenario: {metric: the signed difference of largest magnitude, "n": count}}.
    """
    by_id = {s.get("x_request_id"): s for s in server_log}
    matched = [(r, by_id[r.get("x_request_id")]) for r in records
               if r.get("x_request_id") in by_id and r.get("ok")]
    # sonde's start_ms counts from its own epoch; the fastest request (start -> received) pins
    # that epoch on the monotonic clock both processes share, to within ~0.1 ms.
    origin = min((s["t0"] * 1000 - r["start_ms"] for r, s in matched), default=0.0)
    table: dict[str, dict] = {}
    ex = Excusals()
    for rec in records:
        rid = rec.get("x_request_id")
        srv = by_id.get(rid)
        if srv is None:
            fail(f"sonde recorded {rid!r} ({rec.get('scenario')}) but the server never saw it")
            continue
        if not rec.get("ok"):
            fail(f"{rid}: not ok: {rec.get('error')!r}")
            continue
        check_counts(rec, srv, fail)
        fig = server_figures(srv)
        row = table.setdefault(rec["scenario"], {"n": 0, **{m: 0.0 for m in METRICS}})
        row["n"] += 1
        pairs = [(m, rec.get(m), fig[m], 0) for m in METRICS if m != "itl_ms"]
        sonde_itl = rec.get("itl_ms") or []
        if len(sonde_itl) != len(fig["itl_ms"]):
            fail(f"{rid}: {len(sonde_itl)} itl_ms gaps, server wrote {len(fig['itl_ms'])} "
                 f"content chunks")
        else:
            pairs += [("itl_ms", a, b, i) for i, (a, b) in enumerate(zip(sonde_itl,
                                                                         fig["itl_ms"]))]
        tl = timeline(rec, srv, origin)
        for metric, mine, theirs, gap in pairs:
            if mine is None or theirs is None:
                fail(f"{rid}: {metric} is {mine!r} (server: {theirs!r})")
                continue
            ex.gaps += metric == "itl_ms"
            diff = mine - theirs
            if abs(diff) > abs(row[metric]):
                row[metric] = diff
            if abs(diff) <= tol:
                continue
            spans = windows(tl, metric, gap)
            waited = max(sampler.waited_within(a, b) for a, b in spans)
            stood = max(canaries.stalled_within(a, b) for a, b in spans)
            what = (f"{rid} ({rec['scenario']}): {metric} sonde {mine:.3f} vs server "
                    f"{theirs:.3f} ms, diff {diff:+.3f} ms > {tol} ms [{diagnose(tl)}; sonde "
                    f"waited >= {waited:.2f} ms for a CPU, a CPU stood still {stood:.2f} ms "
                    f"meanwhile]")
            # See STALL POLICY in the module docstring.
            if stood >= abs(diff) - tol:
                ex.machine.setdefault(rid, []).append(what)
            elif metric == "itl_ms" and explained(spans, sampler, abs(diff) - tol):
                ex.cpu_wait.append(what)
            elif metric == "itl_ms":
                ex.itl_outliers.append(what)
            else:
                fail(what)
    return table, ex


def diagnose(tl: dict) -> str:
    """Where sonde's time went: before the request reached the server, or after chunks left."""
    send = tl["send"][1] - tl["send"][0]
    lags = [a - w for w, a in tl["chunks"]]
    return (f"start->server received {send:.2f} ms, chunk sent->seen max {max(lags):.2f} ms, "
            f"end lag {tl['end'][1] - tl['end'][0]:.2f} ms")


def print_table(table: dict, concurrency: dict) -> None:
    print("\nlargest sonde - server difference per scenario (ms, signed):")
    head = f"{'scenario':<12} {'c':>2} {'n':>3} " + " ".join(f"{m:>10}" for m in METRICS)
    print(head)
    print("-" * len(head))
    for name, row in table.items():
        cells = " ".join(f"{row[m]:>+10.3f}" for m in METRICS)
        print(f"{name:<12} {concurrency.get(name, '?'):>2} {row['n']:>3} {cells}")


def report_excused(ex: Excusals, requests: int, sampler: SchedSampler, canaries: Canaries,
                   fail) -> None:
    """Excused figures are shown; too many of them means the machine was too busy to judge."""
    waits = sampler.samples[-1][2] - sampler.samples[0][2] if len(sampler.samples) > 1 else 0
    print(f"{ex.gaps} ITL gaps compared; sonde's event-loop thread waited {waits:.1f} ms in all "
          f"for a CPU ({len(sampler.samples)} schedstat samples); {canaries.summary()}")
    machine = [line for lines in ex.machine.values() for line in lines]
    for title, lines in (("while a CPU stood still (machine stall, excused)", machine),
                         ("while sonde provably waited for a CPU (excused)", ex.cpu_wait),
                         ("with no CPU wait or stall seen (1 % budget)", ex.itl_outliers)):
        if lines:
            print(f"{len(lines)} figures over tolerance {title}:")
            for line in lines[:10]:
                print("  " + line)
    if len(ex.cpu_wait) > MAX_EXCUSED_SHARE * ex.gaps:
        fail(f"{len(ex.cpu_wait)} of {ex.gaps} ITL gaps were off while sonde waited for a CPU: "
             f"the machine is too busy to judge sonde's timing; rerun on a quieter machine")
    if len(ex.machine) > MAX_MACHINE_EXCUSED_SHARE * requests:
        fail(f"{len(ex.machine)} of {requests} requests had figures off while a CPU stood still: "
             f"the machine stalls too often to judge sonde's timing; rerun on a quieter machine")
    if ex.gaps and len(ex.itl_outliers) > 0.01 * ex.gaps:
        fail(f"{len(ex.itl_outliers)} of {ex.gaps} ITL gaps off by more than the tolerance with "
             f"no CPU wait or stall to explain them (budget 1 %)")


def check_server_instants(server_log: list[dict], fail) -> None:
    """The server's figures are only a reference if its instants are the kernel's."""
    for s in server_log:
        if s.get("t0_kernel") is False:
            fail(f"{s.get('x_request_id')}: the fidelity server got no kernel RX timestamp for "
                 f"the request (its t0 is a late user-space clock): a server-side problem")
        if s.get("tx_stamps_missing"):
            fail(f"{s.get('x_request_id')}: the fidelity server got no kernel TX timestamp for "
                 f"{s['tx_stamps_missing']} chunk(s): a server-side problem")


def suite_concurrency() -> dict:
    """Scenario name -> concurrency, read from the suite with a tiny line parser (no PyYAML)."""
    out, name = {}, None
    for line in (HERE / "fidelity-suite.yaml").read_text().splitlines():
        key, _, val = line.strip().lstrip("- ").partition(":")
        val = val.split("#")[0].strip()
        if key == "name":
            name = val
        elif key == "concurrency" and name:
            out[name] = int(val)
    return out


def attempt(sonde: str, tmp: Path, tol: float) -> tuple[list[str], float]:
    """One whole check in `tmp`: server, canaries, sonde run, comparison. Returns the failures
    and the longest CPU stall the canaries saw (ms)."""
    started = time.monotonic()
    tmp.mkdir(parents=True)
    failures: list[str] = []
    proc = None
    canaries = None
    try:
        proc, port = start_server(tmp)
        canaries = Canaries(tmp)
        try:
            sampler = run_sonde(sonde, port, tmp / "out")
        finally:
            canaries.stop()
        stop_server(proc)  # flushes and closes the server log
        (tmp / "sonde_schedstat.json").write_text(json.dumps(sampler.samples))  # for diagnosis
        records = read_jsonl(tmp / "out" / "requests.jsonl")
        server_log = [s for s in read_jsonl(tmp / "server.jsonl")
                      if s["path"] in ("/v1/chat/completions", "/v1/completions")]
        conc = suite_concurrency()
        expected = sum(1 for _ in conc)  # at least one record per scenario
        if len(records) < expected:
            failures.append(f"requests.jsonl has {len(records)} records, expected >= {expected}")
        seen = {r.get("scenario") for r in records}
        for name in conc:
            if name not in seen:
                failures.append(f"no records for scenario {name}")
        check_request_fields(server_log, failures.append)
        check_server_instants(server_log, failures.append)
        table, ex = compare(records, server_log, tol, failures.append, sampler, canaries)
        print_table(table, conc)
        report_excused(ex, len(records), sampler, canaries, failures.append)
        warmups = len({s.get("x_request_id") for s in server_log} -
                      {r.get("x_request_id") for r in records})
        print(f"\n{len(records)} measured requests, {warmups} unmeasured (warm-up) requests, "
              f"{len(server_log)} seen by the server; {time.monotonic() - started:.1f} s")
    except (RuntimeError, subprocess.TimeoutExpired, OSError, KeyError, ValueError) as exc:
        failures.append(f"{type(exc).__name__}: {exc}")
    finally:
        if proc is not None:
            stop_server(proc)
    return failures, canaries.longest() if canaries else 0.0


def print_failures(failures: list[str]) -> None:
    print(f"\nFIDELITY CHECK FAILED ({len(failures)} problems):", file=sys.stderr)
    for f in failures[:40]:
        print("  " + f, file=sys.stderr)
    if len(failures) > 40:
        print(f"  ... and {len(failures) - 40} more", file=sys.stderr)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("sonde", help="path to the sonde binary")
    ap.add_argument("--keep", action="store_true", help="keep the temporary directory")
    ap.add_argument("--tolerance-ms", type=float, default=2.0)
    args = ap.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="sonde-fidelity-"))
    failures, stall = attempt(args.sonde, tmp / "1", args.tolerance_ms)
    if failures and stall > args.tolerance_ms:
        print_failures(failures)
        print(f"\nA CPU of this machine stood still for {stall:.1f} ms during that run: "
              f"running the whole check once more; this second run decides.", flush=True)
        failures, _ = attempt(args.sonde, tmp / "2", args.tolerance_ms)
    if args.keep or failures:
        print(f"artifacts kept in {tmp}")
    else:
        shutil.rmtree(tmp, ignore_errors=True)
    if failures:
        print_failures(failures)
        return 1
    print("fidelity check passed: every TTFT, TPOT, decode and E2E, and every ITL gap not "
          f"excused above, within {args.tolerance_ms} ms of the server's own timing")
    return 0


if __name__ == "__main__":
    sys.exit(main())
