#!/usr/bin/env python3
"""End-to-end tests of the A/B run: `sonde run --base-url A --base-url B --label on,off` against
two `sonde sim` servers started here (chunked prefill on and off), and its usage errors.

Usage: test_ab.py SONDE_BINARY CASE   (CASE: ab_run | ab_usage)
Exits non-zero with a message on the first violated expectation.
"""
import csv
import json
import pathlib
import re
import sys
import tempfile

from e2e_common import Sim, fail, run, validate_schema


def journal(path):
    return [json.loads(l) for l in path.read_text().splitlines() if l.strip()]


SUITE = ("scenarios:\n"
         "  - {name: s1, input_len: 300, output_len: 20, requests: 3}\n"
         "  - {name: s2, input_len: 500, output_len: 10, load: closed, concurrency: 2, requests: 4}\n")


def case_ab_run(sonde, tmp):
    suite = tmp / "suite.yaml"
    suite.write_text(SUITE)
    on = Sim(sonde, ["--speed", "20", "--enable-chunked-prefill"])
    try:
        off = Sim(sonde, ["--speed", "20", "--no-enable-chunked-prefill"])
        on_port, off_port = on.port, off.port
        try:
            out = tmp / "ab"
            r = run([sonde, "run", "--base-url", f"http://127.0.0.1:{on_port}",
                     "--base-url", f"http://127.0.0.1:{off_port}/", "--label", "on,off",
                     "--server-args=--enable-chunked-prefill",
                     "--server-args=--no-enable-chunked-prefill",
                     "--suite", str(suite), "--lang", "en", "--out", str(out)])
            if r.returncode != 0:
                fail(f"A/B run exited {r.returncode}: {r.stderr[-3000:]}")
        finally:
            off.stop()
    finally:
        on.stop()

    runs, lines = {}, {}
    for label, port in (("on", on_port), ("off", off_port)):
        d = out / label
        for f in ("run.json", "requests.jsonl", "report.md", "summary.csv"):
            if not (d / f).is_file():
                fail(f"{label}/{f} missing")
        validate_schema(d / "run.json", f"{label}/run.json")
        rj = json.loads((d / "run.json").read_text())
        if not rj["complete"] or [s["name"] for s in rj["scenarios"]] != ["s1", "s2"]:
            fail(f"{label}: complete={rj['complete']} scenarios={[s['name'] for s in rj['scenarios']]}")
        if rj["target"]["base_url"] != f"http://127.0.0.1:{port}":
            fail(f"{label}: target {rj['target']} is not its own server")
        chunked = [s["value"] for s in rj["server"]["settings"] if s["name"] == "enable-chunked-prefill"]
        if chunked != ["true" if label == "on" else "false"]:
            fail(f"{label}: enable-chunked-prefill setting {chunked}")
        for s in rj["scenarios"]:
            if s["summary"]["failed"] != 0 or s["summary"]["completed"] != s["requests"]:
                fail(f"{label}/{s['name']}: {s['summary']}")
        runs[label], lines[label] = rj, journal(d / "requests.jsonl")
    if runs["on"]["run_id"] == runs["off"]["run_id"]:
        fail("the two sides share a run_id")

    # Alternating, on one time line: on s1, off s1, on s2, off s2 — each after the previous ends.
    def span(label, scenario):
        mine = [l for l in lines[label] if l["scenario"] == scenario]
        if not mine:
            fail(f"{label}/{scenario}: no journal lines")
        return min(l["start_ms"] for l in mine), max(l["end_ms"] for l in mine)
    order = [span("on", "s1"), span("off", "s1"), span("on", "s2"), span("off", "s2")]
    for (a_start, a_end), (b_start, b_end) in zip(order, order[1:]):
        if not (a_start < b_start and a_end <= b_start):
            fail(f"scenarios did not alternate on,off,on,off: spans {order}")

    # The same prompts on both sides: same x-request-ids and the same prompt token counts.
    key = lambda l: (l["scenario"], l["index"])
    on_by, off_by = {key(l): l for l in lines["on"]}, {key(l): l for l in lines["off"]}
    if on_by.keys() != off_by.keys():
        fail("the two journals hold different requests")
    for k, a in on_by.items():
        b = off_by[k]
        if a["x_request_id"] != b["x_request_id"] or a["input_tokens"] != b["input_tokens"]:
            fail(f"{k}: prompts differ between sides: {a['x_request_id']}/{a['input_tokens']} vs "
                 f"{b['x_request_id']}/{b['input_tokens']}")

    md = (out / "compare.md").read_text()
    for needed in ("on", "off", "s1", "s2"):
        if not re.search(rf"\b{needed}\b", md):
            fail(f"compare.md lacks '{needed}'")
    # Same code as `sonde compare`: from the output directory it prints compare.md exactly.
    c = run([sonde, "compare", "on", "off", "--labels", "on,off", "--lang", "en"], cwd=out)
    if c.returncode != 0 or c.stdout != md:
        fail(f"`sonde compare on off` differs from compare.md (exit {c.returncode})")
    rows = list(csv.DictReader((out / "compare.csv").read_text(encoding="utf-8-sig").splitlines()))
    got = sorted((row["point"], row["scenario"]) for row in rows)
    if got != [("off", "s1"), ("off", "s2"), ("on", "s1"), ("on", "s2")]:
        fail(f"compare.csv rows {got}")
    if "Compare:" not in r.stdout or "== on" not in r.stdout or "== off" not in r.stdout:
        fail(f"console output lacks the sides or the compare.md path: {r.stdout[-2000:]}")


