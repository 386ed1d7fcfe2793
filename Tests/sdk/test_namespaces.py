"""Namespaces: one server, independent worlds (state, clock, faults, journal, token key), picked
by the x-mock-namespace header or the /ns/NAME path prefix, which the unmodified SDK can use.

The namespaces made here get unique names and are deleted afterwards, so these tests can run
beside the xdist workers' own namespaces on the shared session server.
"""
import json
import threading
import uuid

import dtlpy as dl
import pytest
import requests

from dataloop_mock import point_dtlpy
from helpers import ADA, BOB, CLIENT_B, FIXTURE, PASSWORDS, PROVIDER, assert_error, assert_ok

PINNED_MS = 1_600_000_000_000


@pytest.fixture
def make_namespace(server):
    """make_namespace(label) -> MockServer for a new, uniquely named namespace of the session
    server (deleted at the end of the test)."""
    made = []

    def make(label):
        name = f"t-{uuid.uuid4().hex[:10]}-{label}"
        view = server.mock.for_namespace(name)
        view.fresh()  # created on first use, from the seeded fixtures
        made.append(view)
        return view

    yield make
    for view in made:
        view.delete_namespace(view.namespace)


@pytest.fixture
def repoint(server):
    """Tests that move dtlpy's environment get "mock" back afterwards."""
    yield
    dl.logout()
    point_dtlpy(server.mock)
    assert dl.environment() == server.api_url


def token_in(view, email):
    return assert_ok(requests.post(view.url + "/token?default", timeout=15, json={
        "type": "user_credentials", "username": email, "password": PASSWORDS[email]}), 200)["id_token"]


def api(view, token, method, path, **kwargs):
    return requests.request(method, view.api_url + path, timeout=30,
                            headers={"Authorization": f"Bearer {token}"}, **kwargs)


def org_ids(view, token):
    return {org["name"]: org["id"] for org in assert_ok(api(view, token, "GET", "/orgs"))}


def project_names(view):
    return {project["name"] for project in view.state()["projects"]}


def org_names(view):
    return {org["name"] for org in view.state()["orgs"]}


# -- independence ---------------------------------------------------------------------------------

