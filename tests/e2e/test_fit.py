#!/usr/bin/env python3
"""`sonde fit` checked on the simulator itself: a `sonde sim` with hidden cost-model parameters (a
profile file 17-25 % away from the stock H100 figures, and a KV cache 3 GiB smaller) is measured
with a small seed-like suite, `sonde fit` recovers each parameter within 5 % and the KV-cache size
exactly, and the fitted simulator predicts held-out settings (another concurrency, chunked prefill
off, another --max-num-batched-tokens) within 10 % of the hidden one (TTFT and TPOT medians). Then
`sonde sweep --predict` runs a small sweep of a real-vLLM sweep file on the fitted profile, with
its reports marked as predictions; bad input to `sonde fit` exits 2 and writes nothing.

Usage: test_fit.py SONDE_BINARY
"""
import json
import pathlib
import sys
import tempfile
import urllib.request

from e2e_common import SANITIZED, Sim, fail, run, run_against_sim

HIDDEN = {"flops_efficiency": 0.62, "bandwidth_efficiency": 0.66, "step_overhead_us": 1000.0,
          "seq_overhead_us": 45.0, "interconnect_latency_us": 28.0}
KV_OFFSET = 3 << 30  # bytes per GPU the hidden server keeps back beyond the simulator's accounting
SPEED = 20
# Prompt lengths at one stream (prefill cost and KV read) and concurrencies (decode step cost).
FIT_SUITE = """defaults: {output_len: 48, load: closed, concurrency: 1, requests: 2}
scenarios:
  - {name: in_1k, input_len: 1000}
  - {name: in_4k, input_len: 4000}
  - {name: in_8k, input_len: 8000}
  - {name: c2, input_len: 2000, load: burst, concurrency: 2, requests: 2}
  - {name: c4, input_len: 2000, load: burst, concurrency: 4, requests: 4}
"""
# Held out: one long prompt at a time (its TTFT is the prefill path: one step with chunked prefill
# off, several chunks at a 2048-token budget) and a concurrency the fit never saw (TPOT). The
# TTFT of a burst is not compared: whether the burst's second request joins the first request's
# step is decided by the client threads' sub-millisecond order, a coin toss for the hidden and
# the fitted server alike, and it moves that TTFT by a whole prefill step.
HELD_SUITE = """defaults: {load: closed, concurrency: 1}
scenarios:
  - {name: one_6k, input_len: 6000, output_len: 64, requests: 2}
  - {name: c3, input_len: 2000, output_len: 96, load: burst, concurrency: 3, requests: 3}
"""
HELD_OUT = {"concurrency 3": [], "chunked prefill off": ["--no-enable-chunked-prefill"],
            "max-num-batched-tokens 2048": ["--max-num-batched-tokens", "2048"]}


def hidden_profile(path):
    path.write_text(json.dumps({
        "kind": "sonde fitted simulator profile", "schema_version": 1,
        "gpu_profile": "h100", "model_profile": "llama-3.1-8b",
        "parameters": {k: {"value": v} for k, v in HIDDEN.items()},
        "kv_cache": {"memory_offset_bytes": KV_OFFSET}}))


def check_identity(sonde, profile):
    sim = Sim(sonde, ["--profile-file", str(profile), "--speed", str(SPEED)])
    try:
        with urllib.request.urlopen(sim.url + "/v1/models", timeout=10) as r:
            header = r.headers.get("x-sonde-sim") or ""
        with urllib.request.urlopen(sim.url + "/metrics", timeout=10) as r:
            page = r.read().decode()
    finally:
        sim.stop()
    if f"fitted profile {profile}" not in header:
        fail(f"x-sonde-sim must name the fitted profile: {header!r}")
    if f'fitted_profile="{profile}"' not in page:
        fail("sonde_sim:info must carry fitted_profile=\"FILE\"")


