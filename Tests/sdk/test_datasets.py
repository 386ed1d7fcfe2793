"""Datasets, as far as they belong to project ownership (dtlpy's `project.datasets` and
`dl.datasets`): every project's `Binaries` system dataset, the fixture's datasets, list, query,
get by id and by name, create and delete, under the project's permissions."""
import dtlpy as dl
import pytest

from helpers import (ADA, CAROL, DAVE, ERIN, LINUS, PROVIDER, RND, ROOT, SHELF, STREET, WAREHOUSE, WENDY, FIXTURE,
                     assert_error, assert_ok, refused, unchanged)


def fixture_datasets(project_name):
    project = next(p for p in FIXTURE["projects"] if p["name"] == project_name)
    return sorted(d if isinstance(d, str) else d["name"] for d in project.get("datasets", []))


def sdk_project(server, name):
    return dl.projects.get(project_id=server.project_id(name))


def dataset_names(server, email, project_name, system_space=False):
    body = {"filter": {}, "page": 0, "pageSize": 1000, "resource": "datasets",
            "context": {"projects": [server.project_id(project_name)]}, "systemSpace": system_space}
    page = assert_ok(server.api(email, "POST", "/datasets/query", json=body), 200)
    return sorted(d["name"] for d in page["items"])


def datasets_state(server, project_name):
    def state():
        return dataset_names(server, ROOT, project_name, system_space=True)
    state.__name__ = f"datasets of {project_name!r}"
    return state


def binaries_filter():
    filters = dl.Filters(resource=dl.FiltersResource.DATASET)
    filters.add(field="name", values="Binaries")
    filters.system_space = True
    return filters


@pytest.mark.parametrize("project_name", [RND, STREET, WAREHOUSE, SHELF])
def test_fixture_projects_list_their_datasets(login, server, project_name):
    login(ROOT)
    project = sdk_project(server, project_name)
    assert sorted(d.name for d in project.datasets.list()) == fixture_datasets(project_name)
    assert [d.name for d in project.datasets.list(filters=binaries_filter())] == ["Binaries"]


def test_every_org_system_project_has_binaries(login, server):
    login(ADA)
    [system_id] = [p["id"] for p in server.all_projects() if p["systemProject"] and p["org"]["name"] == PROVIDER]
    system = dl.projects.get(project_id=system_id)
    assert [d.name for d in system.datasets.list(filters=binaries_filter())] == ["Binaries"]


def test_get_by_id_and_by_name(login, server):
    login(ADA)
    project = sdk_project(server, STREET)
    by_name = project.datasets.get(dataset_name="frames")
    assert (by_name.name, by_name.projects) == ("frames", [project.id])
    by_id = project.datasets.get(dataset_id=by_name.id)
    assert (by_id.id, by_id.name, by_id.creator) == (by_name.id, "frames", by_name.creator)
    assert dl.datasets.get(dataset_id=by_name.id).name == "frames"
    with refused(404, "Dataset not found"):
        project.datasets.get(dataset_name="no-such-dataset")
    with refused(404, "dataset 'nope' not found"):
        dl.datasets.get(dataset_id="nope")


def test_create_list_and_delete_through_the_sdk(login, server):
    login(ADA)
    project = dl.projects.create(project_name="Datasets here")
    created = project.datasets.create(dataset_name="Dataset")
    assert (created.name, created.projects, created.creator) == ("Dataset", [project.id], ADA)
    assert [d.name for d in project.datasets.list()] == ["Dataset"]
    assert [d.id for d in project.datasets.list(name="Dataset")] == [created.id]
    assert project.datasets.get(dataset_id=created.id).name == "Dataset"
    assert project.datasets.delete(dataset_id=created.id, sure=True, really=True) is True
    assert list(project.datasets.list()) == []
    with refused(404):
        project.datasets.get(dataset_id=created.id)


def test_an_existing_dataset_name_is_a_bad_request(login, server):
    login(ADA)
    project = sdk_project(server, RND)
    with unchanged(datasets_state(server, RND)):
        with refused(400, "Failed to create dataset", "benchmarks"):
            project.datasets.create(dataset_name="benchmarks")
        with refused(400, "Binaries"):
            project.datasets.create(dataset_name="binaries")


def test_query_filters_by_name_creator_and_pages(login, server):
    login(ADA)
    project = dl.projects.create(project_name="Five datasets")
    for i in range(5):
        project.datasets.create(dataset_name=f"test-{i}")
    assert [d.name for d in project.datasets.list(name="test-2")] == ["test-2"]
    assert len(project.datasets.list(creator=ADA)) == 5
    filters = dl.Filters(resource=dl.FiltersResource.DATASET)
    filters.add(field="name", values=["test-1", "test-3"], operator=dl.FiltersOperations.IN)
    assert sorted(d.name for d in project.datasets.list(filters=filters)) == ["test-1", "test-3"]
    # Paging as the platform pages: two at a time, sorted by name descending.
    body = {"filter": {"$and": [{"name": {"$ne": "test-0"}}]}, "page": 1, "pageSize": 2, "resource": "datasets",
            "sort": {"name": "descending"}, "context": {"projects": [project.id]}}
    page = assert_ok(server.api(ADA, "POST", "/datasets/query", json=body), 200)
    assert [d["name"] for d in page["items"]] == ["test-2", "test-1"]
    assert (page["totalItemsCount"], page["totalPagesCount"], page["hasNextPage"]) == (4, 2, False)


