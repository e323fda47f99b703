#!/usr/bin/env python3
"""`sonde sweep --executor slurm` on a real one-node Slurm cluster (scripts/slurm-local.sh, in a
directory and on ports of its own): the simulator sweep example gives the same points and
statuses as `--executor local`, every launched point records its Slurm job id in sweep.json and
writes a normal point directory, and no job is left in squeue; Ctrl-C cancels every job; a point
whose job passes its time limit is `timeout`; `--detach` then `--collect DIR` gives the same points;
`sonde run --clients 2 --executor slurm` (two srun tasks) merges to the counts of one client. The
cluster is stopped at the end.

Exit 77 (ctest SKIP_RETURN_CODE) when Slurm cannot be started here (not root, no apt), except
under CI (environment variable CI set), where that is a failure.

Usage: test_slurm.py SONDE_BINARY
"""
import json
import os
import pathlib
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time

from e2e_common import ROOT, fail, run, validate_schema

SCRIPT = ROOT / "scripts/slurm-local.sh"
LAUNCHED_STATUSES = {"ok", "oom_startup", "kv_cache_insufficient", "no_cache_memory",
                     "insufficient_free_memory", "crashed", "timeout", "server_died",
                     "oom_runtime", "invalid_run"}


def free_port_pair() -> int:
    """A port p with p and p + 1 free now (slurmctld and slurmd)."""
    for _ in range(50):
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            p = s.getsockname()[1]
        if p >= 65535:
            continue
        try:
            with socket.socket() as s:
                s.bind(("127.0.0.1", p + 1))
            return p
        except OSError:
            continue
    fail("no two consecutive free ports")


def skip(why: str) -> None:
    if os.environ.get("CI"):
        fail(f"Slurm must run under CI: {why}")
    print(f"SKIP: {why}")
    sys.exit(77)


def statuses(sweep: dict) -> dict:
    return {p["name"]: p["status"] for p in sweep["points"]}


def left_in_squeue(env: dict, sweep: dict) -> list:
    """The sweep's jobs still queued or running (other tests' jobs may share the cluster)."""
    ids = {p["job_id"] for p in sweep["points"] if p["job_id"]}
    if not ids:
        fail("the sweep recorded no job id")
    queued = run(["squeue", "--noheader", "--format=%i"], env=env).stdout.split()
    return [i for i in queued if i in ids]


def check_sweep(sonde: str, tmp: pathlib.Path, env: dict) -> dict:
    example = ROOT / "examples/sweep-sim.yaml"
    t0 = time.monotonic()
    local = tmp / "local"
    r = run([sonde, "sweep", str(example), "--out", str(local), "--lang", "en"], timeout=600,
            env=env)
    t_local = time.monotonic() - t0
    if r.returncode != 0:
        fail(f"local sweep exited {r.returncode}: {r.stderr[-2000:]}")
    t0 = time.monotonic()
    slurm = tmp / "slurm"
    r = run([sonde, "sweep", str(example), "--executor", "slurm", "--out", str(slurm),
             "--lang", "en"], timeout=600, env=env)
    t_slurm = time.monotonic() - t0
    if r.returncode != 0:
        fail(f"slurm sweep exited {r.returncode}: {r.stderr[-3000:]}")
    want = json.loads((local / "sweep.json").read_text())
    got = json.loads((slurm / "sweep.json").read_text())
    if statuses(got) != statuses(want):
        fail(f"slurm statuses {statuses(got)} differ from local {statuses(want)}")
    if not got["complete"] or got["executor"] != "slurm" or want["executor"] != "local":
        fail(f"sweep.json: complete {got['complete']}, executor {got['executor']}/{want['executor']}")
    launched = 0
    for p in got["points"]:
        if p["status"] in LAUNCHED_STATUSES:
            launched += 1
            if not (isinstance(p["job_id"], str) and p["job_id"].isdigit()):
                fail(f"{p['name']}: launched point without a Slurm job_id: {p['job_id']!r}")
            if not (slurm / "slurm" / p["name"] / "job.log").is_file():
                fail(f"{p['name']}: no job log")
        elif p["job_id"] is not None:
            fail(f"{p['name']} ({p['status']}) was never launched but has job {p['job_id']}")
        if p["status"] == "ok":
            validate_schema(slurm / p["run_dirs"][0] / "run.json", f"{p['name']} run.json")
    if launched == 0:
        fail("no point was launched: the test did not test anything")
    if any(p["job_id"] is not None for p in want["points"]):
        fail("a local sweep must record no job_id")
    oom = next(p for p in got["points"] if p["status"] == "oom_startup")
    if not any("CUDA out of memory" in line for line in oom["failure"]["log_excerpt"]):
        fail("the oom_startup point measured on the node must quote its server log")
    if left_in_squeue(env, got):
        fail(f"jobs left in squeue: {left_in_squeue(env, got)}")
    if "submitted as Slurm job" not in r.stderr or "RUNNING" not in r.stderr:
        fail(f"no progress from squeue on stderr: {r.stderr[-1500:]}")
    print(f"{launched} of {len(got['points'])} points as Slurm jobs: local sweep {t_local:.1f} s, "
          f"slurm sweep {t_slurm:.1f} s")
    return statuses(want)


