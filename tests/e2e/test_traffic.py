#!/usr/bin/env python3
"""End-to-end tests of real traffic: datasets and traces sent to a real `sonde sim`.

Usage: test_traffic.py SONDE_BINARY CASE   (CASE: jsonl_verbatim | mooncake_replay |
                                             sharegpt_rows | traffic_usage)
"""
import json
import urllib.request

from e2e_common import ROOT, SANITIZED, case_main, fail, run, Sim, validate_schema

DATA = ROOT / "examples" / "data"


def post(url, body):
    req = urllib.request.Request(url, data=json.dumps(body).encode(), method="POST",
                                 headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=30) as r:
        return json.loads(r.read())


def lines_of(path):
    return [json.loads(l) for l in path.read_text().splitlines() if l.strip()]


def percentile(values, p):
    """Linear interpolation between closest ranks (numpy's default)."""
    v = sorted(values)
    k = (len(v) - 1) * p / 100
    lo = int(k)
    hi = min(lo + 1, len(v) - 1)
    return v[lo] + (v[hi] - v[lo]) * (k - lo)


def case_jsonl_verbatim(sonde, tmp):
    """Every row arrives as written: the server's prompt_tokens equal its own /tokenize of the row."""
    sim = Sim(sonde, ["--speed", "50"])
    try:
        out = tmp / "out"
        r = run([sonde, "run", "--base-url", sim.url, "--dataset", f"jsonl:{DATA / 'prompts.jsonl'}",
                 "--concurrency", "4", "--output-len", "12", "--out", str(out), "--lang", "en"], timeout=120)
        if r.returncode != 0:
            fail(f"sonde run --dataset exited {r.returncode}: {r.stderr[-2000:]}")
        validate_schema(out / "run.json")
        rows = {i + 1: json.loads(l) for i, l in enumerate((DATA / "prompts.jsonl").read_text().splitlines())
                if l.strip()}
        records = lines_of(out / "requests.jsonl")
        if sorted(r["row"] for r in records) != sorted(rows):
            fail(f"rows sent {sorted(r['row'] for r in records)} != rows in the file {sorted(rows)}")
        model = json.loads((out / "run.json").read_text())["target"]["model"]
        for rec in records:
            row = rows[rec["row"]]
            messages = row.get("messages") or [{"role": "user", "content": row["prompt"]}]
            want = post(sim.url + "/tokenize", {"model": model, "messages": messages,
                                                "add_generation_prompt": True})["count"]
            if not rec["ok"] or rec["input_tokens"] != want or rec["input_tokens_target"] != want:
                fail(f"row {rec['row']}: server counted {rec['input_tokens']} (target "
                     f"{rec['input_tokens_target']}), /tokenize of the row says {want}")
            if rec["output_tokens"] != 12:
                fail(f"row {rec['row']}: output_tokens {rec['output_tokens']} != 12")
        s = json.loads((out / "run.json").read_text())["scenarios"][0]
        src = s["source"]
        if (src["kind"], src["rows_used"], src["skipped"], s["requests"]) != ("jsonl", len(rows), {"empty_line": 1}, len(rows)):
            fail(f"source record {src} / requests {s['requests']} do not match the file ({len(rows)} rows, one empty line)")
        # More requests than rows: an error naming both numbers, before anything is measured.
        r = run([sonde, "run", "--base-url", sim.url, "--dataset", f"jsonl:{DATA / 'prompts.jsonl'}",
                 "--requests", "50", "--output-len", "4", "--out", str(tmp / "too_many")], timeout=60)
        if r.returncode != 2 or "requests is 50" not in r.stderr or f"only {len(rows)} usable rows" not in r.stderr:
            fail(f"--requests 50 over {len(rows)} rows: exit {r.returncode}, {r.stderr[-500:]}")
        # A messages row cannot go to /v1/completions.
        r = run([sonde, "run", "--base-url", sim.url, "--dataset", f"jsonl:{DATA / 'prompts.jsonl'}",
                 "--endpoint", "/v1/completions", "--output-len", "4", "--out", str(tmp / "compl")], timeout=60)
        if r.returncode != 2 or 'a "messages" row needs the chat endpoint' not in r.stderr:
            fail(f"messages rows on /v1/completions: exit {r.returncode}, {r.stderr[-500:]}")
        for bad in ("too_many", "compl"):  # checked before anything is written
            if (tmp / bad).exists():
                fail(f"a rejected dataset left {tmp / bad} behind: {sorted(p.name for p in (tmp / bad).iterdir())}")
    finally:
        sim.stop()
    print(f"jsonl: {len(records)} rows, input tokens equal /tokenize for every row")


