#!/usr/bin/env python3
"""End-to-end: a conversation scenario against `sonde sim` (started here on a port the kernel
chose), reached by `sonde run --base-url`, on the chat and the completions endpoint with prefix
caching on, and on the chat endpoint with --no-enable-prefix-caching.

Usage: test_conversation.py SONDE_BINARY

Every request has its session and turn; a session's turn k counts (server-side) at least the
history it carries: the previous turn's input and reply plus a new message, so at least every
earlier message and reply; turn k + 1 is due the think time after turn k's reply. With prefix
caching on, the simulator's /metrics count as cache hits every whole KV block of each turn's
history (earlier prompts and the replies sent back); with it off, none. run.json records the
source, its seed and the figures per turn; the reports show the per-turn table and chart.
"""
import json
import pathlib
import shutil
import sys
import tempfile

from e2e_common import Sim, fail, run, validate_schema

USERS, TURNS, USER_LEN, OUTPUT_LEN, THINK_S = 3, 4, 64, 32, 0.5
SUITE = f"""scenarios:
  - name: chat
    conversation: {{users: {USERS}, turns: {TURNS}, user_len: {USER_LEN}, output_len: {OUTPUT_LEN},
                   think_time_s: {THINK_S}}}
"""


def measure(sonde, tmp, name, endpoint, sim_args):
    sim = Sim(sonde, ["--speed", "20", *sim_args])
    try:
        out = tmp / name
        r = run([sonde, "run", "--base-url", sim.url, "--suite", str(tmp / "suite.yaml"),
                 "--endpoint", endpoint, "--lang", "en", "--out", str(out)], timeout=300)
        if r.returncode != 0:
            fail(f"{name}: sonde run exited {r.returncode}: {r.stderr[-2000:]}")
    finally:
        code = sim.stop()
    if code != 0:
        fail(f"{name}: sonde sim exited {code} on SIGTERM")
    validate_schema(out / "run.json")
    scenario = json.loads((out / "run.json").read_text())["scenarios"][0]
    records = [json.loads(line) for line in (out / "requests.jsonl").read_text().splitlines()]
    return out, scenario, [r for r in records if r["scenario"] == "chat"]


def by_session_turn(name, records):
    if len(records) != USERS * TURNS:
        fail(f"{name}: {len(records)} requests, expected {USERS} x {TURNS}")
    table = {}
    for r in records:
        if "session" not in r or "turn" not in r:
            fail(f"{name}: request {r['index']} has no session/turn: {sorted(r)}")
        if not r["ok"]:
            fail(f"{name}: request {r['index']} failed: {r['error']}")
        if r["index"] != (r["turn"] - 1) * USERS + r["session"]:
            fail(f"{name}: index {r['index']} is not (turn - 1) x users + session for {r['session']}/{r['turn']}")
        table[(r["session"], r["turn"])] = r
    if sorted(table) != [(s, t) for s in range(USERS) for t in range(1, TURNS + 1)]:
        fail(f"{name}: sessions/turns {sorted(table)}")
    return table


def check_history(name, table):
    """Returns the prompt tokens a prefix cache can serve: each turn's history in whole blocks."""
    servable = 0
    for s in range(USERS):
        replies = 0
        for t in range(2, TURNS + 1):
            prev, now = table[(s, t - 1)], table[(s, t)]
            replies += prev["output_tokens"]
            # The previous prompt and reply are in this prompt, and a new message of ~USER_LEN.
            if now["input_tokens"] < prev["input_tokens"] + prev["output_tokens"] + USER_LEN // 2:
                fail(f"{name}: session {s} turn {t} has {now['input_tokens']} input tokens, less than "
                     f"turn {t - 1}'s {prev['input_tokens']} + reply {prev['output_tokens']} + a message")
            # So, by induction, every earlier message and reply.
            if now["input_tokens"] < replies + t * USER_LEN // 2:
                fail(f"{name}: session {s} turn {t}: {now['input_tokens']} < earlier replies {replies} + messages")
            gap = now["intended_start_ms"] - prev["end_ms"]  # simulated ms (speed 20)
            if gap < THINK_S * 1000 * 0.98 or now["start_ms"] < prev["end_ms"]:
                fail(f"{name}: session {s} turn {t} due {gap:.0f} ms after the reply, not the {THINK_S} s think time")
            servable += (prev["input_tokens"] + prev["output_tokens"] - 1) // 16 * 16
    return servable


