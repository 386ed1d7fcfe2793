"""Drive a dataloop-mock server from Python tests.

    from dataloop_mock import MockServer, point_dtlpy
    server = MockServer.start("--fixtures", "fixtures/default.json")
    point_dtlpy(server)           # DATALOOP_PATH must already point at a temporary folder
    ...
    server.stop()

The pytest plugin (dataloop_mock.plugin, registered as a pytest11 entry point) provides the
fixtures `dataloop_mock`, `dataloop_mock_session` and `dataloop_mock_factory`.
"""
from .server import MockError, MockServer, find_binary, point_dtlpy

__all__ = ["MockError", "MockServer", "find_binary", "point_dtlpy"]
__version__ = "0.1.0"
