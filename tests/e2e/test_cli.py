#!/usr/bin/env python3
"""End-to-end tests of the sonde CLI against the real simulator (and bad targets).

Usage: test_cli.py SONDE_BINARY CASE   (CASE: seed_suite | unreachable | bad_suite | sim_server |
                                         report_rebuild)
Each case starts real processes on loopback ports chosen at run time and exits non-zero with a
message on the first violated expectation.
"""
import json
import os
import pathlib
import re
import shutil
import signal
import subprocess
import time

from e2e_common import ROOT, SANITIZED, case_main, fail, run, Sim, validate_schema


def check_seed_run(out, expect_sim=True):
    run_json = json.loads((out / "run.json").read_text())
    validate_schema(out / "run.json")
    if run_json["complete"] is not True:
        fail("run.json complete is not true")
    if run_json["simulated"] is not expect_sim:
        fail("run.json simulated flag wrong")
    names = [s["name"] for s in run_json["scenarios"]]
    want = ["short_1k", "mid_3k", "long_6k", "verylong_10k",
            "concurrency_1", "concurrency_2", "concurrency_4", "concurrency_8"]
    if names != want:
        fail(f"scenarios {names} != {want}")
    lines = [json.loads(l) for l in (out / "requests.jsonl").read_text().splitlines() if l.strip()]
    for s in run_json["scenarios"]:
        m = s["summary"]
        if not (m["completed"] > 0 and m["failed"] == 0):
            fail(f"{s['name']}: completed={m['completed']} failed={m['failed']} errors={m['errors']}")
        if m["output_len_mismatches"] != 0:
            fail(f"{s['name']}: {m['output_len_mismatches']} output length mismatches")
        mine = [r for r in lines if r["scenario"] == s["name"]]
        if len(mine) != s["requests"]:
            fail(f"{s['name']}: {len(mine)} journal lines, expected {s['requests']}")
        for r in mine:
            if r["output_tokens"] != s["output_len"] or r["output_tokens_estimated"]:
                fail(f"{s['name']}#{r['index']}: output_tokens {r['output_tokens']} != {s['output_len']}")
            tol = max(0.01 * s["input_len"], 2)
            if abs(r["input_tokens"] - s["input_len"]) > tol:
                fail(f"{s['name']}#{r['index']}: input_tokens {r['input_tokens']} not within ±1% of {s['input_len']}")
            if not (r["ttft_ms"] > 0 and r["tpot_ms"] > 0 and r["e2el_ms"] >= r["ttft_ms"]):
                fail(f"{s['name']}#{r['index']}: implausible timing {r}")
        if s["prompt_calibration"]["method"] != "tokenize":
            fail(f"{s['name']}: calibration method {s['prompt_calibration']['method']}")
        if not (out / "vllm" / f"{s['name']}.json").is_file():
            fail(f"vllm/{s['name']}.json missing")
    check_server_side(run_json, lines)
    ids = [r["x_request_id"] for r in lines]
    if len(set(ids)) != len(ids):
        fail("x-request-ids are not unique")
    report = (out / "report.md").read_text()
    for needed in ["1.", "2.", "3.", "4.", "5.", "short_1k", "concurrency_8"]:
        if needed not in report:
            fail(f"report.md lacks '{needed}'")
    return run_json


def check_server_side(run_json, lines):
    """Issue 3: environment, settings with sources, per-scenario server metrics and GPU memory."""
    env = run_json.get("environment")
    if not env or not env.get("cpu", {}).get("model") or env["gpus"]["count"] < 1:
        fail(f"environment not recorded: {env}")
    settings = run_json["server"]["settings"]
    if not settings or any(not s["source"] for s in settings):
        fail(f"server.settings missing or without sources: {settings}")
    if not any(s["source"] == "cache_config_info" for s in settings):
        fail("settings were not cross-checked with vllm:cache_config_info")
    for s in run_json["scenarios"]:
        sm, gm = s.get("server_metrics"), s.get("gpu_memory")
        if not sm or not gm:
            fail(f"{s['name']}: server_metrics or gpu_memory missing")
        for key in ["queue_ms", "prefill_ms", "decode_ms", "ttft_ms", "itl_ms", "e2el_ms",
                    "kv_cache_usage_peak", "num_preemptions", "prefix_cache_hit_rate",
                    "prompt_tokens", "generation_tokens"]:
            if key not in sm:
                fail(f"{s['name']}: server_metrics lacks {key}")
        mine = [r for r in lines if r["scenario"] == s["name"] and r["ok"]]
        client_in = sum(r["input_tokens"] for r in mine)
        client_out = sum(r["output_tokens"] for r in mine)
        if (sm["prompt_tokens"], sm["generation_tokens"]) != (client_in, client_out):
            fail(f"{s['name']}: server counted {sm['prompt_tokens']}+{sm['generation_tokens']} tokens, "
                 f"client {client_in}+{client_out}")
        if sm["prefix_cache_hit_rate"] not in (0, 0.0, None):
            fail(f"{s['name']}: unique prompts must not hit the prefix cache: {sm['prefix_cache_hit_rate']}")
        g = gm["gpus"][0]
        if not (g["peak_used_bytes"] and g["total_bytes"] and g["peak_used_bytes"] <= g["total_bytes"]):
            fail(f"{s['name']}: implausible gpu_memory {gm}")
        if sm["prefill_ms"]["count"] != len(mine):
            fail(f"{s['name']}: server saw {sm['prefill_ms']['count']} prefills for {len(mine)} requests")


