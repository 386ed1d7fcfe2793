"""Projects, their members, ownership vs paying account, org overview, client orgs and
onboarding, through dtlpy's `dl.projects`, the dlp CLI and plain HTTP."""
import dtlpy as dl
import pytest

from helpers import (ADA, ALAN, BOB, CAROL, CLIENT_A, CLIENT_B, DAVE, ERIN, FIXTURE, GRACE, LINUS, NORA,
                     PASSWORDS, PROJECT_FIELDS, PROVIDER, RND, ROOT, SHELF, STREET, WAREHOUSE, WENDY,
                     assert_error, assert_ok, emails_to_roles, refused, unchanged)
from helpers import is_system_project

LAST_OWNER = "the last owner of project '{}' cannot be removed or demoted"
# A project the caller may not see (NOTES: 403, the message naming who may see it).
NOT_VISIBLE = "you are not a contributor of project '{}' nor an owner or admin of the organization that owns it"


def fixture_contributors(project_name):
    project = next(p for p in FIXTURE["projects"] if p["name"] == project_name)
    return {c["email"]: c["role"] for c in project["contributors"]}


def project_json(server, project_name):
    """A project as the superuser sees it."""
    return server.get(ROOT, f"/projects/{server.project_id(project_name)}")


def contributors(server, project_name):
    return emails_to_roles(project_json(server, project_name)["contributors"])


def sdk_project(server, project_name):
    return dl.projects.get(project_id=server.project_id(project_name))


def names(projects):
    """Names of the non-system projects in a list of dtlpy projects or project JSON."""
    return {p["name"] if isinstance(p, dict) else p.name for p in projects
            if not is_system_project(p)}


def join_org(server, owner, org_name, email, role="member"):
    assert_ok(server.api(owner, "POST", f"/orgs/{server.org_id(org_name)}/members",
                         json={"emails": [email], "role": role}))


def switch_active_org(server, email, org_name):
    assert_ok(server.api(email, "PATCH", "/users/me", json={"org": server.org_id(org_name)}))


# -- create ---------------------------------------------------------------------------------

@pytest.mark.parametrize("email, org_name", [(ADA, PROVIDER), (GRACE, PROVIDER), (LINUS, PROVIDER),
                                             (CAROL, CLIENT_A), (ALAN, CLIENT_A), (ERIN, CLIENT_B)])
def test_create_lands_in_the_active_org_billed_to_its_account(login, server, email, org_name):
    login(email)
    project = dl.projects.create(project_name="Fresh project")
    assert isinstance(project, dl.Project)
    assert project.name == "Fresh project"
    assert project.org["id"] == server.org_id(org_name)
    assert project.account == server.account_id(org_name)
    assert is_system_project(project) is False
    assert project.creator == email
    assert project.role == "owner"
    assert emails_to_roles(project.list_members()) == {email: "owner"}
    stored = server.get(ROOT, f"/projects/{project.id}")
    assert (stored["org"]["id"], stored["account"]) == (server.org_id(org_name), server.account_id(org_name))
    assert "Fresh project" in names(dl.projects.list())


def test_project_json_shape(server):
    project = server.get(ADA, f"/projects/{server.project_id(STREET)}")
    assert PROJECT_FIELDS <= set(project), f"missing {PROJECT_FIELDS - set(project)}"
    assert isinstance(project["org"], dict)
    assert (project["org"]["id"], project["org"]["name"]) == (server.org_id(CLIENT_A), CLIENT_A)
    assert project["account"] == server.account_id(PROVIDER)
    assert project["role"] == "owner"
    assert project["systemProject"] is False
    assert isinstance(project["createdAt"], int) and isinstance(project["updatedAt"], int)
    assert emails_to_roles(project["contributors"]) == fixture_contributors(STREET)


def test_create_after_switching_active_org_lands_in_the_new_org(login, server):
    join_org(server, BOB, CLIENT_B, ADA)
    switch_active_org(server, ADA, CLIENT_B)
    login(ADA)
    project = dl.projects.create(project_name="Ada for Client B")
    assert project.org["id"] == server.org_id(CLIENT_B)
    assert project.account == server.account_id(CLIENT_B)
    assert {p.name for p in dl.organizations.get(organization_id=server.org_id(CLIENT_B)).projects.list()} \
        == {"Ada for Client B", SHELF, f"{CLIENT_B} system project"}


