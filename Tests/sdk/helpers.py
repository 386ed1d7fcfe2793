"""Shared constants and assertion helpers for the dtlpy-against-dataloop-mock suite.

Imported by conftest.py (which sets DATALOOP_PATH before anything imports dtlpy) and by
the test modules. Nothing here talks to the server by itself.
"""
import importlib.metadata
import json
import os
from contextlib import contextmanager
from http import HTTPStatus
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
FIXTURE_FILE = Path(os.environ.get("DATALOOP_MOCK_FIXTURES", REPO_ROOT / "fixtures" / "default.json"))
FIXTURE = json.loads(FIXTURE_FILE.read_text())
PASSWORDS = {user["email"]: user["password"] for user in FIXTURE["users"]}

# Users of the default fixture, by the role they play in it.
ADA = "ada@provider.example"        # owner of Provider Inc; owner of every Provider project and of Street scenes
GRACE = "grace@provider.example"    # admin of Provider Inc
LINUS = "linus@provider.example"    # member of Provider Inc; engineer in Provider R&D
WENDY = "wendy@provider.example"    # worker of Provider Inc; annotator in Provider R&D
CAROL = "carol@client-a.example"    # owner of Client A; owner of Street scenes
ALAN = "alan@client-a.example"      # admin of Client A; annotationManager in Warehouse labeling
DAVE = "dave@client-a.example"      # worker of Client A; annotator in Street scenes
BOB = "bob@client-b.example"        # owner of Client B; owner of Shelf audit
ERIN = "erin@client-b.example"      # member of Client B; engineer in Shelf audit
ROOT = "root@dataloop.example"      # superuser, in no org
NORA = "nora@nowhere.example"       # in no org at all

PROVIDER = "Provider Inc"
CLIENT_A = "Client A"
CLIENT_B = "Client B"

RND = "Provider R&D"                # owned and billed by Provider Inc
STREET = "Street scenes"            # owned by Client A, billed to Provider Inc's account
WAREHOUSE = "Warehouse labeling"    # owned by Provider Inc
SHELF = "Shelf audit"               # owned by Client B

USER_FIELDS = {"id", "email", "username", "firstName", "lastName", "avatar", "type", "org",
               "createdAt", "updatedAt", "lastLogin", "boarded", "interest", "timezone"}
ORG_FIELDS = {"id", "name", "plan", "owner", "creator", "createdAt", "updatedAt", "logoUrl",
              "members", "groups", "account", "provider"}
ACCOUNT_FIELDS = {"id", "name", "org", "owner", "creator", "createdAt", "updatedAt"}
PROJECT_FIELDS = {"id", "name", "org", "account", "creator", "createdAt", "updatedAt", "role",
                  "contributors", "isBlocked", "archived", "systemProject", "featureConstraints"}



def dtlpy_version(text=None):
    """(major, minor, patch) of a release number, default the installed dtlpy's (read without
    importing dtlpy, which must wait for conftest.py to set DATALOOP_PATH)."""
    parts = (text or importlib.metadata.version("dtlpy")).split(".")
    return tuple(int(part) for part in (parts + ["0", "0"])[:3])


# `integrations.update(..., **NO_SERVICE_RELOAD)`: dtlpy 1.114+ warns unless told whether to
# reload the services using the integration; older releases have no such parameter (and send
# the same request without it).
NO_SERVICE_RELOAD = {"reload_services": False} if dtlpy_version() >= (1, 114, 0) else {}


def is_system_project(project):
    """Whether a project (JSON or a dtlpy Project) is its org's system project. dtlpy before
    1.125 drops the field; for those the name tells it: the mock names every system project
    "<org name> system project"."""
    if isinstance(project, dict):
        return project["systemProject"]
    if hasattr(project, "system_project"):
        return project.system_project
    return project.name == f"{project.org['name']} system project"


# Fields that legitimately change without anybody changing state (a login).
VOLATILE_FIELDS = {"lastLogin"}


def _missing_words(message, words):
    """Words that `message` does not mention, case-insensitively. One text per word: a refusal
    names its rule in one way, so no alternatives."""
    text = (message or "").lower()
    for word in words:
        assert isinstance(word, str), f"one expected text per word, not {word!r}"
    return [repr(word) for word in words if word.lower() not in text]


@contextmanager
def refused(status, *words):
    """The dtlpy call inside must raise the dtlpy exception for `status` (one status: the one
    docs/NOTES.md promises) whose message mentions every word."""
    import dtlpy as dl

    with pytest.raises(dl.exceptions.ExceptionMain) as info:
        yield info
    error = info.value
    assert isinstance(status, int), f"one expected status, not {status!r}"
    assert str(error.status_code) == str(status), (
        f"expected status {status}, got {error.status_code}: {error.message!r}")
    missing = _missing_words(error.message, words)
    assert not missing, f"error message {error.message!r} does not mention {', '.join(missing)}"


def describe(resp):
    return f"{resp.request.method} {resp.request.url} -> {resp.status_code} {resp.text[:600]!r}"


def assert_ok(resp, status=None):
    """A 2xx answer (or exactly `status`) with a JSON body; returns the decoded body."""
    if status is None:
        assert 200 <= resp.status_code < 300, describe(resp)
    else:
        assert resp.status_code == status, describe(resp)
    try:
        return resp.json()
    except ValueError:
        pytest.fail(f"answer is not JSON: {describe(resp)}")


def assert_error(resp, status, *words):
    """An error answer with the contract's body {"status", "error", "message"} whose message
    mentions every word. `status` is the one status expected. Returns the body."""
    assert isinstance(status, int), f"one expected status, not {status!r}"
    assert resp.status_code == status, describe(resp)
    try:
        body = resp.json()
    except ValueError:
        pytest.fail(f"error answer is not JSON: {describe(resp)}")
    assert isinstance(body, dict), describe(resp)
    assert body.get("status") == resp.status_code, describe(resp)
    assert body.get("error") == HTTPStatus(resp.status_code).phrase, describe(resp)
    message = body.get("message")
    assert isinstance(message, str) and message.strip(), describe(resp)
    missing = _missing_words(message, words)
    assert not missing, f"error message {message!r} does not mention {', '.join(missing)}"
    return body


def stable(value):
    """A canonical form of a JSON value for before/after comparisons: volatile fields
    dropped, list order ignored."""
    if isinstance(value, dict):
        return {key: stable(item) for key, item in value.items() if key not in VOLATILE_FIELDS}
    if isinstance(value, list):
        return sorted((stable(item) for item in value), key=lambda item: json.dumps(item, sort_keys=True))
    return value


@contextmanager
def unchanged(*fetchers):
    """Each fetcher (a no-argument callable returning JSON) gives the same answer after the
    block as before it."""
    before = [stable(fetch()) for fetch in fetchers]
    yield
    after = [stable(fetch()) for fetch in fetchers]
    for fetch, old, new in zip(fetchers, before, after):
        assert new == old, f"state changed by a refused call ({getattr(fetch, '__name__', fetch)}):\n" \
                           f"before: {json.dumps(old, sort_keys=True)[:2000]}\n" \
                           f"after:  {json.dumps(new, sort_keys=True)[:2000]}"


def emails_to_roles(members):
    """{email: role} from a list of dtlpy User entities or of member JSON objects."""
    result = {}
    for member in members:
        if isinstance(member, dict):
            result[member["email"]] = member.get("role")
        else:
            result[member.email] = member.role
    return result


def member_email(member):
    """A group or member entry may be an email, a user id or a user object."""
    if isinstance(member, dict):
        return member.get("email") or member.get("id")
    return member