def test_two_namespaces_changed_concurrently_stay_independent(make_namespace, server):
    default_before = server.mock.state()
    spaces = {"a": make_namespace("a"), "b": make_namespace("b")}
    spaces["a"].clock(now_ms=PINNED_MS)                                      # a: a pinned clock
    spaces["b"].fault("/api/v1/users/me", 500, method="GET")                 # b: a fault
    errors, created_at, me_status = [], {"a": set(), "b": set()}, {"a": set(), "b": set()}
    barrier = threading.Barrier(len(spaces) * 4)

    def work(label, view, index):
        try:
            token = token_in(view, ADA)
            barrier.wait()
            for round_ in range(5):
                made = assert_ok(api(view, token, "POST", "/projects", data={"name": f"{label}-{index}-{round_}"}), 201)
                created_at[label].add(made["createdAt"])
                me_status[label].add(api(view, token, "GET", "/users/me").status_code)
            if index == 0:
                provider = org_ids(view, token)[PROVIDER]
                assert_ok(api(view, token, "PATCH", f"/orgs/{provider}", json={"name": f"Provider {label}"}))
        except Exception as error:  # reported below, with the thread's label
            errors.append(f"{label}-{index}: {error!r}")

    threads = [threading.Thread(target=work, args=(label, view, index))
               for label, view in spaces.items() for index in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not errors, errors

    assert created_at["a"] == {PINNED_MS} and PINNED_MS not in created_at["b"]
    assert me_status == {"a": {200}, "b": {500}}
    assert spaces["a"].clock()["nowMs"] == PINNED_MS and spaces["b"].clock()["fake"] is False
    assert spaces["a"].faults() == [] and [f["hits"] for f in spaces["b"].faults()] == [20]
    for label, view in spaces.items():
        other = "b" if label == "a" else "a"
        names = project_names(view)
        assert {f"{label}-{i}-{r}" for i in range(4) for r in range(5)} <= names
        assert not any(name.startswith(f"{other}-") for name in names)
        assert org_names(view) == {f"Provider {label}", "Client A", "Client B"}
        journal = view.requests(method="POST", path="/api/v1/projects")
        assert len(journal) == 20 and all(e["status"] == 201 for e in journal)
        assert not any(f"{other}-" in json.dumps(e["body"]) for e in view.requests())
    assert server.mock.state() == default_before  # the test's own namespace saw nothing
    assert server.mock.clock()["fake"] is False and server.mock.faults() == []


def test_clock_faults_and_journal_are_per_namespace(make_namespace):
    a, b = make_namespace("a"), make_namespace("b")
    a.clock(now_ms=PINNED_MS)
    a.fault("/api/v1/orgs", 500, method="GET")
    assert b.clock()["fake"] is False
    assert b.faults() == []

    token_a, token_b = token_in(a, ADA), token_in(b, ADA)
    assert api(a, token_a, "GET", "/orgs").status_code == 500
    assert api(b, token_b, "GET", "/orgs").status_code == 200
    made_a = assert_ok(api(a, token_a, "POST", "/projects", data={"name": "when-a"}), 201)
    made_b = assert_ok(api(b, token_b, "POST", "/projects", data={"name": "when-b"}), 201)
    assert made_a["createdAt"] == PINNED_MS
    assert made_b["createdAt"] != PINNED_MS

    assert [(e["method"], e["status"]) for e in a.requests(path="/api/v1/orgs")] == [("GET", 500)]
    assert [(e["method"], e["status"]) for e in b.requests(path="/api/v1/orgs")] == [("GET", 200)]
    b.clear_requests()
    assert a.requests(path="/api/v1/projects")  # clearing b's journal left a's
    a.snapshot("only-in-a")
    assert b.snapshots() == []


def test_header_and_path_prefix_name_the_same_namespace(make_namespace, server):
    view = make_namespace("hdr")
    token = token_in(view, ADA)
    assert_ok(api(view, token, "POST", "/projects", data={"name": "via-prefix"}), 201)
    by_header = requests.get(view.base_url + "/api/v1/projects", timeout=15,
                             headers={"Authorization": f"Bearer {token}", "x-mock-namespace": view.namespace})
    assert "via-prefix" in {p["name"] for p in assert_ok(by_header, 200)}
    state = assert_ok(requests.get(view.base_url + "/_mock/state", headers={"x-mock-namespace": view.namespace},
                                   timeout=15), 200)
    assert "via-prefix" in {p["name"] for p in state["projects"]}
    assert "via-prefix" not in project_names(server.mock)


def test_the_unmodified_sdk_works_through_the_path_prefix(make_namespace, server, repoint):
    view = make_namespace("sdk")
    point_dtlpy(server.mock.base_url, namespace=view.namespace)
    assert dl.environment() == f"{server.mock.base_url}/ns/{view.namespace}/api/v1"
    assert dl.login_m2m(email=BOB, password=PASSWORDS[BOB], force=True) is True
    project = dl.projects.create(project_name="Made through the prefix")
    assert project.org["name"] == CLIENT_B
    org = dl.organizations.get(organization_name=CLIENT_B)
    org.add_member(email="guest@elsewhere.example", role=dl.MemberOrgRole.MEMBER)
    assert "Made through the prefix" in project_names(view)
    assert "Made through the prefix" not in project_names(server.mock)
    members = {m["email"] for o in view.state()["orgs"] if o["name"] == CLIENT_B for m in o["members"]}
    assert "guest@elsewhere.example" in members
    assert [e["caller"] for e in view.requests(method="POST", path="/api/v1/projects")] == [BOB]


def test_a_token_from_one_namespace_is_refused_in_another(make_namespace, server):
    a, b = make_namespace("a"), make_namespace("b")
    for token in (token_in(a, ADA), a.token(ADA)):  # issued by /token and minted
        assert_ok(api(a, token, "GET", "/users/me"), 200)
        assert_error(api(b, token, "GET", "/users/me"), 401)
        assert_error(api(server.mock, token, "GET", "/users/me"), 401)
    refresh = assert_ok(requests.post(a.url + "/token?default", timeout=15, json={
        "type": "user_credentials", "username": ADA, "password": PASSWORDS[ADA]}))["refresh_token"]
    assert_error(requests.post(b.url + "/token?default", timeout=15,
                               json={"type": "refresh_token", "refresh_token": refresh}), 401)


def test_a_new_namespace_starts_from_the_seed_even_after_changes_elsewhere(make_namespace, server):
    token = server.token(ADA)
    assert_ok(server.api(ADA, "POST", "/projects", data={"name": "only-in-this-worker"}), 201)
    fresh = make_namespace("late")
    assert "only-in-this-worker" not in project_names(fresh)
    assert org_names(fresh) == {org["name"] for org in FIXTURE["orgs"]}
    assert token


# -- names, limit, list and delete -----------------------------------------------------------------

@pytest.mark.parametrize("name", ["bad.name", "a" * 65, "with space", "slash/y", "ünïcode", "semi;colon"])
def test_invalid_names_are_refused(server, name):
    resp = requests.get(server.mock.base_url + "/_mock/health", headers={"x-mock-namespace": name.encode()},
                        timeout=15)
    assert_error(resp, 400, "namespace")
    if "/" not in name:
        resp = requests.get(f"{server.mock.base_url}/ns/{requests.utils.quote(name)}/_mock/health", timeout=15)
        assert_error(resp, 400, "namespace")
    # No namespace was made of the name or a piece of it. (Other xdist workers make and drop
    # their own namespaces meanwhile, so the whole list is not compared.)
    pieces = {name, name.split("/")[0], requests.utils.quote(name), name[:64]}
    assert not pieces & {ns["name"] for ns in server.mock.namespaces()}


@pytest.mark.parametrize("name", ["a", "A-b_9", "x" * 64])
def test_valid_names_are_accepted(server, name):
    view = server.mock.for_namespace(name)
    try:
        assert view.health()["namespace"] == name
    finally:
        view.delete_namespace(name)


def test_the_namespace_limit_answers_429(dataloop_mock_factory):
    limited = dataloop_mock_factory("--max-namespaces", "2")
    first, second, third = (limited.for_namespace(n) for n in ("one", "two", "three"))
    first.health()
    second.health()
    for resp in (third.mock_request("GET", "/health"),
                 requests.get(third.api_url + "/orgs", timeout=15),
                 requests.post(third.url + "/token?default", timeout=15, json={
                     "type": "user_credentials", "username": ADA, "password": PASSWORDS[ADA]}),
                 requests.get(limited.base_url + "/api/v1/orgs", headers={"x-mock-namespace": "three"}, timeout=15)):
        assert_error(resp, 429, "namespace")
    assert {ns["name"] for ns in limited.namespaces()} == {"one", "two"}
    assert limited.health()["status"] == "ok"  # the default namespace does not count
    limited.delete_namespace("one")
    assert third.health()["namespace"] == "three"
    assert {ns["name"] for ns in limited.namespaces()} == {"two", "three"}


def test_list_and_delete(make_namespace, server):
    view = make_namespace("listed")
    token = token_in(view, ADA)
    refresh = assert_ok(requests.post(view.url + "/token?default", timeout=15, json={
        "type": "user_credentials", "username": ADA, "password": PASSWORDS[ADA]}))["refresh_token"]
    assert_ok(api(view, token, "POST", "/projects", data={"name": "will-vanish"}), 201)
    listed = {ns["name"]: ns for ns in server.mock.namespaces()}
    assert view.namespace in listed
    entry = listed[view.namespace]
    assert entry["sizeBytes"] > 0
    assert entry["counts"]["projects"] == len(FIXTURE["projects"]) + len(FIXTURE["orgs"]) + 1

    view.delete_namespace(view.namespace)
    assert view.namespace not in {ns["name"] for ns in server.mock.namespaces()}
    assert_error(server.mock.mock_request("DELETE", f"/namespaces/{view.namespace}"), 404, view.namespace)
    again = server.mock.for_namespace(view.namespace)  # used again: a fresh copy of the seed
    assert "will-vanish" not in project_names(again)
    assert_error(requests.post(again.url + "/token?default", timeout=15,  # its refresh tokens went with it
                               json={"type": "refresh_token", "refresh_token": refresh}), 401)


def test_deleting_the_default_namespace_or_an_invalid_name_is_refused(server):
    before = server.mock.state()
    assert_error(server.mock.mock_request("DELETE", "/namespaces/bad.name"), 400,
                 "invalid namespace 'bad.name': use 1 to 64 letters, digits, '-' or '_'")
    # no name: the path of the namespace list, which serves GET only (NOTES: unmatched routes)
    no_name = server.mock.mock_request("DELETE", "/namespaces/")
    assert_error(no_name, 405, "does not emulate DELETE /_mock/namespaces/", "serves GET")
    assert no_name.headers["Allow"] == "GET"
    assert server.mock.state() == before
