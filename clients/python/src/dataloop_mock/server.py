"""A dataloop-mock process (or a view of one namespace of it) and its /_mock control API."""
import atexit
import errno
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import quote

import requests

BUNDLED_BINARY = Path(__file__).resolve().parent / "bin" / "dataloop-mock"  # in a wheel from scripts/wheel
DEFAULT_BINARY = Path(".build") / "debug" / "dataloop-mock"  # a development checkout, from the working directory
READY_LINE = re.compile(r"dataloop-mock listening on (http://\S+)")
NAMESPACE = re.compile(r"[A-Za-z0-9_-]{1,64}")
ADMIN_HEADER = "x-mock-admin-token"
NAMESPACE_HEADER = "x-mock-namespace"


class MockError(RuntimeError):
    """The server could not be started or stopped, or a /_mock call failed."""

    def __init__(self, message, response=None):
        super().__init__(message)
        self.response = response
        self.status_code = getattr(response, "status_code", None)


def bundled_binary():
    """The server binary inside the installed wheel, or None (an editable install from a
    checkout carries none)."""
    return BUNDLED_BINARY if BUNDLED_BINARY.is_file() else None


def find_binary(binary=None, wait_s=30.0):
    """The dataloop-mock executable: `binary`, else $DATALOOP_MOCK_BIN, else the one bundled
    in the installed wheel, else .build/debug/dataloop-mock under the working directory (the
    project's own development). Waits up to `wait_s` seconds for it to (re)appear, since a
    rebuild replaces it."""
    path = Path(binary or os.environ.get("DATALOOP_MOCK_BIN") or bundled_binary() or DEFAULT_BINARY).expanduser()
    if not path.is_absolute():
        path = Path.cwd() / path
    deadline = time.monotonic() + wait_s
    while not (path.is_file() and os.access(path, os.X_OK)):
        if time.monotonic() >= deadline:
            raise MockError(f"dataloop-mock binary not found at {path}: install the dataloop-mock wheel (it "
                            f"carries the server), build it with `swift build`, or set DATALOOP_MOCK_BIN to its path")
        time.sleep(0.5)
    return path


def _read(path):
    try:
        return Path(path).read_text(errors="replace")
    except OSError:
        return ""


try:  # resolved once, in the parent: the child may only call it (no dlopen after fork)
    import ctypes
    _PRCTL = ctypes.CDLL(None, use_errno=True).prctl if sys.platform == "linux" else None
except (ImportError, OSError, AttributeError):  # pragma: no cover
    _PRCTL = None