def case_ab_usage(sonde, tmp):
    suite = tmp / "suite.yaml"
    suite.write_text(SUITE)
    a, b, c = "http://127.0.0.1:9", "http://127.0.0.1:10", "http://127.0.0.1:11"
    cases = [
        (["--base-url", a, "--base-url", b, "--label", "x"], "--label: 1 labels for 2 --base-url"),
        (["--base-url", a, "--base-url", b, "--label", "x,y,z"], "--label: 3 labels for 2"),
        (["--base-url", a, "--base-url", b, "--base-url", c, "--label", "x,y,z"],
         "exactly two servers"),
        (["--base-url", a, "--base-url", b, "--label", "x,x"], "given twice"),
        (["--base-url", a, "--base-url", b, "--label", "x,../y"], "cannot name a result directory"),
        (["--base-url", a, "--sim"], "choose one"),
        (["--base-url", a, "--base-url", b, "--sim"], "choose one"),
        (["--base-url", a, "--label", "x"], "--label: names the sides of an A/B run"),
        (["--base-url", a, "--base-url", "ftp://x"], "must start with http://"),
        (["--base-url", a, "--base-url", b, "--server-args=--x", "--server-args=--y",
          "--server-args=--z"], "--server-args: given 3 times for 2"),
    ]
    for args, words in cases:
        out = tmp / "never"
        r = run([sonde, "run", "--suite", str(suite), "--out", str(out), *args], timeout=60)
        if r.returncode != 2 or words not in r.stderr:
            fail(f"{args}: exit {r.returncode}, stderr {r.stderr!r}; expected 2 and '{words}'")
        if out.exists():
            fail(f"{args}: wrote {out} although the run was rejected")
    # A side that cannot be reached: exit 3 before anything is written (A is not left behind).
    on = Sim(sonde, ["--speed", "20"])
    port = on.port
    try:
        out = tmp / "unreachable"
        r = run([sonde, "run", "--suite", str(suite), "--out", str(out), "--base-url",
                 f"http://127.0.0.1:{port}", "--base-url", "http://127.0.0.1:9"], timeout=60)
        if r.returncode != 3 or "127.0.0.1:9" not in r.stderr:
            fail(f"unreachable B: exit {r.returncode}, stderr {r.stderr!r}")
        if out.exists():
            fail("unreachable B: A's directory was created anyway")
    finally:
        on.stop()


def main():
    if len(sys.argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    sonde, case = sys.argv[1], sys.argv[2]
    cases = {"ab_run": case_ab_run, "ab_usage": case_ab_usage}
    if case not in cases:
        print(f"unknown case {case}", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix=f"sonde_{case}_") as d:
        cases[case](sonde, pathlib.Path(d))
    print(f"ok: {case}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
