#!/usr/bin/env python3
"""A minimal OpenAI-compatible server, independent of sonde's simulator (sim/).

It exists so that an end-to-end test can check sonde's measurements against a server whose
tokenizer, timing and code share nothing with sonde: it speaks vLLM's wire format (see
shared/design/docs/vllm-facts.md) but

* tokenizes its own way: every whitespace-separated word is split into pieces of 3 UTF-8 bytes
  (so token counts are not additive under concatenation), plus a fixed chat-template overhead;
* times its own way: TTFT = base + per-prompt-token prefill, then a deterministic jittered
  8-15 ms per token, sometimes two tokens in one chunk (TPOT must be per token, not per chunk),
  a gap between the role chunk and the first content chunk (the role chunk is not a token) and
  a gap between the last token and `[DONE]` (E2E ends at `[DONE]`, not at the last token);
* records, per request, its own time.monotonic() instants to a JSONL log (--log): request fully
  received (t0), each chunk's write+flush, stream end; plus the request fields the test checks.
  They are kernel socket timestamps (t0_kernel / tx_stamps_missing say when one was not).

Python 3.11 standard library only. Binds 127.0.0.1, --port 0 picks a free port, written to
--port-file. SIGTERM/SIGINT stop it cleanly.
"""
from __future__ import annotations

import argparse
import io
import json
import os
import queue
import re
import random
import signal
import socket
import struct
import sys
import threading
import time
import zlib
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

VERSION = "0.11.0-fidelity"
# Linux kernel timestamps (Python exports neither): software RX and TX stamps, TX ones reported
# on the error queue without payload, one per send.
SO_TIMESTAMPING = 37
TIMESTAMPING_FLAGS = (1 << 1) | (1 << 3) | (1 << 4) | (1 << 7) | (1 << 11)
# RX software stamps only: a listening TCP socket refuses OPT_ID (EINVAL).
RX_TIMESTAMPING_FLAGS = (1 << 3) | (1 << 4)
BOS_ID = 1
# Fixed chat template: <bos>, then per message <start> role <nl> ... <end>, then the generation
# prompt <start> assistant <nl>. Only the content is tokenized with the word tokenizer.
TEMPLATE_PER_MESSAGE = 4
TEMPLATE_GENERATION_PROMPT = 3
ROLE_IDS = {"system": 2, "user": 3, "assistant": 4, "tool": 5}
FIRST_TOKENS_LOGGED = 64


def piece_ids(text: str) -> list[int]:
    """Tokenizes content: 3-byte pieces of each whitespace-separated word, id = crc32(piece).

    crc32 keeps ids deterministic and makes equal pieces equal ids, so comparing the first 64 ids
    of two prompts is comparing their first 64 pieces.
    """
    ids: list[int] = []
    for word in text.split():
        raw = word.encode("utf-8")
        for i in range(0, len(raw), 3):
            ids.append(1000 + zlib.crc32(raw[i:i + 3]))
    return ids


def chat_tokens(messages: list, add_generation_prompt: bool) -> tuple[list[int], list[int]]:
    """Returns (all prompt token ids, content-only ids) for a chat request under our template."""
    tokens = [BOS_ID]
    content_ids: list[int] = []
    for msg in messages:
        role = msg.get("role", "user") if isinstance(msg, dict) else "user"
        content = msg.get("content", "") if isinstance(msg, dict) else str(msg)
        if isinstance(content, list):  # OpenAI content parts: keep the text parts
            content = " ".join(p.get("text", "") for p in content if isinstance(p, dict))
        ids = piece_ids(str(content or ""))
        content_ids.extend(ids)
        tokens += [10, ROLE_IDS.get(role, 6), 11] + ids + [12]
    if add_generation_prompt:
        tokens += [10, ROLE_IDS["assistant"], 11]
    return tokens, content_ids


