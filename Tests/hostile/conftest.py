"""Hostile clients against a started dataloop-mock (issue 11): every attack that once crashed,
bloated, stalled or got past the admin token, replayed with its exact request, and the answer
and state it must give now. The servers are dataloop_mock's MockServer (the binary is
DATALOOP_MOCK_BIN, else .build/debug/dataloop-mock)."""
import http.client
import json
import os
import socket
import sys
from pathlib import Path

import pytest
import requests

from dataloop_mock import MockServer

REPO_ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(Path(__file__).resolve().parent))

ADMIN = "hostile-admin-token"
ADA = "ada@provider.example"
ROOT = "root@dataloop.example"
WENDY = "wendy@provider.example"    # worker of Provider Inc
GRACE = "grace@provider.example"    # admin of Provider Inc (the provider of Client A and B)
PASSWORDS = {ADA: "ada-pass", ROOT: "root-pass", WENDY: "wendy-pass", GRACE: "grace-pass",
             "carol@client-a.example": "carol-pass"}

# Small limits, so that each one is reached in a few requests.
LIMIT_ARGS = ["--max-snapshots", "3", "--max-faults", "4", "--journal-body-bytes", "256",
              "--journal-bytes", "65536", "--idle-timeout-s", "2"]


def binary():
    return os.environ.get("DATALOOP_MOCK_BIN") or str(REPO_ROOT / ".build" / "debug" / "dataloop-mock")


@pytest.fixture(scope="session")
def server():
    """One server for the session, locked with --admin-token and small limits."""
    with MockServer(args=LIMIT_ARGS, binary=binary(), admin_token=ADMIN) as mock:
        yield mock


@pytest.fixture(autouse=True)
def clean(server):
    """Every test starts from the seeded state, an empty journal, no faults, no snapshots, the real clock."""
    server.reset()
    for method, path in [("DELETE", "/requests"), ("DELETE", "/faults"), ("DELETE", "/clock")]:
        admin(server, method, path)
    for snapshot in admin(server, "GET", "/snapshots").json():
        admin(server, "DELETE", f"/snapshots/{snapshot['name']}")
    yield
    assert server.alive, "the server died"


def admin(server, method, path, **kwargs):
    """A /_mock call with the admin token."""
    headers = {"x-mock-admin-token": ADMIN, **kwargs.pop("headers", {})}
    return requests.request(method, server.base_url + "/_mock" + path, headers=headers, timeout=30, **kwargs)


def state(server):
    """The whole state, as GET /_mock/state exports it, less `lastLogin` (a login to make a
    request changes it; the tests assert that the request itself changed nothing)."""
    resp = admin(server, "GET", "/state")
    assert resp.status_code == 200, resp.text
    exported = resp.json()
    for user in exported.get("users", []):
        user.pop("lastLogin", None)
    return exported


def token(server, email):
    resp = requests.post(server.base_url + "/token?default", timeout=15,
                         json={"type": "user_credentials", "username": email, "password": PASSWORDS[email]})
    assert resp.status_code == 200, resp.text
    return resp.json()["id_token"]


def api(server, email, method, path, **kwargs):
    headers = {"Authorization": f"Bearer {token(server, email)}", **kwargs.pop("headers", {})}
    return requests.request(method, server.base_url + "/api/v1" + path, headers=headers, timeout=30, **kwargs)


def journal(server, **params):
    resp = admin(server, "GET", "/requests", params=params)
    assert resp.status_code == 200, resp.text
    return resp.json()


def assert_error(resp, status, *words):
    """The platform's error shape, with the status and a message naming each word."""
    assert resp.status_code == status, f"{resp.status_code} {resp.text[:500]}"
    body = resp.json() if hasattr(resp, "json") else json.loads(resp.body)
    assert set(body) == {"status", "error", "message"}, body
    assert body["status"] == status and body["error"], body
    for word in words:
        assert word.lower() in body["message"].lower(), (word, body["message"])
    return body


class RawResponse:
    def __init__(self, status, headers, body):
        self.status_code, self.headers, self.body = status, headers, body
        self.text = body.decode("utf-8", "replace")

    def json(self):
        return json.loads(self.body)


def raw(server, data, timeout=15):
    """Sends `data` as is on a new connection and parses one response (None: closed without one)."""
    host, port = server.base_url.split("//")[1].split(":")
    with socket.create_connection((host, int(port)), timeout=timeout) as sock:
        sock.sendall(data)
        response = http.client.HTTPResponse(sock, method="GET")
        try:
            response.begin()
        except (http.client.RemoteDisconnected, ConnectionResetError, http.client.BadStatusLine):
            return None
        return RawResponse(response.status, dict(response.getheaders()), response.read())


def port_of(server):
    return int(server.base_url.rsplit(":", 1)[1])
