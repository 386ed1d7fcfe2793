"""The installed wheel's pytest plugin, as a Python team uses it: no binary setting, no Swift.
scripts/test-wheel copies this file out of the repository and runs it in a fresh venv.
dtlpy is imported inside the tests, after the fixture set DATALOOP_PATH (it reads it once)."""
import os
import sys
from pathlib import Path

from dataloop_mock import __version__, bundled_binary


def test_ada_sees_her_org(dataloop_mock):
    import dtlpy as dl

    # the plugin's temporary cookie folder, not ~/.dataloop (nothing set DATALOOP_PATH before)
    assert dl.service_defaults.DATALOOP_PATH == os.environ["DATALOOP_PATH"]
    assert not Path(os.environ["DATALOOP_PATH"]).is_relative_to(Path.home() / ".dataloop")
    dl.login_m2m(email="ada@provider.example", password="ada-pass")
    assert [o.name for o in dl.organizations.list()] == ["Provider Inc"]


def test_carol_sees_client_a_and_a_fault_reaches_the_sdk(dataloop_mock):
    import dtlpy as dl

    dl.login_m2m(email="carol@client-a.example", password="carol-pass")
    dataloop_mock.fault("/api/v1/orgs", 500, method="GET", times=1)
    try:
        dl.organizations.list()
    except dl.exceptions.ExceptionMain as error:
        assert str(error.status_code) == "500"
    else:
        raise AssertionError("the scripted 500 did not reach dtlpy")
    assert [o.name for o in dl.organizations.list()] == ["Client A"]
    assert [e["status"] for e in dataloop_mock.requests(path="/api/v1/orgs")] == [500, 200]


def test_the_server_is_the_binary_inside_the_wheel(dataloop_mock):
    binary = Path(dataloop_mock.command[0])
    assert binary == bundled_binary()
    assert binary.is_relative_to(Path(sys.prefix)), f"{binary} is not inside the venv {sys.prefix}"
    assert dataloop_mock.health()["version"] == __version__
