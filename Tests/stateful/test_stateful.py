"""Invariants under random operation sequences: a Hypothesis state machine drives a server
through member, org, project, paying-account, integration, dataset, cache, snapshot, reset and
export/import operations as the default fixture's users, predicts every status from the model
(model.py), and after every step checks:

- no 5xx, ever; a refused call (4xx) changed nothing (the export and the superuser's reads);
- orgs, members and roles, plans, providers, projects, contributors, paying accounts, datasets,
  integrations and active orgs are what the model says;
- every org has an owner, its `owner` is the longest-standing member whose role is owner, and
  its account's `owner` is the same; the account is named as the org;
- exactly one system project per org, named "<org name> system project", billed to the org;
- org names are unique ignoring case; group members are org members;
- every fourth step that changed something, and at the end of a run, every org's overview
  (owned, billed, billedElsewhere, datasets, tasks, members by role) and clients are what the
  model holds; an org's `creator` never changes;
- export -> import -> every read as every user unchanged (a rule, and at the end of each run).

CI runs a fixed seed and a bounded number of runs; `scripts/soak` raises them:
SOAK_EXAMPLES (runs, default 15), SOAK_STEPS (steps per run, default 30), SOAK_RANDOM=1 (a
new seed each time instead of the fixed one), SOAK_SURVEY=1 (do not stop at the first broken
invariant: list every kind of violation found, with one example each, at the end),
SOAK_SHRINK=1 (shrink a failing run to a minimal one: each replay talks to the server, so this
takes minutes; off by default, and the failing run is printed step by step either way).
"""
import json
import os
import re
from collections import OrderedDict

import pytest
from hypothesis import HealthCheck, Phase, note, settings, strategies as st
from hypothesis.stateful import (RuleBasedStateMachine, initialize, invariant, precondition, rule,
                                 run_state_machine_as_test)

from mockapi import PASSWORDS, ROOT, SUPERUSERS, USERS, Api, describe
from model import (ANY_OF_THEIRS, ORG_ROLES, PROJECT_ROLES, Model, Org, Project, system_project_name)
from reads import diff_values, round_trip, summarize

EXAMPLES = int(os.environ.get("SOAK_EXAMPLES", "15"))
STEPS = int(os.environ.get("SOAK_STEPS", "30"))
RANDOM = os.environ.get("SOAK_RANDOM") == "1"
SURVEY = os.environ.get("SOAK_SURVEY") == "1"
SHRINK = os.environ.get("SOAK_SHRINK") == "1"
START_MS = 1_800_000_000_000

INVITEES = ["ivy@invited.example", "jay@invited.example"]
CANDIDATES = USERS + INVITEES
ORG_NAMES = ["Acme", "acme", "Provider Inc", "client a", "Beta Labs", "Bad/Name", "  Padded Org  ", "Client B"]
PROJECT_NAMES = ["Alpha", "alpha", "Beta", "Street scenes", "Provider Inc system project", "Bad:name", "  Gamma  "]
DATASET_NAMES = ["data", "DATA", "Binaries", "frames", "  padded  "]
INTEGRATIONS = [  # (type, options, metadata, accepted)
    ("s3", {"key": "K", "secret": "S"}, [{"name": "region", "value": "eu-west-1"}], True),
    ("key_value", {"value": "v"}, {"provider": "aws", "ref": "arn:x"}, True),
    ("key_value", {"value": "v"}, {"color": "red"}, False),
    ("gcp-cross", {}, None, True),
    ("gcp-cross", {}, {"x": "y"}, False),
    ("no-such-type", {}, None, False),
]
CACHE_CALLS = [("cache", "apply", "READY"), ("fs-cache", "apply-filestore", "READY"), ("fs-cache", "apply", "READY"),
               ("cache", "destroy", "NONE"), ("fs-cache", "destroy", "NONE")]

picks = st.integers(min_value=0, max_value=10_000)
# Who acts: any user (mostly refused), or (role, n): the n-th user with that role in the org or
# project the rule is about (mostly allowed), so that owner transfers and the like happen.
org_actors = st.tuples(st.sampled_from(("owner", "owner", "admin") + ORG_ROLES), picks) | st.sampled_from(USERS)
project_actors = st.tuples(st.sampled_from(("owner", "owner") + PROJECT_ROLES), picks) | st.sampled_from(USERS)


def pick(items, index):
    items = list(items)
    return items[index % len(items)] if items else None