def _die_with_parent():
    """preexec_fn: on Linux, SIGTERM the server when the thread that started it dies, so a
    crashed test run leaves no server behind."""
    _PRCTL(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


def _check_namespace(name):
    if name is not None and not NAMESPACE.fullmatch(name):
        raise ValueError(f"invalid namespace {name!r}: use 1 to 64 letters, digits, '-' or '_'")
    return name


def _spawn(command, stdout_path, stderr_path, workdir, env, binary, wait_s=60.0):
    """Popen the server; while a rebuild is replacing the binary (ETXTBSY, ENOENT, ENOEXEC),
    wait for it for up to `wait_s` seconds."""
    deadline = time.monotonic() + wait_s
    while True:
        try:
            with open(stdout_path, "wb") as out, open(stderr_path, "wb") as err:
                return subprocess.Popen(command, stdout=out, stderr=err, stdin=subprocess.DEVNULL, cwd=workdir,
                                        env=env, preexec_fn=_die_with_parent if _PRCTL else None)
        except OSError as error:
            if error.errno not in (errno.ETXTBSY, errno.ENOENT, errno.ENOEXEC) or time.monotonic() >= deadline:
                raise MockError(f"cannot run {command[0]}: {error}") from error
            time.sleep(0.5)
            command[0] = str(find_binary(binary))


class MockServer:
    """A dataloop-mock server, seen through one namespace (None: the default namespace).

    - `with MockServer() as srv:` starts a server for the block (the bundled binary, on a free
      port) and stops it at the end; `MockServer(url=None, ...)` takes the arguments of
      `start` (`args=[...]` for extra `serve` arguments) and `dtlpy=True` to point dtlpy at it.
    - `MockServer.start(...)` runs it now and returns it; the object owns the process: call
      stop(), or use it in a `with` block.
    - `MockServer(url)` attaches to a server that is already running (it stops nothing).

    It is the one way this project starts the server (the pytest plugin, the test suites,
    scripts/bench and scripts/schemathesis). Launch options, all optional: `args` (extra
    `serve` arguments), `fixtures`, `db`, `admin_token`, `binary` (see find_binary), `env`
    (the process environment; default: this one's), `workdir` (where the port file and the
    server's output, `server.stdout` and `server.stderr`, go; default: a temporary folder
    removed on exit), `timeout` (seconds to become healthy). An owned server has `process`,
    `pid`, `command`, `ready_s` (exec to the first ok `/_mock/health`) and `logs()`.

    Every control method acts on this object's namespace and raises MockError on an
    unexpected answer.
    """

    def __init__(self, url=None, *, namespace=None, admin_token=None, dtlpy=False, args=(), binary=None,
                 fixtures=None, db=None, timeout=30.0, workdir=None, env=None, process=None, command=None):
        self.base_url = url.rstrip("/") if url else None
        self.namespace = _check_namespace(namespace)
        self.admin_token = admin_token
        self.process = process
        self.workdir = Path(workdir) if workdir else None
        self.command = command
        self.http = requests.Session()
        self._with_dtlpy = dtlpy
        self._launch = {"args": args, "binary": binary, "fixtures": fixtures, "db": db, "timeout": timeout,
                        "env": env}
        self._own_workdir = False  # a temporary working directory launch() created, removed on exit
        self.ready_s = None  # owned process: seconds from exec to the first ok /_mock/health

    def __repr__(self):
        owner = f" pid={self.process.pid}" if self.process else ""
        where = self.url if self.base_url else "not started"
        return f"<MockServer {where}{owner}>"

    def __enter__(self):
        """Start the server unless it runs already (or is attached), and point dtlpy at it when
        made with dtlpy=True."""
        if self.base_url is None:
            self.launch()
        try:
            if self._with_dtlpy:
                self.point_dtlpy()
        except BaseException:
            self.__exit__(None, None, None)
            raise
        return self

    def __exit__(self, *exc_info):
        """Stop an owned server (SIGTERM) and remove the temporary folder it ran in."""
        try:
            self.stop()
        finally:
            if self._own_workdir:
                self.cleanup()
            self.http.close()
        return False

    # -- where it is ------------------------------------------------------------------
    @property
    def url(self):
        """The server root as this namespace sees it (`/ns/NAME` appended for a namespace):
        the SDK's gate_url; `/token`, `/login`, `/api/v1` and `/_mock` live under it."""
        if self.base_url is None:
            raise MockError("this MockServer is not started: use `with MockServer() as srv:` or MockServer.start()")
        return f"{self.base_url}/ns/{self.namespace}" if self.namespace else self.base_url

    @property
    def api_url(self):
        return self.url + "/api/v1"

    @property
    def port(self):
        """The TCP port the server listens on."""
        if self.base_url is None:
            raise MockError("this MockServer is not started: use `with MockServer() as srv:` or MockServer.start()")
        return int(self.base_url.rsplit(":", 1)[1].split("/")[0])

    @property
    def pid(self):
        return self.process.pid if self.process else None

    def for_namespace(self, namespace):
        """A view of the same server acting on another namespace (None: the default one).
        The view does not own the process."""
        return MockServer(self.base_url, namespace=namespace, admin_token=self.admin_token)

    def point_dtlpy(self, alias="mock"):
        """Add and select the dtlpy environment `alias` for this server (its namespace) and
        return the dtlpy module. Outside pytest (scripts, notebooks, unittest), when
        DATALOOP_PATH is unset and dtlpy not imported yet, DATALOOP_PATH is first set to a
        temporary folder for this process, so the SDK's cookie never touches ~/.dataloop."""
        if not os.environ.get("DATALOOP_PATH") and "dtlpy" not in sys.modules:
            os.environ["DATALOOP_PATH"] = str(_process_dataloop_path())
        return point_dtlpy(self, alias=alias)

    # -- the process ----------------------------------------------------------------------
    @classmethod
    def start(cls, *args, binary=None, fixtures=None, db=None, admin_token=None, namespace=None,
              timeout=30.0, workdir=None, env=None):
        """Run `dataloop-mock serve --port 0` with extra command line `args`, wait until
        /_mock/health answers ok, and return the server (it owns the process: call stop()).
        `fixtures`, `db` and `admin_token` add `--fixtures`, `--db` and `--admin-token`."""
        server = cls(args=args, binary=binary, fixtures=fixtures, db=db, admin_token=admin_token,
                     namespace=namespace, timeout=timeout, workdir=workdir, env=env)
        return server.launch()

    def launch(self):
        """Start the server this object describes (made without a url): what start() and
        `with` do. Returns self once /_mock/health answers ok."""
        if self.base_url is not None:
            raise MockError(f"{self!r} is already started or attached")
        options = self._launch
        executable = find_binary(options["binary"])
        if self.workdir is None:
            self.workdir = Path(tempfile.mkdtemp(prefix="dataloop-mock-"))
            self._own_workdir = True
        self.workdir.mkdir(parents=True, exist_ok=True)
        port_file = self.workdir / "port"
        port_file.unlink(missing_ok=True)
        command = [str(executable), "serve", "--port", "0", "--port-file", str(port_file)]
        for flag, value in (("--fixtures", options["fixtures"]), ("--db", options["db"]),
                            ("--admin-token", self.admin_token)):
            if value is not None:
                command += [flag, str(value)]
        command += [str(arg) for arg in options["args"]]
        stdout_path, stderr_path = self.workdir / "server.stdout", self.workdir / "server.stderr"
        started = time.perf_counter()
        self.process = process = _spawn(command, stdout_path, stderr_path, self.workdir, options["env"],
                                        options["binary"])
        self.command = command

        def fail(reason):
            if process.poll() is None:
                process.kill()
                process.wait()
            raise MockError(f"dataloop-mock did not become ready: {reason}\ncommand: {' '.join(command)}\n"
                            f"exit code: {process.returncode}\n--- stdout ---\n{_read(stdout_path)[-4000:]}\n"
                            f"--- stderr ---\n{_read(stderr_path)[-4000:]}")

        deadline = time.monotonic() + options["timeout"]
        last_error = "no port file yet"
        while time.monotonic() < deadline:
            if process.poll() is not None:
                fail("the process exited")
            port = _read(port_file).strip()
            if port.isdigit():
                self.base_url = f"http://127.0.0.1:{port}"
                try:
                    health = self.mock_request("GET", "/health", timeout=2)
                    if health.status_code == 200 and health.json().get("status") == "ok":
                        self.ready_s = time.perf_counter() - started
                        return self
                    last_error = f"health answered {health.status_code} {health.text[:200]!r}"
                except (requests.RequestException, ValueError) as error:
                    last_error = f"health check failed: {error}"
            time.sleep(0.002)  # cheap (a file read, a refused connect); keeps ready_s within ~2 ms
        fail(f"not healthy after {options['timeout']} s ({last_error})")

    @property
    def alive(self):
        """Owned process: still running. Attached server: /_mock/health answers."""
        if self.process is not None:
            return self.process.poll() is None
        try:
            return self.mock_request("GET", "/health", timeout=2).status_code == 200
        except requests.RequestException:
            return False

    def logs(self):
        """(stdout, stderr) of an owned process so far."""
        if self.workdir is None:
            return "", ""
        return _read(self.workdir / "server.stdout"), _read(self.workdir / "server.stderr")

    def ready_url(self):
        """The URL of the ready line `dataloop-mock listening on URL` (owned process), or None."""
        match = READY_LINE.search(self.logs()[0])
        return match.group(1) if match else None

    def stop(self, timeout=10.0):
        """SIGTERM an owned process and wait for it; returns its exit code (None when not
        owned). Raises MockError when it does not exit in time (it is then killed)."""
        if self.process is None:
            return None
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
                raise MockError(f"dataloop-mock (pid {self.process.pid}) did not exit within {timeout} s of SIGTERM")
        self.http.close()
        return self.process.returncode

    def kill(self):
        """SIGKILL an owned process (a crash, for durability tests) and reap it."""
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait()
        return None if self.process is None else self.process.returncode

    def cleanup(self):
        """Remove the working directory (port file, logs) of a stopped server."""
        if self.workdir is not None and (self.process is None or self.process.poll() is not None):
            shutil.rmtree(self.workdir, ignore_errors=True)

    # -- plain HTTP -----------------------------------------------------------------------
    def mock_request(self, method, path, **kwargs):
        """One request to /_mock`path` of this namespace (with the admin token, if any);
        returns the requests.Response whatever its status."""
        headers = dict(kwargs.pop("headers", None) or {})
        if self.admin_token is not None:
            headers.setdefault(ADMIN_HEADER, self.admin_token)
        kwargs.setdefault("timeout", 30)
        return self.http.request(method, f"{self.url}/_mock{path}", headers=headers, **kwargs)

    def _call(self, method, path, expect=(200, 201), **kwargs):
        response = self.mock_request(method, path, **kwargs)
        if response.status_code not in expect:
            raise MockError(f"{method} {response.request.url} -> {response.status_code} {response.text[:600]}",
                            response)
        try:
            return response.json()
        except ValueError:
            return None

    # -- the /_mock API -------------------------------------------------------------------
    def health(self):
        return self._call("GET", "/health")

    def reset(self):
        """Back to the seeded fixtures (refresh tokens revoked)."""
        return self._call("POST", "/reset")

    def fresh(self):
        """What a test wants first: the seeded state (reset), no faults, the real clock and an
        empty journal (a reset alone keeps faults, clock, journal and snapshots)."""
        self.reset()
        self.clear_faults()
        self.reset_clock()
        self.clear_requests()

    def load_fixtures(self, document):
        """PUT /_mock/fixtures: replace the whole state (and what reset returns to)."""
        return self._call("PUT", "/fixtures", json=document)

    def state(self):
        """The whole state as a fixture document (secrets redacted)."""
        return self._call("GET", "/state")

    def snapshot(self, name):
        return self._call("POST", f"/snapshots/{quote(name, safe='')}")

    def restore(self, name):
        return self._call("POST", f"/snapshots/{quote(name, safe='')}/restore")

    def snapshots(self):
        return self._call("GET", "/snapshots")

    def delete_snapshot(self, name):
        return self._call("DELETE", f"/snapshots/{quote(name, safe='')}")

    def requests(self, method=None, path=None, status=None, unmatched=None):
        """Journal entries (oldest first), filtered like GET /_mock/requests: `path` is a
        prefix or a glob (`*` within a segment, `**` across)."""
        params = {"method": method, "path": path, "status": status,
                  "unmatched": None if unmatched is None else str(bool(unmatched)).lower()}
        return self._call("GET", "/requests", params={k: v for k, v in params.items() if v is not None})

    def clear_requests(self):
        return self._call("DELETE", "/requests")

    def fault(self, path, status=None, *, method=None, body=None, delay_ms=None, times=None, retry_after_s=None):
        """Script an error and/or latency for requests matching `path` (a glob) and `method`;
        `times` limits how many requests it hits. Returns the fault as the server stores it."""
        spec = {"path": path, "method": method, "status": status, "body": body, "delayMs": delay_ms,
                "times": times, "retryAfterS": retry_after_s}
        return self._call("POST", "/faults", json={k: v for k, v in spec.items() if v is not None})

    def faults(self):
        return self._call("GET", "/faults")

    def clear_faults(self):
        return self._call("DELETE", "/faults")

    def clock(self, now_ms=None, advance_ms=None):
        """Read the clock, or pin it at `now_ms`, or move it by `advance_ms`;
        returns {"fake", "nowMs"}."""
        if now_ms is None and advance_ms is None:
            return self._call("GET", "/clock")
        body = {"nowMs": now_ms} if now_ms is not None else {"advanceMs": advance_ms}
        return self._call("POST", "/clock", json=body)

    def reset_clock(self):
        """Back to the real clock."""
        return self._call("DELETE", "/clock")

    def mint_token(self, email, expires_in_s=None):
        """POST /_mock/tokens: {"id_token", "email", "exp"} for a fixture user."""
        body = {"email": email}
        if expires_in_s is not None:
            body["expiresInS"] = expires_in_s
        return self._call("POST", "/tokens", json=body)

    def token(self, email, expires_in_s=None):
        """An id_token for a fixture user, minted without a password."""
        return self.mint_token(email, expires_in_s)["id_token"]

    def env(self):
        """How to point dtlpy here: add_environment arguments and DTLPY_CUSTOM_ENV."""
        return self._call("GET", "/env")

    def namespaces(self):
        return self._call("GET", "/namespaces")

    def delete_namespace(self, name):
        return self._call("DELETE", f"/namespaces/{quote(name, safe='')}")


_DTLPY_FOLDER = []  # the temporary DATALOOP_PATH parent of this process, once made


def _process_dataloop_path():
    """A temporary DATALOOP_PATH for this process: made once, removed when it exits."""
    if not _DTLPY_FOLDER:
        _DTLPY_FOLDER.append(Path(tempfile.mkdtemp(prefix="dataloop-mock-dtlpy-")))
        atexit.register(shutil.rmtree, _DTLPY_FOLDER[0], ignore_errors=True)
    return _DTLPY_FOLDER[0] / "dataloop"


def point_dtlpy(url, namespace=None, alias="mock"):
    """Add an environment `alias` for the server at `url` (a URL or a MockServer) in dtlpy,
    through the path prefix of `namespace` if given, and select it. DATALOOP_PATH must be
    set before dtlpy is first imported (the pytest plugin does it), so that the SDK's cookie
    (environments, tokens) is a throw-away one. Returns the dtlpy module."""
    if isinstance(url, MockServer):
        namespace = namespace if namespace is not None else url.namespace
        url = url.base_url
    if not os.environ.get("DATALOOP_PATH"):
        raise MockError("set DATALOOP_PATH to a temporary folder before importing dtlpy, "
                        "or the SDK would write the mock's tokens into your real ~/.dataloop")
    import dtlpy as dl

    root = url.rstrip("/") + (f"/ns/{_check_namespace(namespace)}" if namespace else "")
    # dtlpy before 1.117 keeps every environment added under an alias, which makes
    # setenv(alias) ambiguous once a second server was added under it: keep one per alias,
    # as newer releases do.
    environments = dl.client_api.environments
    kept = {key: env for key, env in environments.items() if env.get("alias") != alias or key == root + "/api/v1"}
    if len(kept) != len(environments):
        dl.client_api.environments = kept
    dl.add_environment(environment=root + "/api/v1", gate_url=root, alias=alias, verify_ssl=False,
                       audience="mock", client_id="mock", auth0_url=root, url=root + "/")
    dl.setenv(alias)
    return dl
