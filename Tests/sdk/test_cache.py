"""The org cache through `dl.organizations.cache_action`: APPLY (which polls `mode=get` until
READY), DESTROY, owner only, and `--cache-ready-ms` keeping an applied cache PENDING."""
import threading
import time

import dtlpy as dl
import pytest

from dataloop_mock import point_dtlpy
from helpers import (ADA, ALAN, BOB, CAROL, CLIENT_A, FIXTURE_FILE, GRACE, LINUS, PASSWORDS, PROVIDER, WENDY,
                     assert_error, assert_ok, refused)

READY_MS = 1500


def cache_state(server, email, org_name):
    """POST /services/fs-cache?mode=get, as the SDK's poll sends it."""
    body = {"org": {"id": server.org_id(org_name), "name": org_name}, "runner": {"podType": "small"}}
    return assert_ok(server.api(email, "POST", "/services/fs-cache?mode=get", json=body), 200)["state"]


def sdk_org(server, org_name):
    return dl.organizations.get(organization_id=server.org_id(org_name))


def test_apply_completes_and_the_org_is_ready(login, server, dataloop_mock):
    assert cache_state(server, ADA, PROVIDER) == "NONE"
    login(ADA)
    assert dl.organizations.cache_action(organization=sdk_org(server, PROVIDER), mode=dl.CacheAction.APPLY) is True
    posted = dataloop_mock.requests(method="POST", path="/api/v1/services/**")
    assert [e["status"] for e in posted] == [200] * len(posted)
    assert {e["caller"] for e in posted} == {ADA}
    assert cache_state(server, ADA, PROVIDER) == "READY"
    assert cache_state(server, CAROL, CLIENT_A) == "NONE"  # per org


def test_destroy_sets_none(login, server):
    login(ADA)
    org = sdk_org(server, PROVIDER)
    assert dl.organizations.cache_action(organization=org, mode=dl.CacheAction.APPLY) is True
    assert dl.organizations.cache_action(organization=org, mode=dl.CacheAction.DESTROY) is True
    assert cache_state(server, ADA, PROVIDER) == "NONE"


def test_apply_by_org_name_and_as_a_client_org_owner(login, server):
    login(CAROL)
    assert dl.organizations.cache_action(organization_name=CLIENT_A, mode=dl.CacheAction.APPLY) is True
    assert cache_state(server, CAROL, CLIENT_A) == "READY"
    assert cache_state(server, ADA, PROVIDER) == "NONE"


@pytest.mark.parametrize("email", [GRACE, LINUS, WENDY])
def test_non_owners_are_refused(login, server, email):
    login(email)
    org = sdk_org(server, PROVIDER)
    for mode in (dl.CacheAction.APPLY, dl.CacheAction.DESTROY):
        with refused(403, "owner"):
            dl.organizations.cache_action(organization=org, mode=mode)
    assert cache_state(server, ADA, PROVIDER) == "NONE"


def test_destroy_by_a_non_owner_leaves_a_ready_cache(login, server):
    login(ADA)
    assert dl.organizations.cache_action(organization=sdk_org(server, PROVIDER), mode=dl.CacheAction.APPLY) is True
    login(GRACE)
    with refused(403, "owner"):
        dl.organizations.cache_action(organization=sdk_org(server, PROVIDER), mode=dl.CacheAction.DESTROY)
    assert cache_state(server, ADA, PROVIDER) == "READY"


@pytest.mark.parametrize("email", [BOB, ALAN])
def test_outsiders_cannot_touch_or_read_another_orgs_cache(server, email):
    body = {"org": {"id": server.org_id(PROVIDER), "name": PROVIDER}, "runner": {"podType": "small"}}
    for mode in ("apply", "destroy", "get", "apply-filestore"):
        assert_error(server.api(email, "POST", f"/services/fs-cache?mode={mode}", json=body), 403,
                     f"only an owner of organization '{PROVIDER}' can manage its cache")
    assert cache_state(server, ADA, PROVIDER) == "NONE"


@pytest.mark.parametrize("mode", ["", "explode", "CacheAction.EXPLODE"])
def test_unknown_mode_is_a_bad_request(server, mode):
    body = {"org": {"id": server.org_id(PROVIDER), "name": PROVIDER}, "runner": {"podType": "small"}}
    assert_error(server.api(ADA, "POST", f"/services/fs-cache?mode={mode}", json=body), 400)
    assert cache_state(server, ADA, PROVIDER) == "NONE"


