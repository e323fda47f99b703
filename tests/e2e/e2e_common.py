"""Helpers shared by the end-to-end tests: failing loudly, running a command, checking run.json
against its schema, and a `sonde sim` on a port the kernel chose."""
from __future__ import annotations

import os
import pathlib
import queue
import re
import signal
import subprocess
import sys
import threading
from typing import NoReturn

ROOT = pathlib.Path(__file__).resolve().parents[2]
# Set by scripts/sanitize.sh: sonde and the simulator run several-fold slower (-O0 + sanitizers),
# so timing effects seen by the client are not asserted there (the same tests in `make test` do).
SANITIZED = bool(os.environ.get("SONDE_E2E_SANITIZED"))
ADDRESS = re.compile(r"http://127\.0\.0\.1:(\d+)")


def fail(msg: str) -> NoReturn:
    print(f"FAIL: {msg}", file=sys.stderr)
    sys.exit(1)


def run(args, timeout: float = 300, **kwargs) -> subprocess.CompletedProcess:
    """Runs a command to completion, capturing its output as text."""
    return subprocess.run(args, capture_output=True, text=True, timeout=timeout, **kwargs)


def validate_schema(run_json_path, what: str = "run.json") -> None:
    r = run([sys.executable, str(ROOT / "tests/tools/validate_json.py"),
             str(ROOT / "schema/run.schema.json"), str(run_json_path)])
    if r.returncode != 0:
        fail(f"{what} does not match schema/run.schema.json: {r.stdout}{r.stderr}")


class Sim:
    """`sonde sim --port 0 ARGS`, once it printed its address. Its log (stderr) is read all the
    time on a thread, so the simulator never blocks on a full pipe and the test can search it."""

    def __init__(self, sonde: str, args=(), env=None, ready_timeout: float = 30) -> None:
        self.args = list(args)
        self.proc = subprocess.Popen([sonde, "sim", "--port", "0", *self.args], env=env,
                                     stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                     stderr=subprocess.PIPE, text=True)
        self._lines: list[str] = []
        self._lock = threading.Lock()
        self._port: queue.Queue = queue.Queue()
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()
        try:
            port = self._port.get(timeout=ready_timeout)
        except queue.Empty:
            port = None
        if port is None:
            self.proc.kill()
            self.proc.wait()
            fail(f"sonde sim {' '.join(self.args)} did not print its address: {self.log()[-2000:]}")
        self.port: int = port

    def _read(self) -> None:
        announced = False
        for line in self.proc.stderr:
            with self._lock:
                self._lines.append(line)
            m = None if announced else ADDRESS.search(line)
            if m:
                announced = True
                self._port.put(int(m.group(1)))
        if not announced:
            self._port.put(None)  # it exited (EOF) before printing its address

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def log(self) -> str:
        with self._lock:
            return "".join(self._lines)

    def stop(self, timeout: float = 20) -> int:
        """SIGTERM (unless it already exited), then waits; returns its exit code."""
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
        try:
            self.proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
            fail(f"sonde sim {' '.join(self.args)} did not stop within {timeout} s of SIGTERM")
        self._reader.join(timeout=5)
        return self.proc.returncode


def run_against_sim(sonde: str, sim_args, run_args, out: pathlib.Path, what: str):
    """`sonde run RUN_ARGS --base-url <a new sonde sim SIM_ARGS> --out OUT`, which must exit 0, as
    must the simulator on SIGTERM; run.json is checked against its schema. Returns (run.json,
    requests.jsonl records)."""
    import json

    sim = Sim(sonde, sim_args)
    try:
        r = run([sonde, "run", "--base-url", sim.url, *run_args, "--out", str(out)], timeout=300)
        if r.returncode != 0:
            fail(f"{what}: sonde run exited {r.returncode}: {r.stderr[-2000:]}")
    finally:
        code = sim.stop()
    if code != 0:
        fail(f"{what}: sonde sim exited {code} on SIGTERM")
    validate_schema(out / "run.json")
    run_json = json.loads((out / "run.json").read_text())
    records = [json.loads(line) for line in (out / "requests.jsonl").read_text().splitlines()]
    return run_json, records


def case_main(cases: dict) -> None:
    """`test_x.py SONDE_BINARY CASE`: runs case_CASE(sonde, tmp) from `cases` (a module's
    globals()) in a fresh temporary directory, removed afterwards."""
    import shutil
    import tempfile

    sonde, case = sys.argv[1], sys.argv[2]
    tmp = pathlib.Path(tempfile.mkdtemp(prefix=f"sonde-e2e-{case}-"))
    try:
        cases[f"case_{case}"](sonde, tmp)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print(f"PASS {case}")
