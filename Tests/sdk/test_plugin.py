"""The dataloop-mock pytest plugin itself, run in a fresh pytest process (pytester): under
xdist all workers share one server, each in its own namespace, and the server is gone after
the run; DATALOOP_MOCK_URL attaches to a running server instead of starting one; DATALOOP_PATH
is a temporary folder inside the plugin's fixtures only, and left alone with the ini option off."""
import json
import os
from pathlib import Path

import pytest
import requests

from helpers import FIXTURE_FILE

INNER_TESTS = '''
import json, os

def record(mock, name):
    import dtlpy as dl  # here, inside the fixture: dtlpy reads DATALOOP_PATH at import

    assert dl.login_m2m(email="ada@provider.example", password="ada-pass", force=True)
    orgs = [org.name for org in dl.organizations.list()]
    dl.projects.create(project_name="made-by-" + name)  # reset before the next test removes it
    path = os.path.join(os.environ["RECORD_DIR"], name + ".json")
    with open(path, "w") as out:
        json.dump({"worker": os.environ.get("PYTEST_XDIST_WORKER"), "base_url": mock.base_url,
                   "namespace": mock.namespace, "env": dl.environment(), "orgs": orgs,
                   "projects": sorted(p["name"] for p in mock.state()["projects"]),
                   "dataloop_path": os.environ["DATALOOP_PATH"],
                   "dtlpy_path": dl.service_defaults.DATALOOP_PATH}, out)

''' + "".join(f'''
def test_{i}(dataloop_mock):
    record(dataloop_mock, "t{i}")
''' for i in range(6))

# DATALOOP_PATH before, inside and after the plugin's fixture (tests run in file order).
ENV_TESTS = '''
import json, os

def dump(name, **extra):
    with open(os.path.join(os.environ["RECORD_DIR"], name + ".json"), "w") as out:
        json.dump({"dataloop_path": os.environ.get("DATALOOP_PATH"), **extra}, out)

def test_a_before():
    dump("a")

def test_b_inside(dataloop_mock):
    import dtlpy as dl
    assert dl.login_m2m(email="ada@provider.example", password="ada-pass", force=True)
    dump("b", dtlpy_path=dl.service_defaults.DATALOOP_PATH, env=dl.environment(),
         orgs=[org.name for org in dl.organizations.list()], base_url=dataloop_mock.base_url)

def test_c_after():
    dump("c")
'''

@pytest.fixture
def inner(pytester, monkeypatch, tmp_path, dataloop_mock_binary):
    """run(*args, tests=INNER_TESTS, ini="") -> (result, records): `tests` in a pytest
    subprocess (`ini`: extra lines of its pytest.ini)."""
    records = tmp_path / "records"
    records.mkdir()
    monkeypatch.setenv("RECORD_DIR", str(records))
    for name in ("DATALOOP_MOCK_URL", "DATALOOP_MOCK_NAMESPACE", "DATALOOP_MOCK_ADMIN_TOKEN",
                 "DATALOOP_MOCK_KEEP_DATALOOP_PATH"):
        monkeypatch.delenv(name, raising=False)  # the outer run's, if it attached to a server
    monkeypatch.setenv("DATALOOP_MOCK_BIN", str(dataloop_mock_binary))
    # What an xdist worker of the outer run passes on: the inner pytest is no worker of it.
    monkeypatch.setenv("PYTEST_XDIST_WORKER", "gw9")
    monkeypatch.setenv("PYTEST_XDIST_WORKER_COUNT", "10")

    def run(*args, tests=INNER_TESTS, ini=""):
        pytester.makepyfile(test_inner=tests)
        pytester.makeini("[pytest]\naddopts = -p no:cacheprovider\n" + ini)
        result = pytester.runpytest_subprocess("-q", "--dataloop-mock-arg=--fixtures",
                                               f"--dataloop-mock-arg={FIXTURE_FILE}", *args, timeout=300)
        found = [json.loads(path.read_text()) for path in sorted(records.glob("*.json"))]
        return result, found
    return run


