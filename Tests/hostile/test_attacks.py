"""Issue 11, one test (or a few) per row: the exact hostile request, the status and error shape
it must get, and the state afterwards."""
import ast
import json
import socket
import threading
import time

import pytest
import requests

from conftest import (ADA, ADMIN, GRACE, REPO_ROOT, ROOT, WENDY, admin, api, assert_error, journal, port_of, raw,
                      state, token)

INT64_MAX = 9223372036854775807
INT64_MIN = -9223372036854775808
RANGE = "0 to 253402300799999"


def org_id(server, name, email=ADA):
    orgs = api(server, email, "GET", "/orgs").json()
    return next(org["id"] for org in orgs if org["name"] == name)


def request_bytes(method, path, headers=None, body=b""):
    lines = [f"{method} {path} HTTP/1.1", "Host: 127.0.0.1"]
    for name, value in (headers or {}).items():
        lines.append(f"{name}: {value}")
    if body and not any(name.lower() in ("content-length", "transfer-encoding") for name in (headers or {})):
        lines.append(f"Content-Length: {len(body)}")
    lines.append("Connection: close")
    return ("\r\n".join(lines) + "\r\n\r\n").encode() + body


# -- row 1: no spelling of a /_mock path gets past --admin-token ---------------------------------

ADMIN_SPELLINGS = ["//_mock/{}", "///_mock/{}", "/_mock//{}", "//_mock//{}", "/ns/w1//_mock/{}", "/ns/w1/_mock/{}",
                   "/ns/w1///_mock/{}"]


@pytest.mark.parametrize("spelling", ADMIN_SPELLINGS)
def test_row1_mock_tokens_without_the_admin_token_is_401_however_spelled(server, spelling):
    before = state(server)
    body = json.dumps({"email": ROOT}).encode()
    resp = raw(server, request_bytes("POST", spelling.format("tokens"), {"Content-Type": "application/json"}, body))
    assert_error(resp, 401, "x-mock-admin-token")
    resp = raw(server, request_bytes("PUT", spelling.format("fixtures"), {"Content-Type": "application/json"},
                                     b'{"users": [], "orgs": [], "projects": []}'))
    assert_error(resp, 401, "x-mock-admin-token")
    resp = raw(server, request_bytes("POST", spelling.format("reset")))
    assert_error(resp, 401, "x-mock-admin-token")
    assert state(server) == before


@pytest.mark.parametrize("path, status, words", [
    # not /_mock by its first segment nor by the route matched: an unmatched path (404)
    ("/%5Fmock/tokens", 404, ["no route for POST /%5Fmock/tokens"]),
    ("/./_mock/tokens", 404, ["no route for POST /./_mock/tokens"]),
    ("/api/../_mock/tokens", 404, ["no route for POST /api/../_mock/tokens"]),
    ("/_MOCK/tokens", 404, ["no route for POST /_MOCK/tokens"]),
    # /_mock by its first segment: locked like /_mock/tokens
    ("/_mock/./tokens", 401, ["x-mock-admin-token"]),
    ("/_mock/%74okens", 401, ["x-mock-admin-token"]),
])
def test_row1_other_spellings_never_mint_a_token(server, path, status, words):
    body = json.dumps({"email": ROOT}).encode()
    resp = raw(server, request_bytes("POST", path, {"Content-Type": "application/json"}, body))
    assert_error(resp, status, *words)
    assert "id_token" not in resp.text


def test_row1_the_token_still_opens_every_spelling(server):
    for spelling in ADMIN_SPELLINGS:
        resp = raw(server, request_bytes("GET", spelling.format("health"), {"x-mock-admin-token": ADMIN}))
        assert resp.status_code == 200, (spelling, resp.text)


# -- row 2: the fake clock refuses what would overflow ------------------------------------------

@pytest.mark.parametrize("body", [{"advanceMs": INT64_MAX}, {"nowMs": INT64_MAX}, {"nowMs": INT64_MIN},
                                  {"nowMs": -1}, {"nowMs": 253402300800000}, {"advanceMs": INT64_MIN}])