def prompt_tokens(prompt, add_special: bool) -> tuple[list[int], list[int]]:
    """Returns (all ids, content ids) for a completions-style prompt (string or token ids)."""
    if isinstance(prompt, list) and all(isinstance(t, int) for t in prompt):
        ids = list(prompt)
    else:
        ids = piece_ids(prompt if isinstance(prompt, str) else " ".join(map(str, prompt)))
    return ([BOS_ID] if add_special else []) + ids, ids


class Plan:
    """The server's own schedule for one streamed response, offsets in seconds from t0."""

    def __init__(self, request_id: str, n_prompt: int, n_out: int, cfg: argparse.Namespace):
        rng = random.Random(zlib.crc32(request_id.encode()))
        self.role_at = (cfg.prefill_base_ms + cfg.prefill_per_token_ms * n_prompt) / 1000.0
        at = self.role_at + cfg.role_gap_ms / 1000.0
        self.chunks: list[tuple[float, int]] = [(at, 1)]  # (offset, tokens in chunk)
        left = n_out - 1
        while left > 0:
            k = 2 if left >= 2 and rng.random() < cfg.two_token_prob else 1
            for _ in range(k):
                at += (cfg.itl_min_ms + (cfg.itl_max_ms - cfg.itl_min_ms) * rng.random()) / 1000
            self.chunks.append((at, k))
            left -= k
        self.done_at = at + cfg.done_gap_ms / 1000.0


