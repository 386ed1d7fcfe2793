"""Integrations through the SDK's `org.integrations` and `project.integrations`: owners and
admins manage them, members and workers are refused, and the secrets in `options` are stored
but never come back out of any endpoint (API, /_mock/state, the journal, the dashboard)."""
import json

import dtlpy as dl
import pytest

from helpers import (ADA, ALAN, BOB, CAROL, CLIENT_A, GRACE, LINUS, PROVIDER, RND, ROOT, WENDY,
                     assert_error, refused, unchanged)
from helpers import NO_SERVICE_RELOAD

SECRETS = {"key": "AKIA-TEST-KEY-0042", "secret": "wJalrXUtnFEMI-test-secret"}
NEW_SECRETS = {"key": "AKIA-ROTATED-0043", "secret": "rotated-secret-value"}
FIXTURE_SECRETS = ("AKIAMOCKPROVIDER", "provider-s3-secret")
INTEGRATION_FIELDS = {"id", "name", "type", "org", "creator", "createdAt", "updatedAt"}


def provider_org(server):
    return dl.organizations.get(organization_id=server.org_id(PROVIDER))


def integrations_of(server, org_name):
    """[(name, type)] of an org's integrations, as its owner sees them."""
    owner = {PROVIDER: ADA, CLIENT_A: CAROL}[org_name]
    listed = server.get(owner, f"/orgs/{server.org_id(org_name)}/integrations")
    return sorted((item["name"], item["type"]) for item in listed)


def integrations_state(server, org_name):
    def state():
        return integrations_of(server, org_name)
    state.__name__ = f"integrations of {org_name!r}"
    return state


def fixture_integration_id(server):
    [raw_bucket] = [i for i in server.get(ADA, f"/orgs/{server.org_id(PROVIDER)}/integrations")
                    if i["name"] == "raw-bucket"]
    return raw_bucket["id"]


def assert_no_secret(text, secrets=tuple(SECRETS.values()) + tuple(NEW_SECRETS.values()) + FIXTURE_SECRETS):
    leaked = [secret for secret in secrets if secret in text]
    assert not leaked, f"secrets {leaked} leaked in: {text[:1500]}"


# -- owners and admins ------------------------------------------------------------------------

@pytest.mark.dtlpy_min("1.94")  # integrations.create(metadata=...)
@pytest.mark.parametrize("email", [ADA, GRACE])
def test_owner_and_admin_create_list_get_update_delete(login, server, email):
    login(email)
    org = provider_org(server)
    created = org.integrations.create(integrations_type=dl.IntegrationType.S3, name="landing-bucket",
                                      options=SECRETS, metadata={"purpose": "test"})
    assert isinstance(created, dl.Integration)
    assert (created.name, created.type, created.org, created.creator) == ("landing-bucket", "s3", org.id, email)
    assert {"landing-bucket", "raw-bucket"} == {item["name"] for item in org.integrations.list()}

    fetched = org.integrations.get(integrations_id=created.id)
    assert (fetched.id, fetched.name, fetched.type) == (created.id, "landing-bucket", "s3")

    renamed = org.integrations.update(new_name="landing-bucket-2", integrations_id=created.id,
                                      **NO_SERVICE_RELOAD)
    assert renamed.name == "landing-bucket-2"
    rotated = org.integrations.update(integrations_id=created.id, new_options=NEW_SECRETS, **NO_SERVICE_RELOAD)
    assert (rotated.id, rotated.name) == (created.id, "landing-bucket-2")
    assert org.integrations.get(integrations_id=created.id).name == "landing-bucket-2"

    assert org.integrations.delete(integrations_id=created.id, sure=True, really=True) is True
    assert integrations_of(server, PROVIDER) == [("raw-bucket", "s3")]
    with refused(404):
        org.integrations.get(integrations_id=created.id)


