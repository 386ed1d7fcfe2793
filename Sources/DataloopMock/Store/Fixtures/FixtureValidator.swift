import Foundation

/// Checks a decoded fixture for everything JSON decoding cannot: references between
/// entities, roles, uniqueness. Problems come back in document order.
public enum FixtureValidator {
    public static func problems(in doc: FixtureDocument) -> [FixtureProblem] {
        var found: [FixtureProblem] = []
        func problem(_ path: String, _ message: String) { found.append(FixtureProblem(path: path, message: message)) }

        var userEmails: Set<String> = []
        var ids: Set<String> = []
        func checkID(_ id: String?, _ path: String) {
            guard let id else { return }
            if id.isEmpty || id.count > 100 { problem(path, "id must be 1 to 100 characters") }
            if !ids.insert(id).inserted { problem(path, "duplicate id '\(id)'") }
        }
        for (i, user) in doc.users.enumerated() {
            let path = "users[\(i)]"
            let email = user.email.lowercased()
            if let control = EmailRule.problem(with: user.email) {
                problem("\(path).email", control)
            } else if !EmailAddress.isValid(user.email) {
                problem("\(path).email", "'\(user.email)' is not an email address")
            }
            if !userEmails.insert(email).inserted { problem("\(path).email", "duplicate user '\(user.email)'") }
            if user.invited != true && user.password == nil && user.passwordHash == nil {
                problem("\(path).password", "a registered user needs a password")
            }
            checkID(user.id, "\(path).id")
        }

        var orgNames: [String: Int] = [:]
        for (i, org) in doc.orgs.enumerated() {
            let path = "orgs[\(i)]"
            if let error = NameRule.org.problem(with: org.name) { problem("\(path).name", error) }
            if orgNames[org.name.lowercased()] != nil { problem("\(path).name", "duplicate org name '\(org.name)'") }
            orgNames[org.name.lowercased()] = i
            checkID(org.id, "\(path).id")
            if let plan = org.plan, OrgPlan(rawValue: plan) == nil {
                problem("\(path).plan", "unknown plan '\(plan)' (freemium, premium)")
            }
        }

        var membersByOrg: [String: Set<String>] = [:]
        for (i, org) in doc.orgs.enumerated() {
            let path = "orgs[\(i)]"
            if let provider = org.provider {
                if orgNames[provider.lowercased()] == nil { problem("\(path).provider", "no org '\(provider)'") }
                else if provider.lowercased() == org.name.lowercased() { problem("\(path).provider", "an org cannot be its own provider") }
            }
            var members: Set<String> = []
            for (j, member) in org.members.enumerated() {
                let mpath = "\(path).members[\(j)]"
                if !userEmails.contains(member.email.lowercased()) { problem("\(mpath).email", "no user '\(member.email)'") }
                if OrgRole(rawValue: member.role) == nil { problem("\(mpath).role", "unknown org role '\(member.role)' (owner, admin, member, worker)") }
                if !members.insert(member.email.lowercased()).inserted { problem("\(mpath).email", "'\(member.email)' is listed twice") }
            }
            if !org.members.contains(where: { $0.role == OrgRole.owner.rawValue }) {
                problem("\(path).members", "an org needs at least one member with role owner")
            }
            membersByOrg[org.name.lowercased()] = members
            for (g, group) in (org.groups ?? []).enumerated() {
                if group.name.trimmingCharacters(in: .whitespaces).isEmpty { problem("\(path).groups[\(g)].name", "a group needs a name") }
                checkID(group.id, "\(path).groups[\(g)].id")
                for (k, email) in group.members.enumerated() where !members.contains(email.lowercased()) {
                    problem("\(path).groups[\(g)].members[\(k)]", "'\(email)' is not a member of org '\(org.name)'")
                }
            }
            for (n, integration) in (org.integrations ?? []).enumerated() {
                if IntegrationType(rawValue: integration.type) == nil {
                    problem("\(path).integrations[\(n)].type", "unknown integration type '\(integration.type)'")
                }
                checkID(integration.id, "\(path).integrations[\(n)].id")
            }
        }

        for (i, user) in doc.users.enumerated() {
            if case .named(let name) = user.activeOrg {
                if let members = membersByOrg[name.lowercased()] {
                    if !members.contains(user.email.lowercased()) {
                        problem("users[\(i)].activeOrg", "'\(user.email)' is not a member of org '\(name)'")
                    }
                } else {
                    problem("users[\(i)].activeOrg", "no org '\(name)'")
                }
            }
        }

        for (i, project) in doc.projects.enumerated() {
            let path = "projects[\(i)]"
            if let error = NameRule.project.problem(with: project.name) { problem("\(path).name", error) }
            checkID(project.id, "\(path).id")
            if orgNames[project.org.lowercased()] == nil { problem("\(path).org", "no org '\(project.org)'") }
            if let account = project.account, orgNames[account.lowercased()] == nil {
                problem("\(path).account", "no org '\(account)' (an account is named by its org)")
            }
            var contributors: Set<String> = []
            for (j, contributor) in project.contributors.enumerated() {
                let cpath = "\(path).contributors[\(j)]"
                if !userEmails.contains(contributor.email.lowercased()) { problem("\(cpath).email", "no user '\(contributor.email)'") }
                if ProjectRole(rawValue: contributor.role) == nil {
                    problem("\(cpath).role", "unknown project role '\(contributor.role)' (owner, engineer, annotator, annotationManager)")
                }
                if !contributors.insert(contributor.email.lowercased()).inserted { problem("\(cpath).email", "'\(contributor.email)' is listed twice") }
            }
            if !project.contributors.contains(where: { $0.role == ProjectRole.owner.rawValue }) {
                problem("\(path).contributors", "a project needs at least one contributor with role owner")
            }
        }
        return found
    }
}