@pytest.fixture
def users_path(tmp_path, monkeypatch):
    """The DATALOOP_PATH the inner run inherits: a folder of "the user's", not yet created."""
    path = tmp_path / "users-dataloop"
    monkeypatch.setenv("DATALOOP_PATH", str(path))
    return path


# Under dtlpy 1.90.39 one clean-clone CI run of two saw two of the six inner tests log in at the
# real gate (gate.dataloop.ai) instead of the mock: not understood yet, so the oldest releases
# skip this one test until it is (docs/NOTES.md, "Open"); every other plugin test runs on them.
@pytest.mark.dtlpy_min("1.100")
def test_xdist_workers_share_one_server_with_a_namespace_each(inner, pytester, users_path):
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
    for r in records:  # in the inner run's temporary folder (pytester gives it a basetemp there)
        assert r["dtlpy_path"] == r["dataloop_path"] != str(users_path)
        assert Path(r["dataloop_path"]).is_relative_to(pytester.path), r["dataloop_path"]
    assert not users_path.exists(), "the user's DATALOOP_PATH was written"
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
    # the inner run's dtlpy called this server, in its namespace: the last inner test's calls
    # are in the journal (each test starts with an empty one)
    attached = running.for_namespace("attached")
    assert [e["status"] for e in attached.requests(method="GET", path="/api/v1/orgs")] == [200]
    assert [e["status"] for e in attached.requests(method="POST", path="/api/v1/projects")] == [201]
    assert running.for_namespace(None).requests(path="/api/v1/**") == []  # nothing in the default one


def test_dataloop_path_is_isolated_inside_the_fixtures_only(inner, pytester, users_path):
    result, records = inner(tests=ENV_TESTS)
    result.assert_outcomes(passed=3)
    before, inside, after = records
    assert before["dataloop_path"] == after["dataloop_path"] == str(users_path)  # untouched outside
    assert inside["dataloop_path"] != str(users_path)
    assert Path(inside["dataloop_path"]).is_relative_to(pytester.path), inside["dataloop_path"]
    assert inside["dtlpy_path"] == inside["dataloop_path"]  # dtlpy, first imported inside, read it
    assert inside["env"] == inside["base_url"] + "/api/v1" and inside["orgs"] == ["Provider Inc"]
    assert not users_path.exists(), "the user's DATALOOP_PATH was written"


@pytest.mark.parametrize("switch", ["ini", "env"])
def test_isolation_off_leaves_the_users_dataloop_path(inner, users_path, monkeypatch, switch):
    if switch == "env":
        monkeypatch.setenv("DATALOOP_MOCK_KEEP_DATALOOP_PATH", "1")  # the older switch, still honoured
    result, records = inner(tests=ENV_TESTS,
                            ini="dataloop_mock_isolate_dataloop_path = false\n" if switch == "ini" else "")
    result.assert_outcomes(passed=3)
    assert [r["dataloop_path"] for r in records] == [str(users_path)] * 3
    assert records[1]["dtlpy_path"] == str(users_path)
    cookie = json.loads((users_path / "cookie.json").read_text())  # dtlpy wrote the user's cookie
    assert cookie["login_parameters"][records[1]["env"]]["alias"] == "mock"


def test_dtlpy_imported_before_the_fixture_is_refused_when_isolating(inner, users_path):
    result, _ = inner(tests="import dtlpy as dl\n" + ENV_TESTS)
    result.assert_outcomes(passed=2, errors=1)
    result.stdout.fnmatch_lines([f"*dtlpy was imported before the dataloop-mock fixtures could isolate its "
                                 f"cookie: it keeps it in {users_path} (DATALOOP_PATH at import)*"])
    cookie = users_path / "cookie.json"  # dtlpy's import made it; the plugin added nothing to it
    assert "mock" not in json.dumps(json.loads(cookie.read_text()).get("login_parameters", {}))
