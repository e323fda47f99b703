#!/usr/bin/env python3
"""End-to-end: the report of scenarios that read a source (docs/metrics.md "Prefix cache",
README "Traffic sources"), against a real `sonde sim` on a port the kernel chose.

Usage: test_source_report.py SONDE_BINARY

With `sonde sim --enable-prompt-tokens-details`, a suite like examples/real-traffic.yaml
(ShareGPT, Mooncake, Azure and a shared prefix): every request carries `cached_tokens`, their sum
per scenario equals the simulator's prefix-cache hit counter delta, a Mooncake row whose hash ids
an earlier row sent is served hits, and the reports show the length histograms, the replay time
line and the sharing conclusion. Without the flag, no request has `cached_tokens` and the report
claims nothing about what the sharing bought.
"""
import json
import pathlib
import re
import shutil
import sys
import tempfile

from e2e_common import ROOT, Sim, fail, run, validate_schema

DATA = ROOT / "examples" / "data"

SUITE = f"""scenarios:
  - name: sharegpt
    dataset: {{kind: sharegpt, path: {DATA / 'sharegpt-small.json'}, output_len: dataset}}
    load: closed
    concurrency: 4
  - name: mooncake
    trace: {{kind: mooncake, path: {DATA / 'mooncake-small.jsonl'}, speedup: 4, max_requests: 30, block_tokens: 512}}
    max_concurrency: 16
  - name: azure
    trace: {{kind: azure, path: {DATA / 'azure-small.csv'}, speedup: 8, max_requests: 20}}
  - name: shared_prefix
    shared_prefix: {{groups: 4, requests_per_group: 8, prefix_len: 1024, suffix_len: 64, output_len: 16}}
    load: closed
    concurrency: 4
"""


def measure(sonde, tmp, name, sim_args, suite):
    (tmp / f"{name}.yaml").write_text(suite)
    sim = Sim(sonde, ["--speed", "20", *sim_args])
    try:
        out = tmp / name
        r = run([sonde, "run", "--base-url", sim.url, "--suite", str(tmp / f"{name}.yaml"),
                 "--lang", "en", "--out", str(out)], timeout=300)
        if r.returncode != 0:
            fail(f"{name}: sonde run exited {r.returncode}: {r.stderr[-2000:]}")
    finally:
        code = sim.stop()
    if code != 0:
        fail(f"{name}: sonde sim exited {code} on SIGTERM")
    validate_schema(out / "run.json")
    rj = json.loads((out / "run.json").read_text())
    records = [json.loads(l) for l in (out / "requests.jsonl").read_text().splitlines() if l.strip()]
    return out, {s["name"]: s for s in rj["scenarios"]}, records


def section(text, start, end):
    at = text.find(start)
    if at < 0:
        fail(f"no {start!r} in the report")
    stop = text.find(end, at + len(start))
    return text[at:stop if stop >= 0 else len(text)]


def check_cached_tokens(scenarios, records):
    for name, sc in scenarios.items():
        own = [r for r in records if r["scenario"] == name]
        missing = [r["index"] for r in own if r["ok"] and "cached_tokens" not in r]
        if missing:
            fail(f"{name}: requests without cached_tokens: {missing[:10]}")
        total = sum(r.get("cached_tokens", 0) for r in own)
        hits = sc["server_metrics"]["prefix_cache_hits"]
        print(f"{name}: sum of cached_tokens {total}, server prefix-cache hits delta {hits}")
        if total != hits:
            fail(f"{name}: the requests' cached_tokens add up to {total}, the simulator's "
                 f"prefix_cache_hits delta is {hits}")
    # A Mooncake row whose first hash id an earlier row sent finds that block cached, provided
    # the earlier row's prefill had finished (its first token arrived) before this row was sent:
    # a block still being computed is not yet in the cache, in vLLM as in the simulator, and how
    # often that happens depends on the machine's speed (sanitizer builds are slower).
    rows = [json.loads(l) for l in (DATA / "mooncake-small.jsonl").read_text().splitlines() if l.strip()]
    by_line = {r["row"]: r for r in records if r["scenario"] == "mooncake"}
    first_token_at = {}  # first hash id -> earliest first-token time of a row that sent it
    repeats, overlapped = [], []
    for line, row in enumerate(rows[:30], start=1):
        rec = by_line.get(line)
        if not row["hash_ids"] or rec is None:
            continue
        head = row["hash_ids"][0]
        if head in first_token_at:
            (repeats if first_token_at[head] <= rec["start_ms"] else overlapped).append(rec)
        if rec["ok"] and rec["ttft_ms"] is not None:
            done = rec["start_ms"] + rec["ttft_ms"]
            first_token_at[head] = min(first_token_at.get(head, done), done)
    if not repeats or not all(r["cached_tokens"] >= 512 for r in repeats):
        fail(f"mooncake rows repeating a first hash id whose blocks an earlier row had computed "
             f"should hit >= 512 tokens: {[(r['row'], r.get('cached_tokens')) for r in repeats]}")
    expected = scenarios["mooncake"]["source"].get("expected_prefix_hit_rate")
    measured = scenarios["mooncake"]["server_metrics"]["prefix_cache_hit_rate"]
    print(f"mooncake: expected hit rate {expected}, server {measured}, {len(repeats)} repeating rows, "
          f"{len(overlapped)} sent while the sharing row was still in prefill")
    if expected is None or not 0 < expected < 1:
        fail(f"mooncake: expected_prefix_hit_rate {expected} should lie between 0 and 1")
    # The trace's hit rate assumes every earlier block is cached; overlapping prefills only lower it.
    if measured > expected + 0.05 or (not overlapped and measured < expected - 0.05):
        fail(f"mooncake: expected_prefix_hit_rate {expected} vs the server's {measured}")


