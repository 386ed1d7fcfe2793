"""What the state of a dataloop-mock namespace must be, kept by hand from the contract
(DESIGN section 3 and the notes), and the status each call must get in it.

Kept: orgs (name, plan, provider, account, members in the order they joined, integrations,
cache), projects (name, owning org, paying account, contributors, datasets), every user's
active org. Not kept, because the contract leaves them to the server: the contributors of
system projects (read back from the server) and which of several orgs becomes a user's active
org when the active one is left (any of them is right: ANY_OF_THEIRS).
"""
import copy
import re
from dataclasses import dataclass, field

ORG_ROLES = ("owner", "admin", "member", "worker")
PROJECT_ROLES = ("owner", "engineer", "annotator", "annotationManager")
MANAGERS = ("owner", "admin")
NAME_ALPHABET = re.compile(r"[A-Za-z0-9 !@#$%^&*()_+\-\[\]|.,]{1,256}")
ANY_OF_THEIRS = "<any org of theirs>"


def org_name_problem(name):
    """The name rule of orgs and projects: after trimming, 1 to 256 characters of ASCII
    letters, digits, space and !@#$%^&*()_+-[]|.,"""
    trimmed = name.strip()
    return None if NAME_ALPHABET.fullmatch(trimmed) else f"{name!r} breaks the name rule"


def system_project_name(org_name):
    return f"{org_name} system project"


@dataclass
class Org:
    id: str
    name: str
    plan: str
    provider: str | None        # org id
    account: str                # account id
    members: list               # [[email, role]] in the order they joined
    integrations: dict = field(default_factory=dict)  # id -> name
    cache: str = "NONE"
    creator: str | None = None  # never changes

    def role(self, email):
        return next((role for member, role in self.members if member == email), None)

    def owners(self):
        return [email for email, role in self.members if role == "owner"]

    def expected_owner(self):
        """The longest-standing member whose role is owner."""
        owners = self.owners()
        return owners[0] if owners else None


@dataclass
class Project:
    id: str
    name: str
    org: str                    # owning org id, never changes
    account: str                # paying account id
    system: bool
    contributors: list          # [[email, role]]
    datasets: dict = field(default_factory=dict)   # id -> name
    binaries: str | None = None                    # id of its system dataset
    tasks: int = 0                                 # tasks only come from fixtures

    def role(self, email):
        return next((role for member, role in self.contributors if member == email), None)


