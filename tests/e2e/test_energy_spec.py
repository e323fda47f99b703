#!/usr/bin/env python3
"""End-to-end: GPU energy and speculative decoding against `sonde sim` (started here on a port the
kernel chose), measured by `sonde run --base-url ... --gpu-metrics-url .../gpu-metrics`.

energy: the simulator's /gpu-metrics models power from its GPU profile and exposes
DCGM_FI_DEV_TOTAL_ENERGY_CONSUMPTION (mJ). run.json's per-scenario energy must equal the counter's
difference between the scenario's first and last reading (as telemetry.jsonl recorded them, and
within what an independent scrape before and after the run allows), joules_per_output_token must
be that energy / the scenario's output tokens, and report.md / report.html show it.

spec_decode: `sonde sim --speculative-tokens 3 --acceptance-rate 0.7` emits multi-token chunks and
vllm:spec_decode_* counters; run.json's acceptance_rate must be within 0.05 of 0.7, a chunk
carries several tokens (ITL per chunk > TPOT per token), and report.md explains it. A run without
speculation has no spec_decode key.

Usage: test_energy_spec.py SONDE_BINARY
"""
import json
import pathlib
import re
import shutil
import statistics
import sys
import tempfile
import urllib.request

from e2e_common import Sim, fail, run, validate_schema

SUITE = """scenarios:
  - name: spec
    input_len: 100
    output_len: 256
    requests: 16
    load: closed
    concurrency: 4
"""
IDLE_W, BOARD_W = 70, 700  # data/profiles/gpus.json, h100


def energy_counters(url):
    """{gpu: mJ} of DCGM_FI_DEV_TOTAL_ENERGY_CONSUMPTION on the simulator's /gpu-metrics."""
    text = urllib.request.urlopen(url + "/gpu-metrics", timeout=10).read().decode()
    out = {}
    for line in text.splitlines():
        m = re.match(r'DCGM_FI_DEV_TOTAL_ENERGY_CONSUMPTION\{gpu="(\d+)".*\} (\d+)$', line)
        if m:
            out[int(m.group(1))] = int(m.group(2))
    if not out:
        fail(f"/gpu-metrics has no energy counter:\n{text}")
    return out


def measure(sonde, tmp, name, sim_args):
    sim = Sim(sonde, ["--speed", "1", "--gpus", "2", *sim_args])
    try:
        before = energy_counters(sim.url)
        out = tmp / name
        r = run([sonde, "run", "--base-url", sim.url, "--gpu-metrics-url", sim.url + "/gpu-metrics",
                 "--suite", str(tmp / "suite.yaml"), "--lang", "en", "--out", str(out)], timeout=300)
        if r.returncode != 0:
            fail(f"{name}: sonde run exited {r.returncode}: {r.stderr[-2000:]}")
        after = energy_counters(sim.url)
    finally:
        code = sim.stop()
    if code != 0:
        fail(f"{name}: sonde sim exited {code} on SIGTERM")
    validate_schema(out / "run.json")
    scenario = json.loads((out / "run.json").read_text())["scenarios"][0]
    records = [json.loads(line) for line in (out / "requests.jsonl").read_text().splitlines()]
    return out, scenario, records, before, after


def check_energy(out, scenario, before, after):
    e = scenario.get("energy")
    if not e:
        fail(f"run.json has no energy record: {json.dumps(scenario)[:2000]}")
    if e["source"] != "dcgm:energy_counter":
        fail(f"energy source {e['source']}, want dcgm:energy_counter")
    # The counter's difference over the scenario, from the readings telemetry.jsonl kept.
    readings = {}
    for line in (out / "telemetry.jsonl").read_text().splitlines():
        j = json.loads(line)
        if j.get("scenario") == "spec" and "energy_j" in j:
            readings.setdefault(j["gpu"], []).append(j["energy_j"])
    if sorted(readings) != [0, 1] or any(len(v) < 2 for v in readings.values()):
        fail(f"telemetry.jsonl energy readings per GPU: { {g: len(v) for g, v in readings.items()} }")
    delta_j = sum(v[-1] - v[0] for v in readings.values())
    print(f"energy {e['joules']:.3f} J, counter delta {delta_j:.3f} J, mean {e['mean_power_w']:.1f} W, "
          f"{e['joules_per_output_token']:.5f} J/token over {e['output_tokens']} tokens")
    if abs(e["joules"] - delta_j) > 1e-6 * max(1.0, delta_j):
        fail(f"energy.joules {e['joules']} != counter delta {delta_j} of telemetry.jsonl")
    total_j = sum(after[g] - before[g] for g in after) / 1000
    if not 0 < e["joules"] <= total_j:
        fail(f"energy.joules {e['joules']} not within the whole run's counter delta {total_j}")
    tokens = scenario["summary"]["total_output_tokens"]
    if e["output_tokens"] != tokens or tokens != 16 * 256:
        fail(f"energy.output_tokens {e['output_tokens']}, summary {tokens}, want {16 * 256}")
    if abs(e["joules_per_output_token"] - delta_j / tokens) > 1e-9 * max(1.0, delta_j):
        fail(f"joules_per_output_token {e['joules_per_output_token']} != {delta_j} / {tokens}")
    # GPU 0 runs the engine (between idle and board power); GPU 1 is visible but idle. The
    # simulated clock may lag real time on a busy machine (never lead it): idle power reads low.
    g0, g1 = e["per_gpu"]
    if not 0.75 * IDLE_W <= g1["mean_power_w"] <= 1.05 * IDLE_W:
        fail(f"idle GPU 1 mean power {g1['mean_power_w']} W, want ~{IDLE_W}")
    if not g1["mean_power_w"] < g0["mean_power_w"] <= BOARD_W:
        fail(f"GPU 0 mean power {g0['mean_power_w']} W not above idle GPU 1's and <= {BOARD_W}")
    report = (out / "report.md").read_text()
    cell = f"{e['joules_per_output_token']:.3f} ("
    if "GPU J/token (mean W)" not in report or cell not in report:
        fail(f"report.md lacks the energy column or the cell {cell!r}")
    if "GPU power over time" not in (out / "report.html").read_text():
        fail("report.html lacks the power chart")


