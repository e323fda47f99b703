#!/usr/bin/env python3
"""`sonde sweep` takes the measurement flags of `sonde run` and a sweep file's `run:` block
(command-line flags win), records them in every point's run.json `options`, and they take effect:
the seed gives the same arrival schedule as `sonde run --seed` (and another seed does not), the
endpoint and HTTP client are the ones used, and `--timeout-s 0.5` against a slow point (a
simulator at half speed, long outputs) records timeouts while the fast point has none (the slow
point's run is then invalid: invalid_run, sweep exit 5).

Usage: test_sweep_run_options.py SONDE_BINARY
"""
import json
import pathlib
import sys
import tempfile

from e2e_common import fail, run, validate_schema

SUITE = """\
scenarios:
  # Open-loop arrivals are drawn from --seed: the schedule shows which seed was in force.
  - {name: arrivals, input_len: 64, output_len: 4, load: rate, request_rate: 20, requests: 6}
  # At half speed 128 tokens take seconds: past a 0.5 s timeout. At 40x: well within.
  - {name: long, input_len: 64, output_len: 128, concurrency: 2, requests: 2}
"""

SWEEP = """\
server:
  command: [sonde, sim]
  startup_timeout_s: 60
axes:
  speed: [40, 0.5]
suite: suite.yaml
run:
  seed: 7
  warmup: 0
  timeout_s: 30          # the command line's --timeout-s wins
  endpoint: /v1/completions
  corpus: en
  http_client: curl
  max_error_rate: 0.9/40
  client_threads: 1
"""

FLAGS = ["--timeout-s", "0.5", "--retries", "2", "--grace-s", "3", "--idle-timeout-s", "60",
         "--insecure", "--new-connection-per-request", "--api-key-env", "SONDE_E2E_NO_SUCH_KEY",
         "--lang", "en"]

# What every point's run.json must record: the file's values, overridden by the flags.
EXPECTED = {
    "seed": 7, "warmup": 0, "timeout_s": 0.5, "endpoint": "/v1/completions", "corpus": "en",
    "http_client": "curl", "max_error_rate": 0.9, "max_error_window": 40, "client_threads": 1,
    "retries": 2, "grace_s": 3, "idle_timeout_s": 60, "insecure": True, "tls_verify": False,
    "new_connection_per_request": True, "api_key_env": "SONDE_E2E_NO_SUCH_KEY",
    "api_key_file": "", "lang": "en", "ignore_eos": True, "first_token_timeout_s": 0,
}


def arrival_offsets(run_dir: pathlib.Path) -> list:
    """Intended send instants of the `arrivals` scenario, relative to its first, in ms."""
    starts = [json.loads(line)["intended_start_ms"]
              for line in (run_dir / "requests.jsonl").read_text().splitlines()
              if json.loads(line)["scenario"] == "arrivals"]
    if len(starts) != 6:
        fail(f"{run_dir}: expected 6 requests of scenario arrivals, found {len(starts)}")
    starts.sort()
    return [s - starts[0] for s in starts]


def same(a: list, b: list) -> bool:
    return len(a) == len(b) and all(abs(x - y) < 0.01 for x, y in zip(a, b))


def check_point(out: pathlib.Path, name: str) -> dict:
    run_json = out / "points" / name / "run.json"
    validate_schema(run_json, f"{name} run.json")
    r = json.loads(run_json.read_text())
    for key, want in EXPECTED.items():
        if r["options"].get(key) != want:
            fail(f"{name}: options.{key} is {r['options'].get(key)!r}, expected {want!r}")
    if r["target"]["endpoint"] != "/v1/completions":
        fail(f"{name}: requests went to {r['target']['endpoint']}, not the run: block's endpoint")
    for sc in r["scenarios"]:
        if (sc.get("client_health") or {}).get("transport") != "curl":
            fail(f"{name}/{sc['name']}: transport {sc.get('client_health')}, expected curl")
    if not any("--insecure" in w for w in r["warnings"]):
        fail(f"{name}: --insecure must be warned about in run.json: {r['warnings']}")
    return r


def timeouts(r: dict, scenario: str) -> int:
    sc = next(s for s in r["scenarios"] if s["name"] == scenario)
    return sum(n for kind, n in sc["summary"]["errors"].items() if kind.startswith("timeout"))


def main():
    sonde = sys.argv[1]
    with tempfile.TemporaryDirectory(prefix="sonde-sweep-opts-") as tmp_name:
        tmp = pathlib.Path(tmp_name)
        (tmp / "suite.yaml").write_text(SUITE)
        (tmp / "sweep.yaml").write_text(SWEEP)

        # A misspelt key is refused, naming it and the allowed ones.
        (tmp / "bad.yaml").write_text(SWEEP.replace("timeout_s: 30", "timeout-s: 30"))
        r = run([sonde, "sweep", str(tmp / "bad.yaml"), "--dry-run"], timeout=30)
        if r.returncode != 2 or "run.timeout-s" not in r.stderr or "write it as timeout_s" not in r.stderr \
                or "allowed:" not in r.stderr:
            fail(f"an unknown run: key must be refused with its name and the allowed keys: {r.stderr}")

        out = tmp / "sweep"
        r = run([sonde, "sweep", str(tmp / "sweep.yaml"), "--out", str(out), *FLAGS], timeout=120)
        # Both long requests of the slow point time out: that point's run fails closed
        # (invalid_run) and the sweep exits 5 once everything is written.
        if r.returncode != 5:
            fail(f"sweep exited {r.returncode}, expected 5 (the slow point's run is invalid): "
                 f"{r.stderr[-3000:]}")
        status = {p["name"]: p["status"] for p in json.loads((out / "sweep.json").read_text())["points"]}
        if status != {"p01": "ok", "p02": "invalid_run"}:
            fail(f"statuses {status}, expected p01 ok and p02 invalid_run")
        fast = check_point(out, "p01")
        slow = check_point(out, "p02")
        if timeouts(fast, "long") != 0:
            fail(f"the fast point must not time out: {fast['scenarios'][1]['summary']['errors']}")
        if timeouts(slow, "long") != 2:
            fail(f"--timeout-s 0.5 must time out both long requests of the half-speed point: "
                 f"{slow['scenarios'][1]['summary']['errors']}")
        title = (out / "report.md").read_text().splitlines()[0]
        if title != "# vLLM settings sweep report":
            fail(f"--lang en: the sweep report must be in English, starts with {title!r}")

        # The same seed through `sonde run` gives the same schedule; another seed does not.
        schedules = {}
        for seed in ("7", "8"):
            d = tmp / f"run-{seed}"
            r = run([sonde, "run", "--sim", "--sim-speed", "40", "--suite", str(tmp / "suite.yaml"),
                     "--seed", seed, "--warmup", "0", "--out", str(d)], timeout=60)
            if r.returncode != 0:
                fail(f"sonde run --seed {seed} exited {r.returncode}: {r.stderr[-2000:]}")
            schedules[seed] = arrival_offsets(d)
        point = arrival_offsets(out / "points" / "p01")
        if not same(point, schedules["7"]):
            fail(f"seed 7: the sweep point's arrivals {point} differ from sonde run's {schedules['7']}")
        if same(point, schedules["8"]):
            fail(f"seed 8 gave the same arrivals as seed 7: the seed has no effect ({point})")
    print("ok: sweep_run_options")


if __name__ == "__main__":
    main()
