"""The /_mock test-control API: reset, fixtures, state export, snapshots, the request journal,
faults, the fake clock, minted tokens, /_mock/env, the admin-token lock and --db durability.

Most tests drive the session server (through this worker's namespace under xdist) with the
real SDK and look at the outcome through /_mock; the lock and durability tests start their
own servers (dataloop_mock_factory).
"""
import base64
import json
import threading
import time

import dtlpy as dl
import jwt
import pytest
import requests

from dataloop_mock import MockError, MockServer, point_dtlpy
from helpers import (ADA, CLIENT_A, CLIENT_B, FIXTURE, FIXTURE_FILE, GRACE, LINUS, PASSWORDS, PROVIDER, RND, ROOT,
                     assert_error, assert_ok, refused, stable)

REDACTED = "***redacted***"
HOUR_MS = 3600 * 1000
PINNED_MS = 1_700_000_000_000  # 2023-11-14T22:13:20Z


@pytest.fixture
def mock(dataloop_mock):
    """The plugin's MockServer for this worker's namespace, freshly reset."""
    return dataloop_mock


@pytest.fixture
def restore_fixtures(mock):
    """For tests that PUT /_mock/fixtures: afterwards the session's fixtures are back, as
    state and as what reset returns to."""
    yield
    mock.load_fixtures(FIXTURE)
    mock.reset()


def project_names(mock):
    return {project["name"] for project in mock.state()["projects"]}


def make_changes(login, server):
    """A few SDK writes as ada: a project, an org rename, a new org member."""
    login(ADA)
    project = dl.projects.create(project_name="Made in a test")
    assert_ok(server.api(ADA, "PATCH", f"/orgs/{server.org_id(PROVIDER)}", json={"name": "Provider Labs"}))
    assert_ok(server.api(ADA, "POST", f"/orgs/{server.org_id(PROVIDER)}/members",
                         json={"emails": ["newbie@elsewhere.example"], "role": "member"}))
    return project


def timed(call):
    start = time.monotonic()
    result = call()
    return result, time.monotonic() - start


def jwt_claims(token):
    return jwt.decode(token, options={"verify_signature": False})


# -- health, reset ------------------------------------------------------------------------

def test_health(mock):
    health = mock.health()
    assert health["status"] == "ok"
    assert {"version", "uptimeMs", "fixtures", "counts"} <= set(health)
    assert health["counts"] == {"orgs": len(FIXTURE["orgs"]), "users": len(FIXTURE["users"]),
                                "projects": len(FIXTURE["projects"]) + len(FIXTURE["orgs"])}  # + system projects


def test_started_server_prints_the_ready_line(dataloop_mock_factory):
    started = dataloop_mock_factory()
    stdout = started.logs()[0]
    assert f"dataloop-mock listening on {started.base_url}\n{started.base_url}/api/v1\n" in stdout, stdout
    assert started.ready_url() == started.base_url
    assert started.stop() == 0  # SIGTERM: a clean exit


def test_reset_restores_the_seeded_state(login, server, mock):
    seeded = mock.state()
    make_changes(login, server)
    assert mock.state() != seeded
    mock.reset()
    assert mock.state() == seeded
    login(ADA)
    assert {org.name for org in dl.organizations.list()} == {PROVIDER}


def test_reset_revokes_refresh_tokens(login, mock):
    login(ADA)
    refresh = dl.client_api.refresh_token
    mock.reset()
    resp = requests.post(mock.url + "/token?default", json={"type": "refresh_token", "refresh_token": refresh},
                         timeout=15)
    assert_error(resp, 401)


# -- fixtures and state export ---------------------------------------------------------------

def test_state_export_round_trips(mock):
    exported = mock.state()
    mock.load_fixtures(exported)
    assert mock.state() == exported


def test_state_export_of_a_changed_state_round_trips_and_keeps_working(login, server, mock, restore_fixtures):
    make_changes(login, server)
    changed = mock.state()
    assert "Made in a test" in project_names(mock)
    mock.load_fixtures(FIXTURE)
    assert "Made in a test" not in project_names(mock)
    mock.load_fixtures(changed)
    assert mock.state() == changed
    login(ADA)  # passwords survive as hashes
    assert "Made in a test" in {project.name for project in dl.projects.list()}
    assert {org.name for org in dl.organizations.list()} == {"Provider Labs"}


