#!/usr/bin/env python3
"""`sonde sim` is never mistaken for a real vLLM: it says what it is (x-sonde-sim header on every
response, sonde_sim:info and sonde_sim:time_scale on /metrics), and `sonde run --base-url`
against a `sonde sim --speed 5` records simulated: true, its profile and time scale, converts
times exactly as `sonde run --sim --sim-speed 5` does (TTFT and TPOT p50 within 5 %), and says
so at the top of its report in both languages.
Medians, not means: on a shared 2-core machine one late wake-up of either process would move a
mean of eight requests by more than the time conversion could ever be wrong.

Usage: test_sim_identity.py SONDE_BINARY
Exits non-zero with a message on the first violated expectation.
"""
import json
import pathlib
import sys
import tempfile
import urllib.request

from e2e_common import SANITIZED, Sim, fail, run, validate_schema

SPEED = 5
REQUESTS = 8
# One stream of long prompts: TTFT (~0.85 s simulated, ~170 ms real) and TPOT (each averaged over
# 127 gaps) are far above this machine's scheduling noise once multiplied back by the time scale.
SUITE = f"scenarios:\n  - {{name: long, input_len: 20000, output_len: 128, requests: {REQUESTS}}}\n"


def check_identity(url):
    with urllib.request.urlopen(url + "/v1/models", timeout=10) as r:
        header = r.headers.get("x-sonde-sim")
    if header is None or f"time_scale={SPEED};" not in header or "profile=" not in header:
        fail(f"/v1/models x-sonde-sim header: {header!r}")
    with urllib.request.urlopen(url + "/metrics", timeout=10) as r:
        page = r.read().decode()
    if "sonde_sim:info{" not in page or f"sonde_sim:time_scale {SPEED}.0\n" not in page:
        fail("/metrics lacks sonde_sim:info or sonde_sim:time_scale " + str(SPEED))
    if "vllm:num_requests_running" not in page:
        fail("/metrics no longer speaks vLLM's names")


def summary(out):
    rj = json.loads((out / "run.json").read_text())
    validate_schema(out / "run.json")
    s = rj["scenarios"][0]["summary"]
    if s["failed"] != 0 or s["completed"] != REQUESTS:
        fail(f"{out.name}: {s}")
    return rj, s["ttft_ms"]["p50"], s["tpot_ms"]["p50"]


def main():
    sonde = sys.argv[1]
    with tempfile.TemporaryDirectory() as d:
        tmp = pathlib.Path(d)
        suite = tmp / "suite.yaml"
        suite.write_text(SUITE)
        sim = Sim(sonde, ["--speed", str(SPEED)])
        try:
            check_identity(sim.url)
            by_url = tmp / "by_url"
            r = run([sonde, "run", "--base-url", sim.url, "--suite", str(suite), "--out",
                     str(by_url), "--warmup", "1"])
            if r.returncode != 0:
                fail(f"run --base-url exited {r.returncode}: {r.stderr[-2000:]}")
        finally:
            sim.stop()
        in_process = tmp / "in_process"
        r = run([sonde, "run", "--sim", "--sim-speed", str(SPEED), "--suite", str(suite),
                 "--out", str(in_process), "--warmup", "1"])
        if r.returncode != 0:
            fail(f"run --sim exited {r.returncode}: {r.stderr[-2000:]}")

        url_run, url_ttft, url_tpot = summary(by_url)
        sim_run, sim_ttft, sim_tpot = summary(in_process)
        for key, want in (("simulated", True), ("sim_speed", SPEED), ("sim_detected", True)):
            if url_run.get(key) != want:
                fail(f"--base-url run.json {key} = {url_run.get(key)!r}, expected {want!r}")
        if "sim_detected" in sim_run:
            fail("a --sim run must not say its simulator was detected")
        if not url_run["sim_profile"] or url_run["sim_profile"] != sim_run["sim_profile"]:
            fail(f"profiles differ: {url_run['sim_profile']!r} vs {sim_run['sim_profile']!r}")
        print(f"TTFT p50 {url_ttft:.2f} ms (--base-url) vs {sim_ttft:.2f} ms (--sim); "
              f"TPOT p50 {url_tpot:.3f} vs {sim_tpot:.3f} ms")
        if not SANITIZED:  # -O0 + sanitizers: the client's own delays are not the server's
            for name, a, b in (("TTFT", url_ttft, sim_ttft), ("TPOT", url_tpot, sim_tpot)):
                if abs(a / b - 1) > 0.05:
                    fail(f"{name}: {a:.3f} ms by URL vs {b:.3f} ms with --sim, more than 5 % apart")

        ko = (by_url / "report.md").read_text()
        top = ko[:ko.index("\n## ")] if "\n## " in ko else ko
        if "`sonde sim`이라고 밝혔습니다" not in top or "시뮬레이터" not in top:
            fail("the Korean report must say at its top that the server is sonde's simulator")
        if "x-sonde-sim" not in (by_url / "report.html").read_text():
            fail("report.html lacks the simulator note")
        r = run([sonde, "report", str(by_url), "--lang", "en"], timeout=60)
        if r.returncode != 0:
            fail(f"sonde report --lang en exited {r.returncode}: {r.stderr}")
        en = (by_url / "report.md").read_text()
        top = en[:en.index("\n## ")] if "\n## " in en else en
        if "identified itself as `sonde sim`" not in top:
            fail("the English report must say at its top that the server is sonde's simulator")
    print("ok")


if __name__ == "__main__":
    main()
