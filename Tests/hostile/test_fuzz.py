"""A bounded fuzz run of the HTTP layer with raw sockets, beyond what schemathesis sends: random
methods, paths with repeated slashes, dot segments and percent escapes, odd and huge headers,
transfer encodings and framings. Nothing may answer 5xx (an injected fault and the 501 for an
unemulated route aside) or crash the server. HOSTILE_FUZZ_SECONDS bounds the run (default 30; set it higher for a long run) and
HOSTILE_FUZZ_SEED replays one."""
import os
import random
import socket
import time

import requests

from conftest import ADMIN, port_of

SECONDS = float(os.environ.get("HOSTILE_FUZZ_SECONDS", "30"))
SEED = int(os.environ.get("HOSTILE_FUZZ_SEED", str(int(time.time()))))

METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "TRACE", "CONNECT", "get", "PRI", "FOO",
           "G ET", "POST\x00", "", "M" * 300]
SEGMENTS = ["", "_mock", "api", "v1", "orgs", "projects", "members", "groups", "clients", "integrations", "users",
            "me", "token", "ns", "w1", "fuzz", "health", "state", "fixtures", "reset", "requests", "faults", "clock",
            "tokens", "env", "snapshots", "namespaces", "openapi.json", "login", ".", "..", "%2e%2e", "%2E", "%00",
            "%ff", "%", "%zz", "%5Fmock", "*", "**", "{id}", ":id", "a" * 300, "Provider%20Inc", "ada%40provider.example",
            "%C3%A9", "%ED%A0%80", ";", "~"]
# Segments that break the request line itself.
WILD_SEGMENTS = ["\u00e9", "?", "#", "x y", "\x00", "\t"]
CONTENT_TYPES = ["application/json", "application/x-www-form-urlencoded", "text/plain", "multipart/form-data; boundary=b",
                 "application/vnd.x+json", "", "\u00e9/\u00e9"]
BODIES = [b"", b"{}", b"[]", b"null", b"{\"name\": \"x\"}", b"{\"emails\": [\"a\\u0000@b.c\"]}", b"name=%FF",
          b"{\"nowMs\": 9223372036854775807}", b"{\"advanceMs\": -9223372036854775808}", b"{\"path\": \"/**/**/**\"}",
          b"{\"email\": \"root@dataloop.example\"}", b"\xff\xfe\xfd", b"{" * 2000, b"[" * 5000, b"\"" + b"a" * 5000,
          b"{\"users\": [{\"email\": \"x\"}]}", b"type=user_credentials&username=a&password=b"]


def perturb(rng, segment):
    """A segment as some client might spell it: percent-escaped, dotted, or as is."""
    roll = rng.random()
    if roll < 0.1:
        return "".join(f"%{ord(c):02X}" if c.isascii() and rng.random() < 0.5 else c for c in segment)
    if roll < 0.15:
        return rng.choice([".", "..", "%2e"]) + "/" + segment
    return segment


def random_path(rng, known, wild):
    if known and rng.random() < 0.6:
        # A served route, its parameters filled with real ids or junk, its spelling perturbed.
        template, ids = rng.choice(known)
        parts = []
        for part in template.strip("/").split("/"):
            if part.startswith("{"):
                part = rng.choice(ids + ["x", "%00", "a" * 100, "%FF", "..", "Provider%20Inc"])
            parts.append(perturb(rng, part))
    else:
        parts = [rng.choice(SEGMENTS + WILD_SEGMENTS if wild else SEGMENTS) for _ in range(rng.randint(0, 7))]
    path = "".join(rng.choice(["/", "/", "/", "/", "//", "///"]) + part for part in parts) or "/"
    if rng.random() < 0.3:
        path = "/ns/" + rng.choice(["w1", "", "fuzz", "a" * 70, "%00"] if wild else ["w1", "fuzz"]) + path
    if rng.random() < 0.4:
        keys = ["password", "path", "method", "status", "unmatched", "n", "q", "%ff", "", "a" * 100]
        path += "?" + "&".join(f"{rng.choice(keys)}={rng.choice(['1', '%ZZ', '**/**', 'true', '', 'x' * 50])}"
                               for _ in range(rng.randint(1, 4)))
    return path


