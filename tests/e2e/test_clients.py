#!/usr/bin/env python3
"""End-to-end: `sonde run --sim --clients 2` splits a rate scenario (arrivals thinned) and a
closed-loop scenario (users divided) across two client processes, and merges them exactly:
request counts equal the plan; the merged p50/p99 of TTFT, TPOT and E2EL equal the percentiles
this test computes (linear interpolation between closest ranks, docs/metrics.md) over the union
of both shards' requests.jsonl; throughput spans the union's window; requests.jsonl has the
shape of a one-process run's (same keys, plus `shard`); each shard has its own directory with
its clock offset measured. `sonde merge` on a directory with a shard missing fails clearly and
writes nothing.

Usage: test_clients.py SONDE_BINARY
"""
import json
import math
import pathlib
import shutil
import sys
import tempfile

from e2e_common import fail, run, validate_schema

SUITE = ("scenarios:\n"
         "  - {name: rate_8, input_len: 200, output_len: 16, load: rate, request_rate: 8, requests: 24}\n"
         "  - {name: closed_3, input_len: 300, output_len: 12, load: closed, concurrency: 3, requests: 15}\n"
         "  - {name: closed_1, input_len: 100, output_len: 8, load: closed, concurrency: 1, requests: 3}\n")
PLAN = {"rate_8": 24, "closed_3": 15, "closed_1": 3}


def percentile(values, q):
    """numpy's default: linear interpolation between closest ranks."""
    v = sorted(values)
    if not v:
        return None
    pos = (len(v) - 1) * q / 100
    lo = math.floor(pos)
    hi = min(lo + 1, len(v) - 1)
    return v[lo] + (v[hi] - v[lo]) * (pos - lo)


def lines(path):
    return [json.loads(l) for l in path.read_text().splitlines() if l.strip()]


def sonde_run(sonde, tmp, name, clients):
    out = tmp / name
    r = run([sonde, "run", "--sim", "--sim-speed", "20", "--suite", str(tmp / "suite.yaml"),
             "--lang", "en", "--warmup", "0", "--clients", str(clients), "--out", str(out)],
            timeout=120)
    if r.returncode != 0:
        fail(f"{name}: sonde run --clients {clients} exited {r.returncode}: {r.stderr[-3000:]}")
    validate_schema(out / "run.json", f"{name} run.json")
    return out, json.loads((out / "run.json").read_text()), lines(out / "requests.jsonl")


def check_merged(out, rj, merged):
    if rj["clients"] != 2 or len(rj["shards"]) != 2:
        fail(f"merged run.json: clients {rj.get('clients')}, shards {len(rj.get('shards', []))}")
    if not rj["complete"] or not rj["simulated"] or rj["sim_speed"] != 20:
        fail(f"merged run.json: complete {rj['complete']}, simulated {rj['simulated']}, "
             f"sim_speed {rj['sim_speed']}")
    union = []
    for k in range(2):
        d = out / "shards" / str(k)
        validate_schema(d / "run.json", f"shard {k} run.json")
        shard_rj = json.loads((d / "run.json").read_text())
        facts = shard_rj["shard"]
        if facts["index"] != k or facts["count"] != 2:
            fail(f"shard {k}: run.json shard {facts}")
        if facts["clock_offset_ms"] is None or abs(facts["clock_offset_ms"]) > 50:
            fail(f"shard {k}: clock offset against the parent {facts['clock_offset_ms']} ms")
        if not shard_rj["simulated"] or shard_rj["sim_speed"] != 20:
            fail(f"shard {k}: not recorded as simulated at speed 20: {shard_rj['sim_speed']}")
        for r in lines(d / "requests.jsonl"):
            r["shard"] = k
            union.append(r)
    if len(merged) != sum(PLAN.values()) or len(union) != len(merged):
        fail(f"merged {len(merged)} requests, shards {len(union)}, plan {sum(PLAN.values())}")
    key = lambda r: (r["scenario"], r["index"])
    if sorted(map(key, merged)) != sorted(map(key, union)):
        fail("merged requests.jsonl is not the union of the shards' journals")
    ids = [r["x_request_id"] for r in merged]
    if len(set(ids)) != len(ids):
        fail("x-request-ids repeat across shards")
    for s in rj["scenarios"]:
        name = s["name"]
        mine = [r for r in union if r["scenario"] == name]
        if len(mine) != PLAN[name] or sorted(r["index"] for r in mine) != list(range(PLAN[name])):
            fail(f"{name}: {len(mine)} requests with indexes {sorted(r['index'] for r in mine)}")
        ok = [r for r in mine if r["ok"]]
        if s["summary"]["completed"] != len(ok) or len(ok) != PLAN[name]:
            fail(f"{name}: completed {s['summary']['completed']}, ok lines {len(ok)}")
        for metric in ("ttft_ms", "tpot_ms", "e2el_ms"):
            vals = [r[metric] for r in ok if r[metric] is not None]
            for q in (50, 99):
                want, got = percentile(vals, q), s["summary"][metric][f"p{q}"]
                if not math.isclose(got, want, rel_tol=1e-9, abs_tol=1e-9):
                    fail(f"{name}: merged {metric} p{q} {got}, over the union {want}")
        window = (max(r["end_ms"] for r in mine) - min(r["start_ms"] for r in mine)) / 1000
        if not math.isclose(s["summary"]["duration_s"], window, rel_tol=1e-9):
            fail(f"{name}: duration {s['summary']['duration_s']} s, union window {window} s")
        by_shard = {k: sum(1 for r in mine if r["shard"] == k) for k in range(2)}
        if name == "rate_8" and by_shard != {0: 12, 1: 12}:
            fail(f"rate_8: arrivals not thinned evenly: {by_shard}")
        if name == "closed_3" and by_shard != {0: 10, 1: 5}:
            fail(f"closed_3: 3 users over 2 shards should send 10 + 5: {by_shard}")
        if name == "closed_1" and by_shard != {0: 3, 1: 0}:
            fail(f"closed_1: one user should stay on shard 0: {by_shard}")
    if not any("closed_1" in w and "idle" in w for w in rj["warnings"]):
        fail(f"no warning that a shard sat closed_1 out: {rj['warnings']}")
    for name in PLAN:
        if not (out / "vllm" / f"{name}.json").exists():
            fail(f"merged run has no vllm/{name}.json")
    for f in ("report.md", "report.html", "summary.csv"):
        if not (out / f).exists():
            fail(f"merged run has no {f}")


