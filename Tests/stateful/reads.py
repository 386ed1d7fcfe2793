"""Every read the server answers, as every fixture user, and a field-by-field comparison of two
such collections: the judge of "GET /_mock/state, then PUT /_mock/fixtures of it, restores
every read exactly".

The read routes come from docs/openapi.json, so a new GET route is covered as soon as it is
documented; a GET route whose path parameter this module cannot fill, or a GET route nobody
classified, fails loudly (ReadsError) instead of being skipped.
"""
import difflib
import http.client
import json
import re
import threading
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import quote, unquote, urlencode, urlsplit

from mockapi import OPENAPI, PASSWORDS, SUPERUSERS, USERS, Api

API = "/api/v1"
SESSION_COOKIE = "dm_session"  # the web console's session cookie (a server-side session id)
# Each console sign-in gets its own CSRF token, rendered into every form: not state.
CSRF_FIELD = re.compile(r'(name="csrf_token" value=")[^"]*(")')

# Reads sent as POST: they change nothing a read shows.
POST_READS = {
    f"{API}/datasets/query": "dataset query with systemSpace (every dataset the caller may see, Binaries included)",
    f"{API}/services/fs-cache": "the org cache state (mode=get), once per org",
}
# GET routes outside /api/v1 that show no state of the emulated platform, or that are compared
# by other means.
NOT_STATE_READS = {
    "/logout": "a redirect that clears the dashboard cookie",
    "/_mock/health": "uptime and counts of the server, not a read of the platform",
    "/_mock/state": "the export itself: compared separately (export, import, export)",
    "/_mock/snapshots": "test control",
    "/_mock/requests": "test control (the journal)",
    "/_mock/faults": "test control",
    "/_mock/clock": "test control",
    "/_mock/env": "test control",
    "/_mock/namespaces": "test control",
    "/_mock/openapi.json": "the route document",
}
# Every other GET route outside /api/v1 is a page (the dashboard, the login page, the web
# redirects): read as each user with the dashboard's session cookie; a redirect's Location is
# part of the answer.


class ReadsError(AssertionError):
    """The route document has a read this module does not know how to make."""


def get_routes():
    return [path for path, ops in OPENAPI["paths"].items() if "get" in ops]


class Entities:
    """The ids (and names) reads are made with, seen by a superuser, plus readable labels
    for the ids, so that a difference names "org 'Provider Inc'" rather than a UUID."""

    def __init__(self, api: Api):
        root = next(iter(sorted(SUPERUSERS)))
        orgs = api.ok(root, "GET", "/orgs")
        projects = api.ok(root, "GET", "/projects")
        self.orgs = [(org["id"], org["name"]) for org in orgs]
        self.projects = [(project["id"], project["name"]) for project in projects]
        self.integrations = []
        for org_id, _ in self.orgs:
            for integration in api.ok(root, "GET", f"/orgs/{org_id}/integrations"):
                self.integrations.append((org_id, integration["id"], integration["name"]))
        page = api.ok(root, "POST", "/datasets/query", json={"systemSpace": True, "pageSize": 1000})
        assert page["totalItemsCount"] == len(page["items"]), "more datasets than one page of the query"
        self.datasets = [(dataset["id"], dataset["name"], dataset.get("projects") or []) for dataset in page["items"]]
        self.labels = {}
        for org in orgs:
            self.labels[org["id"]] = f"<org {org['name']}>"
            self.labels[org["account"]["id"]] = f"<account of {org['name']}>"
            for group in org.get("groups") or []:
                self.labels[group["id"]] = f"<group {group['name']}>"
            for member in org.get("members") or []:
                if member.get("id") != member.get("email"):
                    self.labels[member["id"]] = f"<invited {member['email']}>"
        for project_id, name in self.projects:
            self.labels[project_id] = f"<project {name}>"
        for _, integration_id, name in self.integrations:
            self.labels[integration_id] = f"<integration {name}>"
        project_names = dict(self.projects)
        for dataset_id, name, in_projects in self.datasets:
            where = ", ".join(project_names.get(p, p) for p in in_projects)
            self.labels[dataset_id] = f"<dataset {name} of {where}>"

    def label(self, text):
        for ident, label in self.labels.items():
            text = text.replace(ident, label)
        return text

    def fill(self, route):
        """Concrete paths for a GET route template: every entity its parameters can name."""
        params = re.findall(r"\{(\w+)\}", route)
        if not params:
            return [route]
        if route == f"{API}/projects/{{projectId}}/name":  # the segment is a project name here
            return [route.replace("{projectId}", quote(name, safe="")) for name in sorted({n for _, n in self.projects})]
        if params == ["orgId", "integrationId"]:
            return [route.replace("{orgId}", org_id).replace("{integrationId}", integration_id)
                    for org_id, integration_id, _ in self.integrations]
        single = {"orgId": [i for i, _ in self.orgs], "projectId": [i for i, _ in self.projects],
                  "datasetId": [i for i, _, _ in self.datasets]}
        if len(params) == 1 and params[0] in single:
            return [route.replace("{" + params[0] + "}", value) for value in single[params[0]]]
        raise ReadsError(f"GET {route} has path parameters {params} that Tests/stateful/reads.py cannot fill: "
                         f"teach Entities.fill about them, so that the round trip covers this read")