def fit_back(sonde, tmp, hidden):
    suite = tmp / "fit-suite.yaml"
    suite.write_text(FIT_SUITE)
    run_dir = tmp / "measured"
    run_json, _ = run_against_sim(sonde, ["--profile-file", str(hidden), "--speed", str(SPEED)],
                                  ["--suite", str(suite), "--lang", "en"], run_dir, "fit suite")
    if not run_json.get("sim_detected") or "fitted profile" not in run_json["sim_profile"]:
        fail(f"run.json must record the fitted simulator: {run_json['sim_profile']!r}")
    fitted = tmp / "fitted.json"
    r = run([sonde, "fit", str(run_dir), "--out", str(fitted)], timeout=120)
    if r.returncode != 0:
        fail(f"sonde fit exited {r.returncode}: {r.stderr[-2000:]}")
    print(r.stdout)
    if "Residuals" not in r.stdout or "RMS error" not in r.stdout:
        fail("sonde fit must print the residuals")
    prof = json.loads(fitted.read_text())
    for key in ("gpu_profile", "model_profile", "vllm_version", "runs", "parameters", "residuals",
                "kv_cache", "fit"):
        if key not in prof:
            fail(f"profile.json lacks {key}")
    if prof["runs"][0]["dir"] != str(run_dir) or not prof["runs"][0]["server_settings"]:
        fail(f"profile.json must name its run and the settings seen: {prof['runs']}")
    for name, want in HIDDEN.items():
        got = prof["parameters"][name]["value"]
        err = got / want - 1
        print(f"recovered {name}: {got:.6g} (hidden {want:.6g}, {100 * err:+.2f} %)")
        # -O0 + sanitizers: the simulator's own CPU time shows in the step times it reports at
        # 10x, so the figures fitted are not the hidden ones; the pipeline still runs end to end.
        if abs(err) > 0.05 and not SANITIZED:
            fail(f"{name}: fitted {got}, hidden {want}: more than 5 % off")
    kv = prof["kv_cache"]
    if kv.get("num_gpu_blocks") is None or kv["memory_offset_bytes"] == 0:
        fail(f"the KV-cache size must be fitted from num_gpu_blocks: {kv}")
    if abs(kv["memory_offset_bytes"] - KV_OFFSET) > 32 << 10 * 16:  # within one block (2 MiB)
        fail(f"KV memory offset {kv['memory_offset_bytes']}, hidden {KV_OFFSET}")
    return fitted