def test_state_export_carries_no_secrets(mock):
    text = json.dumps(mock.state())
    for user in FIXTURE["users"]:
        assert user["password"] not in text
    for org in FIXTURE["orgs"]:
        for integration in org.get("integrations", []):
            for value in integration["options"].values():
                assert value not in text
    exported = {org["name"]: org for org in mock.state()["orgs"]}
    assert exported[PROVIDER]["integrations"][0]["options"] == {"key": REDACTED, "secret": REDACTED}
    assert all("passwordHash" in user and "password" not in user for user in mock.state()["users"])


def test_put_fixtures_replaces_state_and_what_reset_returns_to(login, mock, restore_fixtures):
    tiny = {"users": [{"email": "solo@tiny.example", "password": "solo-pass"}],
            "orgs": [{"name": "Tiny", "members": [{"email": "solo@tiny.example", "role": "owner"}]}],
            "projects": []}
    mock.load_fixtures(tiny)
    assert [org["name"] for org in mock.state()["orgs"]] == ["Tiny"]
    mock.reset()
    assert [org["name"] for org in mock.state()["orgs"]] == ["Tiny"]
    assert dl.login_m2m(email="solo@tiny.example", password="solo-pass", force=True) is True
    assert [org.name for org in dl.organizations.list()] == ["Tiny"]
    assert dl.login_m2m(email=ADA, password=PASSWORDS[ADA], force=True) is False


def broken(change):
    document = json.loads(json.dumps(FIXTURE))
    change(document)
    return document


@pytest.mark.parametrize("document, path", [
    (broken(lambda d: d["orgs"][1]["members"][0].update(email="x@y.example")), "orgs[1].members[0].email"),
    (broken(lambda d: d["orgs"][2].update(members=[{"email": "erin@client-b.example", "role": "member"}])),
     "orgs[2]"),
    (broken(lambda d: d["projects"][3].update(org="No such org")), "projects[3].org"),
    (broken(lambda d: d["orgs"][0]["members"][1].update(role="emperor")), "orgs[0].members[1].role"),
    (broken(lambda d: d.update(users=3)), "users"),
], ids=["unknown-member", "org-without-owner", "unknown-project-org", "unknown-role", "users-not-a-list"])
def test_put_of_an_invalid_document_is_refused_naming_the_path_and_changes_nothing(login, server, mock,
                                                                                   restore_fixtures, document,
                                                                                   path):
    make_changes(login, server)
    before = mock.state()
    resp = mock.mock_request("PUT", "/fixtures", json=document)
    assert_error(resp, 400, path)
    assert mock.state() == before
    mock.reset()  # what reset returns to did not change either
    assert "Made in a test" not in project_names(mock)
    assert {org["name"] for org in mock.state()["orgs"]} == {org["name"] for org in FIXTURE["orgs"]}


@pytest.mark.parametrize("payload", [b"not json", b"[]", b""])
def test_put_of_a_non_document_is_refused(mock, payload):
    before = mock.state()
    resp = mock.mock_request("PUT", "/fixtures", data=payload, headers={"Content-Type": "application/json"})
    assert_error(resp, 400)
    assert mock.state() == before


# -- snapshots --------------------------------------------------------------------------------

def test_snapshots_save_restore_list_delete(login, server, mock):
    seeded = mock.state()
    mock.snapshot("seeded")
    make_changes(login, server)
    changed = mock.state()
    mock.snapshot("changed")
    assert {snap["name"] for snap in mock.snapshots()} == {"seeded", "changed"}

    mock.restore("seeded")
    assert mock.state() == seeded
    mock.restore("changed")
    assert mock.state() == changed
    login(ADA)
    assert "Made in a test" in {project.name for project in dl.projects.list()}

    mock.delete_snapshot("changed")
    assert [snap["name"] for snap in mock.snapshots()] == ["seeded"]
    with pytest.raises(MockError) as info:
        mock.restore("changed")
    assert info.value.status_code == 404
    assert stable(mock.state()) == stable(changed)  # a failed restore changes nothing (a login moves lastLogin)
    mock.delete_snapshot("seeded")
    assert mock.snapshots() == []


def test_snapshot_overwrite_and_unknown_names(mock, login, server):
    mock.snapshot("point")
    make_changes(login, server)
    mock.snapshot("point")  # same name: replaced
    mock.reset()
    mock.restore("point")
    assert "Made in a test" in project_names(mock)
    assert [snap["name"] for snap in mock.snapshots()] == ["point"]
    mock.delete_snapshot("point")
    for method, path in [("POST", "/snapshots/nothing/restore"), ("DELETE", "/snapshots/nothing")]:
        assert_error(mock.mock_request(method, path), 404, "nothing")