def read_plan(entities):
    """[(key, method, path, body)] for every read, independent of the caller."""
    plan = []
    for route in get_routes():
        if route.startswith(API + "/"):
            for path in entities.fill(route):
                plan.append((f"GET {entities.label(unquote(path))}", "GET", path, None))
        elif route.startswith("/_mock/") and route not in NOT_STATE_READS:
            raise ReadsError(f"GET {route} is a /_mock route not listed in reads.NOT_STATE_READS: "
                             f"decide whether it shows platform state and classify it")
        elif route not in NOT_STATE_READS:
            for path in entities.fill(route):
                plan.append((f"GET {entities.label(unquote(path))} (page)", "GET", path, None))
    for route in POST_READS:
        if "post" not in OPENAPI["paths"].get(route, {}):
            raise ReadsError(f"POST {route} is no longer in docs/openapi.json; update reads.POST_READS")
    plan.append((f"POST {API}/datasets/query systemSpace", "POST", f"{API}/datasets/query",
                 {"systemSpace": True, "pageSize": 1000}))
    for org_id, name in entities.orgs:
        plan.append((f"POST {API}/services/fs-cache?mode=get {entities.label(org_id)}", "POST",
                     f"{API}/services/fs-cache?mode=get", {"org": {"id": org_id, "name": name}}))
    return plan


def console_session(server, user):
    """Signs `user` in to the web console (the login form without a callback) and returns the
    session cookie's value."""
    conn = http.client.HTTPConnection(server.hostname, server.port, timeout=30)
    try:
        form = urlencode({"email": user, "password": PASSWORDS[user]})
        conn.request("POST", server.path + "/login", body=form, headers={"Content-Type": "application/x-www-form-urlencoded"})
        resp = conn.getresponse()
        resp.read()
        for header, value in resp.getheaders():
            if header.lower() == "set-cookie" and value.startswith(SESSION_COOKIE + "="):
                return value.split(";", 1)[0].split("=", 1)[1]
        raise ReadsError(f"signing {user} in to the console gave no {SESSION_COOKIE} cookie ({resp.status})")
    finally:
        conn.close()


