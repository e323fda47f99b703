#!/usr/bin/env python3
"""End-to-end secrets and safety tests for `sonde run`.

Usage: test_secrets.py SONDE_BINARY [CASE ...]   (default: every case)

keys:      a simulator that requires an API key (VLLM_API_KEY); sonde gets the key from
           OPENAI_API_KEY, a URL password and --server-args "--api-key ..."; then every file sonde
           wrote and its stdout/stderr are searched for the secret: zero hits.
key_file:  the same with --api-key-file (trailing newline); bad --api-key-file uses exit 2.
no_key:    the keyed simulator without a key: exit 3 naming the fix.
echo:      a server that echoes the Authorization header in its error bodies: the key must not
           reach requests.jsonl, run.json, the reports or stderr.
not_openai: an HTML page, a 404 and a 401 at /v1/models: exit 3 with a plain explanation.
symlink:   a symbolic link planted in the output directory: exit 2, its target untouched; every
           file 0644 and directory 0755 under umask 0.
tls:       a self-signed https server: exit 3 by default, accepted with --ca-cert or --insecure.
"""
import http.server
import json
import os
import pathlib
import secrets
import subprocess
import sys
import tempfile
import threading

from e2e_common import Sim, fail

SUITE = ("scenarios:\n"
         "  - {name: s1, input_len: 64, output_len: 8, load: burst, concurrency: 2, requests: 4}\n")


def start_sim(sonde, key):
    sim = Sim(sonde, ["--speed", "20"], env=dict(os.environ, VLLM_API_KEY=key))
    return sim, sim.port


def run_sonde(sonde, args, env_key=None, extra_env=None):
    env = {k: v for k, v in os.environ.items() if k != "OPENAI_API_KEY"}
    if env_key is not None:
        env["OPENAI_API_KEY"] = env_key
    env.update(extra_env or {})
    return subprocess.run([sonde, "run", *args], env=env, capture_output=True, text=True,
                          timeout=300)


def assert_no_secret(secret, out_dir, r, label):
    """Zero occurrences of `secret` in every file under out_dir and in stdout/stderr."""
    hits = []
    files = [p for p in pathlib.Path(out_dir).rglob("*") if p.is_file()]
    if not files:
        fail(f"{label}: sonde wrote no files in {out_dir}")
    for p in files:
        if secret.encode() in p.read_bytes():
            hits.append(str(p))
    for name, text in (("stdout", r.stdout), ("stderr", r.stderr)):
        if secret in text:
            hits.append(name)
    if hits:
        fail(f"{label}: the secret was written to {hits}")
    return len(files)


def suite_file(tmp):
    p = pathlib.Path(tmp) / "suite.yaml"
    p.write_text(SUITE)
    return str(p)


def case_keys(sonde, tmp):
    key = "sk-test-SECRET-" + secrets.token_hex(8)
    url_pw = "sk-test-SECRET-pw-" + secrets.token_hex(8)
    sim, port = start_sim(sonde, key)
    try:
        out = pathlib.Path(tmp) / "keys"
        r = run_sonde(sonde, ["--base-url", f"http://user:{url_pw}@127.0.0.1:{port}",
                              "--suite", suite_file(tmp), "--corpus", "en", "--out", str(out),
                              "--server-args", f"--api-key {key} --max-num-seqs 64"],
                      env_key=key)
    finally:
        sim.stop()
    if r.returncode != 0:
        fail(f"keys: sonde run exited {r.returncode}: {r.stderr[-2000:]}")
    run = json.loads((out / "run.json").read_text())
    lines = [json.loads(l) for l in (out / "requests.jsonl").read_text().splitlines() if l.strip()]
    if not lines or not all(l.get("ok") for l in lines):
        fail(f"keys: expected every request to succeed with the key; got {lines[:1]}")
    if "user:***@" not in run["target"]["base_url"]:
        fail(f"keys: run.json target.base_url not redacted: {run['target']['base_url']}")
    for secret in (key, url_pw):
        n = assert_no_secret(secret, out, r, "keys")
    print(f"keys: {len(lines)} requests ok, {n} files searched, 0 hits for 2 secrets")