def replay_once(sonde, tmp, suite, rows, block, attempt):
    """One replay of the trace; asserts everything but the schedule lag, returns the lags."""
    sim = Sim(sonde, ["--speed", "1"])
    out = tmp / f"out{attempt}"
    try:
        r = run([sonde, "run", "--base-url", sim.url, "--suite", str(suite), "--out", str(out),
                 "--lang", "en", "--warmup", "0"], timeout=120)
        if r.returncode != 0:
            fail(f"trace replay exited {r.returncode}: {r.stderr[-2000:]}")
    finally:
        sim.stop()
    validate_schema(out / "run.json")
    records = sorted(lines_of(out / "requests.jsonl"), key=lambda r: r["row"])
    if len(records) != 50 or not all(r["ok"] for r in records):
        fail(f"{len(records)} records, failed: {[r for r in records if not r['ok']][:2]}")
    first = records[0]["intended_start_ms"]
    for r, row in zip(records, rows):
        want = (row["timestamp"] - rows[0]["timestamp"])
        if abs((r["intended_start_ms"] - first) - want) > 0.5:
            fail(f"row {r['row']}: intended {r['intended_start_ms'] - first:.3f} ms after the first, trace says {want}")
        if abs(r["input_tokens"] - row["input_length"]) > 0.01 * row["input_length"]:
            fail(f"row {r['row']}: input_tokens {r['input_tokens']} not within 1 % of {row['input_length']}")
        if r["output_tokens"] != row["output_length"]:
            fail(f"row {r['row']}: output_tokens {r['output_tokens']} != {row['output_length']}")
    length_err = max(abs(r["input_tokens"] - row["input_length"]) for r, row in zip(records, rows))
    s = json.loads((out / "run.json").read_text())["scenarios"][0]
    hits = (s.get("server_metrics") or {}).get("prefix_cache_hits")
    if not hits or hits <= 0:
        fail(f"prefix_cache_hits {hits}: requests sharing hash ids should hit the cache")
    if s["source"]["kind"] != "mooncake" or s["source"]["rows_used"] != 50 or s["source"]["block_tokens"] != block:
        fail(f"source record {s['source']}")
    lag = [r["start_ms"] - r["intended_start_ms"] for r in records]
    print(f"mooncake attempt {attempt}: schedule lag p50 {percentile(lag, 50):.3f} ms p99 "
          f"{percentile(lag, 99):.3f} ms max {max(lag):.3f} ms; max input length error {length_err} "
          f"tokens; prefix_cache_hits {hits}")
    return lag


def case_mooncake_replay(sonde, tmp):
    """50 req/s at the trace's own timestamps, exact lengths, shared hash ids hit the prefix cache.

    The schedule lag (start_ms - intended_start_ms) p99 must stay within 2 ms. This 2-core VM
    is shared with other builds, and p99 of 50 requests is one late wake-up of the client
    thread; a second replay is allowed when the first misses, and both are printed: sonde's own
    lateness would miss both, a passing stall does not."""
    block = 64
    trace = tmp / "trace.jsonl"
    rows = []
    for i in range(50):
        group = i % 5
        # Two shared blocks per group, then a block of the request's own and a partial tail.
        rows.append({"timestamp": 1000 + 20 * i, "input_length": 3 * block + 20 + i,
                     "output_length": 3 + i % 4, "hash_ids": [group * 10, group * 10 + 1, 1000 + i, 2000 + i]})
    trace.write_text("".join(json.dumps(r) + "\n" for r in rows))
    suite = tmp / "suite.yaml"
    suite.write_text("scenarios:\n"
                     f"  - {{name: replay, trace: {{kind: mooncake, path: trace.jsonl, speedup: 1, block_tokens: {block}}}}}\n")
    for attempt in (1, 2):
        lag = replay_once(sonde, tmp, suite, rows, block, attempt)
        p99 = percentile(lag, 99)
        if SANITIZED or p99 <= 2.0:
            return
    fail(f"start_ms - intended_start_ms p99 {p99:.3f} ms > 2 ms in both replays (last lags {sorted(lag)[-5:]})")


