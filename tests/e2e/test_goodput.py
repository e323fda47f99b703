#!/usr/bin/env python3
"""End-to-end: `sonde run --sim --goodput ...`. The goodput in run.json equals what vLLM's rule
gives on requests.jsonl for the same SLOs (a request is good when it succeeded and each given
metric is <= its SLO; TPOT counts as 0 for a request with at most one output token;
request_goodput = good / scenario duration), vllm/<scenario>.json carries the same
request_goodput, and the report gains a goodput column. Bad --goodput values exit 2 naming the
token and the allowed keys, before anything is written.

Usage: test_goodput.py SONDE_BINARY
"""
import json
import math
import pathlib
import statistics
import sys
import tempfile

from e2e_common import fail, run, validate_schema

SUITE = ("scenarios:\n"
         "  - {name: short_300, input_len: 300, output_len: 12, requests: 4}\n"
         "  - {name: burst_8, input_len: 500, output_len: 24, load: burst, concurrency: 8, requests: 16}\n")
KEYS = {"ttft": "ttft_ms", "tpot": "tpot_ms", "e2el": "e2el_ms"}


def sonde_run(sonde, tmp, name, goodput):
    out = tmp / name
    r = run([sonde, "run", "--sim", "--sim-speed", "20", "--suite", str(tmp / "suite.yaml"),
             "--lang", "en", "--out", str(out), "--goodput", *goodput.split()], timeout=180)
    if r.returncode != 0:
        fail(f"{name}: sonde run --goodput {goodput} exited {r.returncode}: {r.stderr[-2000:]}")
    validate_schema(out / "run.json", f"{name} run.json")
    rj = json.loads((out / "run.json").read_text())
    lines = [json.loads(l) for l in (out / "requests.jsonl").read_text().splitlines() if l.strip()]
    return out, rj, lines


def expected(slos, records):
    """vLLM's benchmark_serving calculate_metrics, on sonde's request lines."""
    good = 0
    for r in records:
        if not r["ok"]:
            continue
        values = {"ttft": r["ttft_ms"], "e2el": r["e2el_ms"],
                  "tpot": r["tpot_ms"] if r["output_tokens"] > 1 else 0.0}
        good += all(values[k] is not None and values[k] <= v for k, v in slos.items())
    return good


def check(name, out, rj, lines, slos):
    want_slos = {KEYS[k]: v for k, v in slos.items()}
    if rj["options"]["goodput"] != want_slos:
        fail(f"{name}: options.goodput {rj['options']['goodput']}, expected {want_slos}")
    goods = []
    for s in rj["scenarios"]:
        mine = [r for r in lines if r["scenario"] == s["name"]]
        g = s["goodput"]
        good = expected(slos, mine)
        duration = s["summary"]["duration_s"]
        if g["slos"] != want_slos or g["good"] != good or g["total"] != len(mine):
            fail(f"{name}/{s['name']}: run.json goodput {g}, from requests.jsonl {good} of {len(mine)}")
        if not math.isclose(g["request_goodput"], good / duration, rel_tol=1e-9):
            fail(f"{name}/{s['name']}: request_goodput {g['request_goodput']} != {good}/{duration}")
        if not math.isclose(g["attainment_pct"], 100.0 * good / len(mine), rel_tol=1e-9):
            fail(f"{name}/{s['name']}: attainment_pct {g['attainment_pct']}")
        vllm = json.loads((out / "vllm" / f"{s['name']}.json").read_text())
        if not math.isclose(vllm["request_goodput"], g["request_goodput"], rel_tol=1e-9):
            fail(f"{name}/{s['name']}: vllm json request_goodput {vllm['request_goodput']}")
        goods.append((good, len(mine)))
    if "Goodput `" not in (out / "report.md").read_text():
        fail(f"{name}: report.md has no goodput column")
    return goods


def main():
    if len(sys.argv) != 2:
        fail("usage: test_goodput.py SONDE_BINARY")
    sonde = sys.argv[1]
    with tempfile.TemporaryDirectory(prefix="sonde-goodput-") as t:
        tmp = pathlib.Path(t)
        (tmp / "suite.yaml").write_text(SUITE)
        for bad, token in [("ttft:abc", "ttft:abc"), ("itl:50", "itl"), ("ttft:-5", "-5"),
                           ("tpot", "tpot")]:
            r = run([sonde, "run", "--sim", "--suite", str(tmp / "suite.yaml"), "--out",
                     str(tmp / "bad"), "--goodput", bad], timeout=60)
            if r.returncode != 2 or token not in r.stderr or "ttft, tpot, e2el" not in r.stderr:
                fail(f"--goodput {bad}: exit {r.returncode}, stderr {r.stderr[-500:]!r}")
            if (tmp / "bad").exists():
                fail(f"--goodput {bad}: wrote {tmp / 'bad'} before refusing")
        # Generous SLOs: every request is good; impossible ones: none is.
        out, rj, lines = sonde_run(sonde, tmp, "all", "ttft:600000 tpot:600000 e2el:600000")
        if any(g != n for g, n in check("all", out, rj, lines, {"ttft": 600000, "tpot": 600000, "e2el": 600000})):
            fail("generous SLOs: not every request was good")
        out, rj, lines = sonde_run(sonde, tmp, "none", "ttft:0")
        if any(g != 0 for g, _ in check("none", out, rj, lines, {"ttft": 0})):
            fail("ttft:0: a request was good")
        # Between: the median TTFT and TPOT of the burst scenario of the first run.
        first = [json.loads(l) for l in (tmp / "all" / "requests.jsonl").read_text().splitlines() if l.strip()]
        burst = [r for r in first if r["scenario"] == "burst_8"]
        ttft = statistics.median(r["ttft_ms"] for r in burst)
        tpot = statistics.median(r["tpot_ms"] for r in burst)
        spec = f"ttft:{ttft:.3f} tpot:{tpot:.3f}"
        out, rj, lines = sonde_run(sonde, tmp, "mid", spec)
        goods = check("mid", out, rj, lines, {"ttft": float(f"{ttft:.3f}"), "tpot": float(f"{tpot:.3f}")})
    print(f"goodput equals requests.jsonl under vLLM's rule; mid SLOs ({spec}): good/total {goods}")


if __name__ == "__main__":
    main()