def test_integration_json_shape(server):
    [item] = server.get(ADA, f"/orgs/{server.org_id(PROVIDER)}/integrations")
    assert INTEGRATION_FIELDS <= set(item), f"missing {INTEGRATION_FIELDS - set(item)}"
    assert item["org"] == server.org_id(PROVIDER)  # the org id string: the SDK's update/delete use it
    assert "options" not in item


@pytest.mark.parametrize("kind", ["s3", "gcs", "azureblob", "key_value", "aws-sts", "aws-cross", "gcp-cross",
                                  "gcp-workload-identity-federation", "private-registry"])
def test_every_documented_type_can_be_created(login, server, kind):
    login(ADA)
    created = provider_org(server).integrations.create(integrations_type=kind, name=f"a {kind}", options=SECRETS)
    assert created.type == kind
    assert (f"a {kind}", kind) in integrations_of(server, PROVIDER)


def test_project_integrations_list_the_owning_orgs(login, server):
    login(ADA)
    provider_org(server).integrations.create(integrations_type=dl.IntegrationType.KEY_VALUE, name="kv",
                                             options={"key": "k", "value": "v-secret"})
    project = dl.projects.get(project_id=server.project_id(RND))
    assert sorted(item["name"] for item in project.integrations.list()) == ["kv", "raw-bucket"]
    created = project.integrations.create(integrations_type="gcs", name="from-project", options=SECRETS)
    assert created.org == server.org_id(PROVIDER)
    assert ("from-project", "gcs") in integrations_of(server, PROVIDER)


def test_client_org_admin_manages_only_its_own_orgs(login, server):
    login(ALAN)
    client = dl.organizations.get(organization_id=server.org_id(CLIENT_A))
    client.integrations.create(integrations_type="key_value", name="client-kv", options={"key": "k", "value": "v"})
    assert integrations_of(server, CLIENT_A) == [("client-kv", "key_value")]
    assert integrations_of(server, PROVIDER) == [("raw-bucket", "s3")]


def test_an_integration_is_reachable_only_through_its_own_org(server):
    other = fixture_integration_id(server)
    client = server.org_id(CLIENT_A)
    with unchanged(integrations_state(server, PROVIDER)):
        assert_error(server.api(CAROL, "GET", f"/orgs/{client}/integrations/{other}"), 404)
        assert_error(server.api(CAROL, "DELETE", f"/orgs/{client}/integrations/{other}"), 404)
        assert_error(server.api(CAROL, "PATCH", f"/orgs/{client}/integrations",
                                json={"integrationId": other, "name": "stolen"}), 404)


# -- refused roles ------------------------------------------------------------------------------

@pytest.mark.parametrize("email", [LINUS, WENDY])
def test_member_and_worker_are_refused_everything(login, server, email):
    MANAGE = f"only an owner or an admin of organization '{PROVIDER}' can manage its integrations"
    integration_id = fixture_integration_id(server)
    login(email)
    org = provider_org(server)
    with unchanged(integrations_state(server, PROVIDER), server.org_state(PROVIDER)):
        with refused(403, MANAGE):
            org.integrations.list()
        with refused(403, MANAGE):
            org.integrations.create(integrations_type="s3", name="sneaky", options=SECRETS)
        with refused(403, MANAGE):
            org.integrations.get(integrations_id=integration_id)
        with refused(403, MANAGE):
            org.integrations.update(new_name="renamed", integrations_id=integration_id, **NO_SERVICE_RELOAD)
        with refused(403, MANAGE):
            org.integrations.delete(integrations_id=integration_id, sure=True, really=True)
        with refused(403, MANAGE):
            dl.projects.get(project_id=server.project_id(RND)).integrations.list()