def collect(api: Api, entities, users=USERS, threads=4):
    """{(key, user): (status, body)} for every read of the plan as every user, `threads`
    requests at a time (plain http.client keep-alive connections: a collection is a thousand
    requests, and requests' overhead per call would be most of its time)."""
    plan = read_plan(entities)
    tokens = {user: api.token(user) for user in users}
    server = urlsplit(api.mock.url)
    sessions = {user: console_session(server, user) for user in users}
    local = threading.local()

    def read(job):
        user, (key, method, path, body) = job
        if not hasattr(local, "http"):
            local.http = http.client.HTTPConnection(server.hostname, server.port, timeout=30)
        headers = {"Content-Type": "application/json"} if body is not None else {}
        if path.startswith(API + "/"):
            headers["Authorization"] = f"Bearer {tokens[user]}"
        else:
            headers["Cookie"] = f"{SESSION_COOKIE}={sessions[user]}"
        local.http.request(method, server.path + path, body=None if body is None else json.dumps(body), headers=headers)
        resp = local.http.getresponse()
        text = resp.read().decode()
        assert resp.status < 500, f"a 5xx answer to {method} {path} as {user}: {resp.status} {text[:600]}"
        try:
            answer = json.loads(text)
        except ValueError:
            answer = CSRF_FIELD.sub(r"\1<csrf>\2", text)
        if 300 <= resp.status < 400:
            answer = {"location": resp.getheader("Location"), "body": answer}
        return (key, user), (resp.status, answer)

    with ThreadPoolExecutor(threads) as pool:
        return dict(pool.map(read, [(user, step) for user in users for step in plan]))


# -- comparison ----------------------------------------------------------------------------------

def _ids(items):
    if not items or not all(isinstance(item, dict) and isinstance(item.get("id"), str) for item in items):
        return None
    ids = [item["id"] for item in items]
    return ids if len(set(ids)) == len(ids) else None


def _short(value):
    text = json.dumps(value, sort_keys=True) if not isinstance(value, str) else repr(value)
    return text if len(text) <= 160 else text[:157] + "..."


def _changed(before, after):
    """Two values as "before -> after"; two long strings show only where they differ."""
    if isinstance(before, str) and isinstance(after, str) and len(before) + len(after) > 120:
        start = next((i for i, (a, b) in enumerate(zip(before, after)) if a != b), min(len(before), len(after)))
        end = 0
        while end < min(len(before), len(after)) - start and before[-1 - end] == after[-1 - end]:
            end += 1
        start, end = max(0, start - 30), max(0, end - 20)
        cut = lambda text: ("..." if start else "") + text[start:len(text) - end] + ("..." if end else "")
        return f"{cut(before)!r} -> {cut(after)!r}"
    return f"{_short(before)} -> {_short(after)}"


def diff_values(before, after, path=""):
    """Readable differences between two JSON values: ["members[id=x].role: 'owner' -> 'admin'", ...].
    Lists of objects with unique ids are matched by id (and their order compared once)."""
    if isinstance(before, dict) and isinstance(after, dict):
        out = []
        for key in sorted(set(before) | set(after)):
            where = f"{path}.{key}" if path else key
            if key not in after:
                out.append(f"{where}: {_short(before[key])} -> (missing)")
            elif key not in before:
                out.append(f"{where}: (missing) -> {_short(after[key])}")
            else:
                out.extend(diff_values(before[key], after[key], where))
        return out
    if isinstance(before, list) and isinstance(after, list):
        ids_before, ids_after = _ids(before), _ids(after)
        if ids_before is not None and ids_after is not None:
            out = []
            by_id = {item["id"]: item for item in after}
            for item in before:
                if item["id"] not in by_id:
                    out.append(f"{path}[id={item['id']}]: present -> (missing)")
                else:
                    out.extend(diff_values(item, by_id[item["id"]], f"{path}[id={item['id']}]"))
            out.extend(f"{path}[id={ident}]: (missing) -> present" for ident in ids_after if ident not in set(ids_before))
            common_before = [i for i in ids_before if i in by_id]
            common_after = [i for i in ids_after if i in set(ids_before)]
            if common_before != common_after:
                out.append(f"{path}: order of ids {common_before} -> {common_after}")
            return out
        out = []
        for index, (old, new) in enumerate(zip(before, after)):
            out.extend(diff_values(old, new, f"{path}[{index}]"))
        if len(before) != len(after):
            out.append(f"{path}: {len(before)} items -> {len(after)} items "
                       f"(extra: {_short(before[len(after):] or after[len(before):])})")
        return out
    if isinstance(before, str) and isinstance(after, str) and "\n" in before + after and before != after:
        lines = difflib.unified_diff(before.splitlines(), after.splitlines(), "before", "after", n=0, lineterm="")
        return [f"{path or 'text'}: {line.strip()}" for line in list(lines)[2:] if line[:1] in "+-"]
    if before != after or type(before) is not type(after):
        return [f"{path or 'body'}: {_changed(before, after)}"]
    return []


