"""Starts one dataloop-mock server per test session and points the real dtlpy SDK and the
dlp CLI at it.

dtlpy reads DATALOOP_PATH (where its cookie with environments and tokens lives) when it is
imported, so it is set here, at import time, before anything imports dtlpy.
"""
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
import requests

if "dtlpy" in sys.modules:  # pragma: no cover - would leak the user's real cookie into the tests
    raise RuntimeError("dtlpy was imported before Tests/sdk/conftest.py could set DATALOOP_PATH")

SESSION_DIR = Path(tempfile.mkdtemp(prefix="dataloop-mock-sdk-"))
os.environ["DATALOOP_PATH"] = str(SESSION_DIR / "dataloop")

import dtlpy as dl  # noqa: E402  (must come after DATALOOP_PATH is set)

from helpers import FIXTURE_FILE, PASSWORDS, REPO_ROOT, ROOT, assert_ok  # noqa: E402

assert dl.service_defaults.DATALOOP_PATH == os.environ["DATALOOP_PATH"]

READY_TIMEOUT_S = 20
STOP_TIMEOUT_S = 5
CLI_DIR = SESSION_DIR / "cli"  # working directory of dlp runs (it writes .dataloop/state.json there)


def _binary():
    configured = os.environ.get("DATALOOP_MOCK_BIN")
    binary = Path(configured) if configured else REPO_ROOT / ".build" / "debug" / "dataloop-mock"
    if not binary.is_file() or not os.access(binary, os.X_OK):
        pytest.fail(f"dataloop-mock binary not found at {binary}: build it with `swift build` "
                    f"in {REPO_ROOT}, or set DATALOOP_MOCK_BIN to its path", pytrace=False)
    return binary


class MockServer:
    """A running dataloop-mock process plus small HTTP helpers around it."""

    def __init__(self, url, process, stdout_path, stderr_path):
        self.url = url
        self.api_url = url + "/api/v1"
        self.process = process
        self.stdout_path, self.stderr_path = stdout_path, stderr_path
        self.http = requests.Session()
        self._tokens = {}
        self._ids = None

    # -- plain HTTP -------------------------------------------------------------------
    def raw(self, method, path, token=None, **kwargs):
        """One HTTP request to `path` (from the server root, e.g. "/api/v1/orgs"), with
        `Authorization: Bearer token` when a token is given. Returns the response."""
        headers = dict(kwargs.pop("headers", None) or {})
        if token is not None:
            headers["Authorization"] = f"Bearer {token}"
        kwargs.setdefault("timeout", 15)
        return self.http.request(method, self.url + path, headers=headers, **kwargs)

    def token(self, email):
        """An id_token for a fixture user, from POST /token (cached until the next reset)."""
        if email not in self._tokens:
            resp = self.raw("POST", "/token?default",
                            json={"type": "user_credentials", "username": email, "password": PASSWORDS[email]})
            self._tokens[email] = assert_ok(resp, 200)["id_token"]
        return self._tokens[email]

    def api(self, email, method, path, **kwargs):
        """A request to /api/v1`path` as the fixture user `email`."""
        return self.raw(method, "/api/v1" + path, token=self.token(email), **kwargs)

    def get(self, email, path):
        return assert_ok(self.api(email, "GET", path), 200)

    def check_alive(self):
        if self.process.poll() is not None:
            pytest.fail(f"dataloop-mock exited during the session with code {self.process.returncode}\n"
                        f"--- stderr (tail) ---\n{_read(self.stderr_path)[-4000:]}", pytrace=False)

    def reset(self):
        self.check_alive()
        assert_ok(self.raw("POST", "/_mock/reset"))
        self._tokens.clear()
        self._ids = None

    # -- ids of fixture entities (seen by the superuser) --------------------------------
    def _load_ids(self):
        if self._ids is None:
            orgs = self.get(ROOT, "/orgs")
            projects = self.get(ROOT, "/projects")
            self._ids = {
                "org": {org["name"]: org["id"] for org in orgs},
                "account": {org["name"]: org["account"]["id"] for org in orgs},
                "project": {project["name"]: project["id"] for project in projects},
            }
        return self._ids

    def org_id(self, name):
        return self._load_ids()["org"][name]

    def account_id(self, org_name):
        return self._load_ids()["account"][org_name]

    def project_id(self, name):
        return self._load_ids()["project"][name]

    # -- state snapshots, for "a refused call changed nothing" ------------------------
    def org_state(self, org_name):
        org_id = self.org_id(org_name)

        def org_state():
            return self.get(ROOT, f"/orgs/{org_id}")
        org_state.__name__ = f"org {org_name!r}"
        return org_state

    def project_state(self, project_name):
        project_id = self.project_id(project_name)

        def project_state():
            return self.get(ROOT, f"/projects/{project_id}")
        project_state.__name__ = f"project {project_name!r}"
        return project_state

    def all_orgs(self):
        return self.get(ROOT, "/orgs")

    def all_projects(self):
        return self.get(ROOT, "/projects")

    def me(self, email):
        return self.get(email, "/users/me")

    def user_state(self, email):
        def user_state():
            return self.me(email)
        user_state.__name__ = f"user {email}"
        return user_state