def test_create_without_an_active_org_is_a_bad_request(login, server):
    login(NORA)
    with unchanged(server.all_projects):
        with refused(400, "org"):
            dl.projects.create(project_name="Homeless")


@pytest.mark.parametrize("email, org_name", [(WENDY, PROVIDER), (DAVE, CLIENT_A)])
def test_worker_cannot_create_projects(login, server, email, org_name):
    login(email)
    with unchanged(server.all_projects):
        with refused(403, f"only an owner, admin or member of organization '{org_name}' can create projects in it"):
            dl.projects.create(project_name="Not allowed")


@pytest.mark.parametrize("body", [dict(data={"name": ""}), dict(data={"name": "   "}), dict(json={})],
                         ids=["empty", "blank", "missing"])
def test_create_without_a_name_is_a_bad_request(server, body):
    with unchanged(server.all_projects):
        assert_error(server.api(ADA, "POST", "/projects", **body), 400, "name")


def test_create_accepts_json_too(server):
    body = assert_ok(server.api(ADA, "POST", "/projects", json={"name": "From JSON"}))
    assert body["name"] == "From JSON"
    assert body["org"]["id"] == server.org_id(PROVIDER)


# -- list and get ---------------------------------------------------------------------------

@pytest.mark.parametrize("email, expected", [
    (ADA, {RND, STREET, WAREHOUSE}),
    (LINUS, {RND}),
    (WENDY, {RND}),
    (CAROL, {STREET}),
    (ALAN, {WAREHOUSE}),
    (DAVE, {STREET}),
    (BOB, {SHELF}),
    (ERIN, {SHELF}),
    (NORA, set()),
    (ROOT, {RND, STREET, WAREHOUSE, SHELF}),
])
def test_list_shows_the_projects_the_caller_contributes_to(login, email, expected):
    login(email)
    assert names(dl.projects.list()) == expected


def test_get_by_id_and_by_name(login, server):
    login(ADA)
    by_id = sdk_project(server, STREET)
    assert (by_id.id, by_id.name) == (server.project_id(STREET), STREET)
    assert by_id.org["id"] == server.org_id(CLIENT_A)
    assert by_id.account == server.account_id(PROVIDER)
    assert emails_to_roles(by_id.contributors) == fixture_contributors(STREET)
    by_name = dl.projects.get(project_name=STREET)
    assert by_name.id == by_id.id


def test_get_by_name_lists_only_visible_projects(server):
    path = f"/projects/{STREET.replace(' ', '%20')}/name"
    assert [p["id"] for p in server.get(ADA, path)] == [server.project_id(STREET)]
    # None visible: 404, since the SDK indexes the first element of the answer.
    assert_error(server.api(ERIN, "GET", path), 404, f"project '{STREET}' not found")


@pytest.mark.parametrize("email, project_name", [(GRACE, RND), (ALAN, STREET), (ROOT, SHELF)])
def test_owner_admin_of_the_owning_org_and_superuser_get_a_project(login, server, email, project_name):
    login(email)
    assert sdk_project(server, project_name).name == project_name


@pytest.mark.parametrize("email, project_name", [(ERIN, STREET), (LINUS, WAREHOUSE), (NORA, RND), (GRACE, STREET)])
def test_get_of_an_invisible_project_is_refused(login, server, email, project_name):
    login(email)
    with refused(404):  # dtlpy turns any failed get-by-id into its own 404
        sdk_project(server, project_name)
    project_id = server.project_id(project_name)
    assert_error(server.api(email, "GET", f"/projects/{project_id}"), 403, NOT_VISIBLE.format(project_id))


def test_org_projects_lists_the_projects_the_org_owns(login, server):
    login(ADA)
    provider = dl.organizations.get(organization_id=server.org_id(PROVIDER))
    owned = provider.projects.list()
    assert names(owned) == {RND, WAREHOUSE}  # Street scenes is billed to Provider Inc, not owned by it
    assert sum(1 for p in owned if is_system_project(p)) == 1
    login(CAROL)
    assert names(dl.organizations.get(organization_id=server.org_id(CLIENT_A)).projects.list()) == {STREET}


