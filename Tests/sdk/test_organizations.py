"""Organizations, members and groups through dtlpy's `dl.organizations` (and plain HTTP for
the calls the SDK has no method for)."""
import json
import uuid

import dtlpy as dl
import pytest

from helpers import (ACCOUNT_FIELDS, ADA, ALAN, BOB, CAROL, CLIENT_A, CLIENT_B, DAVE, ERIN, FIXTURE, GRACE, LINUS,
                     NORA, ORG_FIELDS, PROVIDER, ROOT, WENDY, assert_error, assert_ok,
                     emails_to_roles, member_email, refused, unchanged)

NEWBIE = "newbie@elsewhere.example"  # in no fixture: becomes an invited user


def fixture_members(org_name):
    org = next(org for org in FIXTURE["orgs"] if org["name"] == org_name)
    return {member["email"]: member["role"] for member in org["members"]}


def members(server, org_name):
    """{email: role} of an org, as the superuser sees it."""
    return emails_to_roles(server.get(ROOT, f"/orgs/{server.org_id(org_name)}")["members"])


def sdk_org(server, org_name):
    return dl.organizations.get(organization_id=server.org_id(org_name))


def rename(server, email, org_name, new_name):
    return server.api(email, "PATCH", f"/orgs/{server.org_id(org_name)}", json={"name": new_name})


def post_members(server, email, org_name, **kwargs):
    return server.api(email, "POST", f"/orgs/{server.org_id(org_name)}/members", **kwargs)


# -- list and get ---------------------------------------------------------------------------

@pytest.mark.parametrize("email, expected", [
    (ADA, {PROVIDER}),
    (WENDY, {PROVIDER}),
    (CAROL, {CLIENT_A}),
    (ERIN, {CLIENT_B}),
    (ROOT, {PROVIDER, CLIENT_A, CLIENT_B}),
    (NORA, set()),
])
def test_list_shows_the_callers_orgs(login, email, expected):
    login(email)
    orgs = dl.organizations.list()
    assert {org.name for org in orgs} == expected
    assert len(orgs) == len(expected)


def test_get_by_id(login, server):
    login(ADA)
    org = sdk_org(server, PROVIDER)
    assert isinstance(org, dl.Organization)
    assert (org.id, org.name, org.plan) == (server.org_id(PROVIDER), PROVIDER, "premium")
    assert member_email(org.owner) == ADA
    assert org.account["id"] == server.account_id(PROVIDER)
    assert org.account["org"] == org.id
    assert emails_to_roles(org.members) == fixture_members(PROVIDER)
    assert {group["name"] for group in org.groups} == {"Night shift", "Leads"}


def test_org_json_shape(server):
    provider = server.get(ADA, f"/orgs/{server.org_id(PROVIDER)}")
    assert ORG_FIELDS <= set(provider), f"missing {ORG_FIELDS - set(provider)}"
    assert ACCOUNT_FIELDS <= set(provider["account"]), f"missing {ACCOUNT_FIELDS - set(provider['account'])}"
    assert provider["provider"] is None
    assert isinstance(provider["createdAt"], int) and isinstance(provider["updatedAt"], int)
    client = server.get(CAROL, f"/orgs/{server.org_id(CLIENT_A)}")
    assert client["provider"] == server.org_id(PROVIDER)
    assert client["plan"] == "freemium"
    assert "secret" not in json.dumps(provider).lower()


def test_get_by_name(login, server):
    login(CAROL)
    org = dl.organizations.get(organization_name=CLIENT_A)
    assert (org.id, org.name) == (server.org_id(CLIENT_A), CLIENT_A)


def test_superuser_gets_any_org(login, server):
    login(ROOT)
    assert sdk_org(server, CLIENT_B).name == CLIENT_B


def test_get_of_an_org_the_caller_is_not_in_is_refused(login, server):
    login(ADA)
    with refused(403, f"only members of organization '{CLIENT_B}' can view it"):
        sdk_org(server, CLIENT_B)
    with refused(404):
        dl.organizations.get(organization_name=CLIENT_B)
    assert_error(server.api(ADA, "GET", f"/orgs/{server.org_id(CLIENT_B)}"), 403,
                 f"only members of organization '{CLIENT_B}' can view it")


@pytest.mark.parametrize("bad_id", ["not-a-uuid", "00000000-0000-0000-0000-000000000000", "1' OR '1'='1"])
def test_get_of_an_unknown_org_is_not_found(server, bad_id):
    assert_error(server.api(ROOT, "GET", f"/orgs/{bad_id}"), 404, f"organization '{bad_id}' not found")


# -- rename ---------------------------------------------------------------------------------

