"""A dataloop-mock server for the session (started with the MockServer client, serving the
default fixture), and an Api on it that starts every test from the default fixture."""
import pytest

from dataloop_mock import MockServer
from mockapi import FIXTURE_FILE, Api, binary


@pytest.fixture(scope="session")
def mock():
    with MockServer(binary=binary(), fixtures=FIXTURE_FILE) as server:
        yield server


@pytest.fixture
def api(mock):
    """Plain HTTP as the fixture users, on the default fixture (state and reset target)."""
    api = Api(mock)
    api.start_over()
    yield api
    assert mock.alive, f"dataloop-mock is gone\n--- stderr ---\n{mock.logs()[1][-4000:]}"
