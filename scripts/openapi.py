#!/usr/bin/env python3
"""Writes docs/openapi.json: the OpenAPI 3.1 document of every route dataloop-mock serves.

The route table below is the source; `scripts/embed-resources` compiles the JSON into the
binary (served at /_mock/openapi.json), and a Swift test checks it against the router both
ways. Run: scripts/openapi.py && scripts/embed-resources
"""
import json
import pathlib
import re

def ref(name): return {"$ref": f"#/components/schemas/{name}"}
def arr(schema): return {"type": "array", "items": schema}
def obj(props, required=(), extra=False):
    schema = {"type": "object", "properties": props, "additionalProperties": extra}
    if required: schema["required"] = list(required)
    return schema
S, I, B = {"type": "string"}, {"type": "integer"}, {"type": "boolean"}
NS = {"type": ["string", "null"]}
NI = {"type": ["integer", "null"]}
ANY = {}

schemas = {
    "Error": obj({"status": I, "error": S, "message": S}, ["status", "error", "message"]),
    "User": obj({"id": S, "email": S, "username": S, "firstName": NS, "lastName": NS, "avatar": NS, "type": S,
                 "org": NS, "createdAt": I, "updatedAt": I, "lastLogin": NI, "boarded": B, "interest": NS,
                 "timezone": S, "role": S, "inviteStatus": S},
                ["id", "email", "username", "firstName", "lastName", "type", "org", "createdAt", "updatedAt"]),
    "Account": obj({"id": S, "name": S, "org": S, "owner": NS, "creator": NS, "createdAt": I, "updatedAt": I},
                   ["id", "name", "org", "createdAt", "updatedAt"]),
    "Group": obj({"id": S, "name": S, "org": S, "owner": NS, "members": arr(S), "createdAt": I, "updatedAt": I},
                 ["id", "name", "org", "members"]),
    "Org": obj({"id": S, "name": S, "plan": {"enum": ["freemium", "premium"]}, "owner": NS, "creator": NS,
                "createdAt": I, "updatedAt": I, "logoUrl": NS, "members": arr(ref("User")), "groups": arr(ref("Group")),
                "account": ref("Account"), "provider": NS},
               ["id", "name", "plan", "owner", "createdAt", "updatedAt", "members", "groups", "account", "provider"]),
    "OrgSummary": obj({"id": S, "name": S, "plan": S, "provider": NS, "owner": NS}, ["id", "name"]),
    "Project": obj({"id": S, "name": S, "org": ref("OrgSummary"), "account": S, "creator": NS, "createdAt": I,
                    "updatedAt": I, "role": NS, "contributors": arr(ref("User")), "isBlocked": B, "archived": B,
                    "systemProject": B, "featureConstraints": {"type": "object"}},
                   ["id", "name", "org", "account", "createdAt", "updatedAt", "contributors", "systemProject"]),
    "Overview": obj({"org": obj({"id": S, "name": S}, ["id", "name"]),
                     "projects": obj({"owned": I, "billed": I, "billedElsewhere": I}, ["owned", "billed", "billedElsewhere"]), "datasets": I, "tasks": I,
                     "members": obj({"total": I, "owner": I, "admin": I, "member": I, "worker": I},
                                    ["total", "owner", "admin", "member", "worker"])},
                    ["org", "projects", "datasets", "tasks", "members"]),
    "Integration": obj({"id": S, "name": S, "type": S, "org": S, "creator": NS, "createdAt": I, "updatedAt": I,
                        "metadata": ANY}, ["id", "name", "type", "org"]),
    "Dataset": obj({"id": S, "name": S, "creator": NS, "updatedBy": NS, "projects": arr(S), "createdAt": I, "updatedAt": I,
                    "readonly": B, "itemsCount": I, "annotated": I, "annotationsCount": I, "metadata": {"type": "object"},
                    "driver": ANY, "indexDriver": ANY, "expirationOptions": ANY, "isSyncing": B},
                   ["id", "name", "projects", "createdAt", "updatedAt", "metadata"]),
    "DatasetPage": obj({"items": arr(ref("Dataset")), "totalItemsCount": I, "totalPagesCount": I, "hasNextPage": B,
                        "page": I, "pageSize": I}, ["items", "totalItemsCount", "totalPagesCount", "hasNextPage"]),
    "Tokens": obj({"id_token": S, "access_token": S, "refresh_token": S, "expires_in": I, "token_type": S},
                  ["id_token", "access_token", "refresh_token", "expires_in", "token_type"]),
    "CacheState": obj({"state": {"enum": ["NONE", "PENDING", "READY"]}}, ["state"]),
    "Done": {"type": "object"},
    "UsageEventsAccepted": obj({"accepted": I}, ["accepted"]),
    "SDKCheck": obj({"level": {"enum": ["debug", "info", "warning", "error"]}, "msg": S}, ["level", "msg"]),
}