def _read(path):
    try:
        return Path(path).read_text(errors="replace")
    except OSError:
        return ""


def _start_server():
    binary = _binary()
    port_file = SESSION_DIR / "port"
    stdout_path, stderr_path = SESSION_DIR / "server.stdout", SESSION_DIR / "server.stderr"
    command = [str(binary), "serve", "--port", "0", "--port-file", str(port_file), "--fixtures", str(FIXTURE_FILE)]
    with open(stdout_path, "wb") as out, open(stderr_path, "wb") as err:
        process = subprocess.Popen(command, stdout=out, stderr=err, stdin=subprocess.DEVNULL, cwd=SESSION_DIR)

    def fail(reason):
        if process.poll() is None:
            process.kill()
            process.wait()
        pytest.fail(f"dataloop-mock did not become ready: {reason}\ncommand: {' '.join(command)}\n"
                    f"exit code: {process.returncode}\n--- stdout ---\n{_read(stdout_path)[-4000:]}\n"
                    f"--- stderr ---\n{_read(stderr_path)[-4000:]}", pytrace=False)

    deadline = time.monotonic() + READY_TIMEOUT_S
    last_error = "no port file yet"
    while time.monotonic() < deadline:
        if process.poll() is not None:
            fail("the process exited")
        port = _read(port_file).strip()
        if port.isdigit():
            url = f"http://127.0.0.1:{port}"
            try:
                health = requests.get(url + "/_mock/health", timeout=2)
                if health.status_code == 200 and health.json().get("status") == "ok":
                    return MockServer(url, process, stdout_path, stderr_path)
                last_error = f"health answered {health.status_code} {health.text[:200]!r}"
            except (requests.RequestException, ValueError) as error:
                last_error = f"health check failed: {error}"
        time.sleep(0.05)
    fail(f"not healthy after {READY_TIMEOUT_S} s ({last_error})")


def _stop_server(server):
    process = server.process
    server.check_alive()
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=STOP_TIMEOUT_S)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
        pytest.fail(f"dataloop-mock did not exit within {STOP_TIMEOUT_S} s of SIGTERM")


@pytest.fixture(scope="session")
def server():
    """The running dataloop-mock, with the SDK's environment "mock" pointing at it."""
    server = _start_server()
    try:
        ready_line = f"dataloop-mock listening on {server.url}"
        stdout = _read(server.stdout_path)
        assert ready_line in stdout, f"no ready line {ready_line!r} on stdout: {stdout!r}"

        dl.add_environment(environment=server.api_url, gate_url=server.url, alias="mock", verify_ssl=False,
                           audience="mock", client_id="mock", auth0_url=server.url)
        dl.setenv("mock")
        assert dl.environment() == server.api_url
        CLI_DIR.mkdir(exist_ok=True)
        yield server
    finally:
        dl.logout()
        _stop_server(server)


@pytest.fixture(autouse=True)
def fresh_state(server):
    """Every test starts from the seeded fixtures, logged out."""
    server.reset()
    dl.logout()
    yield


@pytest.fixture
def raw(server):
    """raw(method, path, token=None, **requests_kwargs) -> requests.Response"""
    return server.raw


@pytest.fixture
def login(server):
    """login(email) logs the SDK in as a fixture user (dl.login_m2m, force=True) and returns
    the id_token."""
    def login(email):
        assert dl.login_m2m(email=email, password=PASSWORDS[email], force=True) is True, f"login as {email} failed"
        assert dl.info()["user_email"] == email
        return dl.client_api.token
    return login


@pytest.fixture
def dlp(server):
    """dlp(*args) runs the venv's dlp CLI with the session's DATALOOP_PATH and returns
    (returncode, stdout, stderr)."""
    executable = Path(sys.executable).parent / "dlp"
    assert executable.is_file(), f"no dlp executable next to {sys.executable}"
    env = dict(os.environ, DATALOOP_PATH=os.environ["DATALOOP_PATH"], PYTHONUNBUFFERED="1")

    def dlp(*args, timeout=120):
        done = subprocess.run([str(executable), *args], cwd=CLI_DIR, env=env, stdin=subprocess.DEVNULL,
                              capture_output=True, text=True, timeout=timeout)
        return done.returncode, done.stdout, done.stderr
    return dlp


def pytest_sessionfinish(session, exitstatus):
    shutil.rmtree(SESSION_DIR, ignore_errors=True)