def check_detach(sonde: str, tmp: pathlib.Path, env: dict, local_statuses: dict) -> None:
    """--detach submits and exits; --collect DIR, run until complete, gives the same points."""
    out = tmp / "detached"
    t0 = time.monotonic()
    r = run([sonde, "sweep", str(ROOT / "examples/sweep-sim.yaml"), "--executor", "slurm",
             "--detach", "--out", str(out), "--lang", "en"], env=env)
    if r.returncode != 0 or f"sonde sweep --collect {out}" not in r.stdout:
        fail(f"--detach: exit {r.returncode}: {r.stdout} {r.stderr[-1500:]}")
    sw = json.loads((out / "sweep.json").read_text())
    if sw["complete"] or "submitted" not in statuses(sw).values():
        fail(f"a detached sweep.json must list its points as submitted: {statuses(sw)}")
    collects = 0
    while time.monotonic() - t0 < 240:
        collects += 1
        r = run([sonde, "sweep", "--collect", str(out)], env=env)
        if r.returncode != 0:
            fail(f"--collect exited {r.returncode}: {r.stderr[-1500:]}")
        sw = json.loads((out / "sweep.json").read_text())
        if sw["complete"]:
            break
        time.sleep(2)
    if statuses(sw) != local_statuses or not (out / "report.md").is_file():
        fail(f"collected statuses {statuses(sw)} differ from local {local_statuses}")
    if "## " not in (out / "report.md").read_text():
        fail("--collect must write the reports")
    print(f"--detach + {collects} x --collect: complete after {time.monotonic() - t0:.1f} s")


def check_usage(sonde: str, tmp: pathlib.Path, env: dict) -> None:
    r = run([sonde, "sweep", str(ROOT / "examples/sweep-sim.yaml"), "--executor", "pbs",
             "--out", str(tmp / "bad")], env=env)
    if r.returncode != 2 or "--executor" not in r.stderr or (tmp / "bad").exists():
        fail(f"--executor pbs: exit {r.returncode}, {r.stderr!r}")
    bad = tmp / "bad-partition.yaml"
    bad.write_text((ROOT / "examples/sweep-sim.yaml").read_text().replace(
        "suite: sweep-suite.yaml", f"suite: {ROOT / 'examples/sweep-suite.yaml'}")
        + "executor:\n  kind: slurm\n  partition: nosuchpartition\n")
    r = run([sonde, "sweep", str(bad), "--out", str(tmp / "badp")], env=env)
    if r.returncode != 2 or "partition" not in r.stderr:
        fail(f"an unknown partition: exit {r.returncode}, {r.stderr!r}")
    if (tmp / "badp" / "sweep.json").exists():
        fail("a sweep no job of which was accepted must write no sweep.json")


SLOW_SWEEP = """\
server:
  command: [sonde, sim]
  args: {speed: 1}
  startup_timeout_s: 60
axes:
  max-num-seqs: [8, 16, 32]
suite_params: {input_lens: [1000], output_len: 2000, concurrency: [1], requests_per_level: 4}
"""