ROLE = {"enum": ["owner", "admin", "member", "worker"]}
PROJECT_ROLE = {"enum": ["owner", "engineer", "annotator", "annotationManager"]}
bodies = {
    "Token": obj({"type": {"enum": ["user_credentials", "refresh_token"]}, "username": S, "password": S,
                  "refresh_token": S}, ["type"]),
    "SwitchOrg": obj({"org": S}, ["org"]),
    "CreateOrg": obj({"name": S, "provider": S}, ["name"]),
    "Rename": obj({"name": S}, ["name"]),
    "Plan": obj({"plan": {"enum": ["freemium", "premium"]}}, ["plan"]),
    "AddMembers": obj({"emails": arr(S), "role": ROLE}, ["emails"]),
    "UpdateMember": obj({"email": S, "role": ROLE}, ["email", "role"]),
    "CreateIntegration": obj({"type": S, "name": S, "options": {"type": "object"}, "metadata": ANY},
                             ["type", "name", "options"]),
    "UpdateIntegration": obj({"integrationId": S, "name": S,
                              "credentials": obj({"options": {"type": "object"}, "type": S}, ["options"])},
                             ["integrationId"]),
    "Cache": obj({"org": obj({"id": S, "name": S}, ["id"]), "runner": obj({"podType": S})}, ["org"]),
    "CreateProject": obj({"name": S}, ["name"]),
    "PatchProject": obj({"name": S, "account": S}, extra=True),
    "SetAccount": obj({"accountId": S}, ["accountId"]),
    "CreateDataset": obj({"name": S, "projects": arr(S), "createDefaultRecipe": B}, ["name", "projects"]),
    "DatasetQuery": obj({"filter": {"type": "object"}, "page": {"type": "integer", "minimum": 0},
                         "pageSize": {"type": "integer", "minimum": 1, "maximum": 1000}, "resource": {"enum": ["datasets"]},
                         "sort": {"type": "object"}, "context": obj({"projects": arr(S)}), "systemSpace": B}),
    "ResolveSettings": obj({"userId": S, "orgId": S, "projectId": S, "datasetId": S, "taskId": S}, ["userId"]),
    "UsageEvents": arr(obj({"event": S, "properties": {"type": "object"}}, ["event"], extra=True)),
    "SDKVersion": obj({"version": S, "email": S}, ["version"]),
    "ProjectRole": obj({"role": PROJECT_ROLE}, ["role"]),
    "Fault": obj({"method": S, "path": S, "status": I, "body": ANY, "delayMs": I, "times": I, "retryAfterS": I}, ["path"]),
    "Clock": obj({"nowMs": I, "advanceMs": I}),
    "MintToken": obj({"email": S, "expiresInS": I}, ["email"]),
    "Fixtures": {"type": "object"},
    "LoginForm": obj({"email": S, "password": S, "callback": S}, ["email", "password"]),
    # The web console's forms: each carries the session's CSRF token (without it: 403, nothing changes).
    "ConsoleSwitchOrg": obj({"csrf_token": S, "org": S, "return": S}, ["csrf_token", "org"]),
    "ConsoleRename": obj({"csrf_token": S, "org": S, "name": S}, ["csrf_token", "org", "name"]),
    "ConsoleCreateProject": obj({"csrf_token": S, "org": S, "name": S}, ["csrf_token", "name"]),
    "ConsolePayingAccount": obj({"csrf_token": S, "project": S, "account": S}, ["csrf_token", "project", "account"]),
    "ConsoleAddMembers": obj({"csrf_token": S, "org": S, "emails": S, "role": ROLE}, ["csrf_token", "org", "emails", "role"]),
    "ConsoleMemberRole": obj({"csrf_token": S, "org": S, "user": S, "role": ROLE}, ["csrf_token", "org", "user", "role"]),
    "ConsoleRemoveMember": obj({"csrf_token": S, "org": S, "user": S}, ["csrf_token", "org", "user"]),
    "ConsoleOnboarding": obj({"csrf_token": S, "name": S, "provider": S}, ["csrf_token", "name"]),
}

