"""Where dtlpy's own behave scenarios (tests/features, written against the real platform)
look, this server answers as the platform does: a project right after creation has its
`Binaries` system dataset, a duplicate project name is refused, the platform's name alphabet,
`projects.get` by a name that is not there, and integration metadata. Each through the SDK."""
import dtlpy as dl
import pytest

from helpers import (ADA, CAROL, ERIN, GRACE, LINUS, PROVIDER, ROOT, SHELF, STREET, assert_error, assert_ok, refused,
                     unchanged)

# The name dtlpy's project scenarios create: the platform's whole name alphabet plus a suffix,
# over 100 characters in all.
UPSTREAM_NAME = ("ABCDEFGHIJKLMNOPQRSTUVWXYZ abcdefghijklmnopqrstuvwxyz0123456789!@#$%^&*()_+-[]|.,"
                 "_sdk_projects_create_1234")


def project_names(email, server):
    return sorted(p["name"] for p in server.get(email, "/projects"))


# -- 2. projects right after creation: the Binaries system dataset ----------------------------

def test_a_new_project_has_its_binaries_dataset_as_upstream_scenarios_wait_for_it(login, server):
    login(ADA)
    project = dl.projects.create(project_name="sdk_projects_create")
    # What every upstream project scenario does right after creating a project.
    filters = dl.Filters(resource=dl.FiltersResource.DATASET)
    filters.add(field="name", values="Binaries")
    filters.system_space = True
    [binaries] = project.datasets.list(filters=filters)
    assert binaries.name == "Binaries"
    assert binaries.projects == [project.id]
    assert binaries.metadata["system"]["scope"] == "system"
    assert project.datasets._get_binaries_dataset().id == binaries.id
    # Outside system space a new project has no datasets.
    assert list(project.datasets.list()) == []


def test_upstream_project_name_over_100_characters_is_accepted(login, server):
    login(ADA)
    project = dl.projects.create(project_name=UPSTREAM_NAME)
    assert len(UPSTREAM_NAME) > 100
    assert project.name == UPSTREAM_NAME
    assert dl.projects.get(project_id=project.id).name == UPSTREAM_NAME
    assert dl.projects.get(project_name=UPSTREAM_NAME).id == project.id


# -- 3. duplicate project name ----------------------------------------------------------------

def test_creating_a_project_by_a_name_the_caller_already_has_is_refused(login, server):
    login(ADA)
    first = dl.projects.create(project_name="Twice")
    with unchanged(lambda: project_names(ADA, server)):
        with refused(400, "Failed to create project", "Twice"):
            dl.projects.create(project_name="Twice")
        with refused(400, "Failed to create project"):
            dl.projects.create(project_name="twice")  # names are compared ignoring case
    assert [p.id for p in dl.projects.list() if p.name == "Twice"] == [first.id]


def test_another_user_may_use_the_same_project_name(login, server):
    login(ADA)
    dl.projects.create(project_name="Shared name")
    login(CAROL)
    theirs = dl.projects.create(project_name="Shared name")
    assert theirs.org["name"] == "Client A"


def test_renaming_onto_a_name_the_owner_already_has_is_refused(login, server):
    login(ADA)
    project = dl.projects.create(project_name="Renamed soon")
    project.name = STREET
    with unchanged(server.project_state(STREET), lambda: project_names(ADA, server)):
        with refused(400, "Failed to update project", STREET):
            project.update()


# -- 4. the platform's name alphabet ------------------------------------------------------------

@pytest.mark.parametrize("bad", ["¤", "¶", "§", "'", "/", ":", ";", "<", "=", ">", "?", "{", "}", "~",
                                 "Ç", "ü", "é", "Æ", "€", "…"])
def test_project_names_outside_the_platform_alphabet_are_refused(login, server, bad):
    login(ADA)
    with unchanged(lambda: project_names(ROOT, server)):
        with refused(400, "project name cannot contain", bad):
            dl.projects.create(project_name=f"a{bad}b")


@pytest.mark.parametrize("bad", ["a<b>", "Acme;", "Ünïcode"])
def test_org_names_outside_the_platform_alphabet_are_refused(login, server, bad):
    org_id = server.org_id(PROVIDER)
    with unchanged(server.org_state(PROVIDER)):
        assert_error(server.api(ADA, "PATCH", f"/orgs/{org_id}", json={"name": bad}), 400,
                     "organization name cannot contain")