def test_row2_clock_out_of_range_is_400_naming_the_range(server, body):
    before = admin(server, "GET", "/clock").json()
    assert_error(admin(server, "POST", "/clock", json=body), 400, RANGE)
    after = admin(server, "GET", "/clock").json()
    assert after["fake"] == before["fake"] is False
    assert abs(after["nowMs"] - before["nowMs"]) < 60_000
    assert requests.post(server.base_url + "/token?default", timeout=15,
                         json={"type": "user_credentials", "username": ADA, "password": "ada-pass"}).status_code == 200


def test_row2_advancing_past_either_end_is_400(server):
    assert admin(server, "POST", "/clock", json={"nowMs": 0}).status_code == 200
    assert_error(admin(server, "POST", "/clock", json={"advanceMs": -1}), 400, RANGE)
    assert admin(server, "GET", "/clock").json()["nowMs"] == 0
    assert admin(server, "POST", "/clock", json={"advanceMs": INT64_MAX // 2 // 10**6}).status_code == 200
    assert_error(admin(server, "POST", "/clock", json={"advanceMs": INT64_MAX // 2}), 400, RANGE)
    assert_error(admin(server, "POST", "/clock", json={"advanceMs": INT64_MAX // 2}), 400, RANGE)


def test_row2_the_last_valid_millisecond_still_issues_and_accepts_tokens(server):
    assert admin(server, "POST", "/clock", json={"nowMs": 253402300799999}).status_code == 200
    tok = token(server, ADA)
    resp = requests.get(server.base_url + "/api/v1/users/me", headers={"Authorization": f"Bearer {tok}"}, timeout=15)
    assert resp.status_code == 200, resp.text
    assert_error(admin(server, "POST", "/clock", json={"advanceMs": 1}), 400, RANGE)
    minted = admin(server, "POST", "/tokens", json={"email": ADA, "expiresInS": 315_360_000})
    assert minted.status_code == 201, minted.text


def test_row2_a_number_beyond_int64_is_400(server):
    resp = admin(server, "POST", "/clock", data='{"advanceMs": 92233720368547758070}',
                 headers={"Content-Type": "application/json"})
    assert_error(resp, 400, "advanceMs")


# -- row 5: glob matching in linear time, patterns capped ---------------------------------------

STARS = "/**/**/**/**/**/**/**/**/zz"
LONG_PATH = "/" + "/".join(["a"] * 60)


def test_row5_a_many_star_fault_against_a_60_segment_path_answers_at_once(server):
    assert admin(server, "POST", "/faults", json={"path": STARS, "status": 418}).status_code == 201
    started = time.monotonic()
    resp = requests.get(server.base_url + LONG_PATH, timeout=30)
    assert time.monotonic() - started < 2
    assert_error(resp, 404, "no route")
    assert requests.get(server.base_url + LONG_PATH + "/zz", timeout=30).status_code == 418


def test_row5_a_many_star_journal_filter_answers_at_once(server):
    for _ in range(20):
        requests.get(server.base_url + LONG_PATH, timeout=30)
    started = time.monotonic()
    for _ in range(4):
        assert journal(server, path=STARS) == []
    assert len(journal(server, path="/a/**/a")) == 20
    assert time.monotonic() - started < 3
    started = time.monotonic()
    assert admin(server, "GET", "/health").status_code == 200
    assert time.monotonic() - started < 0.5


def test_row5_patterns_longer_than_256_bytes_are_refused(server):
    pattern = "/" + "*/" * 200
    assert_error(admin(server, "GET", "/requests", params={"path": pattern}), 400, "256")
    assert_error(admin(server, "POST", "/faults", json={"path": pattern, "status": 500}), 400, "256")
    assert admin(server, "GET", "/faults").json() == []


# -- row 6: broken transfer encodings ---------------------------------------------------------

@pytest.mark.parametrize("path", ["/api/v1/orgs", "/_mock/faults", "/token?default"])
@pytest.mark.parametrize("framing", [
    ("chunked", b"ZZ\r\nabc\r\n0\r\n\r\n"),
    ("chunked", b"FFFFFFFFFFFFFFFFFFFFFFFF\r\nabc\r\n0\r\n\r\n"),
    ("gzip", b"abc"),
    ("gzip, chunked", b"3\r\nabc\r\n0\r\n\r\n"),
])
def test_row6_broken_transfer_encodings_are_400_in_the_error_shape(server, path, framing):
    before = state(server)
    encoding, body = framing
    resp = raw(server, request_bytes("POST", path, {"Transfer-Encoding": encoding, "Content-Type": "application/json",
                                                    "x-mock-admin-token": ADMIN}, body))
    assert resp is not None
    if encoding == "gzip, chunked" and resp.status_code != 400:
        # llhttp accepts a chunked body with another coding before it; the body is then not JSON.
        assert 400 <= resp.status_code < 500, resp.text
    else:
        assert_error(resp, 400, "malformed")
    assert state(server) == before


# -- row 7: control characters in emails; emails compared exactly -----------------------------------

@pytest.mark.parametrize("email", ["eve\u0000@x.example", "eve@x.example\u0000junk", "eve@x.exam\nple", "\u0007eve@x.example"])
def test_row7_a_member_email_with_a_control_character_is_400(server, email):
    before = state(server)
    provider = org_id(server, "Provider Inc")
    resp = api(server, ADA, "POST", f"/orgs/{provider}/members", json={"emails": [email], "role": "member"})
    assert_error(resp, 400, "control characters", "no member was added")
    assert state(server) == before


def test_row7_login_with_a_nul_after_a_real_email_is_400_not_that_user(server):
    resp = requests.post(server.base_url + "/token?default", timeout=15, json={
        "type": "user_credentials", "username": ADA + "\u0000junk", "password": "ada-pass"})
    assert_error(resp, 400, "control characters")
    resp = admin(server, "POST", "/tokens", json={"email": ROOT + "\u0000x"})
    assert_error(resp, 400, "control characters")
    # Case is still ignored (as the platform does), nothing else.
    resp = requests.post(server.base_url + "/token?default", timeout=15, json={
        "type": "user_credentials", "username": ADA.upper(), "password": "ada-pass"})
    assert resp.status_code == 200, resp.text


def test_row7_a_nul_in_a_path_id_is_400(server):
    provider = org_id(server, "Provider Inc")
    assert_error(api(server, ADA, "GET", f"/orgs/{provider}%00junk"), 400, "control characters")
    assert_error(api(server, ADA, "DELETE", f"/orgs/{provider}/members/{WENDY}%00x"), 400, "control characters")


# -- row 8: secrets redacted from the journal whatever the body's shape ----------------------------

def journal_text(server):
    return json.dumps(journal(server))


def test_row8_a_malformed_login_body_keeps_no_password(server):
    body = '{"type": "user_credentials", "username": "ada@provider.example", "password": "ada-pass"'
    resp = requests.post(server.base_url + "/token?default", data=body, timeout=15,
                         headers={"Content-Type": "application/json"})
    assert_error(resp, 400, "malformed JSON")
    entries = journal(server, path="/token")
    assert len(entries) == 1 and "ada@provider.example" in json.dumps(entries)
    assert "ada-pass" not in journal_text(server)


def test_row8_a_text_plain_login_form_keeps_no_password(server):
    resp = requests.post(server.base_url + "/token?default", data="username=ada@provider.example&password=ada-pass",
                         headers={"Content-Type": "text/plain"}, timeout=15)
    assert resp.status_code == 415
    assert "ada-pass" not in journal_text(server)
    assert len(journal(server, path="/token")) == 1


def test_row8_a_password_in_the_query_is_redacted(server):
    requests.post(server.base_url + "/token?default&password=ada-pass&Refresh_Token=rt_zzz&x=1", json={}, timeout=15)
    entries = journal(server, path="/token")
    assert len(entries) == 1
    assert "ada-pass" not in journal_text(server) and "rt_zzz" not in journal_text(server)
    assert "x=1" in entries[0]["query"] and "password=***redacted***" in entries[0]["query"]


def test_row8_a_malformed_integration_body_keeps_no_secret(server):
    provider = org_id(server, "Provider Inc")
    body = '{"type": "s3", "name": "leak", "options": {"key": "AKIAEXAMPLEKEY", "secret": "s3cr3t-value"}'
    resp = api(server, ADA, "POST", f"/orgs/{provider}/integrations", data=body,
               headers={"Content-Type": "application/json"})
    assert_error(resp, 400)
    text = journal_text(server)
    assert "s3cr3t-value" not in text and "AKIAEXAMPLEKEY" not in text
    assert "leak" in text


def test_row8_a_multipart_and_a_huge_body_keep_no_secret(server):
    multipart = ('--b\r\nContent-Disposition: form-data; name="password"\r\n\r\nada-pass\r\n--b--\r\n')
    requests.post(server.base_url + "/token?default", data=multipart, timeout=15,
                  headers={"Content-Type": "multipart/form-data; boundary=b"})
    huge = '{"password": "ada-pass", "pad": "' + "x" * 200_000 + '"}'
    requests.post(server.base_url + "/api/v1/orgs", data=huge, timeout=15, headers={"Content-Type": "application/json"})
    assert "ada-pass" not in journal_text(server)
    entry = journal(server, path="/api/v1/orgs")[0]
    assert entry["bodyTruncated"] is True and entry["bodyBytes"] == len(huge)
    assert len(entry["body"].encode()) <= 256


# -- row 9: a fixture document with unknown keys, or an empty one -------------------------------------

@pytest.mark.parametrize("body,words", [({"name": "x"}, ["name", "unknown key"]),
                                        ({"users": [], "orgz": []}, ["orgz", "unknown key"]),
                                        ({}, ["empty"])])
def test_row9_put_fixtures_refuses_unknown_keys_and_an_implicit_empty_state(server, body, words):
    before = state(server)
    assert_error(admin(server, "PUT", "/fixtures", json=body), 400, *words)
    assert state(server) == before
    admin(server, "POST", "/reset")
    assert state(server) == before


def test_row9_an_empty_state_when_asked_for_explicitly(server):
    default = json.loads((REPO_ROOT / "fixtures" / "default.json").read_text())
    try:
        assert admin(server, "PUT", "/fixtures", json={"users": [], "orgs": [], "projects": []}).status_code == 200
        assert state(server) == {"users": [], "orgs": [], "projects": []}
    finally:
        assert admin(server, "PUT", "/fixtures", json=default).status_code == 200


# -- row 10: what the HTTP decoder refuses, in the error shape ------------------------------------

def test_row10_a_head_over_64_KiB_is_431_in_the_error_shape(server):
    resp = raw(server, request_bytes("GET", "/_mock/health", {"X-Big": "a" * 70_000}))
    assert_error(resp, 431, "64 KiB")
    resp = raw(server, request_bytes("GET", "/api/v1/orgs?" + "q" * 90_000))
    assert_error(resp, 431, "64 KiB")


def test_row10_a_nul_in_a_header_is_400_in_the_error_shape(server):
    resp = raw(server, b"GET /_mock/health HTTP/1.1\r\nHost: x\r\nX-Evil: a\x00b\r\n\r\n")
    assert_error(resp, 400, "malformed")


@pytest.mark.parametrize("line", [b"GARBAGE\r\n\r\n", b"GET\r\n\r\n", b"GET / HTTP/9.9\r\n\r\n",
                                  b"G\x00T / HTTP/1.1\r\n\r\n", b"GET /a b c HTTP/1.1\r\n\r\n"])
def test_row10_a_malformed_request_line_is_400_in_the_error_shape(server, line):
    resp = raw(server, line)
    assert_error(resp, 400, "malformed")


# -- row 11: connections that never finish their head are closed -----------------------------------

def test_row11_partial_heads_are_closed_after_the_idle_timeout(server):
    port = port_of(server)
    sockets = []
    for _ in range(200):
        sock = socket.create_connection(("127.0.0.1", port), timeout=10)
        sock.sendall(b"GET /_mock/health HTTP/1.1\r\nHost: x\r\nX-Slow: ")
        sockets.append(sock)
    trickler = socket.create_connection(("127.0.0.1", port), timeout=10)
    trickler.sendall(b"GET /_mock/health HTTP/1.1\r\n")
    stop = threading.Event()

    def trickle():
        while not stop.is_set():
            try:
                trickler.sendall(b"X-A: b\r\n")
            except OSError:
                return
            time.sleep(0.3)

    thread = threading.Thread(target=trickle, daemon=True)
    thread.start()
    started = time.monotonic()
    # Meanwhile the server answers others at once.
    assert requests.get(server.base_url + "/_mock/health", headers={"x-mock-admin-token": ADMIN}, timeout=5).ok
    closed = 0
    for sock in sockets + [trickler]:
        sock.settimeout(max(0.1, 8 - (time.monotonic() - started)))
        try:
            closed += sock.recv(1) == b""
        except ConnectionResetError:
            closed += 1
        except socket.timeout:
            pass
        sock.close()
    stop.set()
    assert closed == len(sockets) + 1
    assert time.monotonic() - started < 8


def test_row11_a_kept_alive_connection_is_served_then_closed_when_idle(server):
    with socket.create_connection(("127.0.0.1", port_of(server)), timeout=10) as sock:
        sock.sendall(f"GET /_mock/health HTTP/1.1\r\nHost: x\r\nx-mock-admin-token: {ADMIN}\r\n\r\n".encode())
        assert sock.recv(65536).startswith(b"HTTP/1.1 200")
        started = time.monotonic()
        sock.settimeout(8)
        assert sock.recv(1) == b""
        assert 1 <= time.monotonic() - started < 6


# -- row 12: an empty namespace name is refused --------------------------------------------------

@pytest.mark.parametrize("request_line,headers", [
    ("GET /_mock/health", {"x-mock-namespace": ""}),
    ("GET /api/v1/orgs", {"x-mock-namespace": ""}),
    ("GET /ns//_mock/health", {}),
    ("GET /ns//api/v1/orgs", {}),
    ("GET /ns/", {}),
])
def test_row12_an_empty_namespace_is_400(server, request_line, headers):
    before = admin(server, "GET", "/namespaces").json()
    method, path = request_line.split(" ")
    resp = raw(server, request_bytes(method, path, {**headers, "x-mock-admin-token": ADMIN}))
    assert_error(resp, 400, "namespace")
    assert admin(server, "GET", "/namespaces").json() == before
    assert journal(server) == []


# -- row 13: a form that does not decode to UTF-8 --------------------------------------------------

@pytest.mark.parametrize("form", ["name=%FF%FE%FD", "name=ok%C3", "name=%ZZ", "%FF=x&name=y"])
def test_row13_a_form_that_is_not_utf8_is_400_naming_utf8(server, form):
    before = state(server)
    resp = api(server, ADA, "POST", "/projects", data=form,
               headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert_error(resp, 400, "UTF-8")
    assert state(server) == before


def test_row13_a_well_formed_utf8_form_still_works(server):
    resp = api(server, ADA, "POST", "/projects", data="name=R%26D+%231+%5Bq%5D",
               headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert resp.status_code == 201, resp.text
    assert resp.json()["name"] == "R&D #1 [q]"
    # Decoded UTF-8 reaches the name rule, which names the character outside the platform's alphabet.
    resp = api(server, ADA, "POST", "/projects", data="name=Caf%C3%A9",
               headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert_error(resp, 400, "project name cannot contain 'é'")


# -- row 14: snapshots are capped ----------------------------------------------------------------

def test_row14_snapshots_past_max_snapshots_are_429(server):
    for name in ["s1", "s2", "s3"]:
        assert admin(server, "POST", f"/snapshots/{name}").status_code == 201
    assert_error(admin(server, "POST", "/snapshots/s4"), 429, "--max-snapshots")
    assert [s["name"] for s in admin(server, "GET", "/snapshots").json()] == ["s1", "s2", "s3"]
    assert admin(server, "POST", "/snapshots/s2").status_code == 201   # replacing one is fine
    assert admin(server, "DELETE", "/snapshots/s1").status_code == 200
    assert admin(server, "POST", "/snapshots/s4").status_code == 201


def test_row14_faults_past_max_faults_are_429(server):
    for _ in range(4):
        assert admin(server, "POST", "/faults", json={"path": "/nowhere", "status": 500}).status_code == 201
    assert_error(admin(server, "POST", "/faults", json={"path": "/nowhere", "status": 500}), 429, "--max-faults")
    assert len(admin(server, "GET", "/faults").json()) == 4


# -- row 16: the Host header in /_mock/env is data, not code ---------------------------------------

@pytest.mark.parametrize("host", ['x"),__import__("os").system("touch /tmp/pwned"),("', "a\\\"b'c", "h\u00e9st:1"])
def test_row16_mock_env_escapes_a_crafted_host(server, host):
    resp = raw(server, b"GET /_mock/env HTTP/1.1\r\nHost: " + host.encode() +
               f"\r\nx-mock-admin-token: {ADMIN}\r\nConnection: close\r\n\r\n".encode())
    assert resp.status_code == 200, resp.text
    snippet = resp.json()["python"]
    tree = ast.parse(snippet)
    assert [type(node).__name__ for node in tree.body] == ["Import", "Expr", "Expr"]
    calls = [node.value for node in tree.body[1:]]
    assert all(isinstance(arg, ast.Constant) for call in calls for arg in call.args)
    assert all(isinstance(kw.value, ast.Constant) for call in calls for kw in call.keywords)
    environment = next(kw.value.value for kw in calls[0].keywords if kw.arg == "environment")
    assert environment == resp.json()["add_environment"]["environment"]


# -- permissions: each view agrees with the table ----------------------------------------------------

def test_a_worker_sees_no_members_or_groups_in_any_org_view(server):
    provider = org_id(server, "Provider Inc")
    assert_error(api(server, WENDY, "GET", f"/orgs/{provider}/members"), 403)
    assert_error(api(server, WENDY, "GET", f"/orgs/{provider}/groups"), 403)
    org = api(server, WENDY, "GET", f"/orgs/{provider}").json()
    assert org["name"] == "Provider Inc" and org["members"] == [] and org["groups"] == []
    listed = api(server, WENDY, "GET", "/orgs").json()
    assert [(o["name"], o["members"], o["groups"]) for o in listed] == [("Provider Inc", [], [])]
    # The owner still sees both.
    org = api(server, ADA, "GET", f"/orgs/{provider}").json()
    assert len(org["members"]) == 4 and len(org["groups"]) == 2  # the default fixture's


def test_a_providers_admin_sees_its_clients_but_not_their_people(server):
    provider = org_id(server, "Provider Inc")
    clients = api(server, GRACE, "GET", f"/orgs/{provider}/clients").json()
    assert sorted(c["name"] for c in clients) == ["Client A", "Client B"]
    assert all(c["members"] == [] and c["groups"] == [] for c in clients)
    client_a = next(c["id"] for c in clients if c["name"] == "Client A")
    assert_error(api(server, GRACE, "GET", f"/orgs/{client_a}"), 403)
    assert_error(api(server, GRACE, "GET", f"/orgs/{client_a}/members"), 403)
    # A superuser sees a client's people everywhere.
    clients = api(server, ROOT, "GET", f"/orgs/{provider}/clients").json()
    assert all(c["members"] for c in clients)


# -- what held must keep holding: pipelining ----------------------------------------------------------

def test_pipelined_requests_are_all_answered_in_order(server):
    one = f"GET /_mock/health HTTP/1.1\r\nHost: x\r\nx-mock-admin-token: {ADMIN}\r\n\r\n".encode()
    with socket.create_connection(("127.0.0.1", port_of(server)), timeout=10) as sock:
        sock.sendall(one * 5 + b"GET /_mock/clock HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
                     + f"x-mock-admin-token: {ADMIN}\r\n\r\n".encode())
        data = b""
        while chunk := sock.recv(65536):
            data += chunk
    assert data.count(b"HTTP/1.1 200") == 6
    assert data.rstrip().endswith(b"}") and b'"fake"' in data.split(b"HTTP/1.1 200")[-1]