# method, path, summary, tag, request body, success status, success schema
ROUTES = [
    ("post", "/token", "Log in (user_credentials) or renew (refresh_token)", "auth", "Token", 200, ref("Tokens")),
    ("get", "/", "Console: Organization Overview of the active org (HTML; signed out: a pointer to the login page)", "web", None, 200, "html"),
    ("get", "/login", "The login page (HTML); ?callback=http://localhost:PORT", "web", None, 200, "html"),
    ("post", "/login", "Submit the login form", "web", "LoginForm", 302, None),
    ("get", "/logout", "Leave the console session", "web", None, 303, None),
    ("post", "/active-org", "Console: switch the active organization (PATCH /users/me)", "web", "ConsoleSwitchOrg", 303, None),
    ("post", "/org/name", "Console: Rename Org (PATCH /orgs/{id})", "web", "ConsoleRename", 303, None),
    ("get", "/projects", "Console: project cards and the new-project form (HTML)", "web", None, 200, "html"),
    ("post", "/projects", "Console: create a project in the active org (POST /projects)", "web", "ConsoleCreateProject", 303, None),
    ("post", "/projects/account", "Console: Set under an org's account (PATCH /projects/{id}/account)", "web", "ConsolePayingAccount", 303, None),
    ("get", "/members", "Console: members of the active org (HTML)", "web", None, 200, "html"),
    ("post", "/members", "Console: add members (POST /orgs/{id}/members)", "web", "ConsoleAddMembers", 303, None),
    ("post", "/members/role", "Console: change a member's role (PATCH /orgs/{id}/members)", "web", "ConsoleMemberRole", 303, None),
    ("post", "/members/remove", "Console: remove a member (DELETE /orgs/{id}/members/{userId})", "web", "ConsoleRemoveMember", 303, None),
    ("get", "/clients", "Console: client organizations of the active org (HTML)", "web", None, 200, "html"),
    ("get", "/onboarding", "Console: create an organization when in none (HTML); ?provider=ORG_ID", "web", None, 200, "html"),
    ("post", "/onboarding", "Console: onboarding (POST /orgs)", "web", "ConsoleOnboarding", 303, None),
    ("get", "/orgs", "Console: every organization the user sees (HTML)", "web", None, 200, "html"),
    ("get", "/projects/{projectId}", "Where `dlp projects web` goes: redirects to the console's projects", "web", None, 303, None),
    ("get", "/api/v1/users/me", "The caller", "users", None, 200, ref("User")),
    ("patch", "/api/v1/users/me", "Switch the active organization", "users", "SwitchOrg", 200, ref("User")),
    ("get", "/api/v1/orgs", "Organizations of the caller (superuser: all)", "orgs", None, 200, arr(ref("Org"))),
    ("post", "/api/v1/orgs", "Onboarding: a user in no org creates one", "orgs", "CreateOrg", 201, ref("Org")),
    ("get", "/api/v1/orgs/{orgId}", "One organization", "orgs", None, 200, ref("Org")),
    ("patch", "/api/v1/orgs/{orgId}", "Rename (owner, admin)", "orgs", "Rename", 200, ref("Org")),
    ("patch", "/api/v1/orgs/{orgId}/plan", "Change the plan (superuser)", "orgs", "Plan", 200, ref("Org")),
    ("get", "/api/v1/orgs/{orgId}/groups", "Groups", "orgs", None, 200, arr(ref("Group"))),
    ("get", "/api/v1/orgs/{orgId}/clients", "Client organizations (owner, admin)", "orgs", None, 200, arr(ref("Org"))),
    ("get", "/api/v1/orgs/{orgId}/overview", "Counts: projects owned and billed, members by role", "orgs", None, 200, ref("Overview")),
    ("get", "/api/v1/orgs/{orgId}/projects", "Projects the org owns", "orgs", None, 200, arr(ref("Project"))),
    ("get", "/api/v1/orgs/{orgId}/members", "Members with their role", "members", None, 200, arr(ref("User"))),
    ("post", "/api/v1/orgs/{orgId}/members", "Add members (all or nothing)", "members", "AddMembers", 201, arr(ref("User"))),
    ("patch", "/api/v1/orgs/{orgId}/members", "Change a member's role", "members", "UpdateMember", 200, ref("User")),
    ("delete", "/api/v1/orgs/{orgId}/members/{userId}", "Remove a member", "members", None, 200, ref("User")),
    ("get", "/api/v1/orgs/{orgId}/integrations", "Integrations (owner, admin)", "integrations", None, 200, arr(ref("Integration"))),
    ("post", "/api/v1/orgs/{orgId}/integrations", "Create an integration", "integrations", "CreateIntegration", 201, ref("Integration")),
    ("patch", "/api/v1/orgs/{orgId}/integrations", "Update an integration", "integrations", "UpdateIntegration", 200, ref("Integration")),
    ("get", "/api/v1/orgs/{orgId}/availableIntegrations", "Available integrations", "integrations", None, 200, arr(ref("Integration"))),
    ("get", "/api/v1/orgs/{orgId}/integrations/{integrationId}", "One integration", "integrations", None, 200, ref("Integration")),
    ("delete", "/api/v1/orgs/{orgId}/integrations/{integrationId}", "Delete an integration", "integrations", None, 200, B),
    ("post", "/api/v1/services/fs-cache", "File-system cache: ?mode=apply-filestore|apply|destroy|get", "cache", "Cache", 200, ref("CacheState")),
    ("post", "/api/v1/services/cache", "Cache: ?mode=apply|destroy", "cache", "Cache", 200, ref("CacheState")),
    ("post", "/api/v1/settings/resolve", "Settings that apply to the caller in a scope (none: [])", "legacy", "ResolveSettings", 200, arr({"type": "object"})),
    ("post", "/api/v1/analytics/metric/pendo", "The SDK's usage events (dtlpy < 1.118), accepted and journaled", "legacy", "UsageEvents", 200, ref("UsageEventsAccepted")),
    ("post", "/api/v1/sdk/check", "The SDK's version check at import (dtlpy < 1.119)", "legacy", "SDKVersion", 200, ref("SDKCheck")),
    ("get", "/api/v1/projects", "Projects the caller contributes to (superuser: all)", "projects", None, 200, arr(ref("Project"))),
    ("post", "/api/v1/projects", "Create a project in the caller's active org (form or JSON)", "projects", "CreateProject", 201, ref("Project")),
    ("get", "/api/v1/projects/{projectId}", "One project", "projects", None, 200, ref("Project")),
    ("patch", "/api/v1/projects/{projectId}", "Rename; a changed account is the paying-account action", "projects", "PatchProject", 200, ref("Project")),
    ("delete", "/api/v1/projects/{projectId}", "Delete a project (not the system project)", "projects", None, 200, B),
    ("get", "/api/v1/projects/{projectId}/name", "Visible projects with this name (the path segment is the name)", "projects", None, 200, arr(ref("Project"))),
    ("patch", "/api/v1/projects/{projectId}/account", "Set the paying account", "projects", "SetAccount", 200, ref("Project")),
    ("post", "/api/v1/datasets/query", "Query datasets of visible projects (dtlpy's Filters; Binaries only with systemSpace)", "datasets", "DatasetQuery", 200, ref("DatasetPage")),
    ("post", "/api/v1/datasets", "Create a dataset in a project (project owner, engineer)", "datasets", "CreateDataset", 201, ref("Dataset")),
    ("get", "/api/v1/datasets/{datasetId}", "One dataset", "datasets", None, 200, ref("Dataset")),
    ("delete", "/api/v1/datasets/{datasetId}", "Delete a dataset (project owner, engineer; not Binaries)", "datasets", None, 200, B),
    ("get", "/api/v1/projects/{projectId}/members", "Contributors with their project role", "project members", None, 200, arr(ref("User"))),
    ("post", "/api/v1/projects/{projectId}/members/{email}", "Add a contributor", "project members", "ProjectRole", 201, ref("User")),
    ("patch", "/api/v1/projects/{projectId}/members/{email}", "Change a contributor's role", "project members", "ProjectRole", 200, ref("User")),
    ("delete", "/api/v1/projects/{projectId}/members/{email}", "Remove a contributor", "project members", None, 200, ref("User")),
    ("get", "/_mock/health", "Health", "mock", None, 200, ANY),
    ("post", "/_mock/reset", "Back to the seeded fixtures", "mock", None, 200, ANY),
    ("put", "/_mock/fixtures", "Replace the whole state with a fixture document", "mock", "Fixtures", 200, ANY),
    ("get", "/_mock/state", "The whole state as a fixture document", "mock", None, 200, ANY),
    ("get", "/_mock/snapshots", "Named snapshots", "mock", None, 200, ANY),
    ("post", "/_mock/snapshots/{name}", "Save a snapshot", "mock", None, 201, ANY),
    ("delete", "/_mock/snapshots/{name}", "Delete a snapshot", "mock", None, 200, ANY),
    ("post", "/_mock/snapshots/{name}/restore", "Restore a snapshot", "mock", None, 200, ANY),
    ("get", "/_mock/requests", "The request journal (?method=&path=&status=&unmatched=true)", "mock", None, 200, ANY),
    ("delete", "/_mock/requests", "Clear the journal", "mock", None, 200, ANY),
    ("get", "/_mock/faults", "Scripted faults", "mock", None, 200, ANY),
    ("post", "/_mock/faults", "Add a fault", "mock", "Fault", 201, ANY),
    ("delete", "/_mock/faults", "Clear faults", "mock", None, 200, ANY),
    ("get", "/_mock/clock", "The namespace's clock", "mock", None, 200, ANY),
    ("post", "/_mock/clock", "Pin or advance the clock", "mock", "Clock", 200, ANY),
    ("delete", "/_mock/clock", "Back to real time", "mock", None, 200, ANY),
    ("post", "/_mock/tokens", "Mint an id token for a fixture user", "mock", "MintToken", 201, ANY),
    ("get", "/_mock/env", "How to point dtlpy here", "mock", None, 200, ANY),
    ("get", "/_mock/namespaces", "Namespaces alive", "mock", None, 200, ANY),
    ("delete", "/_mock/namespaces/{name}", "Drop a namespace", "mock", None, 200, ANY),
    ("get", "/_mock/openapi.json", "This document", "mock", None, 200, ANY),
]

