"""Login, tokens and the caller's user object, through dtlpy, the dlp CLI and plain HTTP."""
import base64
import json
import time

import dtlpy as dl
import jwt
import pytest

from helpers import (ADA, BOB, CLIENT_A, CLIENT_B, LINUS, NORA, PASSWORDS, PROVIDER, RND, ROOT, SHELF, STREET,
                     USER_FIELDS, WAREHOUSE, assert_error, assert_ok, unchanged)
from helpers import is_system_project

ROLES_CLAIM = "https://dataloop.ai/authorization"


def claims(token):
    return jwt.decode(token, options={"verify_signature": False})


def token_response(raw, email, password):
    return raw("POST", "/token?default",
               json={"type": "user_credentials", "username": email, "password": password})


def b64url(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


# -- login ------------------------------------------------------------------------------

def test_login_m2m_with_the_right_password_logs_in(login):
    token = login(ADA)
    assert claims(token)["email"] == ADA
    assert not dl.token_expired()
    assert {org.name for org in dl.organizations.list()} == {PROVIDER}


def test_login_m2m_with_a_wrong_password_returns_false_and_leaves_no_token():
    assert dl.login_m2m(email=ADA, password="not-" + PASSWORDS[ADA], force=True) is False
    assert dl.token() is None
    assert dl.info()["user_email"] == "null"


def test_login_m2m_with_an_unknown_user_returns_false():
    assert dl.login_m2m(email="nobody@nowhere.example", password="whatever", force=True) is False
    assert dl.token() is None


@pytest.mark.parametrize("email, password", [(ADA, "wrong"), ("nobody@nowhere.example", "x"), (ADA, "")])
def test_token_endpoint_refuses_bad_credentials(raw, email, password):
    assert_error(token_response(raw, email, password), 401)


def test_token_response_shape(raw):
    body = assert_ok(token_response(raw, ADA, PASSWORDS[ADA]), 200)
    assert {"id_token", "access_token", "refresh_token", "expires_in", "token_type"} <= set(body)
    assert body["token_type"] == "Bearer"
    assert isinstance(body["expires_in"], int) and body["expires_in"] > 0


def test_token_claims_of_a_regular_user(login):
    payload = claims(login(ADA))
    assert payload["email"] == ADA
    assert {"sub", "iat", "exp", "iss", "aud"} <= set(payload)
    assert isinstance(payload["exp"], int), f"exp must be an integer, got {payload['exp']!r}"
    assert isinstance(payload["iat"], int)
    assert payload["exp"] > time.time() + 3600
    assert "admin" not in payload[ROLES_CLAIM]["roles"]


def test_token_claims_of_the_superuser(login):
    payload = claims(login(ROOT))
    assert payload["email"] == ROOT
    assert isinstance(payload["exp"], int)
    assert "admin" in payload[ROLES_CLAIM]["roles"]


def test_login_token_with_an_issued_token(server):
    dl.login_token(server.token(ADA))
    assert dl.info()["user_email"] == ADA
    assert {org.name for org in dl.organizations.list()} == {PROVIDER}


def test_login_api_key_with_an_issued_token(server):
    dl.login_api_key(server.token(BOB))
    assert dl.info()["user_email"] == BOB
    assert {project.name for project in dl.projects.list() if not is_system_project(project)} == {SHELF}


@pytest.mark.dtlpy_min("1.92")  # login_token checks the token (GET /users/me) since 1.92
def test_login_token_with_a_forged_token_is_refused_and_keeps_the_previous_login(login, server):
    login(ADA)
    forged = jwt.encode(claims(server.token(ROOT)), "another-secret-that-is-long-enough-0123456789",
                        algorithm="HS256")
    with pytest.raises(ValueError, match="Invalid"):
        dl.login_token(forged)
    assert dl.info()["user_email"] == ADA
    assert {org.name for org in dl.organizations.list()} == {PROVIDER}


def test_renew_token_with_the_refresh_token(login, server):
    old = login(ADA)
    refresh = dl.client_api.refresh_token
    assert refresh
    time.sleep(1.1)  # whole-second iat: a new token issued in the same second could be identical
    assert dl.client_api.renew_token() is True
    new = dl.client_api.token
    assert new != old
    assert claims(new)["email"] == ADA
    assert claims(new)["iat"] >= claims(old)["iat"]
    assert dl.client_api.refresh_token == refresh  # the SDK keeps reusing the same refresh token
    assert_ok(server.raw("GET", "/api/v1/users/me", token=new), 200)
    # not rotated: the same refresh token works again
    assert dl.client_api._renew_token_with_refresh_token() is True
    assert claims(dl.client_api.token)["email"] == ADA


def test_refresh_with_an_unknown_refresh_token_is_refused(raw):
    assert_error(raw("POST", "/token?default", json={"type": "refresh_token", "refresh_token": "no-such-token"}),
                 401)


# -- bearer tokens on /api/v1 -------------------------------------------------------------

def test_missing_token_is_unauthorized(raw):
    assert_error(raw("GET", "/api/v1/users/me"), 401)


@pytest.mark.parametrize("header", ["Bearer not-a-jwt", "Bearer ", "Basic YWRhOmFkYS1wYXNz", "Bearer a.b.c"])
def test_malformed_authorization_is_unauthorized(raw, header):
    assert_error(raw("GET", "/api/v1/users/me", headers={"Authorization": header}), 401)


def test_token_signed_with_another_key_is_unauthorized(raw, server):
    forged = jwt.encode(claims(server.token(ADA)), "another-secret-that-is-long-enough-0123456789",
                        algorithm="HS256")
    assert_error(raw("GET", "/api/v1/users/me", token=forged), 401)


def test_token_with_a_tampered_payload_is_unauthorized(raw, server):
    header, _, signature = server.token(ADA).split(".")
    payload = claims(server.token(ADA))
    payload["email"] = ROOT
    payload[ROLES_CLAIM] = {"roles": ["admin"]}
    tampered = ".".join([header, b64url(json.dumps(payload).encode()), signature])
    assert_error(raw("GET", "/api/v1/orgs", token=tampered), 401)


def test_unsigned_token_is_unauthorized(raw, server):
    payload = claims(server.token(ADA))
    unsigned = ".".join([b64url(b'{"alg":"none","typ":"JWT"}'), b64url(json.dumps(payload).encode()), ""])
    assert_error(raw("GET", "/api/v1/users/me", token=unsigned), 401)


# -- the caller's user object and active org ----------------------------------------------

def test_users_me_shape(server):
    me = server.me(ADA)
    assert USER_FIELDS <= set(me), f"missing {USER_FIELDS - set(me)}"
    assert me["id"] == ADA and me["email"] == ADA
    assert (me["firstName"], me["lastName"]) == ("Ada", "Byron")
    assert me["org"] == server.org_id(PROVIDER)
    assert isinstance(me["createdAt"], int) and isinstance(me["updatedAt"], int)
    assert "password" not in json.dumps(me).lower()


def test_users_me_of_a_user_without_org(server):
    me = server.me(NORA)
    assert me["id"] == NORA
    assert me["org"] is None


def test_switching_active_org_to_an_org_of_the_caller(server):
    assert_ok(server.api(BOB, "POST", f"/orgs/{server.org_id(CLIENT_B)}/members",
                         json={"emails": [ADA], "role": "member"}))
    assert server.me(ADA)["org"] == server.org_id(PROVIDER)  # joining does not switch
    assert_ok(server.api(ADA, "PATCH", "/users/me", json={"org": server.org_id(CLIENT_B)}), 200)
    assert server.me(ADA)["org"] == server.org_id(CLIENT_B)


def test_switching_active_org_to_an_org_of_others_is_forbidden(server):
    with unchanged(server.user_state(ADA)):
        assert_error(server.api(ADA, "PATCH", "/users/me", json={"org": server.org_id(CLIENT_A)}), 403)
    assert server.me(ADA)["org"] == server.org_id(PROVIDER)


def test_switching_active_org_to_an_unknown_org_changes_nothing(server):
    with unchanged(server.user_state(ADA)):
        assert_error(server.api(ADA, "PATCH", "/users/me", json={"org": "00000000-0000-0000-0000-000000000000"}),
                     404, "organization '00000000-0000-0000-0000-000000000000' not found")


def test_patch_users_me_rejects_unknown_fields(server):
    with unchanged(server.user_state(ADA)):
        assert_error(server.api(ADA, "PATCH", "/users/me", json={"org": server.org_id(PROVIDER), "isAdmin": True}),
                     400, "isAdmin")


# -- unemulated routes ---------------------------------------------------------------------
# 404, which dtlpy raises at once (it retries 501 five times with back-off, about 30 s)

@pytest.mark.unemulated_routes
@pytest.mark.parametrize("method, path", [("GET", "/api/v1/items/abc"),
                                          ("POST", "/api/v1/pipelines/execute"),
                                          ("DELETE", "/api/v1/orgs/x/whatever/else")])
def test_unemulated_route_answers_404_naming_it(server, method, path):
    resp = server.raw(method, path, token=server.token(ADA))
    assert resp.status_code == 404, resp.text
    assert resp.json() == {"status": 404, "error": "Not Found",
                           "message": f"dataloop-mock does not emulate {method} {path}"}


@pytest.mark.unemulated_routes
def test_sdk_raises_not_found_at_once_on_an_unemulated_route(server, dataloop_mock, login):
    """dl.items.get on a route the mock does not emulate: NotFound naming the route, no retry."""
    login(ADA)
    dataloop_mock.clear_requests()
    started = time.monotonic()
    with pytest.raises(dl.exceptions.NotFound) as raised:
        dl.items.get(item_id="0123456789abcdef01234567")
    assert time.monotonic() - started < 5
    assert "dataloop-mock does not emulate GET /api/v1/items/0123456789abcdef01234567" in str(raised.value)
    assert [(e["method"], e["path"], e["status"]) for e in dataloop_mock.requests(unmatched=True)] == [
        ("GET", "/api/v1/items/0123456789abcdef01234567", 404)]


# -- the dlp CLI ---------------------------------------------------------------------------

def test_cli_login_m2m_then_projects_ls(dlp):
    rc, out, err = dlp("api", "setenv", "-e", "mock")
    assert rc == 0, out + err
    rc, out, err = dlp("login-m2m", "-e", LINUS, "-p", PASSWORDS[LINUS], "-i", "x", "-s", "x")
    assert rc == 0, out + err
    rc, out, err = dlp("projects", "ls")
    assert rc == 0, out + err
    assert RND in out, out + err
    for hidden in (STREET, WAREHOUSE, SHELF):
        assert hidden not in out, f"{hidden!r} is not linus's project:\n{out}"


def test_cli_login_m2m_with_a_wrong_password_does_not_log_in(dlp):
    dlp("login-m2m", "-e", ADA, "-p", "wrong", "-i", "x", "-s", "x")
    rc, out, err = dlp("projects", "ls")
    assert rc != 0, out + err
    assert RND not in out