def check_reports(out):
    md = (out / "report.md").read_text()
    sources = section(md, "## Traffic sources", "\n## ")
    for name, kind in (("sharegpt", "sharegpt"), ("mooncake", "mooncake"), ("azure", "azure"),
                       ("shared_prefix", "shared_prefix")):
        if f"### `{name}` ({kind})" not in sources:
            fail(f"report.md: no traffic-sources entry for {name}")
    if "add up to vLLM's prefix-cache hits exactly" not in sources:
        fail("report.md does not say the per-request cached_tokens agree with vLLM's counter")
    if not re.search(r"Replay schedule lag \(start − intended start\): p50 [\d.]+ ms", sources):
        fail("report.md does not give the replay's schedule lag")
    shared = section(sources, "### `shared_prefix`", "\n### ")
    if not re.search(r"What the sharing bought: the \d+ requests served prefix-cache hits", shared):
        fail(f"report.md: no 'what the sharing bought' for shared_prefix:\n{shared}")
    concl = section(md, "## 5.", "\n## ")
    m = re.search(r"In `shared_prefix`, requests served prefix-cache hits reached their first token "
                  r"([\d.]+)% (faster|slower) \(TTFT p50 ([\d.,]+) ms over (\d+) requests against "
                  r"([\d.,]+) ms over (\d+) without hits\)", concl)
    if not m:
        fail(f"the conclusions do not say what the shared prefix bought:\n{concl}")
    print(f"conclusion: {m.group(0)}")
    if m.group(2) != "faster":
        fail("requests with 1,024 cached prefix tokens should reach their first token sooner")
    html = (out / "report.html").read_text()
    body = section(html, 'id="sources"', "</section>")
    for title in ("Input length", "Output length", "Arrivals and completions", "Output throughput",
                  "Latency over time (p50)", "TTFT with and without prefix-cache hits"):
        if title not in body:
            fail(f"report.html's traffic-sources section has no {title!r} chart")
    print(f"report.html: {body.count('<svg')} charts in the traffic-sources section")


def main():
    sonde = sys.argv[1]
    tmp = pathlib.Path(tempfile.mkdtemp(prefix="sonde-e2e-source-report-"))
    try:
        out, scenarios, records = measure(sonde, tmp, "details", ["--enable-prompt-tokens-details"], SUITE)
        check_cached_tokens(scenarios, records)
        check_reports(out)
        # Without the flag, as vLLM by default: no per-request figure, and nothing claimed.
        only_shared = "scenarios:\n" + SUITE[SUITE.index("  - name: shared_prefix"):]
        out, scenarios, records = measure(sonde, tmp, "no_details", [], only_shared)
        if any("cached_tokens" in r for r in records):
            fail("without --enable-prompt-tokens-details a request has cached_tokens")
        if scenarios["shared_prefix"]["server_metrics"]["prefix_cache_hits"] <= 0:
            fail("the shared prefix should still hit the cache")
        md = (out / "report.md").read_text()
        if "start vLLM with `--enable-prompt-tokens-details`" not in md or \
                "What the sharing bought is not claimed" not in md or "prefix-cache hits reached" in md:
            fail("without cached_tokens the report must say how to get them and claim nothing")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print("PASS source_report")


if __name__ == "__main__":
    main()