def compare(before, after, entities=None):
    """Differences between two collections: [(key, user, [difference, ...])]."""
    out = []
    for key_user in sorted(set(before) | set(after)):
        key, user = key_user
        if key_user not in after:
            out.append((key, user, ["read made before only"]))
            continue
        if key_user not in before:
            out.append((key, user, ["read made after only"]))
            continue
        (status_before, body_before), (status_after, body_after) = before[key_user], after[key_user]
        lines = []
        if status_before != status_after:
            lines.append(f"status: {status_before} -> {status_after}")
        lines.extend(diff_values(body_before, body_after))
        if entities is not None:
            lines = [entities.label(line) for line in lines]
        if lines:
            out.append((key, user, lines))
    return out


def summarize(differences):
    """{(read, field): {users}}: which field of which read (ids and names of entities folded
    into {org}, {project}, ...) differs for whom."""
    fields = {}
    for key, user, lines in differences:
        route = re.sub(r"<(org|project|dataset|integration|account of) [^>]*>", r"{\1}", key)
        route = re.sub(r"/projects/[^{/][^/]*/name", "/projects/{name}/name", route)
        for line in lines:
            field = re.sub(r"\[(id=[^\]]*|\d+)\]", "[]", line.split(": ", 1)[0]) or "(the list itself)"
            fields.setdefault((route, field), set()).add(user)
    return fields


def report(differences, total, limit=400):
    """The differences as text: a summary by read and field, then every difference."""
    if not differences:
        return "no differences"
    text = [f"{len(differences)} of {total} answers differ",
            "summary (read, field: how many users see it):"]
    text += [f"  {route}  {field}: {len(users)} users" for (route, field), users in sorted(summarize(differences).items())]
    text.append("every difference (before -> after):")
    shown = 0
    for key, user, lines in differences:
        text.append(f"  {key} as {user}:")
        for line in lines:
            if shown >= limit:
                text.append(f"  ... ({sum(len(entry[2]) for entry in differences) - shown} more)")
                return "\n".join(text)
            text.append(f"    {line}")
            shown += 1
    return "\n".join(text)


def round_trip(api: Api, tamper=None):
    """Every read as every user, then GET /_mock/state -> PUT /_mock/fixtures of it, then every
    read again (everyone logged in anew, at the same pinned clock, so lastLogin may not differ
    because of the test itself). Returns (differences, total, text report, entities); also
    compares the export made after the import with the first one. `tamper(document)` may
    change the export before it is imported (to see the comparison fail)."""
    now = api.mock.clock()["nowMs"]
    api.mock.clock(now_ms=now)
    api.login_all()
    entities = Entities(api)
    before = collect(api, entities)
    exported = api.mock.state()
    api.mock.load_fixtures(tamper(json.loads(json.dumps(exported))) if tamper else exported)
    api.forget_tokens()
    api.login_all()
    after = collect(api, entities)
    differences = compare(before, after, entities)
    export_again = diff_values(exported, api.mock.state())
    if export_again:
        differences.append(("GET /_mock/state (export, import, export)", "the admin API",
                            [entities.label(line) for line in export_again]))
    return differences, len(before) + 1, report(differences, len(before) + 1), entities