def sharegpt_expected(path):
    used = no_human = no_answer = 0
    for el in json.loads(path.read_text()):
        turns = el.get("conversations", [])
        human = next((i for i, t in enumerate(turns) if t.get("from") == "human"), None)
        if human is None:
            no_human += 1
        elif not any(t.get("from") == "gpt" for t in turns[human + 1:]):
            no_answer += 1
        else:
            used += 1
    return used, no_human, no_answer


def case_sharegpt_rows(sonde, tmp):
    """output_len: dataset sends each answer's server-counted length; the row counters match the file."""
    used, no_human, no_answer = sharegpt_expected(DATA / "sharegpt-small.json")
    suite = tmp / "suite.yaml"
    suite.write_text("scenarios:\n"
                     f"  - name: sharegpt\n    dataset: {{kind: sharegpt, path: {DATA / 'sharegpt-small.json'}, output_len: dataset}}\n"
                     "    load: closed\n    concurrency: 4\n")
    out = tmp / "out"
    r = run([sonde, "run", "--sim", "--suite", str(suite), "--out", str(out), "--lang", "en"], timeout=120)
    if r.returncode != 0:
        fail(f"sharegpt run exited {r.returncode}: {r.stderr[-2000:]}")
    validate_schema(out / "run.json")
    s = json.loads((out / "run.json").read_text())["scenarios"][0]
    src = s["source"]
    want_skipped = {k: v for k, v in {"no_human_turn": no_human, "no_answer": no_answer}.items() if v}
    if (src["rows_used"], src["rows_skipped"], src["skipped"]) != (used, no_human + no_answer, want_skipped):
        fail(f"source {src} != file: {used} used, {want_skipped} skipped")
    records = lines_of(out / "requests.jsonl")
    if len(records) != used or s["summary"]["output_len_mismatches"] != 0:
        fail(f"{len(records)} records for {used} rows; {s['summary']['output_len_mismatches']} output mismatches")
    outs = sorted(r["output_tokens"] for r in records)
    if outs[0] == outs[-1]:
        fail(f"output_len: dataset gave every request the same length {outs[0]}")
    # sonde report rebuilds the run from run.json, source included.
    r = run([sonde, "report", str(out), "--lang", "en"], timeout=60)
    if r.returncode != 0:
        fail(f"sonde report exited {r.returncode}: {r.stderr[-1000:]}")
    again = json.loads((out / "run.json").read_text())["scenarios"][0]["source"]
    if again != src:
        fail(f"source changed after sonde report: {again}")
    print(f"sharegpt: {used} used, skipped {want_skipped}; output lengths {outs[0]}..{outs[-1]}")


def case_traffic_usage(sonde, tmp):
    for args, needle in [
        (["--dataset", "csv:x.csv"], "--dataset: 'csv:x.csv' should be KIND:FILE"),
        (["--dataset", f"jsonl:{tmp / 'missing.jsonl'}"], "is not a readable file"),
        (["--dataset", f"jsonl:{DATA / 'prompts.jsonl'}", "--concurrency", "1,2"], "--concurrency: give one level"),
        (["--sample", "3"], "--sample: applies with --dataset only"),
        (["--dataset", f"jsonl:{DATA / 'prompts.jsonl'}", "--suite", "x.yaml"], "--dataset and --suite: choose one"),
    ]:
        r = run([sonde, "run", "--sim", *args, "--out", str(tmp / "x")], timeout=60)
        if r.returncode != 2 or needle not in r.stderr:
            fail(f"sonde run {' '.join(args)}: exit {r.returncode}, stderr {r.stderr[-500:]!r}; expected {needle!r}")
        if (tmp / "x").exists():
            fail(f"sonde run {' '.join(args)} left an output directory behind")


if __name__ == "__main__":
    case_main(globals())
