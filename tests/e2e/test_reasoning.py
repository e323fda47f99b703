#!/usr/bin/env python3
"""End-to-end: a reasoning model. `sonde sim --reasoning-tokens 64` (started here on a port the
kernel chose) streams 64 reasoning tokens (delta.reasoning_content) before the answer; `sonde run
--base-url` must record per request reasoning_tokens = 64 (from usage, not estimated) and
ttfo_ms - ttft_ms = the thinking time, about 64 x TPOT (within 20 %), summarise both in run.json,
and name them in the report. A run without reasoning has none of these keys.

Usage: test_reasoning.py SONDE_BINARY
"""
import pathlib
import shutil
import statistics
import sys
import tempfile

from e2e_common import fail, run, run_against_sim

SUITE = """scenarios:
  - name: think
    input_len: 100
    output_len: 128
    requests: 8
    load: closed
    concurrency: 4
"""


def measure(sonde, tmp, name, sim_args):
    out = tmp / name
    rj, records = run_against_sim(sonde, ["--speed", "2", *sim_args],
                                  ["--suite", str(tmp / "suite.yaml"), "--lang", "en"], out, name)
    return out, rj["scenarios"][0], records


def check_reasoning(out, scenario, records):
    if len(records) != 8 or not all(r["ok"] for r in records):
        fail(f"expected 8 ok requests: {[r.get('error') for r in records]}")
    ratios = []
    for r in records:
        if r.get("reasoning_tokens") != 64 or r.get("reasoning_tokens_estimated") is not False:
            fail(f"request {r['index']}: reasoning_tokens {r.get('reasoning_tokens')} "
                 f"estimated {r.get('reasoning_tokens_estimated')}, want 64 from usage")
        if r["output_tokens"] != 128:
            fail(f"request {r['index']}: output_tokens {r['output_tokens']} (reasoning counts in it)")
        think = r["ttfo_ms"] - r["ttft_ms"]
        expected = 64 * r["tpot_ms"]
        ratios.append(think / expected)
        print(f"request {r['index']}: ttfo-ttft {think:.1f} ms, 64 x TPOT {expected:.1f} ms")
    median = statistics.median(ratios)
    print(f"median (ttfo-ttft)/(64 x TPOT) = {median:.3f}")
    if not 0.8 <= median <= 1.2:
        fail(f"ttfo_ms - ttft_ms is {median:.3f} x (64 x tpot_ms), not within 20 %")
    summary = scenario["summary"]
    if summary["reasoning_tokens"]["p50"] != 64 or summary["reasoning_tokens"]["count"] != 8:
        fail(f"summary reasoning_tokens: {summary['reasoning_tokens']}")
    if not summary["ttfo_ms"]["p50"] > summary["ttft_ms"]["p50"]:
        fail(f"summary ttfo_ms p50 {summary['ttfo_ms']['p50']} <= ttft_ms p50 {summary['ttft_ms']['p50']}")
    report = (out / "report.md").read_text()
    if "TTFO" not in report:
        fail("report.md does not show TTFO for a reasoning run")


def main():
    sonde = sys.argv[1]
    tmp = pathlib.Path(tempfile.mkdtemp(prefix="sonde-e2e-reasoning-"))
    try:
        (tmp / "suite.yaml").write_text(SUITE)
        check_reasoning(*measure(sonde, tmp, "reasoning", ["--reasoning-tokens", "64"]))
        out, scenario, records = measure(sonde, tmp, "plain", [])
        for key in ("ttfo_ms", "reasoning_tokens"):
            if key in scenario["summary"] or any(key in r for r in records):
                fail(f"a run without reasoning has {key}")
        if "TTFO" in (out / "report.md").read_text():
            fail("report.md shows TTFO for a run without reasoning")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print("ok")


if __name__ == "__main__":
    main()