# -- the request journal ------------------------------------------------------------------------

def test_journal_shows_the_sdks_calls_with_caller_and_redacted_password(login, mock):
    login(ADA)
    dl.organizations.list()
    project = dl.projects.create(project_name="Journaled")
    entries = mock.requests()
    assert [entry["seq"] for entry in entries] == sorted(entry["seq"] for entry in entries)
    assert {"seq", "method", "path", "query", "status", "caller", "body", "timeMs", "unmatched"} <= set(entries[0])

    token_calls = mock.requests(path="/token")
    assert len(token_calls) == 1
    call = token_calls[0]
    assert (call["method"], call["status"], call["query"]) == ("POST", 200, "default")
    assert call["body"] == {"type": "user_credentials", "username": ADA, "password": REDACTED}

    orgs = mock.requests(method="GET", path="/api/v1/orgs")
    assert [(entry["status"], entry["caller"]) for entry in orgs] == [(200, ADA)]
    created = mock.requests(method="POST", path="/api/v1/projects")
    assert [(entry["status"], entry["caller"]) for entry in created] == [(201, ADA)]
    assert project.name == "Journaled"
    assert PASSWORDS[ADA] not in json.dumps(entries)
    assert dl.client_api.token not in json.dumps(entries)


def test_journal_redacts_refresh_tokens(login, mock):
    login(ADA)
    refresh = dl.client_api.refresh_token
    time.sleep(1.05)  # whole-second iat
    assert dl.client_api.renew_token() is True
    calls = mock.requests(path="/token")
    assert [call["body"]["type"] for call in calls] == ["user_credentials", "refresh_token"]
    assert calls[1]["body"]["refresh_token"] == REDACTED
    assert refresh not in json.dumps(mock.requests())


def test_journal_redacts_integration_options(login, server, mock):
    login(ADA)
    org = dl.organizations.get(organization_id=server.org_id(PROVIDER))
    org.integrations.create(integrations_type=dl.IntegrationType.KEY_VALUE, name="journal-kv",
                            options={"key": "JOURNAL-KEY-123", "value": "JOURNAL-VALUE-456"})
    [created] = mock.requests(method="POST", path="/api/v1/orgs/*/integrations")
    assert created["status"] == 201 and created["caller"] == ADA
    assert created["body"]["options"] == {"key": REDACTED, "value": REDACTED}
    assert created["body"]["name"] == "journal-kv"
    text = json.dumps(mock.requests())
    assert "JOURNAL-KEY-123" not in text and "JOURNAL-VALUE-456" not in text


def test_journal_filters(login, server, mock):
    login(LINUS)
    dl.organizations.list()
    dl.projects.list()
    assert_error(server.api(LINUS, "PATCH", f"/orgs/{server.org_id(PROVIDER)}", json={"name": "Mine"}), 403)
    everything = mock.requests()
    assert {entry["method"] for entry in mock.requests(method="GET")} == {"GET"}
    assert all(entry["path"].startswith("/api/v1/orgs") for entry in mock.requests(path="/api/v1/orgs"))
    forbidden = mock.requests(status=403)
    assert [(entry["method"], entry["status"]) for entry in forbidden] == [("PATCH", 403)]
    assert forbidden[0]["body"] == {"name": "Mine"}
    glob = mock.requests(path="/api/v1/orgs/*")
    assert glob and all(entry["path"].count("/") == 4 for entry in glob)
    assert len(mock.requests(path="/**")) == len(everything)
    mock.clear_requests()
    assert mock.requests() == []


def test_journal_filter_combinations(login, server, mock):
    login(ADA)
    dl.organizations.list()
    dl.projects.list()
    dl.projects.create(project_name="Combined")
    gets = mock.requests(method="GET", status=200)
    assert gets and all((e["method"], e["status"]) == ("GET", 200) for e in gets)
    assert mock.requests(method="POST", path="/api/v1/orgs") == []
    assert mock.requests(method="DELETE") == []


