#!/usr/bin/env python3
"""End-to-end: a shared_prefix scenario and a ramped rate against `sonde sim` (started here on a
port the kernel chose, with prefix caching on and then off), reached by `sonde run --base-url`.

Usage: test_shared_prefix.py SONDE_BINARY

With prefix caching on, for a closed loop of 4 and for all 32 requests at once, the server's measured prefix-cache hit rate is within 5 points of the
share sonde expected (run.json scenario.source.expected_prefix_hit_rate), and the simulator's
/metrics counted as queried exactly the prompt tokens it served. With --no-enable-prefix-caching
nothing is served from the cache. The ramp's arrivals come closer together as the rate rises.
"""
import pathlib
import shutil
import sys
import tempfile

from e2e_common import fail, run, run_against_sim

SUITE = """scenarios:
  - name: shared
    load: closed
    concurrency: 4
    shared_prefix: {groups: 4, requests_per_group: 8, prefix_len: 1024, suffix_len: 64, output_len: 8}
  # All 32 at once: as on vLLM V1, a request admitted in the same engine step as its group's
  # first finds the prefix blocks already cached (cached when allocated).
  - name: shared_burst
    load: burst
    concurrency: 32
    shared_prefix: {groups: 4, requests_per_group: 8, prefix_len: 1024, suffix_len: 64, output_len: 8}
  - name: ramp
    input_len: 200
    output_len: 8
    requests: 60
    load: rate
    ramp: {from_rate: 2, to_rate: 40, duration_s: 3}
"""


def measure(sonde, tmp, name, sim_args):
    out = tmp / name
    rj, records = run_against_sim(
        sonde, ["--speed", "20", *sim_args],
        ["--suite", str(tmp / "suite.yaml"), "--endpoint", "/v1/completions", "--lang", "en"],
        out, name)
    return out, {s["name"]: s for s in rj["scenarios"]}, records


def check_source(shared):
    src = shared.get("source") or fail(f"no scenario.source: {sorted(shared)}")
    if src["kind"] != "shared_prefix" or src["groups"] != 4 or src["requests_per_group"] != 8:
        fail(f"scenario.source: {src}")
    if shared["requests"] != 32 or shared["input_len"] != 1088 or shared["output_len"] != 8:
        fail(f"derived requests/input_len/output_len wrong: {shared['requests']} {shared['input_len']} {shared['output_len']}")
    if src["block_size"] != 16 or src["block_size_source"] != "cache_config_info":
        fail(f"block size should come from the server's cache_config_info: {src}")
    expected = src["expected_prefix_hit_rate"]
    # 28 of 32 requests reuse ~1024 of ~1088 tokens: about 0.82.
    if not 0.75 < expected < 0.87:
        fail(f"expected_prefix_hit_rate {expected} is not about 28/32 x 1024/1088")
    return expected


def main():
    sonde = sys.argv[1]
    tmp = pathlib.Path(tempfile.mkdtemp(prefix="sonde-e2e-shared-prefix-"))
    try:
        (tmp / "suite.yaml").write_text(SUITE)
        out, on, records = measure(sonde, tmp, "caching_on", [])
        for name in ("shared", "shared_burst"):
            expected = check_source(on[name])
            sm = on[name]["server_metrics"]
            measured = sm["prefix_cache_hit_rate"]
            print(f"prefix caching on, {name}: expected {expected:.4f}, server {measured:.4f}")
            if measured is None or abs(measured - expected) > 0.05:
                fail(f"{name}: server hit rate {measured} not within 5 points of expected {expected}")
            served = sum(r["input_tokens"] for r in records if r["scenario"] == name)
            if sm["prefix_cache_queries"] != served:
                fail(f"{name}: /metrics queried {sm['prefix_cache_queries']} prompt tokens, the responses say {served}")
        report = (out / "report.md").read_text()
        line = "`shared` shares prompt prefixes on purpose (`shared_prefix`): expected prefix-cache hit rate"
        if line not in report:
            fail("report.md does not show expected vs measured prefix-cache hit rate")

        ramp = on["ramp"]
        if ramp.get("ramp") != {"from_rate": 2, "to_rate": 40, "duration_s": 3} or ramp["summary"]["completed"] != 60:
            fail(f"ramp scenario: {ramp.get('ramp')} {ramp['summary']['completed']}")
        starts = sorted(r["intended_start_ms"] for r in records if r["scenario"] == "ramp")
        first, last = starts[20] - starts[0], starts[-1] - starts[-21]
        # 2 -> 40 req/s over 3 s: the first 20 arrivals are expected to take ~1.6 s, the last 20
        # ~0.55 s; a sum of 20 exponential gaps varies by ~22 %, so a factor 1.5 is safe, while
        # a constant rate would give about equal spans.
        if not first > 1.5 * last:
            fail(f"ramp: first 20 arrivals took {first:.0f} ms, last 20 {last:.0f} ms")
        print(f"ramp: first 20 arrivals over {first:.0f} ms, last 20 over {last:.0f} ms")
        if "| 2→40 req/s | ramp (rate) |" not in report:
            fail("report.md does not show the ramp's rates in the scenario table")

        _, off, _ = measure(sonde, tmp, "caching_off", ["--no-enable-prefix-caching"])
        for name in ("shared", "shared_burst"):
            sm = off[name]["server_metrics"]
            expected_off = check_source(off[name])
            print(f"prefix caching off, {name}: expected {expected_off:.4f}, server "
                  f"{sm['prefix_cache_hit_rate']} (hits {sm['prefix_cache_hits']})")
            # vLLM (and the simulator) count no prefix-cache queries when caching is off: hits 0,
            # rate 0 or null.
            if sm["prefix_cache_hits"] not in (0, None) or sm["prefix_cache_hit_rate"] not in (0, 0.0, None):
                fail(f"--no-enable-prefix-caching, {name}: server hits {sm['prefix_cache_hits']}, "
                     f"rate {sm['prefix_cache_hit_rate']}")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print("PASS shared_prefix")


if __name__ == "__main__":
    main()