@pytest.mark.parametrize("email", [ADA, GRACE])
def test_owner_and_admin_rename(login, server, email):
    assert_ok(rename(server, email, PROVIDER, "Provider Labs"))
    login(email)
    assert sdk_org(server, PROVIDER).name == "Provider Labs"
    assert {org.name for org in dl.organizations.list()} == {"Provider Labs"}


def test_rename_trims_and_accepts_100_characters(server):
    assert_ok(rename(server, ADA, PROVIDER, "  Provider Labs  "))
    assert server.get(ADA, f"/orgs/{server.org_id(PROVIDER)}")["name"] == "Provider Labs"
    assert_ok(rename(server, ADA, PROVIDER, "p" * 100))
    assert server.get(ADA, f"/orgs/{server.org_id(PROVIDER)}")["name"] == "p" * 100


@pytest.mark.parametrize("email", [LINUS, WENDY])
def test_member_and_worker_cannot_rename(server, email):
    with unchanged(server.org_state(PROVIDER)):
        assert_error(rename(server, email, PROVIDER, "Hijacked"), 403,
                     f"only an owner or an admin of organization '{PROVIDER}' can rename it")


def test_outsider_cannot_rename(server):
    with unchanged(server.org_state(PROVIDER)):
        assert_error(rename(server, CAROL, PROVIDER, "Hijacked"), 403,
                     f"only an owner or an admin of organization '{PROVIDER}' can rename it")


@pytest.mark.parametrize("new_name", ["", "   ", "p" * 257, "a<b>", "Null\u0000Byte", None, 42])
def test_rename_to_an_invalid_name_is_a_bad_request(server, new_name):
    with unchanged(server.org_state(PROVIDER)):
        assert_error(rename(server, ADA, PROVIDER, new_name), 400, "name")


@pytest.mark.parametrize("new_name", ["Client A", "client a", "CLIENT B", "  Client B "])
def test_rename_to_a_taken_name_is_a_conflict(server, new_name):
    with unchanged(server.org_state(PROVIDER), server.org_state(CLIENT_A), server.org_state(CLIENT_B)):
        assert_error(rename(server, ADA, PROVIDER, new_name), 409,
                     f"an organization named '{new_name.strip()}' already exists (names are unique, ignoring case)")


# -- plan -----------------------------------------------------------------------------------

def test_superuser_changes_the_plan(login, server):
    login(ROOT)
    org = sdk_org(server, PROVIDER)
    result = org.update(plan=dl.OrganizationsPlans.FREEMIUM)
    assert result.id == org.id
    assert sdk_org(server, PROVIDER).plan == "freemium"
    dl.organizations.update(plan=dl.OrganizationsPlans.PREMIUM, organization_id=server.org_id(CLIENT_A))
    assert sdk_org(server, CLIENT_A).plan == "premium"


def test_owner_cannot_change_the_plan(login, server):
    login(ADA)
    org = sdk_org(server, PROVIDER)
    with unchanged(server.org_state(PROVIDER)):
        with refused(403, "superuser"):
            org.update(plan=dl.OrganizationsPlans.FREEMIUM)
    assert sdk_org(server, PROVIDER).plan == "premium"


def test_unknown_plan_is_a_bad_request(server):
    with unchanged(server.org_state(PROVIDER)):
        assert_error(server.api(ROOT, "PATCH", f"/orgs/{server.org_id(PROVIDER)}/plan", json={"plan": "gold"}),
                     400, "unknown plan 'gold'; expected one of: freemium, premium")


# -- create ---------------------------------------------------------------------------------

@pytest.mark.parametrize("email", [ADA, WENDY, ERIN])
def test_a_user_in_an_org_cannot_create_another(server, email):
    with unchanged(server.all_orgs, server.user_state(email)):
        assert_error(server.api(email, "POST", "/orgs", json={"name": "Side Business"}), 403, "org")


# -- members: list --------------------------------------------------------------------------

@pytest.mark.parametrize("email", [ADA, GRACE, LINUS])
def test_list_members_with_roles(login, server, email):
    login(email)
    listed = sdk_org(server, PROVIDER).list_members()
    assert emails_to_roles(listed) == fixture_members(PROVIDER)
    for member in listed:
        assert member.id == member.email  # registered users are identified by email
        assert member.name  # firstName


def test_list_members_filtered_by_role(login, server):
    login(ADA)
    org = sdk_org(server, PROVIDER)
    assert [m.email for m in org.list_members(role=dl.MemberOrgRole.ADMIN)] == [GRACE]
    assert [m.email for m in org.list_members(role=dl.MemberOrgRole.WORKER)] == [WENDY]
    assert [m.email for m in dl.organizations.list_members(organization_id=org.id,
                                                           role=dl.MemberOrgRole.OWNER)] == [ADA]


