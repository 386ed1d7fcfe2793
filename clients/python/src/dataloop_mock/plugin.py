"""pytest plugin: a dataloop-mock server for the session, reset before each test.

Fixtures
  dataloop_mock          the server (a MockServer for this worker's namespace), reset before
                         the test (state, faults, clock, journal), dtlpy pointed at it and
                         logged out (when dtlpy is installed)
  dataloop_mock_session  the same server without the reset (session scope)
  dataloop_mock_factory  start(*args, **kwargs) -> an extra MockServer, stopped after the test
  dataloop_mock_args     session fixture: extra `serve` arguments (override it in conftest.py)
  dataloop_mock_binary   session fixture: the binary path or None (override it in conftest.py)

Where the server comes from
  - DATALOOP_MOCK_URL (or --dataloop-mock-url): a server that is already running; the
    namespace is DATALOOP_MOCK_NAMESPACE, else the xdist worker id, else the default one.
    DATALOOP_MOCK_ADMIN_TOKEN is sent with every /_mock call.
  - under pytest-xdist: ONE server for all workers. The first worker to get the lock in the
    run's shared temporary folder starts it and writes its URL there; every worker uses its
    own namespace, named after its worker id (gw0, gw1, ...). The worker that started the
    server stops it once every worker has finished.
  - otherwise: a server started for the session.
  The binary of a server the plugin starts: --dataloop-mock-bin, else DATALOOP_MOCK_BIN, else
  the one bundled in the installed wheel, else .build/debug/dataloop-mock under the working
  directory (the project's own development checkout, with an editable install).

DATALOOP_PATH (dtlpy's cookie folder: environments and tokens)
  With the ini option `dataloop_mock_isolate_dataloop_path` (default true), the plugin's
  fixtures set DATALOOP_PATH to a temporary folder of the session (one per xdist worker, from
  tmp_path_factory) while they act: `dataloop_mock_session` while it points dtlpy at the server
  (so a dtlpy first imported there reads it), `dataloop_mock` for the whole test (so the dlp
  processes a test starts share the SDK's cookie). Everything else sees the environment as it
  was. dtlpy reads DATALOOP_PATH once, at import: if a test module imported it at its top
  before the fixture, its cookie cannot be moved and the fixture refuses to write the mock's
  environment and tokens into it (the test errors, naming the fix). Import dtlpy inside the
  tests, or manage DATALOOP_PATH yourself (set it before dtlpy is imported) and set the option
  to false (DATALOOP_MOCK_KEEP_DATALOOP_PATH=1 in the environment does the same).
"""
import json
import os
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

import pytest
from filelock import FileLock

from .server import MockError, MockServer, point_dtlpy

SHARED_DIR = "dataloop-mock-shared"
OWNED_KEY = pytest.StashKey()       # the server this process started for all xdist workers
SHARED_ROOT_KEY = pytest.StashKey()  # the run's shared folder (xdist)
PATH_KEY = pytest.StashKey()         # the DATALOOP_PATH the fixtures set (None: isolation off)
ISOLATE_INI = "dataloop_mock_isolate_dataloop_path"


def pytest_addoption(parser):
    group = parser.getgroup("dataloop-mock")
    group.addoption("--dataloop-mock-url", default=None,
                    help="use this running dataloop-mock server instead of starting one (env DATALOOP_MOCK_URL)")
    group.addoption("--dataloop-mock-bin", default=None,
                    help="dataloop-mock binary (env DATALOOP_MOCK_BIN; default: the one bundled in the wheel)")
    group.addoption("--dataloop-mock-arg", action="append", default=[], metavar="ARG",
                    help="extra argument for `dataloop-mock serve` (repeatable)")
    parser.addini("dataloop_mock_args", type="args", default=[], help="extra arguments for `dataloop-mock serve`")
    parser.addini("dataloop_mock_shutdown_wait_s", default="900",
                  help="under xdist, how long the worker that started the server waits for the others")
    parser.addini(ISOLATE_INI, type="bool", default=True,
                  help="set DATALOOP_PATH to a temporary folder within the dataloop-mock fixtures "
                       "(default true; false: keep yours)")


def _xdist(config):
    """xdist's description of this worker ({"workerid", "workercount", "testrunuid", ...}), or
    {} outside a worker. Read from the config, not from PYTEST_XDIST_WORKER: that variable is
    inherited by any pytest a test starts (pytester), which is no worker of this run."""
    return getattr(config, "workerinput", None) or {}


def _worker_id(config):
    return _xdist(config).get("workerid")


def _external_url(config):
    return config.getoption("dataloop_mock_url") or os.environ.get("DATALOOP_MOCK_URL")


def _shared_root(config):
    """The folder every xdist worker of this run sees: the parent of the workers' basetemps
    (xdist gives each worker `--basetemp <the run's basetemp>/popen-gwN`)."""
    root = config.stash.get(SHARED_ROOT_KEY, None)
    if root is None:
        basetemp = config.getoption("basetemp")
        if basetemp:
            root = Path(basetemp).parent / SHARED_DIR
        else:  # a worker without a basetemp (not a popen worker): one folder per run id
            run = _xdist(config).get("testrunuid", "run")
            root = Path(tempfile.gettempdir()) / f"{SHARED_DIR}-{run}"
        root.mkdir(parents=True, exist_ok=True)
        config.stash[SHARED_ROOT_KEY] = root
    return root


def _isolating(config):
    return config.getini(ISOLATE_INI) and not os.environ.get("DATALOOP_MOCK_KEEP_DATALOOP_PATH")


@contextmanager
def _dataloop_path(path):
    """DATALOOP_PATH set to `path` for the block (None: the environment untouched)."""
    if path is None:
        yield
        return
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DATALOOP_PATH", path)
        yield


