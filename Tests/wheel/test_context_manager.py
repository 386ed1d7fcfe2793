"""`with MockServer()` on its own, as unittest, scripts and notebooks use it: scripts/test-wheel
runs this file with the pytest plugin disabled (-p no:dataloop_mock), from a fresh venv, so
nothing but MockServer sets DATALOOP_PATH up or starts the server."""
import os
import sys
import unittest

import requests

from dataloop_mock import MockServer, bundled_binary

ADA = {"email": "ada@provider.example", "password": "ada-pass"}


def test_with_mockserver_starts_the_bundled_server_and_points_dtlpy():
    assert "dtlpy" not in sys.modules and "DATALOOP_PATH" not in os.environ  # nothing did it for us
    with MockServer(dtlpy=True) as srv:
        import dtlpy as dl
        assert srv.command[0] == str(bundled_binary())
        assert dl.environment() == srv.url + "/api/v1"
        assert os.environ["DATALOOP_PATH"] != os.path.expanduser("~/.dataloop")
        assert dl.login_m2m(**ADA) is True
        assert [o.name for o in dl.organizations.list()] == ["Provider Inc"]
        dl.projects.create(project_name="Made in a with block")
        srv.snapshot("with-project")
        srv.reset()
        assert "Made in a with block" not in project_names(srv)
        srv.restore("with-project")
        assert "Made in a with block" in project_names(srv)
        assert srv.clock(now_ms=1_700_000_000_000) == {"fake": True, "nowMs": 1_700_000_000_000}
        assert [e["path"] for e in srv.requests(method="POST", path="/api/v1/projects")] == ["/api/v1/projects"]
        url = srv.url
    assert srv.process.returncode == 0  # stopped with SIGTERM, clean exit
    try:
        requests.get(url + "/_mock/health", timeout=5)
    except requests.ConnectionError:
        pass
    else:
        raise AssertionError(f"the server at {url} still answers after the with block")


class UnittestStyle(unittest.TestCase):
    """A second server in the same process (dtlpy already imported, DATALOOP_PATH kept)."""

    def setUp(self):
        self.srv = MockServer(dtlpy=True).__enter__()
        self.addCleanup(self.srv.__exit__, None, None, None)

    def test_bob_sees_client_b(self):
        import dtlpy as dl
        self.assertTrue(dl.login_m2m(email="bob@client-b.example", password="bob-pass"))
        self.assertEqual([o.name for o in dl.organizations.list()], ["Client B"])
        self.assertEqual(dl.environment(), self.srv.url + "/api/v1")


def project_names(srv):
    return sorted(p["name"] for p in srv.state()["projects"])