def test_worker_cannot_list_members(server):
    assert_error(server.api(WENDY, "GET", f"/orgs/{server.org_id(PROVIDER)}/members"), 403)


def test_outsider_cannot_list_members(server):
    assert_error(server.api(CAROL, "GET", f"/orgs/{server.org_id(PROVIDER)}/members"), 403,
                 f"only an owner, an admin or a member of organization '{PROVIDER}' can list its members")


# -- members: add ---------------------------------------------------------------------------

def test_owner_adds_a_registered_user(login, server):
    login(ADA)
    assert sdk_org(server, PROVIDER).add_member(email=ERIN, role=dl.MemberOrgRole.WORKER) is True
    assert members(server, PROVIDER) == {**fixture_members(PROVIDER), ERIN: "worker"}
    assert members(server, CLIENT_B)[ERIN] == "member"
    assert server.me(ERIN)["org"] == server.org_id(CLIENT_B)  # joining does not switch the active org
    assert PROVIDER in {org["name"] for org in server.get(ERIN, "/orgs")}


def test_owner_adds_an_unknown_email_as_an_invited_user(login, server):
    login(ADA)
    assert dl.organizations.add_member(email=NEWBIE, role=dl.MemberOrgRole.MEMBER,
                                       organization_id=server.org_id(PROVIDER)) is True
    entry = next(m for m in server.get(ROOT, f"/orgs/{server.org_id(PROVIDER)}")["members"]
                 if m["email"] == NEWBIE)
    assert entry["role"] == "member"
    assert entry["inviteStatus"] == "pending"
    assert entry["id"] != NEWBIE and str(uuid.UUID(entry["id"])) == entry["id"].lower()
    assert entry.get("firstName") is None and entry.get("lastName") is None
    assert emails_to_roles(sdk_org(server, PROVIDER).list_members())[NEWBIE] == "member"


def test_admin_adds_a_member(login, server):
    login(GRACE)
    assert sdk_org(server, PROVIDER).add_member(email=ERIN, role=dl.MemberOrgRole.MEMBER) is True
    assert members(server, PROVIDER)[ERIN] == "member"


def test_admin_cannot_add_an_owner(login, server):
    login(GRACE)
    org = sdk_org(server, PROVIDER)
    with unchanged(server.org_state(PROVIDER)):
        with refused(403, "owner"):
            org.add_member(email=ERIN, role=dl.MemberOrgRole.OWNER)


@pytest.mark.parametrize("email", [LINUS, WENDY])
def test_member_and_worker_cannot_add_members(login, server, email):
    login(email)
    org = dl.organizations.get(organization_id=server.org_id(PROVIDER), fetch=False)
    with unchanged(server.org_state(PROVIDER)):
        with refused(403, f"only an owner or admin of organization '{PROVIDER}' can add members"):
            org.add_member(email=ERIN, role=dl.MemberOrgRole.MEMBER)


def test_outsider_cannot_add_members(server):
    with unchanged(server.org_state(PROVIDER)):
        assert_error(post_members(server, CAROL, PROVIDER, json={"emails": [DAVE], "role": "member"}), 403,
                     f"only an owner or admin of organization '{PROVIDER}' can add members")


@pytest.mark.parametrize("emails, bad", [
    ([ERIN, "not-an-email"], "not-an-email"),
    ([NEWBIE, "x'); DROP TABLE users;--"], "DROP TABLE"),
    ([ERIN, ""], "'' is not a valid email address; no member was added"),
])
def test_add_is_all_or_nothing(server, emails, bad):
    with unchanged(server.org_state(PROVIDER), server.user_state(ERIN)):
        assert_error(post_members(server, ADA, PROVIDER, json={"emails": emails, "role": "member"}), 400, bad)


# -- members: update ------------------------------------------------------------------------

def test_owner_changes_a_role_and_gets_the_member_back(login, server):
    login(ADA)
    result = sdk_org(server, PROVIDER).update_member(email=LINUS, role=dl.MemberOrgRole.ADMIN)
    assert isinstance(result, dict)
    assert result["email"] == LINUS and result["role"] == "admin"
    assert members(server, PROVIDER) == {**fixture_members(PROVIDER), LINUS: "admin"}


def test_admin_changes_a_non_owner_role(login, server):
    login(GRACE)
    result = dl.organizations.update_member(email=LINUS, role=dl.MemberOrgRole.WORKER,
                                            organization_id=server.org_id(PROVIDER))
    assert result["role"] == "worker"
    assert members(server, PROVIDER)[LINUS] == "worker"


