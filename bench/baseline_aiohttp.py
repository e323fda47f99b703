#!/usr/bin/env python3
"""A straightforward asyncio + aiohttp streaming client, written the way Python LLM benchmark
clients are (one ClientSession, `async for` over the response content, time.perf_counter()),
used by sonde_bench as the baseline. Prints one JSON line per run.

The server's chunks carry "sim_t_ns" (CLOCK_MONOTONIC send instant); time.perf_counter_ns()
reads the same clock on Linux, so receive delay = perf_counter_ns() - sim_t_ns.
"""
import argparse
import asyncio
import json
import resource
import time

import aiohttp


def percentile(sorted_values, q):
    """Linear interpolation between closest ranks (numpy's default), as sonde's stats module."""
    if not sorted_values:
        return None
    pos = (len(sorted_values) - 1) * q / 100.0
    lo = int(pos)
    hi = min(lo + 1, len(sorted_values) - 1)
    return sorted_values[lo] + (sorted_values[hi] - sorted_values[lo]) * (pos - lo)


async def one_stream(session, url, tokens, delays):
    body = {"model": "bench", "messages": [{"role": "user", "content": "hi"}], "stream": True,
            "stream_options": {"include_usage": True}, "max_tokens": tokens}
    chunks = 0
    mine = []
    async with session.post(url, json=body) as response:
        if response.status != 200:
            return 0, False
        async for chunk_bytes in response.content:
            chunk_bytes = chunk_bytes.strip()
            if not chunk_bytes:
                continue
            timestamp = time.perf_counter_ns()
            chunk = chunk_bytes.decode("utf-8").removeprefix("data: ")
            if chunk == "[DONE]":
                break
            data = json.loads(chunk)
            if data["choices"] and data["choices"][0]["delta"].get("content"):
                chunks += 1
                if "sim_t_ns" in data:
                    mine.append(timestamp - data["sim_t_ns"])
    delays.append(mine)
    return chunks, True


async def one_run(args):
    connector = aiohttp.TCPConnector(limit=0)  # no client-side cap on concurrent streams
    timeout = aiohttp.ClientTimeout(total=600)
    async with aiohttp.ClientSession(connector=connector, timeout=timeout) as session:
        delays = []
        cpu0 = resource.getrusage(resource.RUSAGE_SELF)
        t0 = time.perf_counter()
        results = await asyncio.gather(
            *[one_stream(session, args.url, args.tokens, delays) for _ in range(args.streams)],
            return_exceptions=True)
        wall = time.perf_counter() - t0
        cpu1 = resource.getrusage(resource.RUSAGE_SELF)
    cpu = (cpu1.ru_utime - cpu0.ru_utime) + (cpu1.ru_stime - cpu0.ru_stime)
    chunks = sum(r[0] for r in results if isinstance(r, tuple))
    failed = sum(1 for r in results if not isinstance(r, tuple) or not r[1])
    flat = sorted(d / 1e3 for stream in delays for d in stream)
    errs = sorted(abs(s[k] - s[k - 1]) / 1e3 for s in delays for k in range(1, len(s)))
    out = {"mode": args.mode, "streams": args.streams, "tokens": args.tokens, "chunks": chunks,
           "failed": failed, "wall_s": wall, "chunks_per_s": chunks / wall if wall else 0,
           "cpu_s_per_million": cpu / chunks * 1e6 if chunks else None,
           "cpu_pct": 100.0 * cpu / wall if wall else None}
    if args.mode == "fidelity":
        out.update({"delay_p50_us": percentile(flat, 50), "delay_p99_us": percentile(flat, 99),
                    "delay_max_us": flat[-1] if flat else None,
                    "itl_err_p50_us": percentile(errs, 50), "itl_err_p99_us": percentile(errs, 99),
                    "itl_err_max_us": errs[-1] if errs else None})
    return out


def main():
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--url", required=True)
    p.add_argument("--mode", choices=["ingest", "fidelity"], default="ingest")
    p.add_argument("--streams", type=int, default=8)
    p.add_argument("--tokens", type=int, default=1000)
    p.add_argument("--runs", type=int, default=5)
    args = p.parse_args()
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    for _ in range(args.runs):
        print(json.dumps(asyncio.run(one_run(args))), flush=True)


if __name__ == "__main__":
    main()
