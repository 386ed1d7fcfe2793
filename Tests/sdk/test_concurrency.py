"""Concurrent writes through the API: 32 threads at once, as different users. No answer may be
a 5xx or mention a locked database, and the final state must be exactly what the successful
calls add up to (and uniqueness rules must hold under races)."""
import threading
from collections import defaultdict

import pytest
import requests

from helpers import (ADA, ALAN, BOB, CAROL, CLIENT_A, CLIENT_B, DAVE, ERIN, GRACE, LINUS, PROVIDER, WENDY,
                     assert_ok)

THREADS = 32
ROUNDS = 4
# (user, their org, may add org members, a same-org user to add to their projects)
WRITERS = [(ADA, PROVIDER, True, WENDY), (GRACE, PROVIDER, True, WENDY), (LINUS, PROVIDER, False, WENDY),
           (CAROL, CLIENT_A, True, DAVE), (ALAN, CLIENT_A, True, DAVE), (BOB, CLIENT_B, True, ERIN),
           (ERIN, CLIENT_B, False, BOB)]


class Recorder:
    """Every answer the threads got, thread-safely; `problems()` lists the 5xx and lock errors."""

    def __init__(self):
        self.lock = threading.Lock()
        self.answers = []
        self.errors = []

    def add(self, label, resp):
        with self.lock:
            self.answers.append((label, resp.status_code, resp.text[:300]))

    def fail(self, label, error):
        with self.lock:
            self.errors.append(f"{label}: {error!r}")

    def problems(self):
        return [a for a in self.answers
                if a[1] >= 500 or "locked" in a[2].lower() or "busy" in a[2].lower()] + self.errors


def run_threads(count, target):
    barrier = threading.Barrier(count)
    threads = [threading.Thread(target=target, args=(index, barrier), daemon=True) for index in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads), "a writer thread hung"


@pytest.fixture
def tokens(server):
    """id tokens of every writer, fetched before the threads start."""
    return {email: server.token(email) for email in {w[0] for w in WRITERS} | {w[3] for w in WRITERS}}


def call(session, server, token, method, path, recorder, label, **kwargs):
    resp = session.request(method, server.api_url + path, timeout=60,
                           headers={"Authorization": f"Bearer {token}"}, **kwargs)
    recorder.add(label, resp)
    return resp