@pytest.mark.parametrize("target, role", [(LINUS, dl.MemberOrgRole.OWNER), (ADA, dl.MemberOrgRole.MEMBER)])
def test_admin_cannot_change_roles_to_or_from_owner(login, server, target, role):
    login(GRACE)
    org = sdk_org(server, PROVIDER)
    with unchanged(server.org_state(PROVIDER)):
        with refused(403, "owner"):
            org.update_member(email=target, role=role)


def test_member_cannot_change_roles(login, server):
    login(LINUS)
    org = sdk_org(server, PROVIDER)
    with unchanged(server.org_state(PROVIDER)):
        with refused(403, f"only an owner or admin of organization '{PROVIDER}' can change member roles"):
            org.update_member(email=WENDY, role=dl.MemberOrgRole.MEMBER)


def test_the_last_owner_cannot_be_demoted(login, server):
    login(ADA)
    org = sdk_org(server, PROVIDER)
    with unchanged(server.org_state(PROVIDER)):
        with refused(409, "last owner"):
            org.update_member(email=ADA, role=dl.MemberOrgRole.ADMIN)


def test_an_owner_who_is_not_the_last_can_step_down(login, server):
    login(ADA)
    org = sdk_org(server, PROVIDER)
    org.update_member(email=GRACE, role=dl.MemberOrgRole.OWNER)
    org.update_member(email=ADA, role=dl.MemberOrgRole.ADMIN)
    assert members(server, PROVIDER) == {**fixture_members(PROVIDER), GRACE: "owner", ADA: "admin"}


def test_update_of_a_non_member_is_not_found(server):
    with unchanged(server.org_state(PROVIDER)):
        assert_error(server.api(ADA, "PATCH", f"/orgs/{server.org_id(PROVIDER)}/members",
                                json={"email": ERIN, "role": "admin"}), 404,
                     f"'{ERIN}' is not a member of organization '{PROVIDER}'")


# -- members: delete ------------------------------------------------------------------------

def test_owner_removes_a_member(login, server):
    login(ADA)
    assert sdk_org(server, PROVIDER).delete_member(user_id=LINUS, sure=True, really=True) is True
    assert members(server, PROVIDER) == {k: v for k, v in fixture_members(PROVIDER).items() if k != LINUS}
    assert server.me(LINUS)["org"] is None  # his only org
    assert_error(server.api(LINUS, "GET", f"/orgs/{server.org_id(PROVIDER)}"), 403,
                 f"only members of organization '{PROVIDER}' can view it")


def test_removed_member_active_org_moves_to_another_of_their_orgs(login, server):
    assert_ok(post_members(server, BOB, CLIENT_B, json={"emails": [LINUS], "role": "member"}))
    assert server.me(LINUS)["org"] == server.org_id(PROVIDER)
    login(ADA)
    assert dl.organizations.delete_member(user_id=LINUS, organization_id=server.org_id(PROVIDER),
                                          sure=True, really=True) is True
    assert server.me(LINUS)["org"] == server.org_id(CLIENT_B)
    assert {org["name"] for org in server.get(LINUS, "/orgs")} == {CLIENT_B}


def test_owner_removes_an_invited_user_by_id(login, server):
    login(ADA)
    org = sdk_org(server, PROVIDER)
    org.add_member(email=NEWBIE, role=dl.MemberOrgRole.WORKER)
    invited = next(m for m in org.list_members() if m.email == NEWBIE)
    assert org.delete_member(user_id=invited.id, sure=True, really=True) is True
    assert members(server, PROVIDER) == fixture_members(PROVIDER)


def test_admin_removes_a_non_owner(login, server):
    login(GRACE)
    assert sdk_org(server, PROVIDER).delete_member(user_id=WENDY, sure=True, really=True) is True
    assert WENDY not in members(server, PROVIDER)


def test_admin_cannot_remove_an_owner(login, server):
    login(GRACE)
    org = sdk_org(server, PROVIDER)
    with unchanged(server.org_state(PROVIDER), server.user_state(ADA)):
        with refused(403, "owner"):
            org.delete_member(user_id=ADA, sure=True, really=True)


def test_member_cannot_remove_members(login, server):
    login(LINUS)
    org = sdk_org(server, PROVIDER)
    with unchanged(server.org_state(PROVIDER), server.user_state(WENDY)):
        with refused(403, f"only an owner or admin of organization '{PROVIDER}' can remove members"):
            org.delete_member(user_id=WENDY, sure=True, really=True)


