#!/usr/bin/env python3
"""`sonde sweep FILE --dry-run` prints the commands exactly as a sweep would start them: real free
ports (one per point, all different, no placeholder), vLLM boolean flags, and a comment line for
every point caught before launch. Launches nothing.

Usage: test_sweep_dry_run.py SONDE_BINARY
"""
import re
import subprocess
import sys

from e2e_common import ROOT, fail


def main():
    sonde = sys.argv[1]
    r = subprocess.run([sonde, "sweep", str(ROOT / "examples/sweep-sim.yaml"), "--dry-run"],
                       capture_output=True, text=True, timeout=60)
    if r.returncode != 0:
        fail(f"dry run exited {r.returncode}: {r.stderr}")
    lines = r.stdout.splitlines()
    commands = [l for l in lines if not l.startswith("#")]
    comments = [l for l in lines if l.startswith("#")]
    if len(commands) != 7:
        fail(f"expected 7 commands, got {len(commands)}: {r.stdout}")
    if not re.match(r"# 7 point\(s\) to launch", comments[0]):
        fail(f"first line should say how many points launch and where ports come from: {comments[0]}")
    ports = []
    for c in commands:
        m = re.search(r" --port (\d+)\b", c)
        if not m:
            fail(f"no --port in {c}")
        ports.append(int(m.group(1)))
        if not c.split()[0].endswith("sonde") or " sim " not in c:
            fail(f"the command is not the sonde binary's sim: {c}")
    if len(set(ports)) != len(ports) or any(p in (0, 8000) for p in ports):
        fail(f"ports must be distinct real free ports, not placeholders: {ports}")
    if "--no-enable-chunked-prefill" not in r.stdout or "--enable-chunked-prefill" not in r.stdout:
        fail("booleans must render as vLLM flags")
    rejected = [c for c in comments[1:] if "invalid_config" in c]
    if len(rejected) != 4 or not all("max_num_batched_tokens (2048)" in c or "max_num_batched_tokens (8192)" in c
                                     for c in rejected):
        fail(f"the 4 chunked-off points below max-model-len must be caught before launch: {comments}")
    # A second dry run plans again: commands identical except for the ports.
    r2 = subprocess.run([sonde, "sweep", str(ROOT / "examples/sweep-sim.yaml"), "--dry-run"],
                        capture_output=True, text=True, timeout=60)
    strip = lambda text: re.sub(r"--port \d+", "--port N", text)
    if strip(r2.stdout) != strip(r.stdout):
        fail("two dry runs differ in more than their ports")
    print("ok: sweep_dry_run")


if __name__ == "__main__":
    main()