@pytest.mark.unemulated_routes
def test_unmatched_routes_are_journaled(server, mock):
    token = server.token(ADA)
    mock.clear_requests()
    assert server.raw("GET", "/api/v1/items/abc", token=token).status_code == 404
    assert server.raw("POST", "/api/v1/pipelines/execute", token=token, json={}).status_code == 404
    assert server.raw("GET", "/api/v1/orgs", token=token).status_code == 200
    unmatched = mock.requests(unmatched=True)
    assert [(e["method"], e["path"], e["status"]) for e in unmatched] == [
        ("GET", "/api/v1/items/abc", 404), ("POST", "/api/v1/pipelines/execute", 404)]
    assert all(entry["unmatched"] is True for entry in unmatched)
    assert [e["unmatched"] for e in mock.requests(path="/api/v1/orgs")] == [False]
    assert len(mock.requests(status=404)) == 2


@pytest.mark.unemulated_routes
def test_unmatched_non_api_path_is_a_journaled_404(server, mock):
    assert server.raw("GET", "/no/such/page").status_code == 404
    assert [(e["path"], e["status"]) for e in mock.requests(unmatched=True)] == [("/no/such/page", 404)]


# -- faults ----------------------------------------------------------------------------------

def test_a_500_fault_makes_the_sdk_raise_then_clears(login, mock):
    login(ADA)
    mock.fault("/api/v1/orgs", 500, method="GET", times=1)
    with refused(500, "fault injected"):
        dl.organizations.list()
    assert {org.name for org in dl.organizations.list()} == {PROVIDER}
    assert [e["status"] for e in mock.requests(path="/api/v1/orgs")] == [500, 200]
    assert mock.faults() == []  # used up


def test_a_fault_with_a_body_is_what_the_sdk_shows(login, mock):
    login(ADA)
    mock.fault("/api/v1/projects", 400, method="POST", body={"message": "quota exceeded for this test"})
    with refused(400, "quota exceeded"):
        dl.projects.create(project_name="Not made")
    assert "Not made" not in project_names(mock)
    assert [f["hits"] for f in mock.faults()] == [1]  # no `times`: it stays


def test_503_twice_is_hidden_by_the_sdks_retry(login, mock):
    login(ADA)
    mock.fault("/api/v1/projects", 503, method="POST", times=2)
    project = dl.projects.create(project_name="Despite two 503s")
    assert project.name == "Despite two 503s"
    assert [e["status"] for e in mock.requests(method="POST", path="/api/v1/projects")] == [503, 503, 201]
    assert sorted(project_names(mock)).count("Despite two 503s") == 1


def test_429_carries_retry_after_and_the_sdk_waits_it_out(server, login, mock):
    mock.fault("/api/v1/orgs", 429, method="GET", times=1, retry_after_s=1)
    resp = server.raw("GET", "/api/v1/orgs", token=server.token(ADA))
    assert resp.status_code == 429 and resp.headers.get("Retry-After") == "1"
    mock.fault("/api/v1/orgs", 429, method="GET", times=1, retry_after_s=1)
    login(ADA)
    orgs, elapsed = timed(dl.organizations.list)
    assert {org.name for org in orgs} == {PROVIDER}
    assert elapsed >= 0.95, f"the SDK did not honor Retry-After: {elapsed:.2f} s"
    assert [e["status"] for e in mock.requests(path="/api/v1/orgs", method="GET")] == [429, 429, 200]


def test_fault_error_bodies_follow_the_error_contract(server, mock):
    mock.fault("/api/v1/orgs", 500, method="GET", times=1)
    assert_error(server.raw("GET", "/api/v1/orgs", token=server.token(ADA)), 500, "fault injected")


def test_delay_adds_latency(login, mock):
    login(ADA)
    mock.fault("/api/v1/orgs", method="GET", delay_ms=600, times=1)
    orgs, elapsed = timed(dl.organizations.list)
    assert {org.name for org in orgs} == {PROVIDER}
    assert elapsed >= 0.6, f"delayMs 600 but the call took {elapsed:.3f} s"
    [entry] = mock.requests(path="/api/v1/orgs")
    assert entry["status"] == 200


def test_faults_match_method_and_glob(server, login, mock):
    login(ADA)
    mock.fault("/api/v1/orgs/**", 500, method="PATCH")
    assert {org.name for org in dl.organizations.list()} == {PROVIDER}  # GET: not hit
    resp = server.api(ADA, "PATCH", f"/orgs/{server.org_id(PROVIDER)}", json={"name": "Never"})
    assert resp.status_code == 500
    assert {org["name"] for org in mock.state()["orgs"]} == {PROVIDER, CLIENT_A, CLIENT_B}  # the rename never ran
    [fault] = mock.faults()
    assert (fault["method"], fault["path"], fault["status"], fault["hits"]) == ("PATCH", "/api/v1/orgs/**", 500, 1)
    mock.clear_faults()
    assert mock.faults() == []
    assert_ok(server.api(ADA, "PATCH", f"/orgs/{server.org_id(PROVIDER)}", json={"name": "Now"}))


