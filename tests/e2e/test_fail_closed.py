#!/usr/bin/env python3
"""End-to-end: a run fails closed. Against `sonde sim --fault http_500:1` (every request answered
with HTTP 500) `sonde run` writes all its files, marks run.json valid: false with the reasons,
puts a banner at the top of report.md and report.html, and exits 5; `--max-failed-pct 100` gives
the old behaviour (exit 0, valid). A fault-free run exits 0 and is valid. A sweep whose one
point answers 500 to everything marks that point invalid_run and exits 5.

Usage: test_fail_closed.py SONDE_BINARY
"""
import json
import pathlib
import sys
import tempfile

from e2e_common import Sim, fail, run, validate_schema

REQUESTS = 6
SUITE = ("scenarios:\n"
         f"  - {{name: c2, input_len: 100, output_len: 8, load: burst, concurrency: 2, "
         f"requests: {REQUESTS}}}\n")


def sonde_run(sonde, sim, tmp, name, extra=()):
    out = tmp / name
    r = run([sonde, "run", "--base-url", sim.url, "--suite", str(tmp / "suite.yaml"),
             "--warmup", "0", "--lang", "en", "--out", str(out), *extra], timeout=120)
    if not (out / "run.json").is_file():
        fail(f"{name}: no run.json; sonde exited {r.returncode}: {r.stderr[-2000:]}")
    validate_schema(out / "run.json", f"{name} run.json")
    return r, out, json.loads((out / "run.json").read_text())


def check_invalid(r, out, rj):
    if r.returncode != 5:
        fail(f"all-500: sonde run exited {r.returncode}, expected 5 (measured, not valid): "
             f"{r.stderr[-2000:]}")
    if "not valid" not in r.stderr or "c2" not in r.stderr:
        fail(f"all-500: stderr does not say which scenario is not valid: {r.stderr[-2000:]}")
    s = rj["scenarios"][0]
    if rj["valid"] is not False or s["valid"] is not False:
        fail(f"all-500: run.json valid={rj.get('valid')} scenario valid={s.get('valid')}")
    if sorted(s["invalid_reasons"]) != ["failed_pct_above_max", "no_request_succeeded"]:
        fail(f"all-500: invalid_reasons {s['invalid_reasons']}")
    if s["summary"]["failed"] != REQUESTS or s["summary"]["errors"] != {"http_500": REQUESTS}:
        fail(f"all-500: summary {s['summary']['failed']} failed, errors {s['summary']['errors']}")
    if rj["options"]["max_failed_pct"] != 5:
        fail(f"all-500: options.max_failed_pct {rj['options'].get('max_failed_pct')}, expected 5")
    md = (out / "report.md").read_text()
    head = md[:md.find("\n## ")]  # the banner belongs above the first section
    if "Not a valid measurement" not in head or "`c2`: no request succeeded" not in head:
        fail(f"all-500: report.md has no invalid banner at the top:\n{head}")
    html = (out / "report.html").read_text()
    banner = html.find("Not a valid measurement")
    if banner < 0 or banner > html.find("<h2"):
        fail("all-500: report.html has no invalid banner before its first section")
    # The rebuild from run.json and requests.jsonl judges the same way and keeps the banner.
    rb = run([sys.argv[1], "report", str(out), "--lang", "en"], timeout=60)
    if rb.returncode != 0:
        fail(f"sonde report exited {rb.returncode}: {rb.stderr[-2000:]}")
    again = json.loads((out / "run.json").read_text())
    if again["valid"] is not False or again["scenarios"][0]["invalid_reasons"] != s["invalid_reasons"]:
        fail(f"sonde report changed the judgement: {again['valid']} {again['scenarios'][0]}")
    if "Not a valid measurement" not in (out / "report.md").read_text():
        fail("sonde report dropped the invalid banner")