def operation(method, path, summary, tag, body, status, schema):
    op = {"summary": summary, "tags": [tag], "operationId": f"{method}_{path}".replace("/", "_").replace("{", "").replace("}", "").replace(".", "_"),
          "responses": {"default": {"description": "An error in the platform's shape",
                                    "content": {"application/json": {"schema": ref("Error")}}}}}
    if schema == "html":
        op["responses"][str(status)] = {"description": "HTML page", "content": {"text/html": {"schema": S}}}
    elif schema is None:
        op["responses"][str(status)] = {"description": "Redirect"}
    else:
        op["responses"][str(status)] = {"description": "OK", "content": {"application/json": {"schema": schema}}}
    if tag == "web" and path not in ("/", "/login", "/logout"):
        # Signed out: to the login page (303). A form without its session's CSRF token: 403.
        op["responses"]["303"] = {"description": "Redirect (signed out: to the login page; a form: post/redirect/get)"}
        if method == "post":
            op["responses"]["403"] = {"description": "The form lacks the session's CSRF token: nothing changed",
                                      "content": {"text/html": {"schema": S}}}
    if path == "/login" and method == "post":
        op["responses"]["401"] = {"description": "Wrong email or password: the page again, with the error",
                                  "content": {"text/html": {"schema": S}}}
    params = [p.strip("{}") for p in path.split("/") if p.startswith("{")]
    if params:
        op["parameters"] = [{"name": p, "in": "path", "required": True, "schema": S} for p in params]
    if path == "/onboarding" and method == "get":
        op["parameters"] = [{"name": "provider", "in": "query", "required": False, "schema": S,
                             "description": "the provider org preselected (a provider's signup link)"}]
    if path.startswith("/api/v1/services/"):
        op.setdefault("parameters", []).append({"name": "mode", "in": "query", "required": True,
                                                "schema": {"enum": ["apply-filestore", "apply", "destroy", "get"]}})
    if body and body.startswith("Console"):
        op["requestBody"] = {"required": True, "content": {"application/x-www-form-urlencoded": {"schema": ref(body)}}}
    elif body:
        types = ["application/json"]
        if body in ("CreateProject", "LoginForm", "SDKVersion"):
            types.append("application/x-www-form-urlencoded")
        op["requestBody"] = {"required": True, "content": {t: {"schema": ref(body)} for t in types}}
    if path.startswith("/api/v1/"):
        op["security"] = [{"bearer": []}]
    return op

paths = {}
for route in ROUTES:
    paths.setdefault(route[1], {})[route[0]] = operation(*route)

ROOT = pathlib.Path(__file__).resolve().parent.parent
VERSION = re.search(r'dataloopMockVersion = "([^"]+)"', (ROOT / "Sources/DataloopMock/Version.swift").read_text())[1]

document = {
    "openapi": "3.1.0",
    "info": {"title": "dataloop-mock", "version": VERSION,
             "description": "The emulated Dataloop organizations API (/api/v1, /token, /login) and the /_mock test-control API."},
    "servers": [{"url": "/"}],
    "paths": paths,
    "components": {"schemas": {**schemas, **{k: v for k, v in bodies.items()}},
                   "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer", "bearerFormat": "JWT"}}},
}
out = ROOT / "docs" / "openapi.json"
out.write_text(json.dumps(document, indent=2) + "\n")
print(f"wrote {out}")