@pytest.mark.parametrize("spec, word", [({"path": "/api/v1/orgs"}, "status"),
                                        ({"status": 500}, "path"),
                                        ({"path": "/api/v1/orgs", "status": 500, "bogus": 1}, "bogus")])
def test_invalid_fault_specs_are_refused(mock, spec, word):
    assert_error(mock.mock_request("POST", "/faults", json=spec), 400, word)
    assert mock.faults() == []


# -- the clock -------------------------------------------------------------------------------

def test_pinned_clock_drives_created_at(login, server, mock):
    login(ADA)  # first: a token issued at the pinned time is expired by the real clock, which dtlpy < 1.9x checks
    assert mock.clock(now_ms=PINNED_MS) == {"fake": True, "nowMs": PINNED_MS}
    project = dl.projects.create(project_name="Made at a fixed time")
    made = server.get(ADA, f"/projects/{project.id}")
    assert made["createdAt"] == PINNED_MS and made["updatedAt"] == PINNED_MS
    mock.clock(advance_ms=5000)
    assert_ok(server.api(ADA, "PATCH", f"/orgs/{server.org_id(PROVIDER)}", json={"name": "Later"}))
    assert server.get(ADA, f"/orgs/{server.org_id(PROVIDER)}")["updatedAt"] == PINNED_MS + 5000
    assert mock.clock() == {"fake": True, "nowMs": PINNED_MS + 5000}
    real = mock.reset_clock()
    assert mock.clock()["fake"] is False
    assert abs(mock.clock()["nowMs"] - time.time() * 1000) < 60_000, real


def test_a_25_hour_jump_expires_the_old_token(login, server, mock):
    token = login(ADA)
    assert_ok(server.raw("GET", "/api/v1/users/me", token=token), 200)
    mock.clock(advance_ms=25 * HOUR_MS)
    assert_error(server.raw("GET", "/api/v1/users/me", token=token), 401, "expired")
    with refused(401, "expired"):
        dl.organizations.list()
    fresh = login(ADA)  # a new login works, valid from the fake now
    # iat is whole seconds, and the login takes a while on a loaded machine; 25 h off would be the bug
    assert jwt_claims(fresh)["iat"] * 1000 >= mock.clock()["nowMs"] - 5000
    assert {org.name for org in dl.organizations.list()} == {PROVIDER}


def test_a_23_hour_jump_keeps_the_token_and_the_refresh_token_renews(login, server, mock):
    token = login(ADA)
    mock.clock(advance_ms=23 * HOUR_MS)
    assert_ok(server.raw("GET", "/api/v1/users/me", token=token), 200)
    mock.clock(advance_ms=2 * HOUR_MS)
    assert_error(server.raw("GET", "/api/v1/users/me", token=token), 401)
    assert dl.client_api._renew_token_with_refresh_token() is True  # refresh tokens live 30 days
    assert {org.name for org in dl.organizations.list()} == {PROVIDER}


@pytest.mark.parametrize("body", [{}, {"nowMs": "soon"}, {"advanceMs": 1, "nowMs": 1}, {"later": 1}])
def test_invalid_clock_bodies_are_refused(mock, body):
    assert_error(mock.mock_request("POST", "/clock", json=body), 400)
    assert mock.clock()["fake"] is False


# -- minted tokens and /_mock/env -------------------------------------------------------------

def test_minted_token_works_with_login_token(mock):
    minted = mock.mint_token(GRACE)
    assert minted["email"] == GRACE
    assert jwt_claims(minted["id_token"])["exp"] == minted["exp"]
    dl.login_token(minted["id_token"])
    assert dl.info()["user_email"] == GRACE
    assert {org.name for org in dl.organizations.list()} == {PROVIDER}


