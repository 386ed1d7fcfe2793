"""dataloop-mock for Python: the server (bundled in the wheel), a client for its /_mock API and
a pytest plugin.

    from dataloop_mock import MockServer
    with MockServer(dtlpy=True) as srv:     # the bundled server on a free port, dtlpy pointed at it
        dl.login_m2m(email="ada@provider.example", password="ada-pass")
        srv.fault("/api/v1/orgs", 500, times=1)
        ...

The pytest plugin (dataloop_mock.plugin, registered as a pytest11 entry point) provides the
fixtures `dataloop_mock`, `dataloop_mock_session` and `dataloop_mock_factory`.
"""
from importlib.metadata import PackageNotFoundError, version as _version

from .server import MockError, MockServer, bundled_binary, find_binary, point_dtlpy

try:
    __version__ = _version("dataloop-mock")  # the Swift constant the binary prints (--version)
except PackageNotFoundError:  # pragma: no cover - imported from a source tree without installing
    __version__ = "0+unknown"

__all__ = ["MockError", "MockServer", "bundled_binary", "find_binary", "point_dtlpy", "__version__"]