# -- --cache-ready-ms ------------------------------------------------------------------------

@pytest.fixture
def slow_cache(dataloop_mock_factory, server):
    """A server whose applied caches stay PENDING for READY_MS, with dtlpy pointed at it;
    dtlpy goes back to the session server afterwards."""
    slow = dataloop_mock_factory("--cache-ready-ms", str(READY_MS), fixtures=FIXTURE_FILE)
    point_dtlpy(slow)
    try:
        yield slow
    finally:
        dl.logout()
        point_dtlpy(server.mock)


def test_cache_ready_ms_keeps_the_cache_pending_while_the_sdk_polls(slow_cache):
    assert dl.login_m2m(email=ADA, password=PASSWORDS[ADA], force=True) is True
    org = dl.organizations.get(organization_name=PROVIDER)
    body = {"org": {"id": org.id, "name": org.name}, "runner": {"podType": "small"}}
    token = dl.client_api.token
    seen, done = [], threading.Event()

    def watch():  # what a second client sees while the SDK waits (its own query, told apart below)
        import requests
        while not done.is_set():
            resp = requests.post(slow_cache.api_url + "/services/fs-cache?mode=get&watcher=1", json=body, timeout=10,
                                 headers={"Authorization": f"Bearer {token}"})
            seen.append(resp.json()["state"])
            time.sleep(0.1)

    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()
    start = time.monotonic()
    try:
        assert dl.organizations.cache_action(organization=org, mode=dl.CacheAction.APPLY) is True
    finally:
        elapsed = time.monotonic() - start
        done.set()
        watcher.join(timeout=10)
    assert elapsed >= READY_MS / 1000, f"APPLY returned after {elapsed:.2f} s"
    order = ["NONE", "PENDING", "READY"]  # the watcher may start before the APPLY
    assert "PENDING" in seen and seen[-1] == "READY", seen
    assert seen == sorted(seen, key=order.index), f"the state went backwards: {seen}"
    polls = slow_cache.requests(method="POST", path="/api/v1/services/fs-cache")
    sdk_gets = [e for e in polls if e["query"] == "mode=get" and e["caller"] == ADA]
    watcher_gets = [e for e in polls if e["query"] == "mode=get&watcher=1"]
    assert watcher_gets and len(watcher_gets) == len(seen)
    # The SDK polls until READY and then stops: every poll but the last came while the cache was
    # PENDING (before the APPLY's time + READY_MS, by the server's clock), the last one after.
    [applied] = [e for e in polls if e["caller"] == ADA  # as dtlpy formats the enum (see DESIGN)
                 and e["query"] in ("mode=apply-filestore", "mode=CacheAction.APPLY-filestore")]
    ready_at = applied["timeMs"] + READY_MS
    times = [e["timeMs"] - ready_at for e in sdk_gets]
    assert len(times) >= 2 and all(t < 0 for t in times[:-1]) and times[-1] >= 0, (
        f"the SDK's polls, ms after the cache became READY: {times}")


def test_cache_ready_ms_runs_on_the_namespace_clock(slow_cache):
    slow_cache.clock(now_ms=1_700_000_000_000)
    token = slow_cache.token(ADA)
    import requests

    def call(mode):
        org_id = next(o["id"] for o in requests.get(slow_cache.api_url + "/orgs", timeout=10,
                                                    headers={"Authorization": f"Bearer {token}"}).json())
        resp = requests.post(slow_cache.api_url + f"/services/fs-cache?mode={mode}", timeout=10,
                             headers={"Authorization": f"Bearer {token}"},
                             json={"org": {"id": org_id, "name": PROVIDER}, "runner": {"podType": "small"}})
        return assert_ok(resp, 200)

    call("apply-filestore")
    assert call("get")["state"] == "PENDING"
    time.sleep(READY_MS / 1000 + 0.2)
    assert call("get")["state"] == "PENDING"  # the pinned clock did not move
    slow_cache.clock(advance_ms=READY_MS)
    assert call("get")["state"] == "READY"