def acting(actor, members):
    """The user an actor strategy names, among `members` ([[email, role]])."""
    if isinstance(actor, str):
        return actor
    role, index = actor
    return pick([email for email, r in members if r == role and email in PASSWORDS], index) or pick(USERS, index)


def same_entities(what, seen, model, problems):
    """The server shows the entities (id -> JSON) the model has (id -> Org or Project)."""
    if set(seen) == set(model):
        return True
    problems.append(f"{what}: server has {sorted(e['name'] for e in seen.values())}, "
                    f"model {sorted(e.name for e in model.values())}")
    return False


def member_or_anyone(members, index):
    """Mostly a member (of those [[email, role]]), sometimes any user at all."""
    return pick(CANDIDATES, index // 5) if index % 5 == 0 else pick([email for email, _ in members], index)


class Statistics:
    """How often each call got each status, printed at the end (see that the runs do reach
    the interesting cases): {"PATCH /orgs/{} -> 200": n}."""
    counts = {}

    @classmethod
    def add(cls, key):
        cls.counts[key] = cls.counts.get(key, 0) + 1

    @classmethod
    def report(cls):
        return "\n".join(f"{count:6d}  {key}" for key, count in sorted(cls.counts.items()))


class Violations:
    """Broken invariants. Strict (CI): the check fails with every violation it found. Survey
    (SOAK_SURVEY=1): each kind is counted, its first example kept, and the test fails at the end."""
    found = OrderedDict()  # kind -> [count, first detail]

    @classmethod
    def report(cls):
        return "\n".join(f"- {kind} ({count}x), e.g. {detail}" for kind, (count, detail) in cls.found.items())


class OwnershipMachine(RuleBasedStateMachine):
    mock = None  # the session's MockServer, set by the test

    def __init__(self):
        super().__init__()
        self.api = Api(self.mock)
        self.model = None
        self.seed_model = None
        self.snapshots = {}
        self.last = None          # what the server showed after the previous step
        self.refused = None       # the refused call of this step, if any
        self.touched = set()      # users whose active org this step may have changed
        self.mid_round_trips = 0
        self.healthy = False
        self.quiet = False        # this step changed nothing (a snapshot, time passing): no check
        self.wrote = False        # this step changed the state (overviews are checked then)
        self.resync = False       # survey: a status was not the model's; the model is read anew
        self.writes = 0           # steps that changed the state so far

    # -- plumbing ----------------------------------------------------------------------------
    def call(self, actor, method, path, expected, body=None, why=""):
        """One API call as `actor`; its status must be `expected` (one status)."""
        assert isinstance(expected, int), f"one expected status, not {expected!r}"
        self.healthy = False
        resp = self.api.api(actor, method, path, **({"json": body} if body is not None else {}))
        wanted = f"{expected}" + (f" ({why})" if why else "")
        route = f"{method} {re.sub(r'[0-9a-f-]{36}|[^/?]+@[^/?]+', '{}', path.split('?')[0])}"
        Statistics.add(f"{route} -> {resp.status_code}")
        if SURVEY and resp.status_code != expected:
            # Survey: note it, and take the server's state as the model's from the next check on.
            self.violation([], f"{route}: expected {wanted} got {resp.status_code}", f"as {actor}: {describe(resp)[:400]}")
            self.resync = True
        assert SURVEY or resp.status_code == expected, f"as {actor}: expected {wanted}, got\n{describe(resp)}"
        note(f"    {method} {path} {json.dumps(body) if body is not None else ''} as {actor} -> {resp.status_code}")
        if resp.status_code >= 400:
            self.refused = f"{method} {path} as {actor} -> {resp.status_code}"
        else:
            self.wrote = True
        self.touched.add(actor)
        return resp

    def observe(self):
        return {
            "state": self.mock.state(),
            "orgs": self.api.ok(ROOT, "GET", "/orgs"),
            "projects": self.api.ok(ROOT, "GET", "/projects"),
            "datasets": self.api.ok(ROOT, "POST", "/datasets/query", json={"systemSpace": True, "pageSize": 1000}),
        }

    def violation(self, problems, kind, detail):
        if SURVEY:
            entry = Violations.found.setdefault(kind, [0, detail])
            entry[0] += 1
        else:
            problems.append(f"{kind}: {detail}")

    def org(self, index):
        return pick(self.model.orgs.values(), index)

    def project(self, index, system=False):
        return pick([p for p in self.model.projects.values() if system or not p.system], index)

    # -- setup -----------------------------------------------------------------------------
    @initialize()
    def start(self):
        self.api.start_over()
        self.mock.clock(now_ms=START_MS)
        self.api.login_all()  # every login happens here (or in a round trip): lastLogin stays put
        self.model = self.model_from_server()
        self.seed_model = self.model.copy()
        self.last = self.observe()
        self.wrote = True
        self.healthy = True

    def model_from_server(self):
        """The default fixture as the model holds it (ids are the server's; members in fixture
        order, which is the order they joined)."""
        state = self.mock.state()
        orgs_json = {org["id"]: org for org in self.api.ok(ROOT, "GET", "/orgs")}
        by_name = {org["name"]: org["id"] for org in orgs_json.values()}
        orgs = {}
        for org in state["orgs"]:
            org_id = by_name[org["name"]]
            orgs[org_id] = Org(id=org_id, name=org["name"], plan=org.get("plan", "freemium"),
                               provider=by_name.get(org.get("provider")), account=orgs_json[org_id]["account"]["id"],
                               members=[[m["email"], m["role"]] for m in org["members"]], creator=orgs_json[org_id]["creator"],
                               integrations={i["id"]: i["name"] for i in self.api.ok(ROOT, "GET", f"/orgs/{org_id}/integrations")})
        projects = {}
        for project in self.api.ok(ROOT, "GET", "/projects"):
            projects[project["id"]] = Project(
                id=project["id"], name=project["name"], org=project["org"]["id"], account=project["account"],
                system=project["systemProject"], contributors=[[c["email"], c["role"]] for c in project["contributors"]])
        tasks = {project["id"]: len(project.get("tasks") or []) for project in state["projects"]}
        for project in projects.values():
            project.tasks = tasks.get(project.id, 0)
        for dataset in self.api.ok(ROOT, "POST", "/datasets/query", json={"systemSpace": True, "pageSize": 1000})["items"]:
            project = projects[dataset["projects"][0]]
            project.datasets[dataset["id"]] = dataset["name"]
            if dataset["name"] == "Binaries":
                project.binaries = dataset["id"]
        active = {}
        for user in state["users"]:
            active[user["email"]] = by_name.get(user.get("activeOrg")) if "activeOrg" in user else \
                next((o.id for o in orgs.values() if o.role(user["email"])), None)
        return Model(orgs, projects, active, SUPERUSERS)

    # -- org members ---------------------------------------------------------------------------
    @rule(actor=org_actors, org=picks, who=st.sampled_from(CANDIDATES), also=st.none() | st.sampled_from(CANDIDATES),
          role=st.sampled_from(ORG_ROLES))
    def add_org_members(self, actor, org, who, also, role):
        org = self.org(org)
        actor = acting(actor, org.members)
        emails = [who] if also is None else [who, also]
        expected = self.model.add_members_status(actor, org, emails, role)
        self.call(actor, "POST", f"/orgs/{org.id}/members", expected, {"emails": emails, "role": role})
        if expected == 201:
            for email in emails:
                self.model.add_member(org, email, role)
            self.touched.update(emails)

    @rule(actor=org_actors, org=picks, who=picks, role=st.sampled_from(("owner",) + ORG_ROLES))
    def change_org_role(self, actor, org, who, role, resolved=False):
        if not resolved:
            org = self.org(org)
            actor = acting(actor, org.members)
        email = who if resolved else member_or_anyone(org.members, who)
        expected = self.model.change_role_status(actor, org, email, role)
        self.call(actor, "PATCH", f"/orgs/{org.id}/members", expected, {"email": email, "role": role})
        if expected == 200:
            next(m for m in org.members if m[0] == email)[1] = role

    @rule(org=picks, successor=picks, then=st.sampled_from(["admin", "member", "worker", "leave", "stay"]))
    def transfer_ownership(self, org, successor, then):
        """The org's owner makes another member owner, then steps down to `then`, leaves the
        org (removed by the new owner), or stays an owner too."""
        org = self.org(org)
        owner = org.expected_owner()
        others = [email for email, _ in org.members if email != owner]
        if owner not in PASSWORDS or not others:
            return
        successor = pick(others, successor)
        self.change_org_role(owner, org, successor, "owner", resolved=True)
        if then == "leave" and successor in PASSWORDS:
            self.remove_org_member(successor, org, owner, resolved=True)
        elif then in ORG_ROLES:
            self.change_org_role(owner, org, owner, then, resolved=True)

    @rule(actor=org_actors, org=picks, who=picks)
    def remove_org_member(self, actor, org, who, resolved=False):
        if not resolved:
            org = self.org(org)
            actor = acting(actor, org.members)
        email = who if resolved else member_or_anyone(org.members, who)
        member = next((m for m in self.last_org(org.id).get("members", []) if m["email"] == email), None)
        user_id = member["id"] if member else email  # invited users have a UUID id
        expected = self.model.remove_member_status(actor, org, email)
        self.call(actor, "DELETE", f"/orgs/{org.id}/members/{user_id}", expected)
        if expected == 200:
            self.model.remove_member(org, email)
            self.touched.add(email)

    def last_org(self, org_id):
        return next((o for o in self.last["orgs"] if o["id"] == org_id), {})

    # -- orgs ------------------------------------------------------------------------------------
    @rule(actor=org_actors, org=picks, name=st.sampled_from(ORG_NAMES))
    def rename_org(self, actor, org, name):
        org = self.org(org)
        actor = acting(actor, org.members)
        expected = self.model.rename_org_status(actor, org, name)
        self.call(actor, "PATCH", f"/orgs/{org.id}", expected, {"name": name})
        if expected == 200:
            org.name = name.strip()
            system = next(p for p in self.model.projects.values() if p.system and p.org == org.id)
            system.name = system_project_name(org.name)

    @rule(actor=st.sampled_from(USERS) | st.just(ROOT), org=picks, plan=st.sampled_from(["freemium", "premium", "gold"]))
    def set_plan(self, actor, org, plan):
        org = self.org(org)
        expected = 403 if actor not in SUPERUSERS else (400 if plan == "gold" else 200)
        self.call(actor, "PATCH", f"/orgs/{org.id}/plan", expected, {"plan": plan})
        if expected == 200:
            org.plan = plan

    @rule(actor=st.sampled_from(USERS) | picks, name=st.sampled_from(ORG_NAMES), provider=st.none() | picks)
    def onboard(self, actor, name, provider):
        """A user in no org creates one (actor n: the n-th user in no org, if there is one)."""
        if isinstance(actor, int):
            actor = pick([u for u in USERS if not self.model.orgs_of(u)], actor) or pick(USERS, actor)
        provider = None if provider is None else self.org(provider)
        expected = self.model.onboard_status(actor, name)
        body = {"name": name} if provider is None else {"name": name, "provider": provider.id}
        resp = self.call(actor, "POST", "/orgs", expected, body)
        if expected != 201:
            return
        created = resp.json()
        org = Org(id=created["id"], name=name.strip(), plan="freemium", provider=provider and provider.id,
                  account=created["account"]["id"], members=[[actor, "owner"]], creator=actor)
        self.model.orgs[org.id] = org
        self.model.active[actor] = org.id
        systems = [p for p in self.api.ok(actor, "GET", f"/orgs/{org.id}/projects") if p["systemProject"]]
        assert len(systems) == 1, f"onboarding made {len(systems)} system projects: {json.dumps(systems)[:800]}"
        self.add_project_to_model(systems[0])

    def add_project_to_model(self, answer):
        project = Project(id=answer["id"], name=answer["name"], org=answer["org"]["id"], account=answer["account"],
                          system=answer["systemProject"], contributors=[[c["email"], c["role"]] for c in answer["contributors"]])
        page = self.api.ok(ROOT, "POST", "/datasets/query",
                           json={"systemSpace": True, "pageSize": 1000, "context": {"projects": [project.id]}})
        names = [d["name"] for d in page["items"]]
        assert names == ["Binaries"], f"a new project's datasets are {names}, expected ['Binaries']"
        project.binaries = page["items"][0]["id"]
        project.datasets = {project.binaries: "Binaries"}
        self.model.projects[project.id] = project
        return project

    @rule(actor=org_actors, org=picks)
    def switch_active_org(self, actor, org):
        org = self.org(org)
        actor = acting(actor, org.members)
        expected = 200 if org.role(actor) else 403
        self.call(actor, "PATCH", "/users/me", expected, {"org": org.id})
        if expected == 200:
            self.model.active[actor] = org.id

    # -- projects ------------------------------------------------------------------------------
    @rule(actor=st.sampled_from(USERS), name=st.sampled_from(PROJECT_NAMES))
    def create_project(self, actor, name):
        if self.model.active.get(actor) == ANY_OF_THEIRS:
            self.resolve_active(actor)
        expected = self.model.create_project_status(actor, name)
        resp = self.call(actor, "POST", "/projects", expected, {"name": name})
        if expected == 201:
            answer = resp.json()
            active = self.model.orgs[self.model.active[actor]]
            project = self.add_project_to_model(answer)
            wanted = (name.strip(), active.id, active.account, [[actor, "owner"]])
            assert (project.name, project.org, project.account, project.contributors) == wanted, (
                f"created project {json.dumps(answer)[:800]}\nexpected (name, org, account, contributors) {wanted}")

    @rule(actor=project_actors, project=picks, name=st.sampled_from(PROJECT_NAMES))
    def rename_project(self, actor, project, name):
        """Any project, system projects too: their name is the org's (a rename is refused)."""
        project = self.model.projects[project] if isinstance(project, str) else self.project(project, system=True)
        actor = acting(actor, project.contributors)
        expected = self.model.rename_project_status(actor, project, name)
        why = "a system project is named after its org" if project.system and expected != 200 else ""
        resp = self.call(actor, "PATCH", f"/projects/{project.id}", expected, {"name": name}, why=why)
        if resp.status_code == 200:
            project.name = name.strip()

    @rule(org=picks, owner=picks, name=st.sampled_from(PROJECT_NAMES))
    def rename_system_project(self, org, owner, name):
        """An owner of an org's system project tries to rename it."""
        org = self.org(org)
        system = next(p for p in self.model.projects.values() if p.system and p.org == org.id)
        self.rename_project(("owner", owner), system.id, name)

    @rule(actor=project_actors, project=picks)
    def delete_project(self, actor, project):
        project = self.project(project, system=True)
        actor = acting(actor, project.contributors)
        expected = self.model.delete_project_status(actor, project)
        self.call(actor, "DELETE", f"/projects/{project.id}", expected)
        if expected == 200:
            del self.model.projects[project.id]

    @precondition(lambda self: any(not p.system for p in self.model.projects.values()))
    @rule(actor=project_actors, project=picks, org=picks, managed=st.booleans(), whole_project=st.booleans())
    def set_paying_account(self, actor, project, org, managed, whole_project):
        """PATCH /projects/{id}/account, or the SDK's PATCH /projects/{id} with a changed account;
        `managed`: the paying org is one the actor is owner or admin of, if any."""
        project = self.project(project)
        actor = acting(actor, project.contributors)
        orgs = list(self.model.orgs.values())
        paying = pick([o for o in orgs if o.role(actor) in ("owner", "admin")], org) if managed else None
        paying = paying or pick(orgs, org)
        if whole_project:
            expected = 403 if not self.model.can_view(actor, project) else (
                200 if paying.account == project.account else self.model.paying_account_status(actor, project, paying))
            self.call(actor, "PATCH", f"/projects/{project.id}", expected, {"name": project.name, "account": paying.account})
        else:
            expected = self.model.paying_account_status(actor, project, paying)
            self.call(actor, "PATCH", f"/projects/{project.id}/account", expected, {"accountId": paying.account})
        if expected == 200:
            project.account = paying.account

    @precondition(lambda self: any(not p.system for p in self.model.projects.values()))
    @rule(project=picks, owner=picks, org=picks)
    def bill_to_a_managed_org(self, project, owner, org):
        """The common case of the paying-account rule: a project owner moves the bill to an org
        they own or administer (or back)."""
        self.set_paying_account(("owner", owner), project, org, managed=True, whole_project=False)

    # -- project members -----------------------------------------------------------------------
    @precondition(lambda self: any(not p.system for p in self.model.projects.values()))
    @rule(actor=project_actors, project=picks, who=st.sampled_from(CANDIDATES), role=st.sampled_from(PROJECT_ROLES))
    def add_project_member(self, actor, project, who, role):
        project = self.project(project)
        actor = acting(actor, project.contributors)
        expected = self.model.project_member_status(actor, project, who, None, role)
        self.call(actor, "POST", f"/projects/{project.id}/members/{who}", expected, {"role": role})
        if expected == 201:
            project.contributors.append([who, role])

    @precondition(lambda self: any(not p.system for p in self.model.projects.values()))
    @rule(actor=project_actors, project=picks, who=picks, role=st.sampled_from(PROJECT_ROLES))
    def change_project_member(self, actor, project, who, role):
        project = self.project(project)
        actor = acting(actor, project.contributors)
        member = pick(project.contributors, who)
        expected = self.model.project_member_status(actor, project, member[0], member[1], role)
        self.call(actor, "PATCH", f"/projects/{project.id}/members/{member[0]}", expected, {"role": role})
        if expected == 200:
            member[1] = role

    @precondition(lambda self: any(not p.system for p in self.model.projects.values()))
    @rule(actor=project_actors, project=picks, who=picks)
    def remove_project_member(self, actor, project, who):
        project = self.project(project)
        actor = acting(actor, project.contributors)
        member = pick(project.contributors, who)
        expected = self.model.project_member_status(actor, project, member[0], member[1], None)
        self.call(actor, "DELETE", f"/projects/{project.id}/members/{member[0]}", expected)
        if expected == 200:
            project.contributors.remove(member)

    # -- integrations, datasets, cache ---------------------------------------------------------
    @rule(actor=org_actors, org=picks, kind=st.sampled_from(INTEGRATIONS), name=st.sampled_from(["bucket", "vault"]))
    def create_integration(self, actor, org, kind, name):
        org = self.org(org)
        actor = acting(actor, org.members)
        type_, options, metadata, accepted = kind
        expected = 403 if not self.model.manages_org(actor, org) else (201 if accepted else 400)
        body = {"type": type_, "name": name, "options": options}
        if metadata is not None:
            body["metadata"] = metadata
        resp = self.call(actor, "POST", f"/orgs/{org.id}/integrations", expected, body)
        if expected == 201:
            org.integrations[resp.json()["id"]] = name

    @precondition(lambda self: any(o.integrations for o in self.model.orgs.values()))
    @rule(actor=org_actors, org=picks, which=picks)
    def delete_integration(self, actor, org, which):
        org = self.org(org)
        actor = acting(actor, org.members)
        if not org.integrations:
            org = next(o for o in self.model.orgs.values() if o.integrations)
        integration = pick(org.integrations, which)
        expected = 200 if self.model.manages_org(actor, org) else 403
        self.call(actor, "DELETE", f"/orgs/{org.id}/integrations/{integration}", expected)
        if expected == 200:
            del org.integrations[integration]

    @precondition(lambda self: any(o.integrations for o in self.model.orgs.values()))
    @rule(actor=org_actors, org=picks, which=picks, name=st.sampled_from(["bucket", "renamed", "  trimmed  "]))
    def rename_integration(self, actor, org, which, name):
        org = self.org(org)
        if not org.integrations:
            org = next(o for o in self.model.orgs.values() if o.integrations)
        actor = acting(actor, org.members)
        integration = pick(org.integrations, which)
        expected = 200 if self.model.manages_org(actor, org) else 403
        self.call(actor, "PATCH", f"/orgs/{org.id}/integrations", expected, {"integrationId": integration, "name": name})
        if expected == 200:
            org.integrations[integration] = name.strip()

    @rule(actor=project_actors, project=picks, name=st.sampled_from(DATASET_NAMES))
    def create_dataset(self, actor, project, name):
        project = self.project(project, system=True)
        actor = acting(actor, project.contributors)
        expected = self.model.dataset_create_status(actor, project, name)
        resp = self.call(actor, "POST", "/datasets", expected, {"name": name, "projects": [project.id]})
        if expected == 201:
            project.datasets[resp.json()["id"]] = name.strip()

    @rule(actor=project_actors, project=picks, which=picks)
    def delete_dataset(self, actor, project, which):
        project = self.project(project, system=True)
        actor = acting(actor, project.contributors)
        dataset = pick(project.datasets, which)
        expected = self.model.dataset_delete_status(actor, project, dataset)
        self.call(actor, "DELETE", f"/datasets/{dataset}", expected)
        if expected == 200:
            del project.datasets[dataset]

    @rule(actor=org_actors, org=picks, how=st.sampled_from(CACHE_CALLS))
    def cache(self, actor, org, how):
        org = self.org(org)
        actor = acting(actor, org.members)
        route, mode, state = how
        expected = 200 if self.model.manages_org(actor, org, roles=("owner",)) else 403
        resp = self.call(actor, "POST", f"/services/{route}?mode={mode}", expected, {"org": {"id": org.id, "name": org.name}})
        if expected == 200:
            assert resp.json() == {"state": state}, describe(resp)
            org.cache = state

    # -- time, snapshots, reset, export/import --------------------------------------------------
    @rule(ms=st.sampled_from([1, 1000, 3_600_000]))
    def advance_clock(self, ms):
        """Time passes (or not: steps without it share a timestamp, so order must come from
        list position)."""
        self.mock.clock(advance_ms=ms)
        self.quiet = True

    @rule(name=st.sampled_from(["one", "two"]))
    def snapshot(self, name):
        self.mock.snapshot(name)
        self.snapshots[name] = self.model.copy()
        self.quiet = True

    @precondition(lambda self: self.snapshots)
    @rule(name=st.sampled_from(["one", "two"]))
    def restore(self, name):
        if name not in self.snapshots:
            name = sorted(self.snapshots)[0]
        self.mock.restore(name)
        self.model = self.snapshots[name].copy()
        self.wrote = True

    @rule()
    def reset(self):
        self.mock.reset()
        self.model = self.seed_model.copy()
        self.wrote = True

    @precondition(lambda self: self.mid_round_trips < 1)
    @rule()
    def export_and_import(self):
        """GET /_mock/state -> PUT /_mock/fixtures in the middle of a run: every read the same,
        and what follows runs on the imported state (which is also what reset returns to)."""
        self.mid_round_trips += 1
        self.round_trip("in the middle of the run")
        self.seed_model = self.model.copy()

    def round_trip(self, when):
        self.healthy = False
        differences, _, text, _ = round_trip(self.api)
        if differences and not SURVEY:
            raise AssertionError(f"export -> import {when} changes reads:\n{text}")
        for (read, field), users in summarize(differences).items():
            self.violation([], f"export -> import changes {field} of {read}", f"{when}, for {sorted(users)}")

    # -- the invariants ---------------------------------------------------------------------
    @invariant()
    def consistent(self):
        if self.model is None or self.quiet:
            self.quiet = False
            return
        self.healthy = False
        now = self.observe()
        if self.refused is not None:
            changed = diff_values(self.last, now)
            assert not changed, f"the refused call {self.refused} changed the state:\n" + "\n".join(changed[:60])
            self.refused = None
        if self.resync:
            self.model, self.resync = self.model_from_server(), False
        self.last = now
        problems = []
        self.check_orgs(now, problems)
        self.check_projects(now, problems)
        self.check_active_orgs(now, problems)
        if self.wrote:
            self.writes += 1
            if self.writes % 4 == 0:  # one request per org and kind: not after every step
                self.check_overviews(problems)
        self.touched = set()
        self.wrote = False
        if problems:
            raise AssertionError("after this step the state is not what the model says:\n" + "\n".join(problems))
        self.healthy = True

    def check_orgs(self, now, problems):
        orgs = {org["id"]: org for org in now["orgs"]}
        if not same_entities("orgs", orgs, self.model.orgs, problems):
            return
        exported = {org["name"]: org for org in now["state"]["orgs"]}
        names = [org["name"].casefold() for org in orgs.values()]
        if len(set(names)) != len(names):
            self.violation(problems, "org names are not unique ignoring case", sorted(names))
        for org_id, org in orgs.items():
            want = self.model.orgs[org_id]
            label = f"org {want.name!r}"
            seen = (org["name"], org["plan"], org["provider"], org["account"]["id"], org["creator"], org["account"]["org"])
            wanted = (want.name, want.plan, want.provider, want.account, want.creator, want.id)
            if seen != wanted:
                problems.append(f"{label}: (name, plan, provider, account id, creator, account.org) {seen}, model {wanted}")
            roles = {m["email"]: m["role"] for m in org["members"]}
            if roles != dict(want.members):
                problems.append(f"{label}: members {roles}, model {dict(want.members)}")
                continue
            owners = want.owners()
            if not owners:
                problems.append(f"{label}: no member is owner: {roles}")
            if org["owner"] not in owners:
                self.violation(problems, "org owner is not one of its owners",
                               f"{label}: owner {org['owner']!r}, owners {owners}")
            elif org["owner"] != want.expected_owner():
                self.violation(problems, "org owner is not the longest-standing owner",
                               f"{label}: owner {org['owner']!r}, expected {want.expected_owner()!r} "
                               f"(members in the order they joined: {want.members})")
            if org["account"]["owner"] != org["owner"]:
                self.violation(problems, "account owner differs from org owner",
                               f"{label}: account.owner {org['account']['owner']!r}, owner {org['owner']!r}")
            if org["account"]["name"] != org["name"]:
                self.violation(problems, "account name differs from org name",
                               f"{label}: account.name {org['account']['name']!r}")
            member_ids = {m["id"] for m in org["members"]}
            for group in org["groups"]:
                strays = [m for m in group["members"] if m not in member_ids]
                if strays:
                    problems.append(f"{label}: group {group['name']!r} holds non-members {strays}")
            integrations = {i["id"]: i["name"] for i in exported.get(org["name"], {}).get("integrations", [])}
            if integrations != want.integrations:
                problems.append(f"{label}: integrations (export) {integrations}, model {want.integrations}")

    def check_projects(self, now, problems):
        projects = {p["id"]: p for p in now["projects"]}
        if not same_entities("projects", projects, self.model.projects, problems):
            return
        for org in self.model.orgs.values():
            systems = [p for p in projects.values() if p["systemProject"] and p["org"]["id"] == org.id]
            if len(systems) != 1:
                problems.append(f"org {org.name!r} has {len(systems)} system projects")
            else:
                if systems[0]["name"] != system_project_name(org.name):
                    self.violation(problems, "system project not named after its org",
                                   f"org {org.name!r}: system project {systems[0]['name']!r}")
                if systems[0]["account"] != org.account:
                    problems.append(f"org {org.name!r}: its system project is billed to {systems[0]['account']!r}")
        datasets = {}
        for dataset in now["datasets"]["items"]:
            datasets.setdefault(dataset["projects"][0], {})[dataset["id"]] = dataset["name"]
        for project_id, project in projects.items():
            want = self.model.projects[project_id]
            contributors = [[c["email"], c["role"]] for c in project["contributors"]]
            if want.system:
                want.contributors = contributors  # not in the contract: the server's answer is taken
            label = f"project {want.name!r}"
            seen = (project["systemProject"], project["org"]["id"], project["account"])
            if seen != (want.system, want.org, want.account):
                problems.append(f"{label}: (systemProject, org, account) {seen}, model {(want.system, want.org, want.account)}"
                                " (the account of a project only moves by the paying-account rule)")
            if not want.system and project["name"] != want.name:
                problems.append(f"{label}: name {project['name']!r}")
            if dict(contributors) != dict(want.contributors):
                problems.append(f"{label}: contributors {dict(contributors)}, model {dict(want.contributors)}")
            if datasets.get(project_id, {}) != want.datasets:
                problems.append(f"{label}: datasets {datasets.get(project_id, {})}, model {want.datasets}")

    def check_overviews(self, problems):
        """Every org's overview and clients, as the superuser sees them, are what the model holds."""
        for org in self.model.orgs.values():
            seen = self.api.ok(ROOT, "GET", f"/orgs/{org.id}/overview")
            want = self.model.overview(org)
            if seen != want:
                self.violation(problems, "overview counts differ from the model",
                               f"org {org.name!r}: " + "; ".join(diff_values(want, seen)) + " (model -> server)")
            clients = sorted(client["id"] for client in self.api.ok(ROOT, "GET", f"/orgs/{org.id}/clients"))
            if clients != sorted(o.id for o in self.model.orgs.values() if o.provider == org.id):
                problems.append(f"org {org.name!r}: clients {clients}")

    def check_active_orgs(self, now, problems):
        """Every user's active org as the export shows it, and as GET /users/me shows it to the
        users this step acted as or on (invited users cannot log in)."""
        exported = {user["email"]: user for user in now["state"]["users"]}
        ids = {org.name: org.id for org in self.model.orgs.values()}
        for email, want in self.model.active.items():
            seen = {"export": ids.get(exported.get(email, {}).get("activeOrg"))}
            if email in self.touched and email in PASSWORDS:
                seen["GET /users/me"] = self.api.ok(email, "GET", "/users/me").get("org")
            theirs = [org.id for org in self.model.orgs_of(email)]
            if want == ANY_OF_THEIRS and seen["export"] in theirs:
                want = self.model.active[email] = seen["export"]
            for where, org in seen.items():
                if org != want:
                    problems.append(f"active org of {email} ({where}): {org!r}, model {want!r} (their orgs: {theirs})")

    def resolve_active(self, email):
        seen = self.api.ok(email, "GET", "/users/me").get("org")
        assert seen in [org.id for org in self.model.orgs_of(email)], f"active org of {email} is {seen!r}"
        self.model.active[email] = seen

    def teardown(self):
        if self.healthy and self.model is not None:
            problems = []
            self.check_overviews(problems)
            if problems:
                raise AssertionError("at the end of the run:\n" + "\n".join(problems))
            self.round_trip("at the end of the run")


def test_random_operation_sequences_keep_the_invariants(mock):
    OwnershipMachine.mock = mock
    Violations.found.clear()
    Statistics.counts.clear()
    try:
        run_state_machine_as_test(OwnershipMachine, settings=settings(
            max_examples=EXAMPLES, stateful_step_count=STEPS, derandomize=not RANDOM, database=None, deadline=None,
            suppress_health_check=list(HealthCheck), print_blob=True,
            phases=list(Phase) if SHRINK else [Phase.explicit, Phase.reuse, Phase.generate]))
    finally:
        print(f"calls made, by status:\n{Statistics.report()}")
    if Violations.found:
        pytest.fail(f"broken invariants (SOAK_SURVEY):\n{Violations.report()}", pytrace=False)