def medians(sonde, tmp, profile, extra, name):
    suite = tmp / "held-suite.yaml"
    suite.write_text(HELD_SUITE)
    run_json, _ = run_against_sim(
        sonde, ["--profile-file", str(profile), "--speed", str(SPEED // 2), *extra],
        ["--suite", str(suite), "--lang", "en"], tmp / name, name)
    one, c3 = (x["summary"] for x in run_json["scenarios"])
    if one["failed"] + c3["failed"] != 0:
        fail(f"{name}: requests failed")
    blocks = [x["value"] for x in run_json["server"]["settings"] if x["name"] == "num-gpu-blocks"]
    return one["ttft_ms"]["p50"], one["tpot_ms"]["p50"], c3["tpot_ms"]["p50"], blocks


def held_out(sonde, tmp, hidden, fitted):
    worst = 0.0
    for i, (label, extra) in enumerate(HELD_OUT.items()):
        hidden_m = medians(sonde, tmp, hidden, extra, f"hidden{i}")
        fitted_m = medians(sonde, tmp, fitted, extra, f"fitted{i}")
        errors = [f / h - 1 for f, h in zip(fitted_m[:3], hidden_m[:3])]
        print(f"held out, {label}: fitted vs hidden: one_6k TTFT p50 {fitted_m[0]:.1f} vs "
              f"{hidden_m[0]:.1f} ms ({100 * errors[0]:+.1f} %), TPOT p50 {fitted_m[1]:.3f} vs "
              f"{hidden_m[1]:.3f} ms ({100 * errors[1]:+.1f} %); c3 TPOT p50 {fitted_m[2]:.3f} vs "
              f"{hidden_m[2]:.3f} ms ({100 * errors[2]:+.1f} %); KV blocks {fitted_m[3]} vs "
              f"{hidden_m[3]}")
        if hidden_m[3] != fitted_m[3]:
            fail(f"{label}: KV cache {fitted_m[3]} blocks fitted vs {hidden_m[3]} hidden")
        worst = max([worst] + [abs(e) for e in errors])
    if worst > 0.10 and not SANITIZED:
        fail(f"a held-out prediction is {100 * worst:.1f} % off the hidden simulator (> 10 %)")


def predicted_sweep(sonde, tmp, fitted):
    suite = tmp / "sweep-suite.yaml"
    suite.write_text("scenarios:\n  - {name: s, input_len: 2000, output_len: 16, requests: 2}\n")
    sweep = tmp / "sweep.yaml"
    sweep.write_text(
        "server:\n  command: vllm serve meta-llama/Llama-3.1-8B-Instruct\n"
        "  args: {trust-remote-code: true}\n"
        "axes:\n  max-num-batched-tokens: [2048, 8192]\n"
        f"suite: {suite.name}\n")
    out = tmp / "predicted"
    r = run([sonde, "sweep", "--predict", str(fitted), str(sweep), "--out", str(out), "--lang",
             "en"], timeout=300)
    if r.returncode != 0:
        fail(f"sonde sweep --predict exited {r.returncode}: {r.stderr[-2000:]}")
    if "dropped --trust-remote-code" not in r.stderr:
        fail("--predict must say which flags the simulator does not model")
    sj = json.loads((out / "sweep.json").read_text())
    if sj.get("predicted_from_profile") != str(fitted):
        fail(f"sweep.json predicted_from_profile: {sj.get('predicted_from_profile')!r}")
    if [p["status"] for p in sj["points"]] != ["ok", "ok"]:
        fail(f"predicted points: {[(p['name'], p['status'], p.get('reason')) for p in sj['points']]}")
    md = (out / "report.md").read_text()
    top = md[:md.index("\n## ")]
    if f"Predicted from a fitted simulator profile (`{fitted}`)" not in top:
        fail("report.md must say at its top that the sweep is predicted")
    if "Predicted from a fitted simulator profile" not in (out / "report.html").read_text():
        fail("report.html must say the sweep is predicted")
    print("\n".join(md.splitlines()[:12]))


def bad_input(sonde, tmp, measured):
    out = tmp / "never.json"
    empty = tmp / "empty"
    empty.mkdir()
    r = run([sonde, "fit", str(empty), "--out", str(out)], timeout=60)
    if r.returncode != 2 or "no run.json" not in r.stderr or out.exists():
        fail(f"fit of a directory without run.json: exit {r.returncode}, {r.stderr!r}")
    one = tmp / "one"
    suite = tmp / "one-suite.yaml"
    suite.write_text("scenarios:\n  - {name: a, input_len: 1000, output_len: 8, requests: 1}\n"
                     "  - {name: b, input_len: 3000, output_len: 8, requests: 1}\n")
    r = run([sonde, "run", "--sim", "--sim-speed", str(SPEED), "--suite", str(suite), "--out",
             str(one)], timeout=120)
    if r.returncode != 0:
        fail(f"run --sim exited {r.returncode}: {r.stderr[-1000:]}")
    r = run([sonde, "fit", str(one), "--out", str(out)], timeout=60)
    if r.returncode != 2 or "two or more concurrencies" not in r.stderr or out.exists():
        fail(f"fit of a run at one concurrency: exit {r.returncode}, {r.stderr!r}")


def main():
    sonde = sys.argv[1]
    with tempfile.TemporaryDirectory() as d:
        tmp = pathlib.Path(d)
        hidden = tmp / "hidden.json"
        hidden_profile(hidden)
        check_identity(sonde, hidden)
        fitted = fit_back(sonde, tmp, hidden)
        held_out(sonde, tmp, hidden, fitted)
        predicted_sweep(sonde, tmp, fitted)
        bad_input(sonde, tmp, tmp / "measured")
    print("ok")


if __name__ == "__main__":
    main()
