"""Plain HTTP against a dataloop-mock server as the default fixture's users, for the
round-trip and stateful tests. Every answer is checked for a 5xx (never acceptable)."""
import json
import os
from pathlib import Path

import requests

REPO_ROOT = Path(__file__).resolve().parents[2]
FIXTURE_FILE = REPO_ROOT / "fixtures" / "default.json"
FIXTURE = json.loads(FIXTURE_FILE.read_text())
PASSWORDS = {user["email"]: user["password"] for user in FIXTURE["users"]}
USERS = list(PASSWORDS)  # every user who can log in, in fixture order
SUPERUSERS = {user["email"] for user in FIXTURE["users"] if user.get("superuser")}
OPENAPI = json.loads((REPO_ROOT / "docs" / "openapi.json").read_text())

ADA = "ada@provider.example"
GRACE = "grace@provider.example"
LINUS = "linus@provider.example"
WENDY = "wendy@provider.example"
CAROL = "carol@client-a.example"
ALAN = "alan@client-a.example"
DAVE = "dave@client-a.example"
BOB = "bob@client-b.example"
ERIN = "erin@client-b.example"
ROOT = "root@dataloop.example"
NORA = "nora@nowhere.example"


def binary():
    """The server binary: $DATALOOP_MOCK_BIN, else this checkout's debug build."""
    return os.environ.get("DATALOOP_MOCK_BIN") or str(REPO_ROOT / ".build" / "debug" / "dataloop-mock")


def describe(resp):
    body = resp.request.body
    if isinstance(body, bytes):
        body = body.decode(errors="replace")
    sent = f" {body[:300]}" if body else ""
    return f"{resp.request.method} {resp.request.url}{sent} -> {resp.status_code} {resp.text[:600]}"


def decode(resp):
    """The answer's body: decoded JSON, else the text."""
    try:
        return resp.json()
    except ValueError:
        return resp.text


class Api:
    """One namespace of a running server (a MockServer), spoken to as fixture users."""

    def __init__(self, mock):
        self.mock = mock
        self.http = requests.Session()
        self.tokens = {}

    def request(self, method, path, email=None, **kwargs):
        """`method` `path` (from the server root, e.g. "/api/v1/orgs") as `email` (a bearer
        token), or anonymously. A 5xx fails the test at once."""
        headers = dict(kwargs.pop("headers", None) or {})
        if email is not None:
            headers["Authorization"] = f"Bearer {self.token(email)}"
        kwargs.setdefault("timeout", 30)
        resp = self.http.request(method, self.mock.url + path, headers=headers, **kwargs)
        assert resp.status_code < 500, f"a 5xx answer: {describe(resp)}"
        return resp

    def api(self, email, method, path, **kwargs):
        return self.request(method, "/api/v1" + path, email, **kwargs)

    def ok(self, email, method, path, status=200, **kwargs):
        resp = self.api(email, method, path, **kwargs)
        assert resp.status_code == status, describe(resp)
        return resp.json()

    def token(self, email):
        if email not in self.tokens:
            self.login(email)
        return self.tokens[email]

    def login(self, email):
        """POST /token?default with the user's password; keeps and returns the id token."""
        resp = self.request("POST", "/token?default",
                            json={"type": "user_credentials", "username": email, "password": PASSWORDS[email]})
        assert resp.status_code == 200, describe(resp)
        self.tokens[email] = resp.json()["id_token"]
        return self.tokens[email]

    def login_all(self):
        for email in USERS:
            self.login(email)

    def forget_tokens(self):
        self.tokens.clear()

    def start_over(self, document=FIXTURE):
        """The namespace as a fresh test wants it: `document` as state and as what reset
        returns to, no snapshots, faults, or journal; the real clock."""
        self.mock.load_fixtures(document)
        self.mock.reset()
        self.mock.clear_faults()
        self.mock.reset_clock()
        self.mock.clear_requests()
        for snapshot in self.mock.snapshots() or []:
            name = snapshot["name"] if isinstance(snapshot, dict) else snapshot
            self.mock.delete_snapshot(name)
        self.forget_tokens()