def test_worker_cannot_list_org_projects(server):
    assert_error(server.api(WENDY, "GET", f"/orgs/{server.org_id(PROVIDER)}/projects"), 403)


@pytest.mark.dtlpy_min("1.125")  # projects.get_system_project, Project.system_project
def test_system_project(login, server):
    login(ADA)
    system = dl.projects.get_system_project(org_id=server.org_id(PROVIDER))
    assert system.system_project is True
    assert system.org["id"] == server.org_id(PROVIDER)
    assert system.account == server.account_id(PROVIDER)


def test_a_system_project_is_renamed_only_with_its_org(login, server):
    login(ADA)
    [system_id] = [p["id"] for p in server.all_projects() if p["systemProject"] and p["org"]["id"] == server.org_id(PROVIDER)]
    system = dl.projects.get(project_id=system_id)
    system.name = "Beta"
    with unchanged(server.all_projects):
        with refused(403, "system project", "cannot be renamed"):
            system.update()
    assert_ok(server.api(ADA, "PATCH", f"/orgs/{server.org_id(PROVIDER)}", json={"name": "Provider Labs"}))
    assert server.get(ADA, f"/projects/{system.id}")["name"] == "Provider Labs system project"


# -- rename and delete ----------------------------------------------------------------------

def test_owner_renames_with_update(login, server):
    login(ADA)
    project = sdk_project(server, RND)
    project.name = "Provider Research"
    assert project.update() is project
    assert sdk_project(server, RND).name == "Provider Research"
    assert dl.projects.get(project_name="Provider Research").id == project.id
    assert project_json(server, RND)["name"] == "Provider Research"


@pytest.mark.dtlpy_min("1.122")  # Project._dict, the JSON projects.update sends
def test_update_ignores_read_only_fields(login, server):
    login(CAROL)
    project = sdk_project(server, STREET)
    before = project_json(server, STREET)
    project.name = "Street scenes v2"
    project._dict["org"] = {"id": server.org_id(CLIENT_B), "name": CLIENT_B}
    project._dict["creator"] = "mallory@evil.example"
    project._dict["createdAt"] = 1
    project._dict["systemProject"] = True
    project.update()
    after = project_json(server, STREET)
    assert after["name"] == "Street scenes v2"
    for field in ("org", "creator", "createdAt", "systemProject", "account", "contributors"):
        assert after[field] == before[field], field


@pytest.mark.parametrize("email", [LINUS, WENDY])
def test_non_owner_contributor_cannot_rename(login, server, email):
    login(email)
    project = sdk_project(server, RND)
    project.name = "Hijacked"
    with unchanged(server.project_state(RND)):
        with refused(403, "owner"):
            project.update()


def test_rename_to_an_empty_name_is_a_bad_request(login, server):
    login(ADA)
    project = sdk_project(server, RND)
    project.name = ""
    with unchanged(server.project_state(RND)):
        with refused(400, "name"):
            project.update()


def test_owner_deletes_a_project(login, server):
    login(ADA)
    project = dl.projects.create(project_name="Short lived")
    assert project.delete(sure=True, really=True) is True
    with refused(404):
        dl.projects.get(project_id=project.id)
    assert "Short lived" not in names(server.all_projects())
    assert dl.projects.delete(project_id=server.project_id(WAREHOUSE), sure=True, really=True) is True
    assert names(dl.projects.list()) == {RND, STREET}


def test_non_owner_cannot_delete(login, server):
    login(LINUS)
    with unchanged(server.all_projects):
        with refused(403, "owner"):
            dl.projects.delete(project_id=server.project_id(RND), sure=True, really=True)


@pytest.mark.dtlpy_min("1.125")  # projects.get_system_project
def test_the_system_project_cannot_be_deleted(login, server):
    login(ADA)
    system = dl.projects.get_system_project(org_id=server.org_id(PROVIDER))
    with unchanged(server.all_projects):
        with refused(403, f"project '{system.name}' is its organization's system project and cannot be deleted"):
            dl.projects.delete(project_id=system.id, sure=True, really=True)


# -- project members ------------------------------------------------------------------------