class Model:
    def __init__(self, orgs, projects, active, superusers, invited=()):
        self.orgs = orgs            # id -> Org, in creation order
        self.projects = projects    # id -> Project, in creation order
        self.active = active        # email -> org id | None | ANY_OF_THEIRS
        self.superusers = set(superusers)
        self.invited = set(invited)

    def copy(self):
        return copy.deepcopy(self)

    # -- lookups ---------------------------------------------------------------------------
    def org_named(self, name):
        return next((org for org in self.orgs.values() if org.name.casefold() == name.casefold()), None)

    def org_of_account(self, account):
        return next(org for org in self.orgs.values() if org.account == account)

    def orgs_of(self, email):
        return [org for org in self.orgs.values() if org.role(email)]

    def is_user(self, email):
        return email in self.active

    def can_view(self, email, project):
        return (email in self.superusers or project.role(email) is not None
                or self.orgs[project.org].role(email) in MANAGERS)

    def has_project_named(self, email, name, except_id=None):
        return any(p.name.casefold() == name.strip().casefold() and p.role(email) and p.id != except_id
                   for p in self.projects.values())

    # -- expected statuses, in the order the contract lists the conditions -----------------
    def add_members_status(self, actor, org, emails, role):
        mine = org.role(actor)
        if not (actor in self.superusers or mine == "owner" or (mine == "admin" and role != "owner")):
            return 403
        if len({email.lower() for email in emails}) != len(emails):
            return 400
        if any(org.role(email) for email in emails):
            return 409
        return 201

    def change_role_status(self, actor, org, email, role):
        mine, current = org.role(actor), org.role(email)
        if current is None:  # who may not manage members learns nothing about who is in the org
            return 404 if self.manages_org(actor, org) else 403
        if not (actor in self.superusers or mine == "owner"):
            if mine != "admin" or "owner" in (current, role):
                return 403
        if current == "owner" and role != "owner" and len(org.owners()) <= 1:
            return 409
        return 200

    def remove_member_status(self, actor, org, email):
        mine, current = org.role(actor), org.role(email)
        if current is None:
            return 404 if self.manages_org(actor, org) else 403
        if not (actor in self.superusers or mine == "owner"):
            if mine != "admin" or current == "owner":
                return 403
        if current == "owner" and len(org.owners()) <= 1:
            return 409
        return 200

    def rename_org_status(self, actor, org, name):
        if not (actor in self.superusers or org.role(actor) in MANAGERS):
            return 403
        if org_name_problem(name):
            return 400
        other = self.org_named(name.strip())
        return 409 if other is not None and other.id != org.id else 200

    def onboard_status(self, actor, name):
        if self.orgs_of(actor):
            return 403
        if org_name_problem(name):
            return 400
        return 409 if self.org_named(name.strip()) else 201

    def create_project_status(self, actor, name):
        active = self.active.get(actor)
        if active is None:
            return 400
        if self.orgs[active].role(actor) in (None, "worker"):
            return 403
        if org_name_problem(name) or self.has_project_named(actor, name):
            return 400
        return 201

    def rename_project_status(self, actor, project, name):
        """The server's order of checks (DESIGN leaves it open; the server always takes it):
        visibility, the name rule, an unchanged name (a no-op, whoever sends it: the SDK sends
        the whole project), the owner role, the system project, a name clash."""
        if not self.can_view(actor, project):
            return 403
        if org_name_problem(name):
            return 400
        if name.strip() == project.name:
            return 200
        if project.role(actor) != "owner":
            return 403
        if project.system:  # its name follows the org's, "<org name> system project", always
            return 403
        return 400 if self.has_project_named(actor, name, except_id=project.id) else 200

    def delete_project_status(self, actor, project):
        if not self.can_view(actor, project):
            return 403
        return 403 if project.system or project.role(actor) != "owner" else 200

    def paying_account_status(self, actor, project, paying_org):
        """The paying-account rule: owner of the project and owner or admin of the paying org."""
        if not self.can_view(actor, project):
            return 403
        allowed = project.role(actor) == "owner" and paying_org.role(actor) in MANAGERS
        return 200 if allowed else 403

    def project_member_status(self, actor, project, email, current, new):
        """Add (current None), change, or remove (new None) a contributor."""
        if not self.can_view(actor, project):
            return 403
        mine = project.role(actor)
        if mine != "owner":
            only_annotators = current in (None, "annotator") and new in (None, "annotator")
            if not (mine == "annotationManager" and only_annotators):
                return 403
        if current is None:
            if not self.is_user(email):
                return 404
            return 409 if project.role(email) else 201
        owners = sum(1 for _, role in project.contributors if role == "owner")
        if current == "owner" and new != "owner" and owners <= 1:
            return 409
        return 200

    def dataset_create_status(self, actor, project, name):
        if not self.can_view(actor, project):
            return 403
        if project.role(actor) not in ("owner", "engineer"):
            return 403
        taken = any(existing.casefold() == name.strip().casefold() for existing in project.datasets.values())
        return 400 if taken else 201

    def dataset_delete_status(self, actor, project, dataset_id):
        if not self.can_view(actor, project):
            return 403
        if dataset_id == project.binaries or project.role(actor) not in ("owner", "engineer"):
            return 403
        return 200

    def overview(self, org):
        """GET /orgs/{id}/overview as the contract (and the notes) count it: owned projects
        with the system project; `billed`, projects of other orgs billed to this org;
        `billedElsewhere`, this org's projects another org pays for; datasets and tasks of owned
        projects, Binaries left out."""
        owned = [p for p in self.projects.values() if p.org == org.id]
        roles = dict.fromkeys(ORG_ROLES, 0)
        for _, role in org.members:
            roles[role] += 1
        return {
            "org": {"id": org.id, "name": org.name},
            "projects": {"owned": len(owned),
                         "billed": sum(1 for p in self.projects.values() if p.account == org.account and p.org != org.id),
                         "billedElsewhere": sum(1 for p in owned if p.account != org.account)},
            "datasets": sum(len(p.datasets) - (p.binaries in p.datasets) for p in owned),
            "tasks": sum(p.tasks for p in owned),
            "members": {"total": len(org.members), **roles},
        }

    def manages_org(self, actor, org, roles=MANAGERS):
        return actor in self.superusers or org.role(actor) in roles

    # -- changes that succeeded ------------------------------------------------------------
    def remove_member(self, org, email):
        org.members = [m for m in org.members if m[0] != email]
        if self.active.get(email) == org.id:
            self.active[email] = ANY_OF_THEIRS if self.orgs_of(email) else None

    def add_member(self, org, email, role):
        org.members.append([email, role])
        if email not in self.active:
            self.invited.add(email)
            self.active[email] = None
        if self.active[email] is None:
            self.active[email] = org.id