def main():
    if len(sys.argv) != 2:
        fail("usage: test_clients.py SONDE_BINARY")
    sonde = sys.argv[1]
    with tempfile.TemporaryDirectory(prefix="sonde-clients-") as t:
        tmp = pathlib.Path(t)
        (tmp / "suite.yaml").write_text(SUITE)
        out, rj, merged = sonde_run(sonde, tmp, "two", 2)
        check_merged(out, rj, merged)

        # Same shape as one process's journal and run.json: the same keys, plus `shard`.
        single, single_rj, single_lines = sonde_run(sonde, tmp, "one", 1)
        if set(merged[0]) - {"shard"} != set(single_lines[0]):
            fail(f"requests.jsonl keys differ: {sorted(set(merged[0]) ^ set(single_lines[0]))}")
        if set(rj) - {"clients", "shards"} != set(single_rj):
            fail(f"run.json keys differ: {sorted(set(rj) ^ set(single_rj))}")
        if [s["name"] for s in rj["scenarios"]] != [s["name"] for s in single_rj["scenarios"]]:
            fail("scenarios differ from the one-process run's")
        if len(single_lines) != len(merged):
            fail(f"one process sent {len(single_lines)} requests, two sent {len(merged)}")
        print("totals and p50 TTFT/E2EL (ms), --clients 2 vs 1:")
        for a, b in zip(rj["scenarios"], single_rj["scenarios"]):
            print(f"  {a['name']}: {a['summary']['completed']} vs {b['summary']['completed']}, "
                  f"{a['summary']['ttft_ms']['p50']:.1f} vs {b['summary']['ttft_ms']['p50']:.1f}, "
                  f"{a['summary']['e2el_ms']['p50']:.1f} vs {b['summary']['e2el_ms']['p50']:.1f}")

        # A shard missing: a clear error naming it, and nothing merged.
        broken = tmp / "broken"
        shutil.copytree(out / "shards", broken / "shards")
        shutil.rmtree(broken / "shards" / "1")
        r = run([sonde, "merge", str(broken)], timeout=60)
        if r.returncode != 2 or "shard 1 of 2" not in r.stderr:
            fail(f"merge with a missing shard: exit {r.returncode}, {r.stderr!r}")
        if (broken / "run.json").exists() or (broken / "requests.jsonl").exists():
            fail("merge with a missing shard wrote a partial result")

        # `sonde merge` by hand gives the same summaries as the run's own merge.
        again = tmp / "again"
        shutil.copytree(out / "shards", again / "shards")
        r = run([sonde, "merge", str(again)], timeout=60)
        if r.returncode != 0:
            fail(f"sonde merge exited {r.returncode}: {r.stderr[-2000:]}")
        rj2 = json.loads((again / "run.json").read_text())
        if [s["summary"] for s in rj2["scenarios"]] != [s["summary"] for s in rj["scenarios"]]:
            fail("sonde merge by hand gave other summaries than the run's merge")
    print("PASS clients")


if __name__ == "__main__":
    main()