def case_prefix_cache(sonde, tmp):
    out = tmp / "pc"
    suite = tmp / "pc.yaml"
    suite.write_text("scenarios:\n"
                     "  - {name: same, input_len: 2000, output_len: 16, requests: 4, repeat_prompt: true}\n"
                     "  - {name: unique, input_len: 2000, output_len: 16, requests: 4}\n")
    r = run([sonde, "run", "--sim", "--suite", str(suite), "--out", str(out), "--lang", "en"], timeout=120)
    if r.returncode != 0:
        fail(f"run exited {r.returncode}: {r.stderr}")
    rj = json.loads((out / "run.json").read_text())
    same, unique = rj["scenarios"]
    if not same["server_metrics"]["prefix_cache_hit_rate"] > 0.5:
        fail(f"repeated prompt: hit rate {same['server_metrics']['prefix_cache_hit_rate']}")
    if unique["server_metrics"]["prefix_cache_hit_rate"] != 0:
        fail(f"unique prompts: hit rate {unique['server_metrics']['prefix_cache_hit_rate']}")
    # Under the sanitizer job the server's own TTFT (simulated time), as client-side figures are
    # too slow there to show the effect reliably.
    ttft = (lambda s: s["server_metrics"]["ttft_ms"]["mean"]) if SANITIZED else (lambda s: s["summary"]["ttft_ms"]["p50"])
    if not ttft(same) < ttft(unique):
        fail(f"cached prompts must reach the first token sooner: {ttft(same)} vs {ttft(unique)} ms")
    report = (out / "report.md").read_text()
    if "prefix" not in report.lower() or "same" not in report:
        fail("report.md does not warn about the prefix-cache hits of scenario 'same'")


def case_transports(sonde, tmp):
    """Both transports measure the same simulated server alike, and run.json says which ran."""
    suite = tmp / "t.yaml"
    suite.write_text("scenarios:\n"
                     "  - {name: c4, input_len: 500, output_len: 32, requests: 8, concurrency: 4}\n")
    for client in ("native", "curl"):
        out = tmp / client
        r = run([sonde, "run", "--sim", "--suite", str(suite), "--out", str(out), "--lang", "en",
                 "--http-client", client, "--warmup", "0"], timeout=120)
        if r.returncode != 0:
            fail(f"--http-client {client}: run exited {r.returncode}: {r.stderr[-2000:]}")
        scenario = json.loads((out / "run.json").read_text())["scenarios"][0]
        if scenario["client_health"]["transport"] != client:
            fail(f"--http-client {client}: client_health.transport is {scenario['client_health']['transport']!r}")
        lines = [json.loads(x) for x in (out / "requests.jsonl").read_text().splitlines() if x.strip()]
        measured = [x for x in lines if x.get("scenario") == "c4"]
        if len(measured) != 8 or not all(x["ok"] for x in measured):
            fail(f"--http-client {client}: {len(measured)} records, errors "
                 f"{[x.get('error') for x in measured if not x['ok']]}")
        if any(x["output_tokens"] != 32 for x in measured):
            fail(f"--http-client {client}: output tokens {[x['output_tokens'] for x in measured]}")
    r = run([sonde, "run", "--sim", "--suite", str(suite), "--out", str(tmp / "bad"),
             "--http-client", "h3"], timeout=60)
    if r.returncode != 2 or "--http-client" not in r.stderr:
        fail(f"--http-client h3: exit {r.returncode}, stderr {r.stderr[-500:]!r}")