def check_run_json(name, scenario):
    src = scenario.get("source") or fail(f"{name}: no scenario.source")
    want = {"kind": "conversation", "users": USERS, "turns": TURNS, "user_len": USER_LEN,
            "output_len": OUTPUT_LEN, "think_time_s": THINK_S, "think": "fixed"}
    if {k: src.get(k) for k in want} != want or not isinstance(src.get("seed"), int):
        fail(f"{name}: scenario.source {src}")
    if scenario["requests"] != USERS * TURNS or scenario["concurrency"] != USERS or scenario["load"] != "closed":
        fail(f"{name}: derived requests/concurrency/load: {scenario['requests']} {scenario['concurrency']} {scenario['load']}")
    turns = scenario.get("turns") or fail(f"{name}: no scenario.turns")
    if [t["turn"] for t in turns] != list(range(1, TURNS + 1)) or any(t["requests"] != USERS for t in turns):
        fail(f"{name}: turns {turns}")
    means = [t["input_tokens"]["mean"] for t in turns]
    if means != sorted(means) or means[0] >= means[-1]:
        fail(f"{name}: mean input tokens per turn do not grow: {means}")
    return means


def main():
    sonde = sys.argv[1]
    tmp = pathlib.Path(tempfile.mkdtemp(prefix="sonde-e2e-conversation-"))
    try:
        (tmp / "suite.yaml").write_text(SUITE)
        for endpoint in ("/v1/chat/completions", "/v1/completions"):
            name = "on" + endpoint.replace("/", "_")
            out, scenario, records = measure(sonde, tmp, name, endpoint, [])
            servable = check_history(name, by_session_turn(name, records))
            means = check_run_json(name, scenario)
            sm = scenario["server_metrics"]
            print(f"{name}: input tokens per turn {[round(m) for m in means]}, server prefix-cache hits "
                  f"{sm['prefix_cache_hits']} of {sm['prefix_cache_queries']} queried "
                  f"(rate {sm['prefix_cache_hit_rate']:.3f}); history servable {servable}")
            # Every whole block of every turn's history came from the cache, replies included
            # (the server's own answer, sent back, is the tokens it generated).
            if sm["prefix_cache_hits"] != servable:
                fail(f"{name}: server hits {sm['prefix_cache_hits']} tokens, the history holds {servable}")
            queried = sum(r["input_tokens"] for r in records)
            if sm["prefix_cache_queries"] != queried:
                fail(f"{name}: /metrics queried {sm['prefix_cache_queries']}, the responses say {queried}")
            report = (out / "report.md").read_text()
            if "| Turn | Requests (ok / sent) | Mean input tokens |" not in report:
                fail(f"{name}: report.md has no per-turn table")
            if "TTFT by conversation turn" not in (out / "report.html").read_text():
                fail(f"{name}: report.html has no TTFT-by-turn chart")

        _, scenario, records = measure(sonde, tmp, "off", "/v1/chat/completions",
                                       ["--no-enable-prefix-caching"])
        check_history("off", by_session_turn("off", records))
        sm = scenario["server_metrics"]
        print(f"prefix caching off: server hits {sm['prefix_cache_hits']}, rate {sm['prefix_cache_hit_rate']}")
        if sm["prefix_cache_hits"] not in (0, None) or sm["prefix_cache_hit_rate"] not in (0, 0.0, None):
            fail(f"--no-enable-prefix-caching: server hits {sm['prefix_cache_hits']}, rate {sm['prefix_cache_hit_rate']}")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print("PASS conversation")


if __name__ == "__main__":
    main()