def test_minted_token_expires_after_expires_in_s(server, mock):
    mock.clock(now_ms=PINNED_MS)
    minted = mock.mint_token(ADA, expires_in_s=60)
    assert minted["exp"] == PINNED_MS // 1000 + 60
    assert_ok(server.raw("GET", "/api/v1/users/me", token=minted["id_token"]), 200)
    mock.clock(advance_ms=61_000)
    assert_error(server.raw("GET", "/api/v1/users/me", token=minted["id_token"]), 401)


def test_minted_token_of_the_superuser_has_the_admin_role(mock):
    claims = jwt_claims(mock.token(ROOT))
    assert "admin" in claims["https://dataloop.ai/authorization"]["roles"]


def test_minting_for_an_unknown_user_is_refused(mock):
    assert_error(mock.mock_request("POST", "/tokens", json={"email": "nobody@nowhere.example"}), 404)


@pytest.fixture
def repoint(server):
    """Tests that move dtlpy's environment get "mock" back afterwards."""
    yield
    point_dtlpy(server.mock)
    assert dl.environment() == server.api_url


def test_env_gives_add_environment_arguments(mock, repoint):
    env = mock.env()
    arguments = env["add_environment"]
    assert arguments["environment"] == mock.api_url and arguments["gate_url"] == mock.url
    arguments = dict(arguments, alias="from-env")
    dl.add_environment(**arguments)
    dl.setenv("from-env")
    assert dl.environment() == mock.api_url
    assert dl.login_m2m(email=ADA, password=PASSWORDS[ADA], force=True) is True
    assert {org.name for org in dl.organizations.list()} == {PROVIDER}


def test_env_custom_works_with_setenv_custom(mock, monkeypatch, repoint):
    env = mock.env()
    decoded = json.loads(base64.b64decode(env["DTLPY_CUSTOM_ENV"]))
    assert decoded["url"] == mock.api_url and decoded["gate_url"] == mock.url
    monkeypatch.setenv("DTLPY_CUSTOM_ENV", env["DTLPY_CUSTOM_ENV"])
    dl.setenv("custom")
    assert dl.environment() == mock.api_url
    assert dl.login_m2m(email=LINUS, password=PASSWORDS[LINUS], force=True) is True
    assert RND in {project.name for project in dl.projects.list()}


# -- the admin-token lock ------------------------------------------------------------------------

LOCKED_CALLS = [("GET", "/health"), ("POST", "/reset"), ("GET", "/state"), ("PUT", "/fixtures"),
                ("GET", "/snapshots"), ("POST", "/snapshots/x"), ("GET", "/requests"), ("DELETE", "/requests"),
                ("GET", "/faults"), ("POST", "/faults"), ("DELETE", "/faults"), ("GET", "/clock"),
                ("POST", "/clock"), ("DELETE", "/clock"), ("POST", "/tokens"), ("GET", "/env"),
                ("GET", "/namespaces")]


def test_admin_token_locks_every_mock_call(dataloop_mock_factory):
    locked = dataloop_mock_factory(admin_token="let-me-in")
    anonymous = MockServer(locked.base_url)
    wrong = MockServer(locked.base_url, admin_token="guess")
    seeded = locked.state()
    for method, path in LOCKED_CALLS:
        for client in (anonymous, wrong):
            assert_error(client.mock_request(method, path, json={}), 401, "x-mock-admin-token")
    assert locked.state() == seeded  # the refused reset / fixtures / snapshot changed nothing
    assert locked.snapshots() == [] and locked.faults() == [] and locked.clock()["fake"] is False
    assert locked.health()["status"] == "ok"


def test_admin_token_locks_namespaced_mock_calls_without_creating_namespaces(dataloop_mock_factory):
    locked = dataloop_mock_factory("--max-namespaces", "2", admin_token="let-me-in")
    assert_error(MockServer(locked.base_url, namespace="w1").mock_request("GET", "/health"), 401,
                 "x-mock-admin-token")
    assert_error(requests.get(locked.base_url + "/ns/w2/_mock/state", timeout=10), 401)
    # a refused call must not use up a namespace: the admin still has both
    assert [ns["name"] for ns in locked.namespaces()] == []
    for name in ("a1", "a2"):
        assert locked.for_namespace(name).health()["namespace"] == name


def test_admin_token_does_not_lock_the_api(dataloop_mock_factory):
    locked = dataloop_mock_factory(admin_token="let-me-in")
    token = assert_ok(requests.post(locked.base_url + "/token?default", timeout=10, json={
        "type": "user_credentials", "username": ADA, "password": PASSWORDS[ADA]}), 200)["id_token"]
    orgs = assert_ok(requests.get(locked.base_url + "/api/v1/orgs", timeout=10,
                                  headers={"Authorization": f"Bearer {token}"}), 200)
    assert [org["name"] for org in orgs] == [PROVIDER]


