#!/usr/bin/env python3
"""Large-fixture generator for scripts/bench (stdlib only).

    scripts/bench_fixture.py OUT.json [--orgs 1000] [--users 100000] [--members-per-org 200] [--projects 20000]

Every org has exactly --members-per-org members, so the org the benchmark lists
("Bench Org 0000", ~200 members) is the same size whatever the number of orgs: only
the rest of the database grows. Org i's members are the users
i*stride .. i*stride+members-1 (mod users), stride = users // orgs, so with the default
sizes each user belongs to two orgs (100,000 users, 200,000 memberships).

The benchmark user BENCH_USER owns "Bench Org 0000" and has it as active org, so it can
list its members and create projects in it. Output is deterministic.
"""
import argparse
import json
import os
import sys

BENCH_USER = "u000000@bench.example"
BENCH_PASSWORD = "bench-pass"
BENCH_ORG = "Bench Org 0000"


def email(u):
    return f"u{u:06d}@bench.example"


def org_name(i):
    return f"Bench Org {i:04d}"


def role_for(position):
    if position == 0:
        return "owner"
    if position < 5:
        return "admin"
    if position % 10 == 9:
        return "worker"
    return "member"


def generate(orgs=1000, users=100_000, members_per_org=200, projects=20_000):
    """Returns the fixture document (a dict) and a summary of what it holds."""
    if users < members_per_org or orgs < 1:
        raise ValueError("need at least one org and at least --members-per-org users")
    stride = max(1, users // orgs)
    org_members = []
    for i in range(orgs):
        seen = set()
        members = []
        for k in range(members_per_org):
            u = (i * stride + k) % users
            if u in seen:
                continue
            seen.add(u)
            members.append(u)
        org_members.append(members)

    user_docs = []
    for u in range(users):
        user_docs.append({"email": email(u), "password": BENCH_PASSWORD,
                          "firstName": "User", "lastName": f"{u:06d}"})
    user_docs[0]["activeOrg"] = BENCH_ORG

    org_docs = []
    for i, members in enumerate(org_members):
        doc = {"name": org_name(i), "plan": "premium" if i % 10 == 0 else "freemium",
               "members": [{"email": email(u), "role": role_for(p)} for p, u in enumerate(members)]}
        if i % 10 == 0 and members:
            doc["groups"] = [{"name": "Leads", "members": [email(u) for u in members[:5]]}]
        org_docs.append(doc)

    project_docs = []
    per_org = max(1, projects // orgs)
    n = 0
    for i, members in enumerate(org_members):
        for j in range(per_org):
            if n >= projects:
                break
            contributors = [{"email": email(members[0]), "role": "owner"}]
            if len(members) > 10:
                contributors.append({"email": email(members[5 + j % 5]), "role": "engineer"})
                contributors.append({"email": email(members[10 + j % (len(members) - 10)]), "role": "annotator"})
            project_docs.append({"name": f"Project {i:04d}-{j:03d}", "org": org_name(i),
                                 "contributors": contributors, "datasets": [f"ds-{j}"]})
            n += 1
    summary = {"orgs": len(org_docs), "users": len(user_docs),
               "memberships": sum(len(m) for m in org_members), "projects": len(project_docs),
               "bench_user": BENCH_USER, "bench_password": BENCH_PASSWORD, "bench_org": BENCH_ORG,
               "bench_org_members": len(org_members[0])}
    return {"users": user_docs, "orgs": org_docs, "projects": project_docs}, summary


def write(path, **sizes):
    """Writes the fixture to path; returns the summary (with the file size in bytes)."""
    doc, summary = generate(**sizes)
    with open(path, "w", encoding="utf-8") as f:
        json.dump(doc, f, separators=(",", ":"))
    summary["bytes"] = os.path.getsize(path)
    return summary


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("out")
    p.add_argument("--orgs", type=int, default=1000)
    p.add_argument("--users", type=int, default=100_000)
    p.add_argument("--members-per-org", type=int, default=200)
    p.add_argument("--projects", type=int, default=20_000)
    a = p.parse_args(argv)
    summary = write(a.out, orgs=a.orgs, users=a.users, members_per_org=a.members_per_org, projects=a.projects)
    json.dump(summary, sys.stdout, indent=1)
    print()


if __name__ == "__main__":
    main()
