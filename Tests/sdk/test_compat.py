"""Older dtlpy releases: the routes they call on the organization and project paths
(scripts/compat runs this whole suite against every release in dtlpy-versions.json), and the
one fact of which releases those are."""
import json
import re

import dtlpy as dl
import pytest

from helpers import (ADA, BOB, LINUS, PROVIDER, REPO_ROOT, RND, ROOT, SHELF, assert_error, assert_ok,
                     dtlpy_version)

TESTED = json.loads((REPO_ROOT / "dtlpy-versions.json").read_text())


# -- which releases ------------------------------------------------------------------------------

def test_the_pinned_release_is_the_one_requirements_test_installs():
    pins = re.findall(r"^dtlpy==(\S+)$", (REPO_ROOT / "requirements-test.txt").read_text(), re.MULTILINE)
    assert pins == [TESTED["pinned"]]
    assert TESTED["pinned"] in TESTED["range"]
    assert TESTED["range"] == sorted(TESTED["range"], key=dtlpy_version), "dtlpy-versions.json: range is oldest first"


def test_mock_env_names_the_tested_releases(dataloop_mock):
    assert dataloop_mock.env()["testedDtlpy"] == TESTED


def test_this_run_uses_a_tested_release():
    """scripts/compat and scripts/test install only releases from dtlpy-versions.json."""
    assert dl.__version__ in TESTED["range"]


# -- POST /settings/resolve (dtlpy < 1.101 on every projects.get, and at import) ----------------

def test_project_settings_resolve_to_none_through_the_sdk(login, server):
    login(LINUS)
    project = dl.projects.get(project_id=server.project_id(RND))
    assert project.settings.resolve(user_email=LINUS, project_id=project.id) == []
    assert [(e["status"], e["body"]) for e in server.mock.requests(method="POST", path="/api/v1/settings/resolve")][-1] == (
        200, {"userId": LINUS, "projectId": project.id})


@pytest.mark.parametrize("body, status, words", [
    ({"userId": LINUS}, 200, ()),
    ({"userId": LINUS.upper(), "orgId": "provider"}, 200, ()),
    ({"userId": LINUS, "projectId": "rnd"}, 200, ()),
    ({"userId": BOB}, 403, (BOB,)),
    ({"userId": LINUS, "projectId": "shelf"}, 403, ("contributor",)),
    ({"userId": LINUS, "projectId": "00000000-0000-0000-0000-000000000000"}, 404, ("project",)),
    ({"userId": LINUS, "orgId": "00000000-0000-0000-0000-000000000000"}, 404, ("organization",)),
    ({"userId": LINUS, "colour": "red"}, 400, ("colour",)),
    ({}, 400, ("userId",)),
], ids=["own", "own-in-org", "own-in-project", "someone-else", "invisible-project", "unknown-project",
        "unknown-org", "unknown-field", "no-user"])
def test_settings_resolve_answers_for_the_caller_only(server, body, status, words):
    ids = {"provider": server.org_id(PROVIDER), "rnd": server.project_id(RND), "shelf": server.project_id(SHELF)}
    body = {key: ids.get(value, value) for key, value in body.items()}
    resp = server.api(LINUS, "POST", "/settings/resolve", json=body)
    if status == 200:
        assert assert_ok(resp, 200) == []
    else:
        assert_error(resp, status, *words)


def test_a_superuser_resolves_anyones_settings(server):
    assert assert_ok(server.api(ROOT, "POST", "/settings/resolve", json={"userId": ADA}), 200) == []


# -- POST /analytics/metric/pendo (the SDK's usage events, dtlpy < 1.118) -----------------------

def test_usage_events_are_accepted_and_journaled(server):
    events = [{"event": "dtlpy:login", "properties": {"login_type": "m2m", "user_type": "human"}},
              {"event": "dtlpy:project", "properties": {"sdk_event": "create_project"}}]
    assert assert_ok(server.api(ADA, "POST", "/analytics/metric/pendo", json=events), 200) == {"accepted": 2}
    [entry] = server.mock.requests(method="POST", path="/api/v1/analytics/metric/pendo")
    assert (entry["status"], entry["caller"], entry["body"]) == (200, ADA, events)


@pytest.mark.parametrize("body, words", [({"event": "dtlpy:login"}, ("array",)), ([{"properties": {}}], ("event",)),
                                         ([{"event": 7}], ("event",))],
                         ids=["not-a-list", "no-event", "event-not-a-string"])
def test_malformed_usage_events_are_a_bad_request(server, body, words):
    assert_error(server.api(ADA, "POST", "/analytics/metric/pendo", json=body), 400, *words)


def test_usage_events_need_a_token(server):
    assert_error(server.raw("POST", "/api/v1/analytics/metric/pendo", json=[{"event": "dtlpy:login"}]), 401)


# -- POST /sdk/check (the version check at import, dtlpy < 1.119) -------------------------------

@pytest.mark.parametrize("version, level, words", [
    (TESTED["range"][0], "debug", ("within",)),
    (TESTED["pinned"], "debug", ("within",)),
    ("1.14.2", "warning", ("older", TESTED["range"][0])),
    ("9.0.0", "debug", ("newer",)),
], ids=["oldest", "pinned", "older", "newer"])
def test_sdk_check_says_where_a_release_stands(server, version, level, words):
    answer = assert_ok(server.api(ADA, "POST", "/sdk/check", data={"version": version, "email": ADA}), 200)
    assert answer["level"] == level
    assert all(word in answer["msg"] for word in words), answer


def test_sdk_check_of_a_malformed_version_is_a_bad_request(server):
    assert_error(server.api(ADA, "POST", "/sdk/check", data={"version": "latest", "email": ADA}), 400, "version")