# -- persistence with --db --------------------------------------------------------------------

def http_token(base_url, email):
    return assert_ok(requests.post(base_url + "/token?default", timeout=10, json={
        "type": "user_credentials", "username": email, "password": PASSWORDS[email]}), 200)["id_token"]


def http_api(base_url, token, method, path, session=None, **kwargs):
    return (session or requests).request(method, base_url + "/api/v1" + path, timeout=30,
                                         headers={"Authorization": f"Bearer {token}"}, **kwargs)


def test_db_file_keeps_writes_across_a_clean_restart(dataloop_mock_factory, tmp_path):
    db = tmp_path / "state.sqlite"
    first = dataloop_mock_factory(fixtures=FIXTURE_FILE, db=db)
    token = http_token(first.base_url, ADA)
    provider = next(o for o in assert_ok(http_api(first.base_url, token, "GET", "/orgs")) if o["name"] == PROVIDER)
    assert_ok(http_api(first.base_url, token, "POST", "/projects", data={"name": "Survivor"}), 201)
    assert_ok(http_api(first.base_url, token, "PATCH", f"/orgs/{provider['id']}", json={"name": "Provider Durable"}))
    assert_ok(http_api(first.base_url, token, "POST", f"/orgs/{provider['id']}/members",
                       json={"emails": ["kept@elsewhere.example"], "role": "member"}))
    before = first.state()
    assert first.stop() == 0

    second = dataloop_mock_factory(fixtures=FIXTURE_FILE, db=db)  # a populated db is not re-seeded
    assert second.state() == before
    token = http_token(second.base_url, ADA)
    names = {p["name"] for p in assert_ok(http_api(second.base_url, token, "GET", "/projects"))}
    assert "Survivor" in names
    assert second.stop() == 0

    third = dataloop_mock_factory("--reset-db", fixtures=FIXTURE_FILE, db=db)
    assert "Survivor" not in {p["name"] for p in third.state()["projects"]}


def test_kill_9_during_a_burst_loses_no_acknowledged_write(dataloop_mock_factory, tmp_path):
    db = tmp_path / "state.sqlite"
    victim = dataloop_mock_factory(fixtures=FIXTURE_FILE, db=db)
    writers = [ADA, GRACE, LINUS, "carol@client-a.example", "alan@client-a.example", "bob@client-b.example",
               "erin@client-b.example"]
    tokens = {email: http_token(victim.base_url, email) for email in writers}
    acknowledged, lock = [], threading.Lock()
    started = threading.Barrier(16 + 1)
    stop_at = 60  # kill once this many writes were acknowledged

    def writer(index):
        email = writers[index % len(writers)]
        session = requests.Session()
        started.wait()
        for round_ in range(200):  # bounded; ends at the first connection error after the kill
            name = f"burst-{index}-{round_}"
            try:
                resp = http_api(victim.base_url, tokens[email], "POST", "/projects", session=session,
                                data={"name": name})
            except requests.RequestException:
                return
            if 200 <= resp.status_code < 300:
                with lock:
                    acknowledged.append(name)
            else:
                assert resp.status_code < 500, resp.text

    threads = [threading.Thread(target=writer, args=(i,), daemon=True) for i in range(16)]
    for thread in threads:
        thread.start()
    started.wait()
    deadline = time.monotonic() + 60
    while len(acknowledged) < stop_at and time.monotonic() < deadline:
        time.sleep(0.005)
    victim.kill()
    for thread in threads:
        thread.join(timeout=60)
    assert len(acknowledged) >= stop_at, f"only {len(acknowledged)} writes acknowledged before the kill"

    revived = dataloop_mock_factory(fixtures=FIXTURE_FILE, db=db)
    kept = [p["name"] for p in revived.state()["projects"]]
    lost = sorted(set(acknowledged) - set(kept))
    assert not lost, f"{len(lost)} of {len(acknowledged)} acknowledged writes lost by kill -9: {lost[:10]}"
    assert len(kept) == len(set(kept)), "a project was stored twice"
    # the revived server works on the same data
    token = http_token(revived.base_url, ADA)
    assert_ok(http_api(revived.base_url, token, "POST", "/projects", data={"name": "after the crash"}), 201)