@pytest.mark.parametrize("owner, org_name", [(ADA, PROVIDER), (CAROL, CLIENT_A)])
def test_the_last_owner_cannot_be_removed(login, server, owner, org_name):
    login(owner)
    org = sdk_org(server, org_name)
    with unchanged(server.org_state(org_name), server.user_state(owner)):
        with refused(409, "last owner"):
            org.delete_member(user_id=owner, sure=True, really=True)


def test_removing_a_non_member_is_not_found(server):
    with unchanged(server.org_state(PROVIDER)):
        assert_error(server.api(ADA, "DELETE", f"/orgs/{server.org_id(PROVIDER)}/members/{ERIN}"), 404)


# -- groups ---------------------------------------------------------------------------------

def test_list_groups(login, server):
    login(ADA)
    groups = sdk_org(server, PROVIDER).list_groups()
    by_name = {group["name"]: group for group in groups}
    assert set(by_name) == {"Night shift", "Leads"}
    for group in groups:
        assert {"id", "name", "org", "owner", "members"} <= set(group)
        assert group["org"] == server.org_id(PROVIDER)
    assert {member_email(m) for m in by_name["Night shift"]["members"]} == {WENDY, LINUS}
    assert {member_email(m) for m in by_name["Leads"]["members"]} == {ADA, GRACE}


def test_list_groups_of_another_org(login, server):
    login(ALAN)
    groups = dl.organizations.list_groups(organization_id=server.org_id(CLIENT_A))
    assert [group["name"] for group in groups] == ["Annotators"]
    assert [member_email(m) for m in groups[0]["members"]] == [DAVE]
    login(BOB)
    assert list(dl.organizations.list_groups(organization_id=server.org_id(CLIENT_B))) == []


def test_worker_cannot_list_groups(server):
    assert_error(server.api(WENDY, "GET", f"/orgs/{server.org_id(PROVIDER)}/groups"), 403)


# -- bad input: 4xx with a clear message, state unchanged -------------------------------------

JSON_HEADERS = {"Content-Type": "application/json"}


@pytest.mark.parametrize("kwargs, status, words", [
    (dict(data='{"emails": ["erin@client-b.example"], "role": ', headers=JSON_HEADERS), 400, ("json",)),
    (dict(data=b'\xff\xfe{"emails": []}', headers=JSON_HEADERS), 400, ()),
    (dict(data=json.dumps({"emails": [ERIN], "role": "member"}), headers={"Content-Type": "text/plain"}),
     415, ("expected a JSON body", "got text/plain")),
    (dict(data={"emails": ERIN, "role": "member"}), 415,
     ("expected a JSON body", "got application/x-www-form-urlencoded")),
    (dict(json={"emails": [ERIN], "role": "member", "colour": "blue"}), 400, ("colour",)),
    (dict(json={"role": "member"}), 400, ("emails",)),
    (dict(json={"emails": ERIN, "role": "member"}), 400, ("emails",)),
    (dict(json={"emails": [ERIN], "role": "superhero"}), 400,
     ("unknown org role 'superhero'; expected one of: owner, admin, member, worker",)),
    (dict(json=[ERIN]), 400, ()),
], ids=["malformed-json", "non-utf8", "text-plain", "form-encoded", "unknown-field", "missing-emails",
        "emails-not-a-list", "unknown-role", "array-body"])
def test_bad_add_member_requests(server, kwargs, status, words):
    with unchanged(server.org_state(PROVIDER), server.user_state(ERIN)):
        assert_error(post_members(server, ADA, PROVIDER, **kwargs), status, *words)


@pytest.mark.parametrize("kwargs, status, words", [
    (dict(data='{"name": "Provider', headers=JSON_HEADERS), 400, ()),
    (dict(data='{"name": "Provider Labs"}', headers={"Content-Type": "text/plain"}), 415,
     ("expected a JSON body", "got text/plain")),
    (dict(json={"name": "Provider Labs", "plan": "freemium"}), 400, ("plan",)),
], ids=["malformed-json", "text-plain", "unknown-field"])
def test_bad_rename_requests(server, kwargs, status, words):
    with unchanged(server.org_state(PROVIDER)):
        assert_error(server.api(ADA, "PATCH", f"/orgs/{server.org_id(PROVIDER)}", **kwargs), status, *words)


def test_bad_update_member_request_names_the_unknown_field(server):
    with unchanged(server.org_state(PROVIDER)):
        assert_error(server.api(ADA, "PATCH", f"/orgs/{server.org_id(PROVIDER)}/members",
                                json={"email": LINUS, "role": "admin", "permissions": ["all"]}), 400, "permissions")