def _dtlpy_cookie_folder():
    """The DATALOOP_PATH an imported dtlpy read at its import."""
    from dtlpy.services import service_defaults
    return service_defaults.DATALOOP_PATH


def _check_dtlpy_isolated(path):
    """Isolating, with dtlpy imported before the fixture: its cookie is wherever DATALOOP_PATH
    pointed then (perhaps the real ~/.dataloop). Refuse rather than write the mock's
    environment and tokens there."""
    if path is None or "dtlpy" not in sys.modules or _dtlpy_cookie_folder() == path:
        return
    pytest.fail(f"dtlpy was imported before the dataloop-mock fixtures could isolate its cookie: it "
                f"keeps it in {_dtlpy_cookie_folder()} (DATALOOP_PATH at import), where the plugin will not "
                f"write the mock's environment and tokens. Import dtlpy inside the tests (after the fixture), "
                f"or set DATALOOP_PATH to a folder of your own before dtlpy is imported and set the ini "
                f"option `{ISOLATE_INI} = false`.", pytrace=False)


@pytest.fixture(scope="session")
def dataloop_mock_args(pytestconfig):
    """Extra `dataloop-mock serve` arguments: the ini option, then --dataloop-mock-arg."""
    return [*pytestconfig.getini("dataloop_mock_args"), *pytestconfig.getoption("dataloop_mock_arg")]


@pytest.fixture(scope="session")
def dataloop_mock_binary(pytestconfig):
    return pytestconfig.getoption("dataloop_mock_bin")


def _shared_server(config, worker, args, binary):
    """Under xdist: the run's one server, started by whichever worker gets here first."""
    root = _shared_root(config)
    info_file = root / "server.json"
    with FileLock(str(root / "server.lock")):
        if info_file.exists():
            info = json.loads(info_file.read_text())
            server = MockServer(info["url"], admin_token=info.get("adminToken"))
            if not server.alive:
                raise MockError(f"the shared dataloop-mock at {info['url']} (started by {info['owner']}) "
                                f"does not answer")
        else:
            server = MockServer.start(*args, binary=binary, workdir=root / f"server-{worker}")
            config.stash[OWNED_KEY] = server
            info_file.write_text(json.dumps({"url": server.base_url, "pid": server.pid, "owner": worker}))
    return server.for_namespace(worker)


@pytest.fixture(scope="session")
def dataloop_mock_session(pytestconfig, tmp_path_factory, dataloop_mock_args, dataloop_mock_binary):
    """The session's dataloop-mock (see the module docstring for where it comes from), as a
    MockServer acting on this worker's namespace; dtlpy is pointed at it as "mock"."""
    path = str(tmp_path_factory.mktemp("dataloop-path") / "dataloop") if _isolating(pytestconfig) else None
    pytestconfig.stash[PATH_KEY] = path
    worker = _worker_id(pytestconfig)
    url = _external_url(pytestconfig)
    owned = None
    if url:
        namespace = os.environ.get("DATALOOP_MOCK_NAMESPACE") or worker
        server = MockServer(url, namespace=namespace, admin_token=os.environ.get("DATALOOP_MOCK_ADMIN_TOKEN"))
        server.health()
    elif worker:
        server = _shared_server(pytestconfig, worker, dataloop_mock_args, dataloop_mock_binary)
    else:
        server = owned = MockServer.start(*dataloop_mock_args, binary=dataloop_mock_binary)
    try:
        if _has_dtlpy():
            with _dataloop_path(path):
                _check_dtlpy_isolated(path)
                point_dtlpy(server)
        yield server
    finally:
        if owned is not None:
            owned.stop()
            owned.cleanup()


@pytest.fixture
def dataloop_mock(dataloop_mock_session, pytestconfig):
    """The session's server, reset to its seeded fixtures with no faults, the real clock and an
    empty journal (MockServer.fresh), and dtlpy logged out; DATALOOP_PATH is the session's
    temporary one during the test (unless isolation is off)."""
    with _dataloop_path(pytestconfig.stash.get(PATH_KEY, None)):
        dataloop_mock_session.fresh()
        if "dtlpy" in sys.modules:
            sys.modules["dtlpy"].logout()
        yield dataloop_mock_session


@pytest.fixture
def dataloop_mock_factory(dataloop_mock_binary, tmp_path):
    """start(*args, **kwargs) -> MockServer: another server (MockServer.start arguments),
    stopped (SIGTERM, clean exit checked) at the end of the test."""
    started = []

    def start(*args, **kwargs):
        kwargs.setdefault("binary", dataloop_mock_binary)
        kwargs.setdefault("workdir", tmp_path / f"dataloop-mock-{len(started)}")
        server = MockServer.start(*args, **kwargs)
        started.append(server)
        return server

    yield start
    for server in started:
        if server.alive:
            server.stop()


def _has_dtlpy():
    if "dtlpy" in sys.modules:
        return True
    import importlib.util
    return importlib.util.find_spec("dtlpy") is not None


def pytest_sessionfinish(session):
    """Under xdist, without an external server: mark this worker done; the worker that
    started the shared server stops it once every worker is done."""
    worker = _worker_id(session.config)
    if not worker or _external_url(session.config):
        return
    root = _shared_root(session.config)
    (root / f"done-{worker}").touch()
    server = session.config.stash.get(OWNED_KEY, None)
    if server is None:
        return
    expected = int(_xdist(session.config).get("workercount", 1))
    deadline = time.monotonic() + float(session.config.getini("dataloop_mock_shutdown_wait_s"))
    while len(list(root.glob("done-*"))) < expected and server.alive and time.monotonic() < deadline:
        time.sleep(0.1)
    if server.alive:
        server.stop()