def test_an_org_takes_the_upstream_alphabet_past_100_characters(server):
    org_id = server.org_id(PROVIDER)
    renamed = assert_ok(server.api(ADA, "PATCH", f"/orgs/{org_id}", json={"name": UPSTREAM_NAME}), 200)
    assert renamed["name"] == UPSTREAM_NAME
    assert server.get(ADA, f"/orgs/{org_id}")["name"] == UPSTREAM_NAME


# -- 5. get by a name that is not there ----------------------------------------------------------

def test_get_by_an_unknown_name_raises_not_found(login, server):
    login(ADA)
    with refused(404, "not found"):  # dtlpy replaces the message of any failure here by its own
        dl.projects.get(project_name="No such project")
    assert_error(server.api(ADA, "GET", "/projects/No%20such%20project/name"), 404, "project 'No such project' not found")


def test_get_by_the_name_of_an_invisible_project_raises_not_found(login, server):
    login(ERIN)  # Client B: Street scenes belongs to Client A
    with refused(404, "not found"):
        dl.projects.get(project_name=STREET)
    assert dl.projects.get(project_name=SHELF).name == SHELF


# -- 6. integrations ----------------------------------------------------------------------------

@pytest.mark.dtlpy_min("1.94")  # integrations.create(metadata=)
def test_metadata_comes_back_as_a_name_value_list(login, server):
    login(ADA)
    org = dl.organizations.get(organization_id=server.org_id(PROVIDER))
    created = org.integrations.create(integrations_type=dl.IntegrationType.S3, name="with-metadata",
                                      options={"key": "k", "secret": "s"}, metadata={"purpose": "test", "team": "ml"})
    assert created.metadata == [{"name": "purpose", "value": "test"}, {"name": "team", "value": "ml"}]
    assert org.integrations.get(integrations_id=created.id).metadata == created.metadata


@pytest.mark.dtlpy_min("1.94")  # integrations.create(metadata=)
def test_key_value_integration_takes_provider_and_ref(login, server):
    login(GRACE)
    project = dl.projects.get(project_id=server.project_id("Provider R&D"))
    created = project.integrations.create(integrations_type="key_value", name="kv-valid",
                                          options={"key": "k", "value": "v"},
                                          metadata={"provider": "test_provider", "ref": "test_ref"})
    assert {(m["name"], m["value"]) for m in created.metadata} == {("provider", "test_provider"), ("ref", "test_ref")}


@pytest.mark.dtlpy_min("1.94")  # integrations.create(metadata=)
def test_key_value_integration_with_other_metadata_fields_is_refused(login, server):
    login(ADA)
    project = dl.projects.get(project_id=server.project_id("Provider R&D"))
    before = [i["name"] for i in project.integrations.list()]
    with refused(400, "Invalid metadata fields for key-value integration", "hello", "key"):
        project.integrations.create(integrations_type="key_value", name="kv-invalid",
                                    options={"key": "k", "value": "v"}, metadata={"hello": "world", "key": "key"})
    assert [i["name"] for i in project.integrations.list()] == before


@pytest.mark.dtlpy_min("1.94")  # integrations.create(metadata=)
def test_gcp_cross_integration_with_metadata_is_refused(login, server):
    login(ADA)
    project = dl.projects.get(project_id=server.project_id("Provider R&D"))
    before = [i["name"] for i in project.integrations.list()]
    with refused(400, "Invalid input specified"):
        project.integrations.create(integrations_type="gcp-cross", name="gcp-invalid", options={},
                                    metadata={"provider": "test_provider", "ref": "test_ref"})
    assert [i["name"] for i in project.integrations.list()] == before


def test_gcp_cross_integration_answers_with_its_service_account_email(login, server):
    import re
    login(ADA)
    project = dl.projects.get(project_id=server.project_id("Provider R&D"))
    created = project.integrations.create(integrations_type="gcp-cross", name="gcp-cross-project", options={})
    fetched = project.integrations.get(integrations_id=created.id)
    [email] = [m["value"] for m in fetched.metadata if m["name"] == "email"]
    # The pattern dtlpy's own scenario checks.
    assert re.match(r"^[a-zA-Z0-9._%+-]+@[a-zA-Z0-9.-]+\.[a-zA-Z]{2,}$", email)
    assert fetched.metadata == created.metadata