def test_list_members_with_roles(login, server):
    login(WENDY)
    project = sdk_project(server, RND)
    assert emails_to_roles(project.list_members()) == fixture_contributors(RND)
    assert [m.email for m in project.list_members(role=dl.MemberRole.DEVELOPER)] == [LINUS]
    assert [m.email for m in dl.projects.list_members(project=project, role=dl.MemberRole.OWNER)] == [ADA]


def test_outsider_cannot_list_members(server):
    assert_error(server.api(ERIN, "GET", f"/projects/{server.project_id(RND)}/members"), 403,
                 NOT_VISIBLE.format(server.project_id(RND)))


def test_owner_adds_updates_and_removes_members(login, server):
    login(ADA)
    project = sdk_project(server, RND)
    added = project.add_member(email=GRACE, role=dl.MemberRole.DEVELOPER)
    assert added is not None
    assert contributors(server, RND) == {**fixture_contributors(RND), GRACE: "engineer"}
    assert RND in names(server.get(GRACE, "/projects"))

    updated = dl.projects.update_member(email=WENDY, project_id=project.id, role=dl.MemberRole.ANNOTATION_MANAGER)
    assert updated is not None
    assert contributors(server, RND)[WENDY] == "annotationManager"

    assert project.remove_member(email=LINUS) is not None
    assert LINUS not in contributors(server, RND)
    assert RND not in names(server.get(LINUS, "/projects"))


@pytest.mark.parametrize("email, other", [(LINUS, WENDY), (WENDY, LINUS)])
def test_engineer_and_annotator_cannot_manage_members(login, server, email, other):
    login(email)
    project = sdk_project(server, RND)
    with unchanged(server.project_state(RND)):
        with refused(403):
            project.add_member(email=GRACE, role=dl.MemberRole.ANNOTATOR)
        with refused(403):
            project.update_member(email=other, role=dl.MemberRole.OWNER)
        with refused(403):
            project.remove_member(email=other)


def test_annotation_manager_adds_and_removes_annotators(login, server):
    login(ALAN)
    project = sdk_project(server, WAREHOUSE)
    project.add_member(email=DAVE, role=dl.MemberRole.ANNOTATOR)
    assert contributors(server, WAREHOUSE) == {**fixture_contributors(WAREHOUSE), DAVE: "annotator"}
    project.remove_member(email=DAVE)
    assert contributors(server, WAREHOUSE) == fixture_contributors(WAREHOUSE)


@pytest.mark.parametrize("role", [dl.MemberRole.DEVELOPER, dl.MemberRole.OWNER, dl.MemberRole.ANNOTATION_MANAGER])
def test_annotation_manager_cannot_add_other_roles(login, server, role):
    login(ALAN)
    project = sdk_project(server, WAREHOUSE)
    with unchanged(server.project_state(WAREHOUSE)):
        with refused(403, "annotator"):
            project.add_member(email=DAVE, role=role)


def test_annotation_manager_cannot_promote_or_remove_non_annotators(login, server):
    login(ADA)
    sdk_project(server, WAREHOUSE).add_member(email=DAVE, role=dl.MemberRole.ANNOTATOR)
    login(ALAN)
    project = sdk_project(server, WAREHOUSE)
    with unchanged(server.project_state(WAREHOUSE)):
        with refused(403, "annotator"):
            project.update_member(email=DAVE, role=dl.MemberRole.DEVELOPER)
        with refused(403, "annotator"):
            project.remove_member(email=ADA)


def test_the_last_project_owner_cannot_be_removed(login, server):
    login(ADA)
    project = sdk_project(server, RND)
    with unchanged(server.project_state(RND)):
        with refused(409, LAST_OWNER.format(RND)):
            project.remove_member(email=ADA)


def test_the_last_project_owner_cannot_be_demoted(login, server):
    login(ADA)
    project = sdk_project(server, RND)
    with unchanged(server.project_state(RND)):
        with refused(409, LAST_OWNER.format(RND)):
            project.update_member(email=ADA, role=dl.MemberRole.DEVELOPER)


def test_an_owner_who_is_not_the_last_can_be_removed(login, server):
    login(CAROL)
    sdk_project(server, STREET).remove_member(email=ADA)
    assert contributors(server, STREET) == {CAROL: "owner", DAVE: "annotator"}