def test_32_threads_creating_renaming_and_adding_members(server, dataloop_mock, tokens):
    seeded_projects = {p["name"] for p in server.all_projects()}
    org_ids = {name: server.org_id(name) for name in (PROVIDER, CLIENT_A, CLIENT_B)}
    recorder = Recorder()
    renamed = {}                      # final project name -> (creator, added contributor)
    invited = defaultdict(set)        # org name -> invited emails that got a 2xx
    org_names = defaultdict(list)     # org id -> names set by a 2xx rename
    lock = threading.Lock()

    def writer(index, barrier):
        email, org, may_invite, colleague = WRITERS[index % len(WRITERS)]
        session = requests.Session()
        token = tokens[email]
        barrier.wait()
        try:
            for round_ in range(ROUNDS):
                label = f"t{index}r{round_}"
                made = call(session, server, token, "POST", "/projects", recorder, label + " create",
                            data={"name": f"c-{index}-{round_}"})
                if made.status_code != 201:
                    continue
                project_id = made.json()["id"]
                new_name = f"c-{index}-{round_}-renamed"
                if call(session, server, token, "PATCH", f"/projects/{project_id}", recorder, label + " rename",
                        json={"name": new_name}).ok:
                    with lock:
                        renamed[new_name] = (email, None)
                if call(session, server, token, "POST", f"/projects/{project_id}/members/{colleague}", recorder,
                        label + " member", json={"role": "annotator"}).ok:
                    with lock:
                        renamed[new_name] = (email, colleague)
                if may_invite and round_ == 0:
                    guest = f"guest-{index}@concurrency.example"
                    if call(session, server, token, "POST", f"/orgs/{org_ids[org]}/members", recorder,
                            label + " invite", json={"emails": [guest], "role": "member"}).ok:
                        with lock:
                            invited[org].add(guest)
                if may_invite and round_ == 1:
                    name = f"{org} v{index}"
                    if call(session, server, token, "PATCH", f"/orgs/{org_ids[org]}", recorder, label + " org",
                             json={"name": name}).ok:
                        with lock:
                            org_names[org_ids[org]].append(name)
        except Exception as error:  # a connection reset or a timeout is a failure too
            recorder.fail(f"t{index}", error)

    run_threads(THREADS, writer)

    assert not recorder.problems(), recorder.problems()[:10]
    refused = [answer for answer in recorder.answers if not 200 <= answer[1] < 300]
    assert not refused, f"valid calls were refused under load: {refused[:10]}"
    assert len(recorder.answers) == THREADS * ROUNDS * 3 + 2 * sum(w[2] for w in
                                                                   (WRITERS[i % len(WRITERS)] for i in range(THREADS)))

    # the final state is what the successful calls add up to
    projects = {p["name"]: p for p in server.all_projects()}
    state_orgs = {org["id"]: org for org in server.all_orgs()}
    # A system project is named after its org and follows the org's last rename.
    system_projects = {f"{org['name']} system project" for org in state_orgs.values()}
    assert set(projects) == {name for name in seeded_projects if not name.endswith(" system project")} \
        | system_projects | set(renamed)
    for name, (creator, colleague) in renamed.items():
        roles = {c["email"]: c["role"] for c in projects[name]["contributors"]}
        assert roles == {creator: "owner", colleague: "annotator"}, (name, roles)
    for org_name, guests in invited.items():
        members = {member["email"] for member in state_orgs[org_ids[org_name]]["members"]}
        assert guests <= members, f"{org_name} lost invited members: {guests - members}"
    for org_id, names in org_names.items():
        assert state_orgs[org_id]["name"] in names
    counts = dataloop_mock.health()["counts"]
    assert counts["projects"] == len(seeded_projects) + THREADS * ROUNDS


def test_racing_for_the_same_org_name_gives_it_to_exactly_one(server, tokens):
    recorder = Recorder()
    contenders = [(ADA, PROVIDER), (CAROL, CLIENT_A), (BOB, CLIENT_B), (GRACE, PROVIDER), (ALAN, CLIENT_A)]
    # Ids up front: once a rename wins, the old name no longer finds the org.
    org_ids = {org: server.org_id(org) for _, org in contenders}
    winners = []

    def rename(index, barrier):
        email, org = contenders[index % len(contenders)]
        session = requests.Session()
        barrier.wait()
        try:
            resp = call(session, server, tokens[email], "PATCH", f"/orgs/{org_ids[org]}", recorder,
                        f"t{index}", json={"name": "Contested Name"})
            if resp.ok:
                winners.append(org)
        except Exception as error:
            recorder.fail(f"t{index}", error)

    run_threads(THREADS, rename)
    assert not recorder.problems(), recorder.problems()[:10]
    assert {status for _, status, _ in recorder.answers} <= {200, 409}
    assert len(set(winners)) == 1, f"two orgs got the same name: {set(winners)}"
    names = [org["name"] for org in server.all_orgs()]
    assert names.count("Contested Name") == 1


def test_racing_to_add_the_same_member_adds_them_once(server, tokens):
    recorder = Recorder()
    provider = server.org_id(PROVIDER)

    def add(index, barrier):
        email = (ADA, GRACE)[index % 2]
        session = requests.Session()
        barrier.wait()
        try:
            call(session, server, tokens[email], "POST", f"/orgs/{provider}/members", recorder, f"t{index}",
                 json={"emails": ["once@concurrency.example"], "role": "member"})
        except Exception as error:
            recorder.fail(f"t{index}", error)

    run_threads(THREADS, add)
    assert not recorder.problems(), recorder.problems()[:10]
    statuses = sorted(status for _, status, _ in recorder.answers)
    assert sum(200 <= s < 300 for s in statuses) == 1 and set(statuses) - {200, 201} == {409}, statuses
    members = [m["email"] for m in assert_ok(server.api(ADA, "GET", f"/orgs/{provider}/members"))]
    assert members.count("once@concurrency.example") == 1
