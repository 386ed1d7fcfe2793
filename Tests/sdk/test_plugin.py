"""The dataloop-mock pytest plugin itself, run in a fresh pytest process (pytester): under
xdist all workers share one server, each in its own namespace, and the server is gone after
the run; DATALOOP_MOCK_URL attaches to a running server instead of starting one."""
import json
import os

import pytest
import requests

from helpers import FIXTURE_FILE

INNER_TESTS = '''
import json, os
import dtlpy as dl

def record(mock, name):
    assert dl.login_m2m(email="ada@provider.example", password="ada-pass", force=True)
    orgs = [org.name for org in dl.organizations.list()]
    dl.projects.create(project_name="made-by-" + name)  # reset before the next test removes it
    path = os.path.join(os.environ["RECORD_DIR"], name + ".json")
    with open(path, "w") as out:
        json.dump({"worker": os.environ.get("PYTEST_XDIST_WORKER"), "base_url": mock.base_url,
                   "namespace": mock.namespace, "env": dl.environment(), "orgs": orgs,
                   "projects": sorted(p["name"] for p in mock.state()["projects"]),
                   "dataloop_path": os.environ["DATALOOP_PATH"]}, out)

''' + "".join(f'''
def test_{i}(dataloop_mock):
    record(dataloop_mock, "t{i}")
''' for i in range(6))


@pytest.fixture
def inner(pytester, monkeypatch, tmp_path, dataloop_mock_binary):
    """run(*args) -> (result, records): the inner tests in a pytest subprocess."""
    records = tmp_path / "records"
    records.mkdir()
    monkeypatch.setenv("RECORD_DIR", str(records))
    for name in ("DATALOOP_MOCK_URL", "DATALOOP_MOCK_NAMESPACE", "DATALOOP_MOCK_ADMIN_TOKEN"):
        monkeypatch.delenv(name, raising=False)  # the outer run's, if it attached to a server
    monkeypatch.setenv("DATALOOP_MOCK_BIN", str(dataloop_mock_binary))
    pytester.makepyfile(test_inner=INNER_TESTS)
    pytester.makeini("[pytest]\naddopts = -p no:cacheprovider\n")

    def run(*args):
        result = pytester.runpytest_subprocess("-q", "--dataloop-mock-arg=--fixtures",
                                               f"--dataloop-mock-arg={FIXTURE_FILE}", *args, timeout=300)
        found = [json.loads(path.read_text()) for path in sorted(records.glob("*.json"))]
        return result, found
    return run


def test_xdist_workers_share_one_server_with_a_namespace_each(inner):
    result, records = inner("-n", "2")
    result.assert_outcomes(passed=6)
    assert len(records) == 6
    assert len({r["base_url"] for r in records}) == 1, "more than one server was started"
    assert {r["namespace"] for r in records} == {r["worker"] for r in records} == {"gw0", "gw1"}
    for r in records:
        assert r["env"] == f"{r['base_url']}/ns/{r['worker']}/api/v1"
        assert r["orgs"] == ["Provider Inc"]
        made = [name for name in r["projects"] if name.startswith("made-by-")]
        assert len(made) == 1, f"a test saw another test's project: {made}"  # reset + own namespace
    assert len({r["dataloop_path"] for r in records}) == 2  # each worker has its own dtlpy cookie
    with pytest.raises(requests.ConnectionError):  # stopped once both workers were done
        requests.get(records[0]["base_url"] + "/_mock/health", timeout=5)


def test_dataloop_mock_url_attaches_to_a_running_server(inner, dataloop_mock_factory, monkeypatch):
    running = dataloop_mock_factory(fixtures=FIXTURE_FILE)
    monkeypatch.setenv("DATALOOP_MOCK_URL", running.base_url)
    monkeypatch.setenv("DATALOOP_MOCK_NAMESPACE", "attached")
    result, records = inner()
    result.assert_outcomes(passed=6)
    assert {(r["base_url"], r["namespace"]) for r in records} == {(running.base_url, "attached")}
    assert running.alive  # not stopped by the inner run
    assert "attached" in {ns["name"] for ns in running.namespaces()}
    assert os.environ.get("DATALOOP_MOCK_URL") == running.base_url