def test_bad_project_member_requests(server):
    path = f"/projects/{server.project_id(RND)}/members/{GRACE}"
    with unchanged(server.project_state(RND)):
        assert_error(server.api(ADA, "POST", path, json={"role": "overlord"}), 400,
                     "unknown project role 'overlord'; expected one of: owner, engineer, annotator, annotationManager")
        assert_error(server.api(ADA, "POST", path, json={"role": "engineer", "isAdmin": True}), 400, "isAdmin")
        assert_error(server.api(ADA, "POST", path, data='{"role": ', headers={"Content-Type": "application/json"}),
                     400)
        assert_error(server.api(ADA, "POST", path, data="role=engineer",
                                headers={"Content-Type": "application/x-www-form-urlencoded"}), 415,
                     "expected a JSON body", "got application/x-www-form-urlencoded")


# -- paying account -------------------------------------------------------------------------
# Street scenes is owned by Client A and billed to Provider Inc. Its owners are carol (owner
# of Client A) and ada (owner of Provider Inc). Moving the bill to org P's account needs
# (1) owner of the project and (2) owner or admin of P.

def set_account_by_endpoint(server, email, project_name, account_id):
    resp = server.api(email, "PATCH", f"/projects/{server.project_id(project_name)}/account",
                      json={"accountId": account_id})
    if not resp.ok:
        dl.exceptions.PlatformException(resp)  # raises the dtlpy exception for the status


def set_account_by_update(server, email, project_name, account_id):
    dl.login_token(server.token(email))
    # The project as the SDK holds it: some callers cannot GET it, so start from its JSON.
    project = dl.Project.from_json(_json=project_json(server, project_name), client_api=dl.client_api)
    project.account = account_id
    assert project.update() is project


@pytest.fixture(params=[set_account_by_endpoint, set_account_by_update], ids=["account-endpoint", "project-update"])
def set_account(request, server):
    return lambda email, project_name, org_name: request.param(server, email, project_name,
                                                               server.account_id(org_name))


def billed_to(server, project_name):
    project = project_json(server, project_name)
    return project["org"]["id"], project["account"]


def test_owners_move_the_bill_to_the_owning_org_and_back(server, set_account):
    set_account(CAROL, STREET, CLIENT_A)  # owner of the project, owner of Client A
    assert billed_to(server, STREET) == (server.org_id(CLIENT_A), server.account_id(CLIENT_A))
    set_account(ADA, STREET, PROVIDER)  # owner of the project, owner of Provider Inc
    assert billed_to(server, STREET) == (server.org_id(CLIENT_A), server.account_id(PROVIDER))


def test_an_admin_of_the_target_org_who_owns_the_project_moves_the_bill(server, set_account):
    assert_ok(server.api(CAROL, "POST", f"/projects/{server.project_id(STREET)}/members/{ALAN}",
                         json={"role": "owner"}))
    set_account(ALAN, STREET, CLIENT_A)  # owner of the project, admin of Client A
    assert billed_to(server, STREET) == (server.org_id(CLIENT_A), server.account_id(CLIENT_A))


def paying_rule(target, *missing):
    """The paying-account rule's refusal, naming the missing conditions (NOTES, DESIGN)."""
    needs = {"project": f"an owner of project '{STREET}'", "org": f"an owner or admin of organization '{target}'"}
    return (f"setting the paying account of project '{STREET}' to the account of '{target}' requires the caller "
            f"to be {' and '.join(needs[m] for m in missing)}, which the caller is not")


@pytest.mark.parametrize("email, billed_first_to, target, message", [
    (ADA, PROVIDER, CLIENT_A, paying_rule(CLIENT_A, "org")),              # project owner, not in Client A
    (CAROL, CLIENT_A, PROVIDER, paying_rule(PROVIDER, "org")),            # project owner, not in Provider Inc
    (ALAN, PROVIDER, CLIENT_A, paying_rule(CLIENT_A, "project")),         # admin of Client A, not a project owner
    (DAVE, PROVIDER, CLIENT_A, paying_rule(CLIENT_A, "project", "org")),  # annotator, worker: neither
    # not contributors, not owner or admin of Client A: they cannot see the project at all
    (GRACE, CLIENT_A, PROVIDER, NOT_VISIBLE),                      # admin of Provider Inc
    (BOB, PROVIDER, CLIENT_B, NOT_VISIBLE),                        # owner of Client B
    (LINUS, CLIENT_A, PROVIDER, NOT_VISIBLE),                      # member of Provider Inc
    (ERIN, PROVIDER, CLIENT_B, NOT_VISIBLE),                       # member of Client B
], ids=["owner-not-in-target", "owner-not-in-provider", "target-admin-not-owner", "annotator-worker",
        "provider-admin-not-owner", "target-owner-not-owner", "provider-member", "outsider-member"])