def check_interrupt(sonde: str, tmp: pathlib.Path, env: dict) -> None:
    """Ctrl-C while the jobs run: every job is cancelled, sweep.json says incomplete, exit 130."""
    path = tmp / "slow.yaml"
    path.write_text(SLOW_SWEEP)
    out = tmp / "interrupted"
    proc = subprocess.Popen([sonde, "sweep", str(path), "--executor", "slurm", "--out", str(out)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    deadline = time.monotonic() + 120
    seen = []
    while time.monotonic() < deadline:
        line = proc.stderr.readline()
        seen.append(line)
        if " RUNNING" in line or not line:
            break
    if not any(" RUNNING" in line for line in seen):
        proc.kill()
        fail(f"no job reported RUNNING: {''.join(seen)[-1500:]}")
    time.sleep(2)  # the node's sonde has started its server
    proc.send_signal(signal.SIGINT)
    try:
        _, err = proc.communicate(timeout=120)
    except subprocess.TimeoutExpired:
        proc.kill()
        fail("the sweep did not stop within 120 s of SIGINT")
    if proc.returncode != 130:
        fail(f"interrupted slurm sweep exited {proc.returncode}: {err[-1500:]}")
    sw = json.loads((out / "sweep.json").read_text())
    if left_in_squeue(env, sw):
        fail(f"jobs left in squeue after Ctrl-C: {left_in_squeue(env, sw)}")
    if sw["complete"] or any(p["status"] not in ("interrupted", "ok") for p in sw["points"]):
        fail(f"after Ctrl-C: complete {sw['complete']}, statuses {statuses(sw)}")
    if not any(p["status"] == "interrupted" for p in sw["points"]):
        fail(f"no point interrupted: {statuses(sw)}")
    print(f"Ctrl-C: {statuses(sw)}")


# One point far longer than its one-minute Slurm time limit (2000-token outputs at real speed).
TIMEOUT_SWEEP = SLOW_SWEEP.replace("max-num-seqs: [8, 16, 32]", "max-num-seqs: [8]").replace(
    "requests_per_level: 4", "requests_per_level: 20") + "executor: {kind: slurm, time: 1}\n"


def start_timeout_sweep(sonde: str, tmp: pathlib.Path, env: dict) -> subprocess.Popen:
    """Started first and collected last: Slurm enforces the limit a minute or more after start."""
    path = tmp / "timeout.yaml"
    path.write_text(TIMEOUT_SWEEP)
    return subprocess.Popen([sonde, "sweep", str(path), "--out", str(tmp / "timeout")],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)


def check_timeout(proc: subprocess.Popen, tmp: pathlib.Path, t0: float) -> None:
    try:
        _, err = proc.communicate(timeout=300)
    except subprocess.TimeoutExpired:
        proc.kill()
        fail("the sweep whose job hits its time limit did not end within 300 s")
    if proc.returncode != 0:
        fail(f"time-limited sweep exited {proc.returncode}: {err[-1500:]}")
    p = json.loads((tmp / "timeout" / "sweep.json").read_text())["points"][0]
    if p["status"] != "timeout" or "TIMEOUT" not in p["reason"] or not p["job_id"]:
        fail(f"a job past its time limit must be a timeout point: {p['status']} {p['reason']!r}")
    print(f"time-limited job classified timeout after {time.monotonic() - t0:.1f} s")


def check_clients(sonde: str, tmp: pathlib.Path, env: dict) -> None:
    """`sonde run --sim --clients 2 --executor slurm`: the shards are the two tasks of one srun
    (SLURM_PROCID the shard), merged into one run with the request counts of one client and
    percentiles close to its (the same load, so within sampling)."""
    suite = tmp / "clients-suite.yaml"
    suite.write_text(
        "scenarios:\n"
        "  - {name: rate_8, input_len: 200, output_len: 16, load: rate, request_rate: 8, requests: 24}\n"
        "  - {name: closed_4, input_len: 300, output_len: 12, load: closed, concurrency: 4, requests: 16}\n")
    results = {}
    for clients in (1, 2):
        out = tmp / f"clients-{clients}"
        args = [sonde, "run", "--sim", "--sim-speed", "20", "--suite", str(suite), "--lang", "en",
                "--warmup", "0", "--out", str(out)]
        if clients > 1:
            args += ["--clients", str(clients), "--executor", "slurm"]
        t0 = time.monotonic()
        r = run(args, timeout=300, env=env)
        if r.returncode != 0:
            fail(f"--clients {clients} --executor slurm exited {r.returncode}: {r.stderr[-2000:]}")
        validate_schema(out / "run.json", f"--clients {clients} run.json")
        results[clients] = json.loads((out / "run.json").read_text())
        print(f"--clients {clients}{' --executor slurm' if clients > 1 else ''}: "
              f"{time.monotonic() - t0:.1f} s")
    one, two = results[1], results[2]
    if two.get("clients") != 2 or [f["index"] for f in two["shards"]] != [0, 1]:
        fail(f"merged run: clients {two.get('clients')}, shards {two.get('shards')}")
    for k in range(2):
        if not (tmp / "clients-2" / "shards" / str(k) / "shard.log").is_file():
            fail(f"srun wrote no shards/{k}/shard.log")
    for a, b in zip(two["scenarios"], one["scenarios"]):
        sa, sb = a["summary"], b["summary"]
        if (sa["completed"], sa["failed"]) != (sb["completed"], sb["failed"]):
            fail(f"{a['name']}: two clients {sa['completed']}+{sa['failed']}, "
                 f"one {sb['completed']}+{sb['failed']}")
        if not 0.7 < sa["e2el_ms"]["p50"] / sb["e2el_ms"]["p50"] < 1.3:
            fail(f"{a['name']}: E2EL p50 {sa['e2el_ms']['p50']} ms with two clients, "
                 f"{sb['e2el_ms']['p50']} ms with one")
        print(f"  {a['name']}: {sa['completed']} vs {sb['completed']} requests, E2EL p50 "
              f"{sa['e2el_ms']['p50']:.1f} vs {sb['e2el_ms']['p50']:.1f} ms")


def main() -> None:
    sonde = sys.argv[1]
    tmp = pathlib.Path(tempfile.mkdtemp(prefix="sonde-e2e-slurm-"))
    env = dict(os.environ)
    env["SONDE_SLURM_DIR"] = str(tmp / "cluster")
    env["SONDE_SLURM_PORT"] = str(free_port_pair())
    env["SLURM_CONF"] = str(tmp / "cluster" / "slurm.conf")
    t0 = time.monotonic()
    started = subprocess.run([str(SCRIPT), "start"], env=env, capture_output=True, text=True,
                             timeout=600)
    t_start = time.monotonic() - t0
    try:
        if started.returncode != 0:
            skip(f"scripts/slurm-local.sh start failed: {(started.stderr + started.stdout)[-1500:]}")
        r = run(["sbatch", "--wait", "--output", str(tmp / "hostname.log"), "--wrap", "hostname"],
                timeout=120, env=env)
        if r.returncode != 0 or not (tmp / "hostname.log").read_text().strip():
            fail(f"sbatch --wrap hostname: {r.returncode} {r.stdout}{r.stderr}")
        info = run(["sinfo", "--noheader", "--Node", "--format=%t %G"], env=env).stdout.split()
        if info[:1] != ["idle"] or "gpu:2" not in info[1]:
            fail(f"sinfo: the node must be idle with gres gpu:2: {info}")
        print(f"cluster started in {t_start:.1f} s")
        check_usage(sonde, tmp, env)
        t_timeout = time.monotonic()
        timeout_sweep = start_timeout_sweep(sonde, tmp, env)
        check_interrupt(sonde, tmp, env)
        local_statuses = check_sweep(sonde, tmp, env)
        check_detach(sonde, tmp, env, local_statuses)
        check_timeout(timeout_sweep, tmp, t_timeout)
        check_clients(sonde, tmp, env)
        left = run(["squeue", "--noheader"], env=env).stdout.strip()
        if left:
            fail(f"jobs left in squeue at the end: {left}")
    finally:
        t0 = time.monotonic()
        stopped = subprocess.run([str(SCRIPT), "stop"], env=env, capture_output=True, text=True,
                                 timeout=120)
        if started.returncode == 0:
            print(f"cluster stopped in {time.monotonic() - t0:.1f} s")
        shutil.rmtree(tmp, ignore_errors=True)
    if stopped.returncode != 0:
        fail(f"scripts/slurm-local.sh stop: {stopped.stderr}")
    print("PASS slurm")


if __name__ == "__main__":
    main()
