import Foundation

/// Checks a decoded fixture for everything JSON decoding cannot: references between
/// entities, roles, uniqueness. Problems come back in document order.
public enum FixtureValidator {
    public static func problems(in doc: FixtureDocument) -> [FixtureProblem] {
        var found: [FixtureProblem] = []
        func problem(_ path: String, _ message: String) { found.append(FixtureProblem(path: path, message: message)) }

        var userEmails: Set<String> = []
        var ids: Set<String> = []
        func checkID(_ id: String?, _ path: @autoclosure () -> String) {
            guard let id else { return }
            if id.isEmpty || id.count > 100 { problem(path(), "id must be 1 to 100 characters") }
            if !ids.insert(id).inserted { problem(path(), "duplicate id '\(id)'") }
        }
        for (i, user) in doc.users.enumerated() {
            lazy var path = "users[\(i)]"
            let email = CaseInsensitiveKey.of(user.email)
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

        func checkUser(_ email: String?, _ path: @autoclosure () -> String) {
            if let email, !userEmails.contains(CaseInsensitiveKey.of(email)) { problem(path(), "no user '\(email)'") }
        }
        /// A project's contributors (at least one owner) and datasets; the system project's too.
        func checkContents(_ path: @autoclosure () -> String, _ projectName: String, contributors: [FixtureMember], datasets: [FixtureDataset]?) {
            var seen: Set<String> = []
            for (j, contributor) in contributors.enumerated() {
                lazy var cpath = "\(path()).contributors[\(j)]"
                checkUser(contributor.email, "\(cpath).email")
                if ProjectRole(rawValue: contributor.role) == nil {
                    problem("\(cpath).role", "unknown project role '\(contributor.role)' (\(ProjectRole.allCases.map(\.rawValue).joined(separator: ", ")))")
                }
                if !seen.insert(CaseInsensitiveKey.of(contributor.email)).inserted { problem("\(cpath).email", "'\(contributor.email)' is listed twice") }
            }
            do {
                try ProjectMembershipRule.checkOwnersRemain(current: nil, new: nil, ownerCount: contributors.filter { $0.role == ProjectRole.owner.rawValue }.count,
                                                            projectName: projectName)
            } catch { problem("\(path()).contributors", error.message) }
            var datasetNames: Set<String> = [CaseInsensitiveKey.of(DatasetRecord.binariesName)]
            for (j, dataset) in (datasets ?? []).enumerated() {
                lazy var dpath = "\(path()).datasets[\(j)]"
                if let error = NameRule.dataset.problem(with: dataset.name) { problem("\(dpath).name", error) }
                if !datasetNames.insert(CaseInsensitiveKey.of(dataset.name)).inserted {
                    problem("\(dpath).name", "the project already has a dataset named '\(dataset.name)' (every project has its system dataset 'Binaries')")
                }
                checkID(dataset.id, "\(dpath).id")
                checkUser(dataset.creator, "\(dpath).creator")
            }
        }

        var orgNames: [String: Int] = [:]
        for (i, org) in doc.orgs.enumerated() {
            lazy var path = "orgs[\(i)]"
            if let error = NameRule.org.problem(with: org.name) { problem("\(path).name", error) }
            if orgNames[CaseInsensitiveKey.of(org.name)] != nil { problem("\(path).name", "duplicate org name '\(org.name)'") }
            orgNames[CaseInsensitiveKey.of(org.name)] = i
            checkID(org.id, "\(path).id")
            if let plan = org.plan, OrgPlan(rawValue: plan) == nil {
                problem("\(path).plan", "unknown plan '\(plan)' (freemium, premium)")
            }
        }

        var membersByOrg: [String: Set<String>] = [:]
        for (i, org) in doc.orgs.enumerated() {
            lazy var path = "orgs[\(i)]"
            if let provider = org.provider {
                if orgNames[CaseInsensitiveKey.of(provider)] == nil { problem("\(path).provider", "no org '\(provider)'") }
                else if CaseInsensitiveKey.of(provider) == CaseInsensitiveKey.of(org.name) { problem("\(path).provider", "an org cannot be its own provider") }
            }
            var members: Set<String> = []
            for (j, member) in org.members.enumerated() {
                lazy var mpath = "\(path).members[\(j)]"
                if !userEmails.contains(CaseInsensitiveKey.of(member.email)) { problem("\(mpath).email", "no user '\(member.email)'") }
                if OrgRole(rawValue: member.role) == nil { problem("\(mpath).role", "unknown org role '\(member.role)' (owner, admin, member, worker)") }
                if !members.insert(CaseInsensitiveKey.of(member.email)).inserted { problem("\(mpath).email", "'\(member.email)' is listed twice") }
            }
            do {
                try OrgMembershipRule.checkOwnersRemain(current: nil, new: nil, ownerCount: org.members.filter { $0.role == OrgRole.owner.rawValue }.count,
                                                        orgName: org.name)
            } catch { problem("\(path).members", error.message) }
            membersByOrg[CaseInsensitiveKey.of(org.name)] = members
            checkUser(org.creator, "\(path).creator")
            if let cache = org.cache, OrgCacheState(rawValue: cache.state) == nil {
                problem("\(path).cache.state", "unknown cache state '\(cache.state)' (NONE, PENDING, READY)")
            }
            if let account = org.account {
                checkID(account.id, "\(path).account.id")
                checkUser(account.creator, "\(path).account.creator")
            }
            if let system = org.systemProject {
                checkID(system.id, "\(path).systemProject.id")
                checkUser(system.creator, "\(path).systemProject.creator")
                if let contributors = system.contributors {
                    checkContents("\(path).systemProject", OrgWriter.systemProjectName(orgName: org.name), contributors: contributors, datasets: system.datasets)
                }
            }
            for (g, group) in (org.groups ?? []).enumerated() {
                checkUser(group.owner, "\(path).groups[\(g)].owner")
                if group.name.trimmingCharacters(in: .whitespaces).isEmpty { problem("\(path).groups[\(g)].name", "a group needs a name") }
                checkID(group.id, "\(path).groups[\(g)].id")
                for (k, email) in group.members.enumerated() where !members.contains(CaseInsensitiveKey.of(email)) {
                    problem("\(path).groups[\(g)].members[\(k)]", "'\(email)' is not a member of org '\(org.name)'")
                }
            }
            for (n, integration) in (org.integrations ?? []).enumerated() {
                if IntegrationType(rawValue: integration.type) == nil {
                    problem("\(path).integrations[\(n)].type", "unknown integration type '\(integration.type)'")
                }
                checkID(integration.id, "\(path).integrations[\(n)].id")
                checkUser(integration.creator, "\(path).integrations[\(n)].creator")
            }
        }

        for (i, user) in doc.users.enumerated() {
            if case .named(let name) = user.activeOrg {
                if let members = membersByOrg[CaseInsensitiveKey.of(name)] {
                    if !members.contains(CaseInsensitiveKey.of(user.email)) {
                        problem("users[\(i)].activeOrg", "'\(user.email)' is not a member of org '\(name)'")
                    }
                } else {
                    problem("users[\(i)].activeOrg", "no org '\(name)'")
                }
            }
        }

        for (i, project) in doc.projects.enumerated() {
            lazy var path = "projects[\(i)]"
            if let error = NameRule.project.problem(with: project.name) { problem("\(path).name", error) }
            checkID(project.id, "\(path).id")
            if orgNames[CaseInsensitiveKey.of(project.org)] == nil { problem("\(path).org", "no org '\(project.org)'") }
            if let account = project.account, orgNames[CaseInsensitiveKey.of(account)] == nil {
                problem("\(path).account", "no org '\(account)' (an account is named by its org)")
            }
            checkContents(path, project.name, contributors: project.contributors, datasets: project.datasets)
            checkUser(project.creator, "\(path).creator")
        }
        return found
    }
}
