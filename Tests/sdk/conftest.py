"""Points the real dtlpy SDK and the dlp CLI at a dataloop-mock server: one per test session,
or, under pytest-xdist, one shared by all workers with a namespace per worker. The server
comes from the dataloop-mock package's pytest plugin (clients/python). This file sets
DATALOOP_PATH itself, one folder per process, before importing dtlpy (which reads it at import
time), so the suite's cookie never leaks; pytest.ini turns the plugin's own isolation (which
only acts inside its fixtures) off.
"""
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
import requests

if "dtlpy" in sys.modules:  # pragma: no cover - would leak the user's real cookie into the tests
    raise RuntimeError("dtlpy was imported before Tests/sdk/conftest.py could set DATALOOP_PATH")

SESSION_DIR = Path(tempfile.mkdtemp(prefix="dataloop-mock-sdk-"))
os.environ["DATALOOP_PATH"] = str(SESSION_DIR / "dataloop")  # per process: each xdist worker has its own

import dtlpy as dl  # noqa: E402  (must come after DATALOOP_PATH is set)

from helpers import FIXTURE_FILE, PASSWORDS, REPO_ROOT, ROOT, assert_ok, dtlpy_version  # noqa: E402

assert dl.service_defaults.DATALOOP_PATH == os.environ["DATALOOP_PATH"]

pytest_plugins = ["pytester"]  # test_plugin.py runs the dataloop-mock plugin in a fresh pytest

CLI_DIR = SESSION_DIR / "cli"  # working directory of dlp runs (it writes .dataloop/state.json there)


@pytest.fixture(scope="session")
def dataloop_mock_args():
    """The suite's server serves the fixture file the tests read (helpers.FIXTURE_FILE)."""
    return ["--fixtures", str(FIXTURE_FILE)]


@pytest.fixture(scope="session")
def dataloop_mock_binary():
    return os.environ.get("DATALOOP_MOCK_BIN") or REPO_ROOT / ".build" / "debug" / "dataloop-mock"


class SuiteServer:
    """The session's dataloop-mock as this suite uses it: plain HTTP as a fixture user, ids of
    fixture entities, state fetchers. `mock` is the plugin's MockServer (the /_mock API) for
    this worker's namespace; every path goes through its namespace prefix."""

    def __init__(self, mock):
        self.mock = mock
        self.url = mock.url
        self.api_url = mock.api_url
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
        if not self.mock.alive:
            stderr = self.mock.logs()[1]
            pytest.fail(f"dataloop-mock at {self.mock.base_url} is gone\n--- stderr (tail) ---\n{stderr[-4000:]}",
                        pytrace=False)

    def forget(self):
        """Drop what was cached from the state before a reset."""
        self._tokens.clear()
        self._ids = None

    def reset(self):
        self.check_alive()
        self.mock.reset()
        self.forget()

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


@pytest.fixture(scope="session")
def server(dataloop_mock_session):
    """The running dataloop-mock; the plugin pointed dtlpy's environment "mock" at it."""
    suite = SuiteServer(dataloop_mock_session)
    assert dl.environment() == suite.api_url
    CLI_DIR.mkdir(exist_ok=True)
    try:
        yield suite
    finally:
        dl.logout()


@pytest.fixture(autouse=True)
def fresh_state(server, dataloop_mock):
    """Every test starts from the seeded fixtures (the plugin's `dataloop_mock` resets the
    server and logs dtlpy out)."""
    server.check_alive()
    server.forget()
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
    """dlp(*args, env=None, cwd=None) runs the venv's dlp CLI with the session's DATALOOP_PATH
    (plus `env`) in `cwd` (default CLI_DIR; dlp keeps its checkout state in cwd/.dataloop) and
    returns (returncode, stdout, stderr)."""
    executable = Path(sys.executable).parent / "dlp"
    assert executable.is_file(), f"no dlp executable next to {sys.executable}"

    def dlp(*args, timeout=120, env=None, cwd=None):
        environment = {**os.environ, "DATALOOP_PATH": os.environ["DATALOOP_PATH"], "PYTHONUNBUFFERED": "1", **(env or {})}
        done = subprocess.run([str(executable), *args], cwd=cwd or CLI_DIR, env=environment, stdin=subprocess.DEVNULL,
                              capture_output=True, text=True, timeout=timeout)
        return done.returncode, done.stdout, done.stderr
    return dlp


# -- the dtlpy release under test ----------------------------------------------------------
# scripts/compat runs this suite against several dtlpy releases, each in its own venv. A test
# that uses an SDK attribute older releases lack says so with @pytest.mark.dtlpy_min("1.110")
# and is skipped, with the reason, on older ones.

def pytest_configure(config):
    config.addinivalue_line("markers", "dtlpy_min(version): needs this dtlpy release or a newer one; "
                                       "skipped with the reason on older ones")
    config.addinivalue_line("markers", "unemulated_routes: calls /api/v1 routes the mock does not emulate on "
                                       "purpose (the unmatched-route check leaves it alone)")


def pytest_collection_modifyitems(config, items):
    installed = dtlpy_version()
    for item in items:
        for marker in item.iter_markers("dtlpy_min"):
            (minimum,) = marker.args
            if installed < dtlpy_version(minimum):
                item.add_marker(pytest.mark.skip(
                    reason=f"needs dtlpy >= {minimum}; this is dtlpy {dl.__version__}"))


@pytest.fixture(autouse=True)
def no_unmatched_routes(request, server, fresh_state):
    """Whatever the test made dtlpy or dlp call, the mock emulated: after the test, this
    worker's journal (reset with the test) holds no unmatched route. An unmatched route is a
    parity gap (an older dtlpy calling a route the mock lacks, say), so it fails the test
    unless the test is marked `unemulated_routes`."""
    yield
    if request.node.get_closest_marker("unemulated_routes") or not server.mock.alive:
        return
    unmatched = server.mock.requests(unmatched=True)
    if unmatched:
        routes = sorted({f"{entry['method']} {entry['path']} -> {entry['status']}" for entry in unmatched})
        pytest.fail(f"dtlpy {dl.__version__} called routes dataloop-mock does not emulate:\n  "
                    + "\n  ".join(routes), pytrace=False)


def pytest_sessionfinish(session, exitstatus):
    shutil.rmtree(SESSION_DIR, ignore_errors=True)