@pytest.mark.dtlpy_min("1.126")  # before (1.118.15 still), dl.datasets.list() needs a checked-out project
def test_dl_datasets_lists_the_datasets_of_every_visible_project(login, server):
    login(ERIN)  # engineer in Shelf audit only
    assert sorted(d.name for d in dl.datasets.list()) == fixture_datasets(SHELF)


@pytest.mark.parametrize("email", [WENDY, DAVE])  # annotators
def test_annotators_cannot_create_or_delete_datasets(login, server, email):
    project_name = RND if email == WENDY else STREET
    login(email)
    project = sdk_project(server, project_name)
    existing = project.datasets.list()[0]
    with unchanged(datasets_state(server, project_name)):
        with refused(403, "only an owner or engineer of project"):
            project.datasets.create(dataset_name="not mine")
        with refused(403, "only an owner or engineer of project"):
            project.datasets.delete(dataset_id=existing.id, sure=True, really=True)


def test_an_engineer_creates_and_deletes(login, server):
    login(LINUS)  # engineer in Provider R&D
    project = sdk_project(server, RND)
    created = project.datasets.create(dataset_name="engineer-made")
    assert project.datasets.delete(dataset_id=created.id, sure=True, really=True) is True


def test_binaries_cannot_be_deleted(login, server):
    login(ADA)
    project = sdk_project(server, RND)
    [binaries] = project.datasets.list(filters=binaries_filter())
    with unchanged(datasets_state(server, RND)):
        with refused(403, "system dataset"):
            project.datasets.delete(dataset_id=binaries.id, sure=True, really=True)


def test_outsiders_see_no_datasets_of_a_project(server):
    shelf = server.project_id(SHELF)
    datasets = dataset_names(server, ROOT, SHELF)
    [any_id] = [d["id"] for d in assert_ok(server.api(ROOT, "POST", "/datasets/query", json={
        "filter": {"name": datasets[0]}, "context": {"projects": [shelf]}}))["items"]]
    assert_error(server.api(CAROL, "GET", f"/datasets/{any_id}"), 403, "not a contributor")
    assert_error(server.api(CAROL, "POST", "/datasets/query", json={"context": {"projects": [shelf]}}), 403,
                 "not a contributor")
    assert_error(server.api(CAROL, "POST", "/datasets", json={"name": "x", "projects": [shelf]}), 403, "not a contributor")


def test_deleting_a_project_deletes_its_datasets(login, server):
    login(ADA)
    project = dl.projects.create(project_name="Short lived")
    created = project.datasets.create(dataset_name="gone with it")
    project.delete(sure=True, really=True)
    assert_error(server.api(ROOT, "GET", f"/datasets/{created.id}"), 404, "not found")


@pytest.mark.parametrize("body, words", [
    ({"filter": {"$where": "1"}}, ("unsupported filter operator", "$where")),
    ({"filter": {"name": {"$regex": "a"}}}, ("unsupported filter operator", "$regex")),
    ({"pageSize": 0}, ("pageSize", "1 to 1000")),
    ({"page": -1}, ("page",)),
    ({"resource": "items"}, ("resource", "datasets")),
    ({"join": {}}, ("unknown field 'join'",)),
    ({"filter": []}, ("filter", "JSON object")),
])
def test_bad_queries_are_bad_requests(server, body, words):
    assert_error(server.api(ADA, "POST", "/datasets/query", json=body), 400, *words)


@pytest.mark.parametrize("body, status, words", [
    ({"name": "x", "projects": []}, 400, ("exactly one project",)),
    ({"name": "", "projects": ["P"]}, 400, ("dataset name cannot be empty",)),
    ({"name": "x\u0000y", "projects": ["P"]}, 400, ("U+0000",)),
    ({"name": "x", "projects": ["P"], "driver": "d"}, 400, ("unknown field 'driver'",)),
    ({"name": "x", "projects": ["no-such-project"]}, 404, ("not found",)),
])
def test_bad_creates_change_nothing(server, body, status, words):
    body = {k: ([server.project_id(RND)] if v == ["P"] else v) for k, v in body.items()}
    with unchanged(datasets_state(server, RND)):
        assert_error(server.api(ADA, "POST", "/datasets", json=body), status, *words)


def test_overview_counts_user_datasets_only(server):
    overview = server.get(ADA, f"/orgs/{server.org_id(PROVIDER)}/overview")
    owned = [p["name"] for p in FIXTURE["projects"] if p["org"] == PROVIDER]
    assert overview["datasets"] == sum(len(fixture_datasets(name)) for name in owned)
    project = server.get(ADA, f"/projects/{server.project_id(RND)}")
    assert_ok(server.api(ADA, "POST", "/datasets", json={"name": "counted", "projects": [project["id"]]}), 201)
    assert server.get(ADA, f"/orgs/{server.org_id(PROVIDER)}/overview")["datasets"] == overview["datasets"] + 1