def test_moving_the_bill_without_both_conditions_is_forbidden(server, set_account, email, billed_first_to,
                                                              target, message):
    if billed_first_to != PROVIDER:
        set_account(CAROL, STREET, billed_first_to)
    with unchanged(server.project_state(STREET)):
        with refused(403, message.format(server.project_id(STREET))):
            set_account(email, STREET, target)
    assert billed_to(server, STREET) == (server.org_id(CLIENT_A), server.account_id(billed_first_to))


def test_moving_the_bill_to_an_unknown_account_changes_nothing(server):
    with unchanged(server.project_state(STREET)):
        assert_error(server.api(CAROL, "PATCH", f"/projects/{server.project_id(STREET)}/account",
                                json={"accountId": "00000000-0000-0000-0000-000000000000"}), 400,
                     "account '00000000-0000-0000-0000-000000000000' not found")
        assert_error(server.api(CAROL, "PATCH", f"/projects/{server.project_id(STREET)}/account",
                                json={"accountId": server.account_id(CLIENT_A), "org": "x"}), 400, "org")


# -- overview and clients -------------------------------------------------------------------

def overview(server, email, org_name):
    return server.get(email, f"/orgs/{server.org_id(org_name)}/overview")


def owned_count(server, email, org_name):
    return len(server.get(email, f"/orgs/{server.org_id(org_name)}/projects"))


def test_overview_counts_owned_and_billed_projects(server):
    provider = overview(server, ADA, PROVIDER)
    assert provider["org"]["id"] == server.org_id(PROVIDER) and provider["org"]["name"] == PROVIDER
    assert provider["projects"] == {"owned": owned_count(server, ADA, PROVIDER), "billed": 1, "billedElsewhere": 0}
    assert provider["members"] == {"total": 4, "owner": 1, "admin": 1, "member": 1, "worker": 1}
    assert isinstance(provider["datasets"], int) and isinstance(provider["tasks"], int)
    client_a = overview(server, CAROL, CLIENT_A)
    # Client A's Street scenes is paid for by Provider Inc: Client A sees that too.
    assert client_a["projects"] == {"owned": owned_count(server, CAROL, CLIENT_A), "billed": 0, "billedElsewhere": 1}
    assert client_a["members"] == {"total": 3, "owner": 1, "admin": 1, "member": 0, "worker": 1}


def test_overview_follows_the_bill(server):
    assert_ok(server.api(CAROL, "PATCH", f"/projects/{server.project_id(STREET)}/account",
                         json={"accountId": server.account_id(CLIENT_A)}))
    assert overview(server, ADA, PROVIDER)["projects"] == {"owned": owned_count(server, ADA, PROVIDER),
                                                           "billed": 0, "billedElsewhere": 0}
    assert overview(server, CAROL, CLIENT_A)["projects"] == {"owned": owned_count(server, CAROL, CLIENT_A),
                                                             "billed": 0, "billedElsewhere": 0}
    # And back: both ends count it again.
    assert_ok(server.api(ADA, "PATCH", f"/projects/{server.project_id(STREET)}/account",
                         json={"accountId": server.account_id(PROVIDER)}))
    assert overview(server, ADA, PROVIDER)["projects"]["billed"] == 1
    assert overview(server, CAROL, CLIENT_A)["projects"]["billedElsewhere"] == 1


def test_overview_counts_a_new_project(login, server):
    before = overview(server, ADA, PROVIDER)["projects"]["owned"]
    login(LINUS)
    dl.projects.create(project_name="One more")
    assert overview(server, ADA, PROVIDER)["projects"]["owned"] == before + 1


@pytest.mark.parametrize("email, status", [(WENDY, 403), (CAROL, 403)])
def test_overview_is_for_owners_admins_and_members(server, email, status):
    assert_error(server.api(email, "GET", f"/orgs/{server.org_id(PROVIDER)}/overview"), status)


