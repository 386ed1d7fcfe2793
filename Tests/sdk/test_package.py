"""The Python package (clients/python, distribution `dataloop-mock`) in its development
install: one version number everywhere, the console script passes everything through to the
binary, the order in which the binary is found, and MockServer as a context manager. The
installed wheel itself is proven by scripts/test-wheel (Tests/wheel)."""
import importlib.metadata
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import requests

from dataloop_mock import MockError, MockServer, __version__ as package_version, bundled_binary, find_binary
from dataloop_mock import server as server_module
from helpers import ADA, FIXTURE_FILE, REPO_ROOT

VERSION_SWIFT = REPO_ROOT / "Sources" / "DataloopMock" / "Version.swift"


def swift_version():
    return re.search(r'public let dataloopMockVersion = "([^"]+)"', VERSION_SWIFT.read_text())[1]


def console_script(binary, *args):
    """The venv's `dataloop-mock` console script, pointed at the suite's binary."""
    script = Path(sys.executable).parent / "dataloop-mock"
    env = dict(os.environ, DATALOOP_MOCK_BIN=str(binary))
    return subprocess.run([str(script), *args], capture_output=True, text=True, env=env, timeout=60)


def test_one_version_number_everywhere(dataloop_mock_binary, dataloop_mock):
    version = swift_version()
    assert console_script(dataloop_mock_binary, "--version").stdout == version + "\n"
    assert dataloop_mock.health()["version"] == version
    assert json.loads((REPO_ROOT / "docs" / "openapi.json").read_text())["info"]["version"] == version
    assert importlib.metadata.version("dataloop-mock") == package_version == version


def test_console_script_passes_arguments_and_exit_code_through(dataloop_mock_binary, tmp_path):
    done = console_script(dataloop_mock_binary, "fixtures", "check", str(FIXTURE_FILE))
    assert (done.returncode, done.stdout) == (0, f"{FIXTURE_FILE}: valid\n")
    missing = tmp_path / "missing.json"
    done = console_script(dataloop_mock_binary, "fixtures", "check", str(missing))
    assert (done.returncode, done.stderr) == (1, f"cannot read '{missing}'\n")


def test_binary_order_explicit_then_env_then_bundled_then_development_build(tmp_path, monkeypatch):
    made = {}
    for name in ("explicit", "env", "bundled", "dev"):
        made[name] = tmp_path / name / "dataloop-mock"
        made[name].parent.mkdir()
        made[name].write_text("#!/bin/sh\n")
        made[name].chmod(0o755)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(server_module, "DEFAULT_BINARY", made["dev"])
    monkeypatch.setattr(server_module, "BUNDLED_BINARY", tmp_path / "not-installed" / "dataloop-mock")
    monkeypatch.delenv("DATALOOP_MOCK_BIN", raising=False)
    assert find_binary(wait_s=0) == made["dev"]
    monkeypatch.setattr(server_module, "BUNDLED_BINARY", made["bundled"])
    assert find_binary(wait_s=0) == made["bundled"]
    monkeypatch.setenv("DATALOOP_MOCK_BIN", str(made["env"]))
    assert find_binary(wait_s=0) == made["env"]
    assert find_binary(made["explicit"], wait_s=0) == made["explicit"]
    with pytest.raises(MockError, match="binary not found at .*nowhere"):
        find_binary(tmp_path / "nowhere", wait_s=0)


def test_mockserver_as_a_context_manager(dataloop_mock_binary):
    assert bundled_binary() is None  # a development install carries no binary
    with MockServer(binary=dataloop_mock_binary, fixtures=FIXTURE_FILE, args=["--journal-size", "7"]) as srv:
        assert srv.command[srv.command.index("--journal-size") + 1] == "7"
        token = srv.token(ADA)
        orgs = requests.get(srv.url + "/api/v1/orgs", headers={"Authorization": f"Bearer {token}"}, timeout=10)
        assert [org["name"] for org in orgs.json()] == ["Provider Inc"]
        workdir, url = srv.workdir, srv.url
        assert workdir.is_dir()
    assert srv.process.returncode == 0  # SIGTERM, clean exit
    assert not workdir.exists()  # its temporary folder is gone
    with pytest.raises(requests.ConnectionError):
        requests.get(url + "/_mock/health", timeout=5)


def test_mockserver_not_started_says_how_to_start_it():
    with pytest.raises(MockError, match="not started: use `with MockServer"):
        MockServer().url