def random_request(rng, known=(), tokens=()):
    # Most requests are well-formed HTTP, to reach the routes; the rest break the framing.
    wild = rng.random() < 0.35
    method = rng.choice(METHODS) if wild else rng.choice(METHODS[:8])
    path = random_path(rng, known, wild)
    version = rng.choice(["HTTP/1.1", "HTTP/1.0", "HTTP/2.0", "HTTP/1.1 extra", ""]) if wild else "HTTP/1.1"
    headers = [("Host", rng.choice(["127.0.0.1", "", "x\"y", "a" * 200]) if wild else "127.0.0.1")]
    if rng.random() < 0.6:
        headers.append(("x-mock-admin-token", ADMIN))
    if rng.random() < 0.3:
        names = ["", "w1", "fuzz", "bad name", "a" * 65, "\u00e9"] if wild else ["w1", "fuzz"]
        headers.append(("x-mock-namespace", rng.choice(names)))
    if rng.random() < 0.5:
        headers.append(("Content-Type", rng.choice(CONTENT_TYPES)))
    if rng.random() < 0.3:
        headers.append(("Authorization", rng.choice(["Bearer x", "Bearer", "Basic a", "bearer " + "a." * 50, ""]
                                                    + [f"Bearer {t}" for t in tokens] * 3)))
    body = rng.choice(BODIES)
    framing = rng.random() if wild else 1.0
    if framing < 0.15:
        headers.append(("Transfer-Encoding", rng.choice(["chunked", "gzip", "gzip, chunked", "chunked, gzip", "identity", "x"])))
        chunk = rng.choice([b"", b"ZZ\r\n", b"FFFFFFFFFFFFFFFFFFFF\r\n", b"-1\r\n"])
        body = chunk + (f"{len(body):x}\r\n".encode() + body + b"\r\n0\r\n\r\n" if rng.random() < 0.7 else body)
    elif framing < 0.25:
        headers.append(("Content-Length", rng.choice(["-1", "abc", "1, 2", str(len(body) // 2), "99999999999999999999"])))
    elif body:
        headers.append(("Content-Length", str(len(body))))
    for _ in range(rng.choice([0, 0, 0, 1, 3, 40])):
        names = ["X-A", "X-\u00e9", "X A", "", "X-" + "b" * 100] if wild else ["X-A", "X-" + "b" * 100]
        values = ["1", "", "v\x00v", "v\x01", "a" * rng.choice([10, 9000, 70000])] if wild else ["1", "", "a" * rng.choice([10, 9000])]
        headers.append((rng.choice(names), rng.choice(values)))
    head = f"{method} {path} {version}".rstrip() + "\r\n" + "".join(f"{k}: {v}\r\n" for k, v in headers) + "\r\n"
    return head.encode("utf-8", "surrogatepass") + body


def served_routes(server):
    """(path template, ids to fill it with) for every documented route, and tokens of fixture users."""
    document = requests.get(server.base_url + "/_mock/openapi.json", headers={"x-mock-admin-token": ADMIN}, timeout=10).json()
    tokens = [requests.post(server.base_url + "/token?default", timeout=10, json={
        "type": "user_credentials", "username": email, "password": password}).json()["id_token"]
        for email, password in [("ada@provider.example", "ada-pass"), ("wendy@provider.example", "wendy-pass"),
                                ("root@dataloop.example", "root-pass")]]
    orgs = requests.get(server.base_url + "/api/v1/orgs", headers={"Authorization": f"Bearer {tokens[2]}"}, timeout=10).json()
    projects = requests.get(server.base_url + "/api/v1/projects", headers={"Authorization": f"Bearer {tokens[2]}"},
                            timeout=10).json()
    ids = [o["id"] for o in orgs] + [p["id"] for p in projects] + ["ada@provider.example", "s1", "w1"]
    return [(path, ids) for path in document["paths"]], tokens


def send(port, data):
    """Everything the server sent back before closing the connection."""
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        try:
            sock.sendall(data)
            sock.shutdown(socket.SHUT_WR)
        except OSError:  # the server answered and closed before the request was all sent
            pass
        received = b""
        try:
            while chunk := sock.recv(65536):
                received += chunk
        except ConnectionResetError:
            pass
    return received


def test_random_raw_requests_get_no_5xx_and_do_not_crash(server):
    rng = random.Random(SEED)
    port = port_of(server)
    known, tokens = served_routes(server)
    deadline = time.monotonic() + SECONDS
    sent = 0
    statuses = {}
    while time.monotonic() < deadline:
        data = random_request(rng, known, tokens)
        received = send(port, data)
        sent += 1
        for answer in received.split(b"HTTP/1.1 ")[1:]:
            if not answer[:3].isdigit():
                continue
            status = int(answer[:3])
            statuses[status] = statuses.get(status, 0) + 1
            # 501 is the deliberate answer for unemulated /api/v1 routes (DESIGN moves it to 404).
            # (A HEAD or CONNECT answer has no body to tell.)
            allowed = (b"fault injected by dataloop-mock" in answer
                       or status == 501 and (b"does not emulate" in answer or data.startswith((b"HEAD ", b"CONNECT "))))
            assert status < 500 or allowed, (
                f"seed {SEED}, request {sent}: {data[:300]!r} -> {answer[:300]!r}")
        if sent % 200 == 0:
            assert server.alive, f"seed {SEED}: server died after request {sent}: {data[:300]!r}"
    health = requests.get(server.base_url + "/_mock/health", headers={"x-mock-admin-token": ADMIN}, timeout=5)
    assert health.status_code == 200
    print(f"\nfuzz: seed {SEED}, {sent} requests in {SECONDS:.0f} s, statuses {dict(sorted(statuses.items()))}")
    assert sent > 100