@pytest.mark.parametrize("email", [ADA, GRACE])
def test_provider_lists_its_clients(server, email):
    clients = server.get(email, f"/orgs/{server.org_id(PROVIDER)}/clients")
    assert {client["name"] for client in clients} == {CLIENT_A, CLIENT_B}
    assert all(client["provider"] == server.org_id(PROVIDER) for client in clients)


def test_an_org_without_clients_lists_none(server):
    assert server.get(CAROL, f"/orgs/{server.org_id(CLIENT_A)}/clients") == []


@pytest.mark.parametrize("email", [LINUS, WENDY, CAROL])
def test_clients_are_for_owners_and_admins(server, email):
    assert_error(server.api(email, "GET", f"/orgs/{server.org_id(PROVIDER)}/clients"), 403,
                 f"only an owner or an admin of organization '{PROVIDER}' can list its client organizations")


# -- onboarding -----------------------------------------------------------------------------

@pytest.mark.dtlpy_min("1.125")  # projects.get_system_project
def test_a_user_without_org_creates_one(login, server):
    org = assert_ok(server.api(NORA, "POST", "/orgs", json={"name": "Nora Labs"}))
    assert org["name"] == "Nora Labs"
    assert org["provider"] is None
    assert org["account"]["org"] == org["id"]
    assert server.me(NORA)["org"] == org["id"]
    assert "Nora Labs" in {o["name"] for o in server.all_orgs()}

    login(NORA)
    assert [o.name for o in dl.organizations.list()] == ["Nora Labs"]
    assert emails_to_roles(dl.organizations.list_members(organization_id=org["id"])) == {NORA: "owner"}
    system = dl.projects.get_system_project(org_id=org["id"])
    assert system.system_project is True and system.org["id"] == org["id"]
    project = dl.projects.create(project_name="Nora first")
    assert project.org["id"] == org["id"]
    assert project.account == org["account"]["id"]

    with unchanged(server.all_orgs, server.user_state(NORA)):
        assert_error(server.api(NORA, "POST", "/orgs", json={"name": "Nora Labs 2"}), 403)


def test_a_user_without_org_creates_a_client_org(server):
    org = assert_ok(server.api(NORA, "POST", "/orgs", json={"name": "Nora Annotation",
                                                             "provider": server.org_id(PROVIDER)}))
    assert org["provider"] == server.org_id(PROVIDER)
    clients = server.get(ADA, f"/orgs/{server.org_id(PROVIDER)}/clients")
    assert {client["name"] for client in clients} == {CLIENT_A, CLIENT_B, "Nora Annotation"}


@pytest.mark.parametrize("body, status, words", [
    ({"name": "client a"}, 409, ()),
    ({"name": ""}, 400, ("name",)),
    ({"name": "Nora Labs", "provider": "00000000-0000-0000-0000-000000000000"}, 400,
     ("provider organization '00000000-0000-0000-0000-000000000000' not found",)),
    ({"name": "Nora Labs", "plan": "premium"}, 400, ("plan",)),
], ids=["taken-name", "empty-name", "unknown-provider", "unknown-field"])
def test_bad_onboarding_requests_change_nothing(server, body, status, words):
    with unchanged(server.all_orgs, server.user_state(NORA)):
        assert_error(server.api(NORA, "POST", "/orgs", json=body), status, *words)


# -- the dlp CLI ---------------------------------------------------------------------------

def test_cli_projects_create_then_ls(dlp, server):
    rc, out, err = dlp("login-m2m", "-e", ADA, "-p", PASSWORDS[ADA], "-i", "x", "-s", "x")
    assert rc == 0, out + err
    rc, out, err = dlp("projects", "create", "-p", "Made by the CLI")
    assert rc == 0, out + err
    assert "Made by the CLI" in out
    rc, out, err = dlp("projects", "ls")
    assert rc == 0, out + err
    for name in ("Made by the CLI", RND, STREET, WAREHOUSE):
        assert name in out, f"{name!r} not in:\n{out}"
    created = [p for p in server.all_projects() if p["name"] == "Made by the CLI"]
    assert len(created) == 1
    assert created[0]["org"]["id"] == server.org_id(PROVIDER)
    assert emails_to_roles(created[0]["contributors"]) == {ADA: "owner"}