def test_outsiders_are_refused(server):
    provider = server.org_id(PROVIDER)
    MANAGE = f"only an owner or an admin of organization '{PROVIDER}' can manage its integrations"
    with unchanged(integrations_state(server, PROVIDER)):
        for email in (BOB, CAROL):
            assert_error(server.api(email, "GET", f"/orgs/{provider}/integrations"), 403, MANAGE)
            assert_error(server.api(email, "POST", f"/orgs/{provider}/integrations",
                                    json={"type": "s3", "name": "x", "options": SECRETS}), 403, MANAGE)
            assert_error(server.api(email, "DELETE", f"/orgs/{provider}/integrations/{fixture_integration_id(server)}"),
                         403, MANAGE)


@pytest.mark.parametrize("body, word", [
    ({"type": "ftp", "name": "x", "options": {}}, "ftp"),
    ({"type": "s3", "options": {}}, "name"),
    ({"type": "s3", "name": "x"}, "options"),
    ({"type": "s3", "name": "", "options": {}}, "name"),
    ({"type": "s3", "name": "x", "options": "key=value"}, "options"),
    ({"type": "s3", "name": "x", "options": {}, "password": "p"}, "password"),
])
def test_invalid_create_is_a_bad_request(server, body, word):
    with unchanged(integrations_state(server, PROVIDER)):
        assert_error(server.api(ADA, "POST", f"/orgs/{server.org_id(PROVIDER)}/integrations", json=body), 400, word)


def test_unknown_integration_is_not_found(server):
    provider, missing = server.org_id(PROVIDER), "00000000-0000-0000-0000-000000000000"
    with unchanged(integrations_state(server, PROVIDER)):
        assert_error(server.api(ADA, "GET", f"/orgs/{provider}/integrations/{missing}"), 404)
        assert_error(server.api(ADA, "DELETE", f"/orgs/{provider}/integrations/{missing}"), 404)
        assert_error(server.api(ADA, "PATCH", f"/orgs/{provider}/integrations",
                                json={"integrationId": missing, "name": "q"}), 404)


# -- secrets never come back ---------------------------------------------------------------------

def test_secrets_are_never_echoed_anywhere(login, server, dataloop_mock):
    login(ADA)
    org = provider_org(server)
    created = org.integrations.create(integrations_type=dl.IntegrationType.S3, name="secretive", options=SECRETS)
    org.integrations.update(integrations_id=created.id, new_options=NEW_SECRETS, **NO_SERVICE_RELOAD)
    provider = server.org_id(PROVIDER)
    dataloop_mock.snapshot("with-secrets")
    texts = {
        "create answer": json.dumps(created.to_json()),
        "list": server.api(ADA, "GET", f"/orgs/{provider}/integrations").text,
        "available": server.api(ADA, "GET", f"/orgs/{provider}/availableIntegrations").text,
        "get": server.api(ADA, "GET", f"/orgs/{provider}/integrations/{created.id}").text,
        "patch answer": server.api(ADA, "PATCH", f"/orgs/{provider}/integrations",
                                   json={"integrationId": created.id, "name": "secretive-2"}).text,
        "org": server.api(ADA, "GET", f"/orgs/{provider}").text,
        "org as superuser": server.api(ROOT, "GET", f"/orgs/{provider}").text,
        "overview": server.api(ADA, "GET", f"/orgs/{provider}/overview").text,
        "project list": server.api(ADA, "GET", "/projects").text,
        "mock state": dataloop_mock.mock_request("GET", "/state").text,
        "mock journal": dataloop_mock.mock_request("GET", "/requests").text,
        "mock snapshots": dataloop_mock.mock_request("GET", "/snapshots").text,
        "dashboard": server.raw("GET", "/").text,
    }
    for where, text in texts.items():
        try:
            assert_no_secret(text)
        except AssertionError as error:
            raise AssertionError(f"{where}: {error}") from None
    exported = {org["name"]: org for org in dataloop_mock.state()["orgs"]}[PROVIDER]["integrations"]
    secretive = next(item for item in exported if item["name"] == "secretive-2")
    assert set(secretive["options"]) == set(NEW_SECRETS)
    assert set(secretive["options"].values()) == {"***redacted***"}