def case_key_file(sonde, tmp):
    key = "sk-test-SECRET-file-" + secrets.token_hex(8)
    key_path = pathlib.Path(tmp) / "key.txt"
    key_path.write_text(key + "\n")
    sim, port = start_sim(sonde, key)
    try:
        out = pathlib.Path(tmp) / "key_file"
        base = ["--base-url", f"http://127.0.0.1:{port}", "--suite", suite_file(tmp),
                "--corpus", "en"]
        r = run_sonde(sonde, base + ["--out", str(out), "--api-key-file", str(key_path)])
        missing = run_sonde(sonde, base + ["--out", str(out) + "-x", "--api-key-file",
                                           str(key_path) + ".missing"])
        empty = pathlib.Path(tmp) / "empty.txt"
        empty.write_text("\n")
        empty_r = run_sonde(sonde, base + ["--out", str(out) + "-y", "--api-key-file", str(empty)])
        both = run_sonde(sonde, base + ["--out", str(out) + "-z", "--api-key-file", str(key_path),
                                        "--api-key-env", "MY_KEY"])
        plain = run_sonde(sonde, base + ["--out", str(out) + "-w", "--api-key", key])
    finally:
        sim.stop()
    if r.returncode != 0:
        fail(f"key_file: sonde run exited {r.returncode}: {r.stderr[-2000:]}")
    n = assert_no_secret(key, out, r, "key_file")
    if missing.returncode != 2 or str(key_path) + ".missing" not in missing.stderr:
        fail(f"key_file: a missing --api-key-file should exit 2 naming it: {missing.returncode} "
             f"{missing.stderr}")
    if empty_r.returncode != 2 or "empty" not in empty_r.stderr:
        fail(f"key_file: an empty --api-key-file should exit 2: {empty_r.returncode} {empty_r.stderr}")
    if both.returncode != 2 or "choose one" not in both.stderr:
        fail(f"key_file: --api-key-env with --api-key-file should exit 2: {both.returncode} {both.stderr}")
    if plain.returncode != 2 or key in plain.stderr or key in plain.stdout:
        fail(f"key_file: a plain --api-key must be refused without echoing it: {plain.returncode} "
             f"{plain.stderr}")
    print(f"key_file: ok, {n} files searched, 0 hits; missing/empty/both/plain -> exit 2")


def case_no_key(sonde, tmp):
    key = "sk-test-SECRET-" + secrets.token_hex(8)
    sim, port = start_sim(sonde, key)
    try:
        r = run_sonde(sonde, ["--base-url", f"http://127.0.0.1:{port}", "--suite", suite_file(tmp),
                              "--out", str(pathlib.Path(tmp) / "no_key")])
    finally:
        sim.stop()
    if r.returncode != 3 or "requires an API key" not in r.stderr or "--api-key-file" not in r.stderr:
        fail(f"no_key: expected exit 3 asking for an API key: {r.returncode} {r.stderr}")
    print(f"no_key: exit 3: {r.stderr.strip()}")


