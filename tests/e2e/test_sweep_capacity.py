#!/usr/bin/env python3
"""End-to-end: a sweep decided by capacity (examples/sweep-capacity-sim.yaml on the simulator).

- Every launched point measured its capacity into points/<p>/capacity/ (capacity.json equal to
  the point's `capacity.search` in sweep.json); per point, GPUs = tensor-parallel-size x
  pipeline-parallel-size, capacity per GPU = capacity_rps / GPUs, tokens/s per user = 1000 / TPOT
  p50 at the answer; the point that cannot start stays with its failure class.
- sweep.json's `pareto` is exactly the non-dominated points of its own per-point figures (output
  tok/s per GPU, tok/s per user), in ascending tok/s per user; the ranking is by capacity per GPU;
  the recommendation is on the frontier and, with no --slo, its best by capacity per GPU.
- A probe stopped as saturated is a valid scenario: no invalid-run banner in its report.
- report.md / report.html have the ranking table and the Pareto chart (capacity-pareto.svg);
  summary.csv has the energy column; `sonde report DIR --slo` decides again under the bound.
- A capacity block without SLOs is refused (exit 2) before anything is written.
- A suite file's `capacity:` block: `sonde run --suite` measures the scenarios, then the capacity
  into OUT/capacity/, in one run.

Usage: test_sweep_capacity.py SONDE_BINARY
"""
import json
import math
import pathlib
import sys
import tempfile
import time

from e2e_common import ROOT, fail, run, validate_schema

EXAMPLE = ROOT / "examples/sweep-capacity-sim.yaml"


def non_dominated(figures):
    """Names of the points no other point beats on both axes (>= on both, > on one)."""
    out = []
    for name, (x, y) in figures.items():
        beaten = any(ox >= x and oy >= y and (ox > x or oy > y)
                     for other, (ox, oy) in figures.items() if other != name)
        if not beaten:
            out.append(name)
    return sorted(out, key=lambda n: figures[n][0])


def check_points(out, sweep):
    measured = {}
    for p in sweep["points"]:
        if p["status"] != "ok":
            if p["capacity"] is not None:
                fail(f"{p['name']} ({p['status']}) has a capacity")
            continue
        c = p["capacity"]
        if c is None or c["dir"] != f"points/{p['name']}/capacity":
            fail(f"{p['name']}: capacity {c and c['dir']}")
        cap_json = json.loads((out / c["dir"] / "capacity.json").read_text())
        if cap_json != c["search"]:
            fail(f"{p['name']}: capacity.json differs from sweep.json's search")
        validate_schema(out / c["dir"] / "run.json", f"{p['name']} capacity run.json")
        tp = int(p["settings"].get("tensor-parallel-size", 1))
        if c["gpus"] != tp:
            fail(f"{p['name']}: gpus {c['gpus']}, tensor-parallel-size {tp}")
        if c["status"] not in ("found", "at_max"):
            fail(f"{p['name']}: capacity search {c['status']}")
        if not math.isclose(c["capacity_per_gpu"], c["capacity_rps"] / c["gpus"]):
            fail(f"{p['name']}: capacity_per_gpu {c['capacity_per_gpu']} != {c['capacity_rps']} / {c['gpus']}")
        if not math.isclose(c["output_tps_per_gpu"], c["capacity_output_tps"] / c["gpus"]):
            fail(f"{p['name']}: output_tps_per_gpu {c['output_tps_per_gpu']}")
        if not math.isclose(c["tokens_per_user"], 1000 / c["tpot_p50_ms"]):
            fail(f"{p['name']}: tokens_per_user {c['tokens_per_user']} != 1000 / {c['tpot_p50_ms']}")
        answer = [q for q in c["search"]["probes"] if q["verification"] and q["passed"]
                  and q["load"] == c["search"]["capacity"]][-1]
        if not math.isclose(c["tpot_p50_ms"], answer["tpot_ms"]["p50"]):
            fail(f"{p['name']}: tpot_p50_ms is not the answer's probe's")
        measured[p["name"]] = c
        check_saturated_probes_valid(out / c["dir"], p["name"])
    return measured


def check_saturated_probes_valid(run_dir, name):
    rj = json.loads((run_dir / "run.json").read_text())
    for s in rj["scenarios"]:
        if s.get("saturated") and not s["valid"]:
            fail(f"{name}: saturated probe {s['name']} judged invalid: {s['invalid_reasons']}")
    if rj["valid"] and "Not a valid measurement" in (run_dir / "report.md").read_text():
        fail(f"{name}: a valid capacity run's report shows the invalid banner")


