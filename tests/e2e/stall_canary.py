#!/usr/bin/env python3
"""Records when this machine stopped running anything at all, one CPU at a time.

Usage: stall_canary.py --cpu N --out FILE [--min-ms 1.0]

Pinned to CPU N at SCHED_FIFO priority 2 (above the priority 1 that test_fidelity.py gives
sonde, so sonde being busy never delays it), it sleeps 1 ms in a loop and writes down every
wake-up that came more than --min-ms late, as [due, woke] on CLOCK_MONOTONIC in ms. On a VM
whose host deschedules the virtual CPU (Firecracker here, which reports no steal time) that is
the only trace such a stall leaves: the guest's scheduler saw every thread running or idle.
Writes FILE (a JSON list) on SIGTERM; prints "ready" once pinned, so the caller can wait for it.
"""
from __future__ import annotations

import argparse
import json
import os
import signal
import sys
import time

PERIOD_S = 0.001


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--cpu", type=int, required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--min-ms", type=float, default=1.0)
    args = ap.parse_args()
    os.sched_setaffinity(0, {args.cpu})
    try:
        os.sched_setscheduler(0, os.SCHED_FIFO, os.sched_param(2))
        policy = "SCHED_FIFO 2"
    except (OSError, AttributeError):
        policy = "SCHED_OTHER"  # still useful: it sees stalls, plus its own waits for a CPU
    stalls: list[list[float]] = []
    running = True

    def halt(_sig, _frame) -> None:
        nonlocal running
        running = False

    signal.signal(signal.SIGTERM, halt)
    print(f"ready cpu {args.cpu} {policy}", flush=True)
    while running:
        due = time.monotonic() + PERIOD_S
        time.sleep(PERIOD_S)
        woke = time.monotonic()
        if (woke - due) * 1000 > args.min_ms:
            stalls.append([due * 1000, woke * 1000])
    with open(args.out, "w", encoding="utf-8") as f:
        json.dump({"cpu": args.cpu, "policy": policy, "stalls": stalls}, f)
    return 0


if __name__ == "__main__":
    sys.exit(main())