class Fixture(http.server.BaseHTTPRequestHandler):
    """Not-quite-OpenAI servers, chosen by the class attribute `mode`."""
    mode = "echo"

    def log_message(self, *args):
        pass

    def send(self, status, body, ctype="application/json"):
        data = body.encode()
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self):
        if self.mode == "html":
            return self.send(200, "<!DOCTYPE html><html><body>Welcome</body></html>", "text/html")
        if self.mode == "404":
            return self.send(404, '{"detail":"Not Found"}')
        if self.mode == "401":
            return self.send(401, '{"error":"Unauthorized"}')
        if self.path == "/v1/models":
            return self.send(200, json.dumps({"object": "list", "data": [
                {"id": "m", "object": "model", "max_model_len": 4096}]}))
        return self.send(404, '{"detail":"Not Found"}')

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        if self.path == "/tokenize":
            return self.send(200, json.dumps({"count": max(1, len(body) // 4)}))
        # A careless proxy that echoes the request headers in its error body.
        auth = self.headers.get("Authorization", "")
        return self.send(400, json.dumps({"error": {
            "message": f"rejected: Authorization: {auth}; key={auth[7:]}", "code": 400}}))


def serve(mode, tls=None):
    handler = type("F", (Fixture,), {"mode": mode})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    if tls is not None:
        server.socket = tls.wrap_socket(server.socket, server_side=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def case_echo(sonde, tmp):
    key = "sk-test-SECRET-echo-" + secrets.token_hex(8)
    server = serve("echo")
    try:
        out = pathlib.Path(tmp) / "echo"
        r = run_sonde(sonde, ["--base-url", f"http://127.0.0.1:{server.server_port}",
                              "--suite", suite_file(tmp), "--corpus", "en", "--warmup", "1",
                              "--out", str(out)], env_key=key)
    finally:
        server.shutdown()
    # Every request fails by design (HTTP 400): the run is written in full and fails closed.
    if r.returncode != 5:
        fail(f"echo: sonde run exited {r.returncode}, expected 5 (no request succeeded): {r.stderr[-2000:]}")
    lines = [json.loads(l) for l in (out / "requests.jsonl").read_text().splitlines() if l.strip()]
    messages = [l["error"]["message"] for l in lines if l.get("error")]
    if not messages or not all("Bearer ***" in m for m in messages):
        fail(f"echo: expected every request to fail with the echoed (redacted) header: {messages[:2]}")
    n = assert_no_secret(key, out, r, "echo")
    print(f"echo: {len(messages)} error messages kept and redacted, {n} files searched, 0 hits")


def case_not_openai(sonde, tmp):
    expect = {"html": "HTML page", "404": "HTTP 404", "401": "requires an API key"}
    for mode, words in expect.items():
        server = serve(mode)
        try:
            r = run_sonde(sonde, ["--base-url", f"http://127.0.0.1:{server.server_port}",
                                  "--out", str(pathlib.Path(tmp) / f"not_openai_{mode}")])
        finally:
            server.shutdown()
        err = r.stderr.strip()
        if r.returncode != 3 or words not in err or len(err.splitlines()) != 1:
            fail(f"not_openai/{mode}: expected exit 3 and one line with '{words}': {r.returncode} {err}")
        print(f"not_openai/{mode}: exit 3: {err}")


def case_symlink(sonde, tmp):
    key = "sk-test-SECRET-" + secrets.token_hex(8)
    target = pathlib.Path(tmp) / "precious.txt"
    target.write_text("precious\n")
    out = pathlib.Path(tmp) / "planted"
    out.mkdir()
    (out / "telemetry.jsonl").symlink_to(target)
    sim, port = start_sim(sonde, key)
    try:
        r = run_sonde(sonde, ["--base-url", f"http://127.0.0.1:{port}", "--suite", suite_file(tmp),
                              "--corpus", "en", "--out", str(out)], env_key=key)
    finally:
        sim.stop()
    if r.returncode != 2 or "symbolic link" not in r.stderr:
        fail(f"symlink: expected exit 2 refusing the link: {r.returncode} {r.stderr}")
    if target.read_text() != "precious\n":
        fail("symlink: sonde wrote through the planted link")
    # Modes: files 0644, directories 0755 even under a loose umask.
    out2 = pathlib.Path(tmp) / "modes"
    sim, port = start_sim(sonde, key)
    try:
        old = os.umask(0)
        try:
            r2 = run_sonde(sonde, ["--base-url", f"http://127.0.0.1:{port}", "--suite",
                                   suite_file(tmp), "--corpus", "en", "--out", str(out2)],
                           env_key=key)
        finally:
            os.umask(old)
    finally:
        sim.stop()
    if r2.returncode != 0:
        fail(f"modes: sonde run exited {r2.returncode}: {r2.stderr[-2000:]}")
    bad = []
    for p in [out2, *out2.rglob("*")]:
        mode = p.lstat().st_mode & 0o777
        want = 0o755 if p.is_dir() else 0o644
        if mode != want:
            bad.append(f"{p}: {oct(mode)}")
    if bad:
        fail(f"modes: wrong modes under umask 0: {bad}")
    print(f"symlink: exit 2: {r.stderr.strip()}; modes ok under umask 0")


def case_tls(sonde, tmp):
    """A self-signed https server: refused by default (exit 3 naming --ca-cert), accepted with
    --ca-cert, and with --insecure (recorded in run.json and warned about in the report)."""
    import shutil
    import ssl
    if shutil.which("openssl") is None:
        print("tls: skipped (no openssl to make a certificate)")
        return
    cert, key = pathlib.Path(tmp) / "cert.pem", pathlib.Path(tmp) / "key.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", str(key),
                    "-out", str(cert), "-days", "1", "-subj", "/CN=127.0.0.1",
                    "-addext", "subjectAltName=IP:127.0.0.1"], check=True, capture_output=True)
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(str(cert), str(key))
    server = serve("echo", ctx)
    try:
        base = ["--base-url", f"https://127.0.0.1:{server.server_port}", "--suite", suite_file(tmp),
                "--corpus", "en", "--warmup", "0"]
        refused = run_sonde(sonde, base + ["--out", str(pathlib.Path(tmp) / "tls_refused")])
        with_ca = run_sonde(sonde, base + ["--out", str(pathlib.Path(tmp) / "tls_ca"),
                                           "--ca-cert", str(cert)])
        insecure_out = pathlib.Path(tmp) / "tls_insecure"
        insecure = run_sonde(sonde, base + ["--out", str(insecure_out), "--insecure"])
        missing = run_sonde(sonde, base + ["--out", str(pathlib.Path(tmp) / "tls_missing"),
                                           "--ca-cert", str(cert) + ".missing"])
    finally:
        server.shutdown()
    if refused.returncode != 3 or "--ca-cert" not in refused.stderr:
        fail(f"tls: a self-signed certificate should be refused with exit 3: {refused.returncode} "
             f"{refused.stderr}")
    # The fixture answers HTTP 400 to every completion, so a connected run fails closed (exit 5)
    # with http_400 errors only: the TLS handshake itself succeeded.
    for name, r in (("--ca-cert", with_ca), ("--insecure", insecure)):
        errors = {}
        out_dir = pathlib.Path(tmp) / ("tls_ca" if name == "--ca-cert" else "tls_insecure")
        if (out_dir / "run.json").is_file():
            errors = json.loads((out_dir / "run.json").read_text())["scenarios"][0]["summary"]["errors"]
        if r.returncode != 5 or set(errors) != {"http_400"}:
            fail(f"tls: {name} should connect (every request then answered 400, exit 5): exit "
                 f"{r.returncode}, errors {errors}: {r.stderr[-2000:]}")
    run = json.loads((insecure_out / "run.json").read_text())
    if run["options"].get("tls_verify") is not False or not any("--insecure" in w for w in run["warnings"]):
        fail(f"tls: --insecure not recorded: {run['options']} {run['warnings']}")
    if "--insecure" not in (insecure_out / "report.md").read_text():
        fail("tls: report.md does not warn about --insecure")
    if missing.returncode != 2 or "--ca-cert" not in missing.stderr:
        fail(f"tls: a missing --ca-cert should exit 2: {missing.returncode} {missing.stderr}")
    print(f"tls: refused -> exit 3 ({refused.stderr.strip()}); --ca-cert ok; --insecure ok and recorded")


CASES = {"tls": case_tls, "keys": case_keys, "key_file": case_key_file, "no_key": case_no_key,
         "echo": case_echo, "not_openai": case_not_openai, "symlink": case_symlink}


def main():
    sonde = os.path.abspath(sys.argv[1])
    names = sys.argv[2:] or list(CASES)
    with tempfile.TemporaryDirectory(prefix="sonde-secrets-") as tmp:
        for name in names:
            CASES[name](sonde, tmp)
    print("all secrets cases passed")


if __name__ == "__main__":
    main()