def check_decision(sweep, measured):
    d = sweep["capacity"]
    figures = {n: (c["tokens_per_user"], c["output_tps_per_gpu"]) for n, c in measured.items()}
    want = non_dominated(figures)
    if d["pareto"] != want:
        fail(f"pareto {d['pareto']} is not the non-dominated points {want} of {figures}")
    by_cpg = sorted(measured, key=lambda n: -measured[n]["capacity_per_gpu"])
    if [measured[n]["capacity_per_gpu"] for n in d["ranking"]] != \
            [measured[n]["capacity_per_gpu"] for n in by_cpg] or set(d["ranking"]) != set(measured):
        fail(f"ranking {d['ranking']} is not by capacity per GPU ({by_cpg})")
    best = max(d["pareto"], key=lambda n: measured[n]["capacity_per_gpu"])
    if d["recommended"] not in d["pareto"] or d["recommended"] != best:
        fail(f"recommended {d['recommended']}: not the frontier's best by capacity per GPU ({best})")
    if d["runner_up"] and d["runner_up_reason"] not in ("less_capacity", "off_frontier"):
        fail(f"runner-up {d['runner_up']} reason {d['runner_up_reason']} without --slo")


def check_reports(out, sweep, failed):
    md = (out / "report.md").read_text()
    if "## Capacity per GPU" not in md or "| Rank | Point |" not in md:
        fail("report.md lacks the capacity ranking table")
    if "(capacity-pareto.svg)" not in md:
        fail("report.md does not link the Pareto chart")
    svg = (out / "capacity-pareto.svg").read_text()
    if not svg.startswith("<svg") or "Pareto frontier" not in svg:
        fail("capacity-pareto.svg is not the Pareto chart")
    for name in sweep["capacity"]["ranking"]:
        if f">{name}<" not in svg:
            fail(f"the Pareto chart does not label point {name}")
    rec = sweep["capacity"]["recommended"]
    if f"Recommended: {rec} (" not in md:
        fail(f"report.md does not recommend {rec}")
    for name, status in failed.items():
        if not any(line.startswith(f"| — | {name} |") and f"`{status}`" in line
                   for line in md.splitlines()):
            fail(f"report.md's ranking table lacks failed point {name} ({status})")
    html = (out / "report.html").read_text()
    if "Capacity per GPU" not in html or "Pareto frontier" not in html or "<svg" not in html:
        fail("report.html lacks the capacity section or its chart")
    header = (out / "summary.csv").read_text(encoding="utf-8-sig").splitlines()[0]
    if not header.endswith(",joules_per_output_token"):
        fail(f"summary.csv header lacks the energy column: {header}")


def check_rebuild_with_slo(sonde, out, measured):
    """`sonde report DIR --slo tpot_p50_ms<=X` with X below the recommended point's TPOT: the
    report recommends a point within the bound (or none), never the excluded one."""
    sweep = json.loads((out / "sweep.json").read_text())
    rec = sweep["capacity"]["recommended"]
    bound = measured[rec]["tpot_p50_ms"] * 0.99
    r = run([sonde, "report", str(out), "--lang", "en", "--slo", f"tpot_p50_ms<={bound}"])
    if r.returncode != 0:
        fail(f"sonde report --slo exited {r.returncode}: {r.stderr[-1500:]}")
    md = (out / "report.md").read_text()
    if f"Recommended: {rec} (" in md:
        fail(f"with tpot_p50_ms<={bound} the report still recommends {rec}")
    within = [n for n in measured if measured[n]["tpot_p50_ms"] <= bound]
    if within and not any(f"Recommended: {n} (" in md for n in within):
        fail(f"with tpot_p50_ms<={bound} none of {within} is recommended")


def check_needs_slos(sonde, tmp):
    """A capacity block without SLOs (no capacity.goodput, run.goodput or --goodput): exit 2,
    nothing written."""
    text = EXAMPLE.read_text().replace('  goodput: "ttft:500 tpot:25"\n', "")
    if "\n  goodput:" in text or "goodput: " in text:
        fail("the example's goodput line moved; update this test")
    path = tmp / "no-slos.yaml"
    path.write_text(text)
    out = tmp / "no-slos"
    r = run([sonde, "sweep", str(path), "--out", str(out)], timeout=60)
    if r.returncode != 2 or "capacity.goodput" not in r.stderr or out.exists():
        fail(f"capacity without SLOs: exit {r.returncode}, stderr {r.stderr[-500:]!r}")