def realtime_minus_monotonic_ns() -> int:
    """CLOCK_REALTIME - CLOCK_MONOTONIC now, in ns, read between two monotonic reads.

    Reading the two clocks one after the other is not enough: a thread that loses the GIL or
    the CPU between the reads gets an offset short by that delay, and every instant converted
    with it late by as much (measured: a first chunk logged 0.68 ms after its packet left, a
    TTFT 0.56 ms too long). The bracket bounds the error by half its width; a wide one is
    retried.
    """
    best = None
    for _ in range(8):
        before = time.monotonic_ns()
        real = time.time_ns()
        after = time.monotonic_ns()
        if best is None or after - before < best[0]:
            best = (after - before, real - (before + after) // 2)
        if after - before < 20_000:
            break
    return best[1]


def kernel_instant(ancillary) -> float | None:
    """The software timestamp in SCM_TIMESTAMPING ancillary data, as a monotonic instant."""
    for level, kind, payload in ancillary:
        if level == socket.SOL_SOCKET and kind == SO_TIMESTAMPING and len(payload) >= 16:
            sec, nsec = struct.unpack("qq", payload[:16])
            if sec or nsec:
                # CLOCK_REALTIME -> CLOCK_MONOTONIC with the offset as of now (NTP may slew it).
                return (sec * 1_000_000_000 + nsec - realtime_minus_monotonic_ns()) / 1e9
    return None


def sleep_until(instant: float) -> None:
    """Sleeps to an absolute monotonic instant, so per-chunk overheads never accumulate."""
    while True:
        left = instant - time.monotonic()
        if left <= 0:
            return
        time.sleep(left)


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive; streamed bodies use chunked transfer encoding
    server_version = "fidelity-server"

    def setup(self) -> None:
        super().setup()
        # Without TCP_NODELAY a small SSE event can sit in the kernel for up to 40 ms (Nagle +
        # delayed ACK), which would make the write instant we log meaningless.
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        # Kernel timestamps make our instants independent of when a thread of ours gets the CPU
        # (and the GIL): t0 is when the request's last bytes reached this host (a thread only
        # read them 0.3-17 ms later on a busy 2-core VM), a write instant is when the chunk left
        # for the client (loopback: when it reached the client's socket).
        self.connection.setsockopt(socket.SOL_SOCKET, SO_TIMESTAMPING, TIMESTAMPING_FLAGS)
        self.pending = b""  # bytes of a following (pipelined) request already read
        self.pending_rx = (0.0, False)  # (monotonic instant those bytes arrived, kernel's?)
        self.rx_instant = (0.0, False)  # the same for the current request's last bytes

    def recv_some(self) -> tuple[bytes, tuple[float, bool]]:
        """One recvmsg; returns the bytes and (their arrival as a monotonic instant, whether
        that is the kernel's timestamp rather than the late fallback "now")."""
        data, anc, _, _ = self.connection.recvmsg(1 << 16, 256)
        now = time.monotonic()
        stamp = kernel_instant(anc)
        return data, (min(stamp, now), True) if stamp is not None else (now, False)

    def tx_instant(self) -> float | None:
        """Kernel TX timestamp of the last send, as a monotonic instant; None if none came."""
        stamp = None
        while True:  # drain: one entry per send, the queue must not fill up
            try:
                _, anc, _, _ = self.connection.recvmsg(0, 256, socket.MSG_ERRQUEUE |
                                                       socket.MSG_DONTWAIT)
            except OSError:  # EAGAIN: nothing (more) queued
                return stamp
            stamp = kernel_instant(anc) or stamp

    def read_request(self) -> bytes | None:
        """Reads exactly one HTTP/1.1 request (Content-Length framed) from the socket."""
        buf, rx = self.pending, self.pending_rx
        while b"\r\n\r\n" not in buf:
            data, rx = self.recv_some()
            if not data or len(buf) > 1 << 16:
                return None
            buf += data
        head, _, rest = buf.partition(b"\r\n\r\n")
        match = re.search(rb"(?im)^content-length:\s*(\d+)\s*$", head)
        length = int(match.group(1)) if match else 0
        if len(rest) < length and re.search(rb"(?im)^expect:\s*100-continue", head):
            self.connection.sendall(b"HTTP/1.1 100 Continue\r\n\r\n")
        while len(rest) < length:
            data, rx = self.recv_some()
            if not data:
                return None
            rest += data
        self.pending, self.pending_rx = rest[length:], rx
        self.rx_instant = rx
        return head + b"\r\n\r\n" + rest[:length]

    def handle_one_request(self) -> None:
        # We frame the request ourselves (recvmsg gives the arrival timestamp; the buffered
        # rfile would hide it) and hand the parser exactly one request.
        try:
            raw = self.read_request()
        except OSError:
            raw = None
        if raw is None:
            self.close_connection = True
            return
        self.rfile = io.BytesIO(raw)
        super().handle_one_request()

    def handle_expect_100(self) -> bool:
        return True  # read_request already answered it

    def log_message(self, fmt: str, *args) -> None:  # keep stderr quiet unless --verbose
        if self.server.cfg.verbose:
            super().log_message(fmt, *args)

    # ---- plumbing -------------------------------------------------------------------------
    def send_json(self, status: int, obj) -> None:
        body = json.dumps(obj).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
        self.wfile.flush()

    def send_error_json(self, status: int, message: str, kind: str = "BadRequestError") -> None:
        self.send_json(status, {"error": {"message": message, "type": kind, "param": None,
                                          "code": status}})

    def write_chunk(self, data: bytes, last: bool = False) -> float:
        """Writes one HTTP chunk (one SSE event) and flushes; returns the write instant.

        That is the kernel's TX timestamp; if none came, the instant just before the send (on
        loopback the bytes reach the client's socket inside the call, while an instant taken
        after it would include waiting to get the GIL back).
        """
        frame = b"%x\r\n%s\r\n" % (len(data), data)
        if last:
            frame += b"0\r\n\r\n"
        self.tx_instant()  # drop stamps of earlier sends (headers, other responses)
        before = time.monotonic()
        self.wfile.write(frame)
        self.wfile.flush()
        sent = self.tx_instant()
        if sent is None or sent < before - 0.001:  # none, or a stale one: fall back
            self.tx_missing += 1
            return before
        # How long after we decided to send the kernel actually sent (preemption, GIL).
        self.max_tx_lag = max(self.max_tx_lag, sent - before)
        return sent

    def read_body(self):
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        t0, self.t0_kernel = self.rx_instant  # request fully received (arrival of last bytes)
        self.t_read = time.monotonic()  # when this thread had it parsed, for diagnosis
        self.max_tx_lag = 0.0
        self.tx_missing = 0
        try:
            return json.loads(raw or b"{}"), t0
        except json.JSONDecodeError as exc:
            self.send_error_json(400, f"invalid JSON body: {exc}")
            return None, t0

    # ---- GET ------------------------------------------------------------------------------
    def do_GET(self) -> None:
        cfg = self.server.cfg
        if self.path == "/health":
            self.send_response(200)
            self.send_header("Content-Length", "0")
            self.end_headers()
        elif self.path == "/version":
            self.send_json(200, {"version": VERSION})
        elif self.path == "/v1/models":
            self.send_json(200, {"object": "list", "data": [{
                "id": cfg.model, "object": "model", "created": int(time.time()),
                "owned_by": "vllm", "root": "/models/" + cfg.model, "parent": None,
                "max_model_len": cfg.max_model_len, "permission": []}]})
        else:
            self.send_error_json(404, f"Not Found: {self.path}", "NotFoundError")

    # ---- POST -----------------------------------------------------------------------------
    def do_POST(self) -> None:
        body, t0 = self.read_body()
        if body is None:
            return
        if self.path == "/tokenize":
            self.tokenize(body, t0)
        elif self.path == "/detokenize":
            toks = body.get("tokens", [])
            self.send_json(200, {"prompt": " ".join(f"t{t}" for t in toks)})
        elif self.path in ("/v1/chat/completions", "/v1/completions"):
            self.complete(body, t0, chat=self.path == "/v1/chat/completions")
        else:
            self.send_error_json(404, f"Not Found: {self.path}", "NotFoundError")

    def tokenize(self, body: dict, t0: float) -> None:
        if "messages" in body:
            toks, _ = chat_tokens(body["messages"], bool(body.get("add_generation_prompt", True)))
        else:
            toks, _ = prompt_tokens(body.get("prompt", ""), bool(body.get("add_special_tokens",
                                                                          True)))
        self.send_json(200, {"count": len(toks), "max_model_len": self.server.cfg.max_model_len,
                             "tokens": toks, "token_strs": None})
        # Logged too (with its instants) so a client stall can be matched to calibration calls.
        self.write_log({"path": self.path, "x_request_id": self.headers.get("x-request-id"),
                        "count": len(toks), "t0": t0, "end": time.monotonic()})

    def complete(self, body: dict, t0: float, chat: bool) -> None:
        cfg = self.server.cfg
        if body.get("model") != cfg.model:
            self.send_error_json(404, f"The model `{body.get('model')}` does not exist.",
                                 "NotFoundError")
            return
        if chat:
            toks, content = chat_tokens(body.get("messages", []), True)
        else:
            toks, content = prompt_tokens(body.get("prompt", ""), True)
        max_out = body.get("max_completion_tokens") or body.get("max_tokens") or (
            cfg.max_model_len - len(toks) if chat else 16)
        if len(toks) + max_out > cfg.max_model_len:
            limit = cfg.max_model_len - max_out
            self.send_error_json(400, (
                f"You passed {len(toks)} input tokens and requested {max_out} output tokens. "
                f"However, the model's context length is only {cfg.max_model_len} tokens, "
                f"resulting in a maximum input length of {limit} tokens. Please reduce the "
                f"length of the input prompt. (parameter=input_tokens, value={len(toks)})"))
            return
        # Our "model" never emits EOS on its own, except when ignore_eos is off, where it stops
        # after half the budget: a client that forgets ignore_eos then sees short outputs.
        n_out = max_out if body.get("ignore_eos") else max(1, max_out // 2)
        rid = self.headers.get("x-request-id") or f"srv-{threading.get_ident()}-{time.time_ns()}"
        entry = {
            "x_request_id": self.headers.get("x-request-id"), "path": self.path,
            "expect_header": self.headers.get("Expect"), "stream": body.get("stream"),
            "ignore_eos": body.get("ignore_eos"), "stream_options": body.get("stream_options"),
            "max_tokens": body.get("max_tokens"),
            "max_completion_tokens": body.get("max_completion_tokens"),
            "prompt_tokens": len(toks), "first_tokens": content[:FIRST_TOKENS_LOGGED],
            "output_tokens": n_out, "t0": t0, "t0_kernel": self.t0_kernel,
            "read_lag_ms": (self.t_read - t0) * 1000,
        }
        prefix = "chatcmpl-" if chat else "cmpl-"
        if body.get("stream"):
            self.stream(body, entry, prefix + rid, chat, len(toks), n_out)
        else:
            self.non_stream(body, entry, prefix + rid, chat, len(toks), n_out)
        entry["max_tx_lag_ms"] = self.max_tx_lag * 1000
        entry["tx_stamps_missing"] = self.tx_missing
        self.write_log(entry)

    def write_log(self, entry: dict) -> None:
        with self.server.lock:
            if not self.server.log.closed:  # a request cut by shutdown is not logged
                self.server.log.write(json.dumps(entry) + "\n")
                self.server.log.flush()

    def stream(self, body, entry, resp_id, chat, n_prompt, n_out) -> None:
        cfg = self.server.cfg
        plan = Plan(entry["x_request_id"] or resp_id, n_prompt, n_out, cfg)
        t0 = entry["t0"]
        created = int(time.time())
        finish = "length" if body.get("ignore_eos") else "stop"
        base = {"id": resp_id, "object": "chat.completion.chunk" if chat else "text_completion",
                "created": created, "model": cfg.model}

        def event(obj) -> bytes:
            return b"data: " + json.dumps({**base, **obj}).encode() + b"\n\n"

        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream; charset=utf-8")
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
        self.wfile.flush()
        if chat:  # the role chunk comes with the first token, after prefill; it is not a token
            sleep_until(t0 + plan.role_at)
            entry["role_write"] = self.write_chunk(event({"choices": [{
                "index": 0, "delta": {"role": "assistant", "content": ""}, "logprobs": None,
                "finish_reason": None}], "prompt_token_ids": None}))
        writes = []
        emitted = 0
        for i, (offset, k) in enumerate(plan.chunks):
            text = "".join(f" w{emitted + j}" for j in range(k))
            emitted += k
            last = i == len(plan.chunks) - 1
            choice = {"index": 0, "logprobs": None, "finish_reason": finish if last else None}
            if last:
                choice["stop_reason"] = None
            choice.update({"delta": {"content": text}} if chat else {"text": text})
            choice["token_ids"] = None
            sleep_until(t0 + offset)
            obj = {"choices": [choice]}
            if not chat:
                obj["usage"] = None
            writes.append([self.write_chunk(event(obj)), k])
        entry["chunk_writes"] = writes
        sleep_until(t0 + plan.done_at)
        tail = b""
        if (body.get("stream_options") or {}).get("include_usage"):
            tail = event({"choices": [], "usage": {"prompt_tokens": n_prompt,
                                                   "total_tokens": n_prompt + n_out,
                                                   "completion_tokens": n_out}})
        entry["end"] = self.write_chunk(tail + b"data: [DONE]\n\n", last=True)

    def non_stream(self, body, entry, resp_id, chat, n_prompt, n_out) -> None:
        plan = Plan(entry["x_request_id"] or resp_id, n_prompt, n_out, self.server.cfg)
        sleep_until(entry["t0"] + plan.done_at)
        text = "".join(f" w{j}" for j in range(n_out))
        finish = "length" if body.get("ignore_eos") else "stop"
        choice = {"index": 0, "finish_reason": finish, "logprobs": None}
        if chat:
            choice["message"] = {"role": "assistant", "content": text}
        else:
            choice["text"] = text
        usage = {"prompt_tokens": n_prompt, "total_tokens": n_prompt + n_out,
                 "completion_tokens": n_out}
        self.send_json(200, {"id": resp_id, "object": "chat.completion" if chat else
                             "text_completion", "created": int(time.time()),
                             "model": self.server.cfg.model, "choices": [choice],
                             "usage": usage})
        entry["end"] = time.monotonic()


class Server(ThreadingHTTPServer):
    """ThreadingHTTPServer with pre-started workers.

    Starting a thread per connection cost 2-4 ms between accept() and the first read on this
    (virtualised) machine, all of it before t0, so a request sat unseen in the socket and the
    server's own TTFT came out short. Idle workers pick connections up in ~0.1 ms; a thread is
    started only when every worker is busy (each keep-alive connection holds one).
    """

    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 64
    prestarted_workers = 32

    def start_workers(self) -> None:
        self.jobs: queue.SimpleQueue = queue.SimpleQueue()
        self.idle = 0
        self.idle_lock = threading.Lock()
        for _ in range(self.prestarted_workers):
            threading.Thread(target=self.worker, daemon=True).start()

    def worker(self) -> None:
        while True:
            with self.idle_lock:
                self.idle += 1
            job = self.jobs.get()
            if job is None:
                return
            self.process_request_thread(*job)

    def process_request(self, request, client_address) -> None:
        with self.idle_lock:
            take = self.idle > 0
            if take:
                self.idle -= 1
        if take:
            self.jobs.put((request, client_address))
        else:
            super().process_request(request, client_address)


def parse_args(argv):
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--port", type=int, default=0, help="0 picks a free port")
    p.add_argument("--port-file", help="write the bound port here once listening")
    p.add_argument("--log", required=True, help="per-request JSONL timing log")
    p.add_argument("--model", default="fidelity-model")
    p.add_argument("--max-model-len", type=int, default=8192)
    p.add_argument("--prefill-base-ms", type=float, default=15.0)
    p.add_argument("--prefill-per-token-ms", type=float, default=0.04)
    p.add_argument("--role-gap-ms", type=float, default=5.0,
                   help="gap between role chunk and first token (exposes role-as-token bugs)")
    p.add_argument("--itl-min-ms", type=float, default=8.0)
    p.add_argument("--itl-max-ms", type=float, default=15.0)
    p.add_argument("--two-token-prob", type=float, default=0.4)
    p.add_argument("--done-gap-ms", type=float, default=5.0,
                   help="gap between the last token and [DONE] (exposes E2E-at-last-token bugs)")
    p.add_argument("--verbose", action="store_true")
    return p.parse_args(argv)


def main(argv=None) -> int:
    cfg = parse_args(argv)
    server = Server(("127.0.0.1", cfg.port), Handler)
    # RX timestamping on the listening socket too, for the server's whole life. The kernel
    # stamps arriving packets only while some socket asks for it (one global switch, turned on
    # through deferred work, off again when the last such socket closes). Without this, the
    # first request on a fresh connection often arrived before the worker's setsockopt had
    # taken effect: measured 8-22 of 51 requests per run unstamped (all first on their
    # connection), t0 fell back to the worker's late clock, and the server's TTFT/E2E came out
    # up to 7.5 ms short. A socket held open with RX stamping makes that 0 of 51; the listener
    # is such a socket, and accepted sockets inherit its flags from their first byte.
    server.socket.setsockopt(socket.SOL_SOCKET, SO_TIMESTAMPING, RX_TIMESTAMPING_FLAGS)
    server.cfg = cfg
    server.lock = threading.Lock()
    server.log = open(cfg.log, "a", encoding="utf-8")
    server.start_workers()
    # A thread back from a socket call waits for the GIL up to the switch interval (5 ms by
    # default) while another thread computes (e.g. tokenizes a prompt); every instant we log is
    # taken right after such a call, so keep that wait short.
    sys.setswitchinterval(0.0002)
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.1},
                              daemon=True)
    thread.start()
    port = server.server_address[1]
    if cfg.port_file:  # write then rename, so a reader never sees a half-written number
        tmp = cfg.port_file + ".tmp"
        with open(tmp, "w", encoding="utf-8") as f:
            f.write(f"{port}\n")
        os.replace(tmp, cfg.port_file)
    print(f"fidelity server listening on 127.0.0.1:{port}", file=sys.stderr, flush=True)
    while not stop.wait(0.2):
        pass
    server.shutdown()
    server.server_close()
    with server.lock:
        server.log.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