def check_sweep(sonde, tmp):
    """A sweep whose one point's server answers 500 to everything: that point is invalid_run (left
    out of comparisons), the other stays ok, and the sweep exits 5 once everything is written."""
    (tmp / "sweep.yaml").write_text(
        "server:\n"
        "  command: sonde sim\n"
        "  args: {speed: 20, max-model-len: 4096}\n"
        "  startup_timeout_s: 60\n"
        "axes:\n"
        "  fault: ['http_500:1', 'http_500:0']\n"
        f"suite: {tmp / 'suite.yaml'}\n"
        "run: {warmup: 0}\n")
    out = tmp / "sweep"
    r = run([sonde, "sweep", str(tmp / "sweep.yaml"), "--out", str(out), "--lang", "en"], timeout=300)
    if not (out / "sweep.json").is_file() or not (out / "report.md").is_file():
        fail(f"sweep: no sweep.json/report.md; exit {r.returncode}: {r.stderr[-2000:]}")
    sw = json.loads((out / "sweep.json").read_text())
    status = {p["name"]: p["status"] for p in sw["points"]}
    if status != {"p01": "invalid_run", "p02": "ok"}:
        fail(f"sweep: statuses {status}")
    bad = next(p for p in sw["points"] if p["name"] == "p01")
    if "no_request_succeeded" not in bad["reason"]:
        fail(f"sweep: invalid point's reason {bad['reason']!r}")
    if r.returncode != 5 or "p01" not in r.stderr:
        fail(f"sweep: exit {r.returncode}, expected 5 naming p01: {r.stderr[-2000:]}")


def main():
    if len(sys.argv) != 2:
        fail("usage: test_fail_closed.py SONDE_BINARY")
    sonde = sys.argv[1]
    help_text = run([sonde, "run", "--help"]).stdout
    if "--max-failed-pct" not in help_text or "--max-error-rate" not in help_text:
        fail("sonde run --help lists no --max-failed-pct next to --max-error-rate")
    with tempfile.TemporaryDirectory(prefix="sonde-failclosed-") as t:
        tmp = pathlib.Path(t)
        (tmp / "suite.yaml").write_text(SUITE)
        sim = Sim(sonde, ["--speed", "20", "--max-model-len", "4096", "--fault", "http_500:1"])
        try:
            check_invalid(*sonde_run(sonde, sim, tmp, "all500"))
            r, out, rj = sonde_run(sonde, sim, tmp, "accepted", ["--max-failed-pct", "100"])
            if r.returncode != 0 or rj["valid"] is not True or rj["scenarios"][0]["valid"] is not True:
                fail(f"--max-failed-pct 100: exit {r.returncode}, valid {rj['valid']}: {r.stderr[-2000:]}")
            if rj["options"]["max_failed_pct"] != 100:
                fail(f"--max-failed-pct 100 not recorded: {rj['options']}")
            if "Not a valid measurement" in (out / "report.md").read_text():
                fail("--max-failed-pct 100: report.md still has the invalid banner")
        finally:
            sim.stop()
        bad = run([sonde, "run", "--sim", "--max-failed-pct", "101", "--out", str(tmp / "bad")])
        if bad.returncode != 2 or "--max-failed-pct" not in bad.stderr or (tmp / "bad").exists():
            fail(f"--max-failed-pct 101: exit {bad.returncode}, stderr {bad.stderr[-500:]}")
        sim = Sim(sonde, ["--speed", "20", "--max-model-len", "4096"])
        try:
            r, out, rj = sonde_run(sonde, sim, tmp, "healthy")
        finally:
            sim.stop()
        if r.returncode != 0 or rj["valid"] is not True:
            fail(f"fault-free run: exit {r.returncode}, valid {rj.get('valid')}: {r.stderr[-2000:]}")
        s = rj["scenarios"][0]
        if s["valid"] is not True or s["invalid_reasons"] != [] or s["summary"]["completed"] != REQUESTS:
            fail(f"fault-free run: scenario {s['valid']} {s['invalid_reasons']} {s['summary']['completed']}")
        if "Not a valid measurement" in (out / "report.md").read_text():
            fail("fault-free run: report.md has the invalid banner")
        check_sweep(sonde, tmp)
    print("all-500 run: exit 5, valid false with reasons, banners; --max-failed-pct 100: exit 0; "
          "fault-free: exit 0, valid; sweep: the all-500 point is invalid_run, exit 5")


if __name__ == "__main__":
    main()