def check_spec_decode(out, scenario, records):
    s = scenario.get("spec_decode")
    if not s:
        fail(f"run.json has no spec_decode record: {json.dumps(scenario)[:2000]}")
    print(f"spec_decode: acceptance rate {s['acceptance_rate']:.4f}, mean length "
          f"{s['mean_acceptance_length']:.3f}, {s['drafts']} drafts, per position "
          f"{s['acceptance_rate_per_pos']}")
    if abs(s["acceptance_rate"] - 0.7) > 0.05:
        fail(f"acceptance_rate {s['acceptance_rate']} is not within 0.05 of 0.7")
    if abs(s["acceptance_rate"] - s["accepted_tokens"] / s["draft_tokens"]) > 1e-12:
        fail("acceptance_rate != accepted_tokens / draft_tokens")
    if abs(s["mean_acceptance_length"] - (1 + s["accepted_tokens"] / s["drafts"])) > 1e-12:
        fail("mean_acceptance_length != 1 + accepted_tokens / drafts")
    ratios = []
    for r in records:
        if not r["ok"] or r["output_tokens"] != 256:
            fail(f"request {r['index']}: ok {r['ok']}, output_tokens {r['output_tokens']}")
        chunks = len(r["itl_ms"]) + 1
        if not chunks < 0.6 * r["output_tokens"]:
            fail(f"request {r['index']}: {chunks} chunks for {r['output_tokens']} tokens")
        # TPOT is per token: decode time / (tokens - 1); ITL is per chunk.
        if abs(r["tpot_ms"] - r["decode_ms"] / (r["output_tokens"] - 1)) > 1e-6 * r["decode_ms"]:
            fail(f"request {r['index']}: tpot_ms is not decode_ms / (output_tokens - 1)")
        ratios.append(statistics.mean(r["itl_ms"]) / r["tpot_ms"])
    ratio = statistics.median(ratios)
    print(f"median ITL / TPOT = {ratio:.2f} (about the tokens per chunk, {s['mean_acceptance_length']:.2f})")
    if not ratio > 2:
        fail(f"ITL per chunk is only {ratio:.2f} x TPOT per token")
    report = (out / "report.md").read_text()
    if "ran with speculative decoding" not in report or "ITL is measured per chunk" not in report:
        fail("report.md does not explain speculative decoding's chunks")


def main():
    sonde = sys.argv[1]
    tmp = pathlib.Path(tempfile.mkdtemp(prefix="sonde-e2e-energy-"))
    try:
        (tmp / "suite.yaml").write_text(SUITE)
        out, scenario, records, before, after = measure(
            sonde, tmp, "spec", ["--speculative-tokens", "3", "--acceptance-rate", "0.7"])
        check_energy(out, scenario, before, after)
        check_spec_decode(out, scenario, records)
        out, scenario, records, _, _ = measure(sonde, tmp, "plain", [])
        if "spec_decode" in scenario:
            fail("a run without speculative decoding has spec_decode")
        if "speculative decoding" in (out / "report.md").read_text():
            fail("report.md mentions speculative decoding for a run without it")
        if not scenario.get("energy"):
            fail("the run without speculation has no energy record")
        r = run([sonde, "sim", "--port", "0", "--acceptance-rate", "1.5"], timeout=30)
        if r.returncode != 2 or "--acceptance-rate" not in r.stderr:
            fail(f"--acceptance-rate 1.5: exit {r.returncode}, {r.stderr[-500:]}")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print("ok")


if __name__ == "__main__":
    main()
