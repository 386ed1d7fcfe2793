"""Every dlp command that touches organizations or projects, through the real `dlp` executable
(a subprocess, as a user runs it): the environment, every way to log in and out, and the
project commands. Each test runs dlp in its own folder, where dlp keeps its checkout state
(.dataloop/state.json), and checks the outcome on the server or in that state, not only the
exit code."""
import json
import os
import re
import shutil
import socket
import sys
import time

import pytest
from filelock import FileLock

from helpers import (ADA, CAROL, FIXTURE, GRACE, LINUS, NORA, PASSWORDS, PROVIDER, RND, SHELF, STREET, WAREHOUSE,
                     emails_to_roles)
from test_login_page import BROWSER_SCRIPT

LOGIN_PORT = 3001  # dlp login takes no port: dtlpy's listener always binds 3001
NOBODY = ("None", "null")  # `dlp api info`'s user_email when logged out (dtlpy 1.126 prints null)


@pytest.fixture
def cli(dlp, tmp_path):
    """cli(*args, env=None) -> (returncode, output): dlp in this test's own folder, with
    stdout and stderr together (dtlpy logs to stderr, prints to stdout), on a copy of the
    worker's dtlpy cookie: dtlpy before 1.119 writes the cookie from a daemon thread (its
    version check at import), which dies with the process, sometimes mid-write, leaving an
    empty cookie that no later dtlpy call can read."""
    cookie = tmp_path / "dataloop"
    shutil.copytree(os.environ["DATALOOP_PATH"], cookie)

    def cli(*args, env=None):
        rc, out, err = dlp(*args, env={"DATALOOP_PATH": str(cookie), **(env or {})}, cwd=tmp_path)
        return rc, out + err
    return cli


@pytest.fixture
def logged_in(cli):
    """logged_in(email) logs dlp in as a fixture user with `dlp login-m2m`."""
    def logged_in(email):
        rc, out = cli("login-m2m", "-e", email, "-p", PASSWORDS[email], "-i", "x", "-s", "x")
        assert rc == 0, out
        assert f"User: {email}" in out, out
    return logged_in


def info(cli):
    """`dlp api info` as {key: value}."""
    rc, out = cli("api", "info")
    assert rc == 0, out
    assert "-- Dataloop info --" in out, out
    return dict(re.findall(r"\] (environment|user_email|token): (\S*)", out))


def checked_out(tmp_path):
    """The project in dlp's checkout state (.dataloop/state.json in the folder dlp ran in)."""
    state = tmp_path / ".dataloop" / "state.json"
    return json.loads(state.read_text()).get("project") if state.exists() else None


def project_names(output):
    """The fixture's project names (and the system projects') that a `projects ls` table shows."""
    known = [project["name"] for project in FIXTURE["projects"]] + [f"{org['name']} system project" for org in FIXTURE["orgs"]]
    return {name for name in known if name in output}


# -- the environment -------------------------------------------------------------------------

def test_api_setenv_selects_the_mock_and_api_info_shows_it(cli, server):
    rc, out = cli("api", "setenv", "-e", "mock")
    assert rc == 0, out
    assert f"Platform environment: {server.api_url}" in out, out
    shown = info(cli)
    assert (shown["environment"], shown["token"]) == (server.api_url, "None")
    assert shown["user_email"] in NOBODY


def test_api_setenv_of_an_unknown_environment_fails_and_keeps_the_mock(cli, server):
    rc, out = cli("api", "setenv", "-e", "no-such-environment")
    assert rc == 1, out
    assert 'Unknown platform environment: "no-such-environment"' in out, out
    assert info(cli)["environment"] == server.api_url


# -- logging in and out ------------------------------------------------------------------------

@pytest.mark.parametrize("command", ["login-m2m", "login-secret"])
def test_login_with_email_and_password(cli, server, command):
    rc, out = cli(command, "-e", LINUS, "-p", PASSWORDS[LINUS], "-i", "x", "-s", "x")
    assert rc == 0, out
    shown = info(cli)
    assert shown["user_email"] == LINUS
    assert server.raw("GET", "/api/v1/users/me", token=shown["token"]).json()["email"] == LINUS
    assert server.mock.requests(method="POST", path="/token")[-1]["status"] == 200


def test_login_m2m_with_a_wrong_password_fails_and_logs_nobody_in(cli, server):
    rc, out = cli("login-m2m", "-e", ADA, "-p", "not-" + PASSWORDS[ADA], "-i", "x", "-s", "x")
    assert "wrong email or password" in out, out  # dtlpy logs the refusal (and exits 0)
    assert info(cli)["user_email"] in NOBODY
    assert [entry["status"] for entry in server.mock.requests(method="POST", path="/token")] == [401]


def test_login_token_with_an_issued_token(cli, server):
    token = server.token(CAROL)
    rc, out = cli("login-token", "-t", token)
    assert rc == 0, out
    assert info(cli) == {"environment": server.api_url, "user_email": CAROL, "token": token}
    rc, out = cli("projects", "ls")
    assert rc == 0, out
    assert project_names(out) == {STREET, "Client A system project"}