SUITE = """goodput: "ttft:500 tpot:25"
scenarios:
  - {name: warm, input_len: 512, output_len: 64, load: closed, concurrency: 4, requests: 16}
capacity: {input_len: 1024, output_len: 128, start_rate: 4, max_rate: 64, probe_s: 10}
"""


def check_suite_block(sonde, tmp):
    """A suite file with a `capacity:` block: one `sonde run` measures its scenarios, then the
    capacity into OUT/capacity/; without SLOs it is refused (exit 2) before anything runs."""
    path = tmp / "suite-capacity.yaml"
    path.write_text(SUITE)
    out = tmp / "suite-run"
    r = run([sonde, "run", "--sim", "--sim-speed", "20", "--suite", str(path), "--out", str(out),
             "--lang", "en"], timeout=120)
    if r.returncode != 0 or "Capacity: " not in r.stdout:
        fail(f"suite with capacity: exit {r.returncode}: {r.stdout[-800:]} {r.stderr[-1500:]}")
    rj = json.loads((out / "run.json").read_text())
    if [s["name"] for s in rj["scenarios"]] != ["warm"]:
        fail(f"the suite's run.json must hold its scenarios only: {[s['name'] for s in rj['scenarios']]}")
    cap = json.loads((out / "capacity" / "capacity.json").read_text())
    if cap["status"] not in ("found", "at_max") or cap["slos"] != {"ttft_ms": 500.0, "tpot_ms": 25.0}:
        fail(f"suite capacity: status {cap['status']}, slos {cap['slos']}")
    validate_schema(out / "capacity" / "run.json", "suite capacity run.json")
    path.write_text(SUITE.replace('goodput: "ttft:500 tpot:25"\n', ""))
    bare = tmp / "suite-no-slos"
    r = run([sonde, "run", "--sim", "--suite", str(path), "--out", str(bare)], timeout=60)
    if r.returncode != 2 or "capacity.goodput" not in r.stderr or bare.exists():
        fail(f"suite capacity without SLOs: exit {r.returncode}, stderr {r.stderr[-500:]!r}")
    return f"suite + capacity in one run: {cap['capacity']:g} req/s"


def main():
    if len(sys.argv) != 2:
        fail("usage: test_sweep_capacity.py SONDE_BINARY")
    sonde = sys.argv[1]
    with tempfile.TemporaryDirectory(prefix="sonde-sweep-capacity-") as t:
        check_needs_slos(sonde, pathlib.Path(t))
        suite_line = check_suite_block(sonde, pathlib.Path(t))
        out = pathlib.Path(t) / "sweep"
        t0 = time.monotonic()
        r = run([sonde, "sweep", str(EXAMPLE), "--out", str(out), "--lang", "en"], timeout=240)
        took = time.monotonic() - t0
        if r.returncode != 0:
            fail(f"sonde sweep exited {r.returncode}: {r.stderr[-3000:]}")
        sweep = json.loads((out / "sweep.json").read_text())
        failed = {p["name"]: p["status"] for p in sweep["points"] if p["status"] != "ok"}
        if list(failed.values()) != ["oom_startup"]:
            fail(f"expected one point to fail to start (oom_startup): {failed}")
        measured = check_points(out, sweep)
        if len(measured) != 4:
            fail(f"expected 4 measured points, got {sorted(measured)}")
        check_decision(sweep, measured)
        check_reports(out, sweep, failed)
        check_rebuild_with_slo(sonde, out, measured)
        summary = ", ".join(f"{n} {c['capacity_rps']:g} req/s ({c['capacity_per_gpu']:g}/GPU, "
                            f"{c['tokens_per_user']:.0f} tok/s/user)" for n, c in measured.items())
        print(f"sweep {took:.1f} s: {summary}; pareto {sweep['capacity']['pareto']}, "
              f"recommended {sweep['capacity']['recommended']}, runner-up "
              f"{sweep['capacity']['runner_up']} ({sweep['capacity']['runner_up_reason']}); "
              f"{suite_line}")


if __name__ == "__main__":
    main()