def sim_processes(tag):
    """PIDs of live processes whose command line carries `tag` (zombies excluded)."""
    pids = []
    for d in pathlib.Path("/proc").iterdir():
        if not d.name.isdigit():
            continue
        try:
            cmd = (d / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
            state = (d / "stat").read_text().split(")")[-1].split()[0]
        except OSError:
            continue
        if tag in cmd and state != "Z":
            pids.append(int(d.name))
    return pids


def sweep_file(tmp, tag, extra_points=""):
    """examples/sweep-sim.yaml with a tag in the server's args, so this test finds its children."""
    text = (ROOT / "examples/sweep-sim.yaml").read_text()
    text = text.replace("    max-model-len: 12288\n", f"    max-model-len: 12288\n    served-model-name: {tag}\n")
    text = text.replace("suite: sweep-suite.yaml", f"suite: {ROOT / 'examples/sweep-suite.yaml'}")
    path = tmp / "sweep.yaml"
    path.write_text(text + extra_points)
    return path


def point(sweep, name):
    return next(p for p in sweep["points"] if p["name"] == name)


def scen(p, name):
    return next(s for s in p["runs"][0]["scenarios"] if s["name"] == name)["summary"]


def findings_section(report, title):
    """The items under one conclusions heading ("### title") of a report.md."""
    at = report.find(f"### {title}\n")
    if at < 0:
        fail(f"report.md has no conclusions item '{title}'")
    rest = report[at + len(title) + 5:]
    ends = [i for i in (rest.find("\n### "), rest.find("\n## ")) if i >= 0]
    return rest[:min(ends)] if ends else rest


def ok_points(sw):
    return [p for p in sw["points"] if p["status"] == "ok" and p["runs"]]


def point_mean(p, scenario, read):
    vals = [read(s["summary"]) for r in p["runs"] for s in r["scenarios"] if s["name"] == scenario]
    vals = [v for v in vals if v is not None]
    return sum(vals) / len(vals) if vals else None


def check_sweep_findings(sonde, out, sw):
    """Section 5 of the sweep report against sweep.json, computed here independently."""
    report = (out / "report.md").read_text()
    # Chunked prefill: verylong_10k's ITL p99 (streams decoding while 10k prompts arrive) must be
    # named as helped by ON, with a minus sign, and the sign must match sweep.json. Under the
    # sanitizer job (SONDE_E2E_SANITIZED, set by scripts/sanitize.sh) the -O0 simulator cannot
    # keep its 20x pace, so the effect itself is not asserted there, only that the finding states
    # what sweep.json holds.
    chunk = findings_section(report, "Whether chunked prefill helped")
    helped = chunk.split("ON helped:")[1].split("ON hurt:")[0] if "ON helped:" in chunk else ""
    hurt = chunk.split("ON hurt:")[1] if "ON hurt:" in chunk else ""
    on = [p for p in ok_points(sw) if p["settings"].get("enable-chunked-prefill") == "true"]
    off = [p for p in ok_points(sw) if p["settings"].get("enable-chunked-prefill") == "false"]
    if not (on and off):
        fail(f"sweep.json needs chunked prefill ON and OFF points: {[p['name'] for p in ok_points(sw)]}")
    itl = lambda ps: sum(point_mean(p, "verylong_10k", lambda s: s["itl_ms"]["p99"]) for p in ps) / len(ps)
    needle = r"`verylong_10k` \(10,000 tok\) ITL p99 ([+−])"
    said_helped, said_hurt = re.search(needle, helped), re.search(needle, hurt)
    if not SANITIZED:
        if not said_helped or said_helped.group(1) != "−":
            fail(f"chunked prefill must be said to lower verylong_10k's ITL p99: {chunk}")
        if not itl(on) < itl(off):
            fail(f"sweep.json: ITL p99 of verylong_10k ON {itl(on)} vs OFF {itl(off)}")
    elif (said_helped and itl(on) > itl(off)) or (said_hurt and itl(on) < itl(off)):
        fail(f"the chunked prefill finding contradicts sweep.json (ITL p99 of verylong_10k ON "
             f"{itl(on)} vs OFF {itl(off)}): {chunk}")
    # Memory limit: for every KV cache size a point reported, the requests of 10k tokens it holds,
    # as the findings state it, equals the simulator's own start-up line scaled to 10k.
    mem = findings_section(report, "GPU memory limit")
    for p in ok_points(sw):
        facts = p["startup_facts"]
        per_req_blocks = -(-facts["max_concurrency_tokens"] // 16)
        from_line = facts["max_concurrency"] * per_req_blocks / 625  # 10,000 tokens = 625 blocks
        from_size = facts["kv_cache_tokens"] / 10000
        if abs(from_line - from_size) > 0.01 * from_size:
            fail(f"{p['name']}: start-up line {from_line} vs KV cache size {from_size} at 10k")
        whole = int(from_size)  # requests that fit: whole ones
        if f"{whole:,} of 10k" not in mem or f"{facts['max_concurrency']:.2f}x" not in mem:
            fail(f"{p['name']}: memory finding lacks {whole:,} at 10k or the line's x: {mem}")
    # Recommendation for --goal throughput: the point with the highest mean output tok/s over the
    # highest-concurrency scenarios, computed here from sweep.json.
    r = run([sonde, "report", str(out), "--lang", "en", "--format", "md", "--goal", "throughput"], timeout=120)
    if r.returncode != 0:
        fail(f"sonde report --goal throughput exited {r.returncode}: {r.stderr}")
    rec = findings_section((out / "report.md").read_text(), "Recommended settings")
    m = re.search(r"use (p\d+) ", rec)
    if not m:
        fail(f"no recommended point: {rec}")
    scen = [s for s in ok_points(sw)[0]["runs"][0]["scenarios"]]
    top_c = max(s["concurrency"] for s in scen if s["load"] != "rate")
    busy = [s["name"] for s in scen if s["load"] != "rate" and s["concurrency"] == top_c]
    score = {p["name"]: sum(point_mean(p, n, lambda s: s["output_throughput"]) for n in busy) / len(busy)
             for p in ok_points(sw)}
    best = max(score.values())
    if score.get(m.group(1), 0) < best:
        fail(f"recommended {m.group(1)} ({score.get(m.group(1))} tok/s) is not the best: {score}")
    print(f"recommended {m.group(1)} at {score[m.group(1)]:.1f} tok/s; scores {score}")


def case_sweep(sonde, tmp):
    tag = f"sweeptest{os.getpid()}"
    path = sweep_file(tmp, tag)
    r = run([sonde, "sweep", str(path), "--dry-run"], timeout=60)
    if r.returncode != 0 or len([l for l in r.stdout.splitlines() if " sim " in l and not l.startswith("#")]) != 7:
        fail(f"dry run: {r.returncode} {r.stdout}")
    if "--no-enable-chunked-prefill" not in r.stdout or "invalid_config" not in r.stdout:
        fail("dry run must render booleans as vLLM flags and catch what vLLM would reject")
    out = tmp / "sw"
    t0 = time.monotonic()
    r = run([sonde, "sweep", str(path), "--out", str(out), "--lang", "en"], timeout=300)
    wall = time.monotonic() - t0
    if r.returncode != 0:
        fail(f"sweep exited {r.returncode}: {r.stderr[-2000:]}")
    sw = json.loads((out / "sweep.json").read_text())
    status = {p["name"]: p["status"] for p in sw["points"]}
    want = {"p01": "ok", "p02": "ok", "p03": "ok", "p04": "ok", "p05": "invalid_config",
            "p06": "invalid_config", "p07": "invalid_config", "p08": "invalid_config",
            "p09": "ok", "p10": "ok", "p11": "oom_startup"}
    if status != want:
        fail(f"statuses {status}")
    oom = point(sw, "p11")
    if not any("CUDA out of memory" in l for l in oom["failure"]["log_excerpt"]):
        fail("the oom_startup point must quote its log line")
    # Directions a vLLM user expects.
    on, off = point(sw, "p01"), point(sw, "p09")  # chunked 2048 vs off, TP 1
    # The server's own TTFT (simulated time, free of this machine's scheduling noise, which the
    # simulator's 20x speed-up magnifies in client-side figures).
    server_ttft = lambda p: next(s for s in p["runs"][0]["scenarios"] if s["name"] == "lone_10k")["server_metrics"]["ttft_ms"]["mean"]
    if not server_ttft(off) < server_ttft(on):
        fail(f"chunked prefill off must give a lone long prompt a lower TTFT: {server_ttft(off)} vs {server_ttft(on)}")
    # Likewise the server's ITL p99: client-side gaps at 20x carry this machine's noise, which
    # under the sanitizer job (-O0, two tests at a time) reached the size of the effect itself.
    server_itl_p99 = lambda p: next(s for s in p["runs"][0]["scenarios"] if s["name"] == "verylong_10k")["server_metrics"]["itl_ms"]["p99"]
    if not server_itl_p99(off) > server_itl_p99(on):
        fail(f"chunked prefill off must worsen ITL p99 of running streams while long prompts "
             f"arrive: {server_itl_p99(off)} vs {server_itl_p99(on)}")
    tp1, tp2 = point(sw, "p03"), point(sw, "p04")
    server_itl = lambda p: next(s for s in p["runs"][0]["scenarios"] if s["name"] == "short_1k")["server_metrics"]["itl_ms"]["mean"]
    if not server_itl(tp2) < server_itl(tp1):
        fail(f"tensor-parallel-size 2 must lower the per-token latency: {server_itl(tp2)} vs {server_itl(tp1)}")
    report = (out / "report.md").read_text()
    if "## 4. Chunked prefill comparison" not in report or "| verylong_10k | 10000 |" not in report:
        fail("report.md section 4 not filled")
    if "<svg" not in (out / "report.html").read_text() or not (out / "summary.csv").is_file():
        fail("the sweep must also write report.html (with charts) and summary.csv")
    for p in sw["points"]:
        if p["stop"] and not (p["stop"]["group_gone"] and p["stop"]["port_free"]):
            fail(f"{p['name']}: server not fully stopped: {p['stop']}")
    if sim_processes(tag):
        fail(f"servers left behind: {sim_processes(tag)}")
    r = run([sonde, "compare", str(out / "points/p01"), str(out / "points/p09"), "--labels", "ON,OFF",
             "--lang", "en"], timeout=60)
    if r.returncode != 0 or "| lone_10k | 10000 |" not in r.stdout.split("## 4.")[1]:
        fail(f"sonde compare did not fill the ON/OFF table: {r.returncode} {r.stdout[:500]} {r.stderr}")
    check_sweep_findings(sonde, out, sw)
    print(f"sweep of {len(sw['points'])} points: {wall:.1f} s")


def case_sweep_interrupted(sonde, tmp):
    tag = f"sweepint{os.getpid()}"
    path = sweep_file(tmp, tag)
    out = tmp / "swi"
    proc = subprocess.Popen([sonde, "sweep", str(path), "--out", str(out)], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        line = proc.stderr.readline()
        if line.startswith("sweep p02: ") and "=" in line:
            break  # the second point's server is up or starting
    time.sleep(0.5)
    if not sim_processes(tag):
        fail("no server running at the moment of the interrupt: the test did not test anything")
    proc.send_signal(signal.SIGINT)
    try:
        code = proc.wait(timeout=60)
    except subprocess.TimeoutExpired:
        proc.kill()
        fail("sweep did not stop within 60 s of SIGINT")
    if code != 130:
        fail(f"interrupted sweep exited {code}, expected 130")
    sw = json.loads((out / "sweep.json").read_text())
    if sw["complete"]:
        fail("interrupted sweep.json must say complete: false")
    if sim_processes(tag):
        fail(f"servers left behind after SIGINT: {sim_processes(tag)}")


def case_kv_insufficient(sonde, tmp):
    path = tmp / "kv.yaml"
    path.write_text(f"server:\n  command: [sh, {ROOT / 'tests/fixtures/server/kv_cache_insufficient.sh'}]\n"
                    "  startup_timeout_s: 20\naxes:\n  max-model-len: [131072]\n"
                    "suite_params: {input_lens: [100], concurrency: [1], requests_per_level: 1}\n")
    out = tmp / "kv"
    r = run([sonde, "sweep", str(path), "--out", str(out)], timeout=60)
    if r.returncode != 0:
        fail(f"sweep exited {r.returncode}: {r.stderr}")
    p = json.loads((out / "sweep.json").read_text())["points"][0]
    if p["status"] != "kv_cache_insufficient" or p["failure"]["estimated_max_model_len"] != 112064:
        fail(f"expected kv_cache_insufficient with estimated max length 112064: {p['status']} {p['failure']}")


def case_seed_suite(sonde, tmp):
    out = tmp / "seed"
    t0 = time.monotonic()
    r = run([sonde, "run", "--sim", "--out", str(out)], timeout=600)
    wall = time.monotonic() - t0
    if r.returncode != 0:
        fail(f"sonde run --sim exited {r.returncode}: {r.stderr[-2000:]}")
    run_json = check_seed_run(out)
    report = (out / "report.md").read_text()
    if "**" not in report.split("\n## ")[0]:
        fail("a simulated run must say so in bold at the top of the report")
    if "Results:" not in r.stdout or "report.md" not in r.stdout:
        fail("stdout does not say where the report is")
    print(f"seed suite on the simulator: {wall:.1f} s wall, "
          f"TTFT p50 verylong_10k {run_json['scenarios'][3]['summary']['ttft_ms']['p50']:.1f} ms")


def case_unreachable(sonde, tmp):
    r = run([sonde, "run", "--base-url", "http://127.0.0.1:1", "--out", str(tmp / "x")], timeout=60)
    if r.returncode != 3:
        fail(f"exit {r.returncode}, expected 3; stderr: {r.stderr}")
    lines = [l for l in r.stderr.splitlines() if l.strip()]
    if len(lines) != 1 or "http://127.0.0.1:1" not in lines[0]:
        fail(f"expected one line naming the URL, got: {r.stderr!r}")
    if (tmp / "x" / "run.json").exists():
        fail("no run.json may be written for an unreachable target")


def case_bad_suite(sonde, tmp):
    suite = tmp / "bad.yaml"
    suite.write_text("scenarios:\n  - name: a\n    input_len: 100\n    output_len: lots\n")
    r = run([sonde, "run", "--sim", "--suite", str(suite), "--out", str(tmp / "x")], timeout=60)
    if r.returncode != 2:
        fail(f"exit {r.returncode}, expected 2; stderr: {r.stderr}")
    if f"{suite}:4" not in r.stderr or "output_len" not in r.stderr:
        fail(f"message must name file, line 4 and key output_len: {r.stderr!r}")
    r = run([sonde, "run", "--sim", "--concurrency", "x"], timeout=60)
    if r.returncode != 2:
        fail(f"bad flag value: exit {r.returncode}, expected 2")


def case_sim_server(sonde, tmp):
    sim = Sim(sonde, ["--speed", "20", "--served-model-name", "llama"])
    port = sim.port
    try:
        out = tmp / "via_cli"
        suite = tmp / "small.yaml"
        suite.write_text("scenarios:\n"
                         "  - {name: c1, input_len: 500, output_len: 40, requests: 3}\n"
                         "  - {name: c4, input_len: 800, output_len: 20, load: closed, concurrency: 4, requests: 8}\n"
                         "  - {name: r, input_len: 300, output_len: 10, load: rate, request_rate: 20, requests: 10}\n")
        r = run([sonde, "run", "--base-url", f"http://127.0.0.1:{port}", "--suite", str(suite),
                 "--lang", "en", "--out", str(out), "--endpoint", "/v1/completions"], timeout=300)
        if r.returncode != 0:
            fail(f"run against `sonde sim` exited {r.returncode}: {r.stderr[-2000:]}")
        rj = json.loads((out / "run.json").read_text())
        validate_schema(out / "run.json")
        # It says it is `sonde sim` (x-sonde-sim): measured as --sim would measure it.
        if rj["target"]["model"] != "llama" or not rj["simulated"] or rj["sim_speed"] != 20:
            fail(f"target/simulated wrong: {rj['target']} {rj['simulated']} {rj['sim_speed']}")
        for s in rj["scenarios"]:
            if s["summary"]["failed"] != 0 or s["summary"]["completed"] != s["requests"]:
                fail(f"{s['name']}: {s['summary']}")
    finally:
        code = sim.stop()
    if code != 0:
        fail(f"sonde sim exited {code} on SIGTERM")


def case_report_rebuild(sonde, tmp):
    out = tmp / "small"
    suite = tmp / "s.yaml"
    suite.write_text("scenarios:\n  - {name: one, input_len: 200, output_len: 16, requests: 4}\n")
    r = run([sonde, "run", "--sim", "--suite", str(suite), "--out", str(out)], timeout=120)
    if r.returncode != 0:
        fail(f"run exited {r.returncode}: {r.stderr}")
    before = json.loads((out / "run.json").read_text())
    (out / "report.md").unlink()
    r = run([sonde, "report", str(out), "--lang", "en"], timeout=60)
    if r.returncode != 0 or not (out / "report.md").is_file():
        fail(f"sonde report exited {r.returncode}: {r.stderr}")
    after = json.loads((out / "run.json").read_text())
    if before["scenarios"][0]["summary"] != after["scenarios"][0]["summary"]:
        fail("rebuilt summary differs from the one written during the run")
    if "Test environment" not in (out / "report.md").read_text():
        fail("--lang en report is not in English")
    r = run([sonde, "report", str(tmp / "missing")], timeout=60)
    if r.returncode != 2:
        fail(f"report on a missing dir: exit {r.returncode}, expected 2")
    r = run([sonde, "run", "--sim", "--suite", str(suite), "--out", str(out)], timeout=60)
    if r.returncode != 2 or "already holds a run" not in r.stderr:
        fail(f"re-using an output directory must be refused: {r.returncode} {r.stderr}")


def case_report_sweep(sonde, tmp):
    """`sonde report DIR` of a sweep directory: formats, conclusion flags, bad values."""
    out = tmp / "sw"
    out.mkdir()
    shutil.copy(ROOT / "tests/fixtures/report/sweep_chunked.sweep.json", out / "sweep.json")
    r = run([sonde, "report", str(out), "--lang", "en", "--goal", "latency", "--slo", "ttft_p99_ms<=5000",
             "--slo", "output_tok_s>=10", "--gpu-bandwidth-gbs", "3350", "--model-params", "8"], timeout=60)
    if r.returncode != 0:
        fail(f"sonde report (sweep) exited {r.returncode}: {r.stderr}")
    names = sorted(p.name for p in out.iterdir())
    if names != ["report.html", "report.md", "summary.csv", "sweep.json"]:
        fail(f"default --format must write md, html and csv: {names}")
    report = (out / "report.md").read_text()
    if "## 4. Chunked prefill comparison" not in report or "| verylong_10k | 10000 |" not in report:
        fail("sweep report.md section 4 not filled")
    if " ± " not in report or "## 5. Conclusions" not in report:
        fail("sweep report.md lacks mean ± spread or its conclusions")
    raw = (out / "summary.csv").read_bytes()
    if not raw.startswith(b"\xef\xbb\xbf"):
        fail("summary.csv must start with a UTF-8 BOM")
    rows = raw.decode("utf-8-sig").splitlines()
    sw = json.loads((out / "sweep.json").read_text())
    want = sum(max(1, sum(len(run["scenarios"]) for run in p["runs"])) for p in sw["points"])
    if len(rows) != want + 1:
        fail(f"summary.csv: {len(rows) - 1} rows, expected one per point x run x scenario ({want})")
    for p in ("report.md", "report.html", "summary.csv"):
        (out / p).unlink()
    r = run([sonde, "report", str(out), "--format", "md"], timeout=60)
    names = sorted(p.name for p in out.iterdir())
    if r.returncode != 0 or names != ["report.md", "sweep.json"]:
        fail(f"--format md must write report.md only: {r.returncode} {names} {r.stderr}")
    if "5. 결론" not in (out / "report.md").read_text():
        fail("the default language of a sweep report is Korean")
    for bad, flag in ((["--format", "pdf"], "--format"), (["--goal", "fast"], "--goal"),
                      (["--slo", "ttft<<3"], "--slo"), (["--gpu-bandwidth-gbs", "-5"], "--gpu-bandwidth-gbs"),
                      (["--model-params", "0"], "--model-params")):
        r = run([sonde, "report", str(out)] + bad, timeout=60)
        if r.returncode != 2 or flag not in r.stderr:
            fail(f"sonde report {' '.join(bad)}: exit {r.returncode} (want 2) naming {flag}: {r.stderr!r}")
    r = run([sonde, "sweep", str(ROOT / "examples/sweep-sim.yaml"), "--dry-run", "--goal", "fast"], timeout=60)
    if r.returncode != 2 or "--goal" not in r.stderr:
        fail(f"sonde sweep --goal fast: exit {r.returncode} (want 2) naming --goal: {r.stderr!r}")
    empty = tmp / "empty"
    empty.mkdir()
    r = run([sonde, "report", str(empty)], timeout=60)
    if r.returncode != 2 or "sweep.json" not in r.stderr:
        fail(f"sonde report on a directory without results: exit {r.returncode}: {r.stderr!r}")


if __name__ == "__main__":
    case_main(globals())