def test_login_through_the_login_page(cli, server, tmp_path):
    """`dlp login` opens the mock's login page in $BROWSER: here a script that picks the user
    and posts the form, whose redirect hands the tokens to dtlpy's listener on port 3001."""
    browser = tmp_path / "browser.py"
    browser.write_text(BROWSER_SCRIPT.format(python=sys.executable))
    browser.chmod(0o755)
    log = tmp_path / "browser.json"
    config = json.dumps({"email": GRACE, "passwords": [PASSWORDS[GRACE]], "log": str(log)})
    # the port is fixed, so runs on one machine (other workers, other checkouts) take turns
    with FileLock(f"/tmp/dataloop-mock-dlp-login-{LOGIN_PORT}.lock", timeout=300):
        wait_for_free_port(LOGIN_PORT)
        rc, out = cli("login", env={"BROWSER": str(browser), "MOCK_BROWSER_CONFIG": config})
    assert rc == 0, out
    assert info(cli)["user_email"] == GRACE
    steps = json.loads(log.read_text())
    assert [step.get("answer") for step in steps] == [200, None], steps  # the form post, then dtlpy's page
    assert steps[0]["redirects"][0].startswith(f"http://localhost:{LOGIN_PORT}?id_token="), steps
    assert [(e["status"], e["body"]["email"]) for e in server.mock.requests(method="POST", path="/login")] == [(302, GRACE)]


def wait_for_free_port(port, timeout_s=60):
    deadline = time.monotonic() + timeout_s
    while True:
        with socket.socket() as sock:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            try:
                sock.bind(("127.0.0.1", port))
                return
            except OSError:
                if time.monotonic() > deadline:
                    pytest.fail(f"port {port} (dtlpy's login listener) stayed busy for {timeout_s} s")
        time.sleep(0.5)


def test_logout_forgets_the_token(cli, logged_in):
    logged_in(ADA)
    rc, out = cli("logout")
    assert rc == 0, out
    assert "logout successful" in out, out
    assert info(cli)["user_email"] in NOBODY
    rc, out = cli("projects", "ls")
    assert rc == 1, out
    assert "token expired, please login" in out, out
    assert project_names(out) == set()


# -- projects ----------------------------------------------------------------------------------

@pytest.mark.parametrize("email, expected", [
    (ADA, {RND, STREET, WAREHOUSE, "Provider Inc system project"}),
    (LINUS, {RND}),
    (CAROL, {STREET, "Client A system project"}),
])
def test_projects_ls_prints_the_callers_projects(cli, logged_in, email, expected):
    logged_in(email)
    rc, out = cli("projects", "ls")
    assert rc == 0, out
    assert project_names(out) == expected


def test_projects_create_creates_and_checks_out(cli, logged_in, server, tmp_path):
    logged_in(GRACE)
    rc, out = cli("projects", "create", "-p", "Made by dlp")
    assert rc == 0, out
    [created] = [p for p in server.all_projects() if p["name"] == "Made by dlp"]
    assert created["org"]["id"] == server.org_id(PROVIDER)
    assert created["account"] == server.account_id(PROVIDER)
    assert emails_to_roles(created["contributors"]) == {GRACE: "owner"}
    assert created["id"] in out, out  # project.print()
    assert (checked_out(tmp_path)["id"], checked_out(tmp_path)["name"]) == (created["id"], "Made by dlp")
    rc, out = cli("projects", "ls")
    assert "Made by dlp" in out, out


def test_projects_create_without_an_active_org_fails_and_creates_nothing(cli, logged_in, server, tmp_path):
    before = server.all_projects()
    logged_in(NORA)
    rc, out = cli("projects", "create", "-p", "Homeless")
    assert rc == 1, out
    assert "organization" in out.lower(), out
    assert server.all_projects() == before
    assert checked_out(tmp_path) is None


def test_projects_checkout_and_checkout_state(cli, logged_in, server, tmp_path):
    logged_in(LINUS)
    rc, out = cli("projects", "checkout", "-p", RND)
    assert rc == 0, out
    assert f"Checked out to project {RND}" in out, out
    assert (checked_out(tmp_path)["id"], checked_out(tmp_path)["name"]) == (server.project_id(RND), RND)
    rc, out = cli("checkout-state")
    assert rc == 0, out
    assert f"project name: {RND}\tproject id: {server.project_id(RND)}" in out, out


def test_projects_checkout_of_a_project_the_caller_cannot_see_fails(cli, logged_in, tmp_path):
    logged_in(LINUS)
    rc, out = cli("projects", "checkout", "-p", SHELF)
    assert rc == 1, out
    assert checked_out(tmp_path) is None


@pytest.mark.parametrize("named", [True, False], ids=["by-name", "checked-out"])
def test_projects_web_opens_the_project_on_the_console(cli, logged_in, server, named):
    """`dlp projects web` opens <environment url>/projects/{id} with $BROWSER; `echo` prints
    the URL instead, and the mock redirects that URL to its web console's project cards."""
    logged_in(ADA)
    if not named:
        assert cli("projects", "checkout", "-p", WAREHOUSE)[0] == 0
    args = ("projects", "web", "-p", WAREHOUSE) if named else ("projects", "web")
    rc, out = cli(*args, env={"BROWSER": "echo"})
    assert rc == 0, out
    url = f"{server.url}/projects/{server.project_id(WAREHOUSE)}"
    assert url in out.splitlines(), out
    opened = server.http.get(url, allow_redirects=False, timeout=15)
    assert (opened.status_code, opened.headers["Location"]) == (303, server.url.removeprefix(server.mock.base_url) + "/projects")


def test_the_console_path_of_open_in_web_redirects_to_the_project_cards(server):
    cards = server.url.removeprefix(server.mock.base_url) + "/projects"
    resp = server.raw("GET", f"/projects/{server.project_id(RND)}", allow_redirects=False)
    assert (resp.status_code, resp.headers.get("Location")) == (303, cards), resp.text
