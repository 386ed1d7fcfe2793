import Foundation
import GRDB

/// Writes a validated fixture into an empty database. Absent ids and times are derived
/// from names and positions, so loading the same document twice gives identical state; what
/// an export carries (times, creators, cache, system projects) is loaded as given, so that
/// `PUT /_mock/fixtures` of `GET /_mock/state` answers every read the same.
public enum FixtureLoader {
    public static func load(_ doc: FixtureDocument, into db: Database) throws {
        // Users name their active org before the orgs exist: the foreign keys are checked at
        // commit instead (SQLite resets this at the end of the transaction).
        try db.execute(sql: "PRAGMA defer_foreign_keys = ON")
        var load = Loading(db: db)
        load.assignOrgIDs(doc.orgs)
        try load.users(doc.users)
        try load.orgs(doc.orgs)
        try load.projects(doc.projects)
    }
}

/// One load in progress: the ids assigned so far, by email and by lowercased org name.
struct Loading {
    let db: Database
    var clockTick: Int64 = 0
    var usersByEmail: [String: UserRecord] = [:]
    var orgIDs: [String: String] = [:]
    var accountIDs: [String: String] = [:]
    /// The first org each user (by lowercased email) is listed in: their active org by default.
    var firstOrgOfEmail: [String: String] = [:]
    var inserter = BulkInserter()

    init(db: Database) { self.db = db }

    /// A given time, or the next derived one (a second apart, from the fixture epoch).
    mutating func time(_ given: Int64?) -> Int64 {
        clockTick += 1
        return given ?? DeterministicID.fixtureEpochMs + clockTick * 1000
    }

    func userId(_ email: String?) -> String? { email.flatMap { usersByEmail[$0.lowercased()]?.id } }

    /// Org and account ids come from names (or the document), so users can name their active
    /// org before the orgs are inserted.
    mutating func assignOrgIDs(_ orgs: [FixtureOrg]) {
        for org in orgs {
            let id = org.id ?? DeterministicID.uuid("org", org.name.lowercased())
            orgIDs[org.name.lowercased()] = id
            accountIDs[org.name.lowercased()] = org.account?.id ?? DeterministicID.uuid("account", id)
            for member in org.members where firstOrgOfEmail[member.email.lowercased()] == nil {
                firstOrgOfEmail[member.email.lowercased()] = id
            }
        }
    }

    func activeOrgId(_ user: FixtureUser) -> String? {
        switch user.activeOrg {
        case .firstOrg: firstOrgOfEmail[user.email.lowercased()]
        case .none: nil
        case .named(let name): orgIDs[name.lowercased()]
        }
    }

    mutating func users(_ users: [FixtureUser]) throws {
        for user in users {
            let invited = user.invited ?? false
            let created = time(user.createdAt)
            let record = UserRecord(
                id: user.id ?? (invited ? DeterministicID.uuid("invited", user.email.lowercased()) : user.email),
                email: user.email, firstName: user.firstName, lastName: user.lastName, avatar: user.avatar,
                passwordHash: user.passwordHash ?? user.password.map { PasswordHasher.hash(password: $0, email: user.email) },
                superuser: user.superuser ?? false, invited: invited, activeOrgId: activeOrgId(user),
                createdAt: created, updatedAt: user.updatedAt ?? created, lastLogin: user.lastLogin)
            try inserter.insert(record, into: db)
            usersByEmail[user.email.lowercased()] = record
        }
    }

    mutating func orgs(_ orgs: [FixtureOrg]) throws {
        for org in orgs { try self.org(org) }
        // Providers are set once every org exists, so a client may precede its provider.
        for org in orgs {
            if let provider = org.provider {
                try OrgRecord.filter(OrgRecord.Columns.id == orgIDs[org.name.lowercased()])
                    .updateAll(db, OrgRecord.Columns.providerId.set(to: orgIDs[provider.lowercased()]))
            }
        }
    }

    mutating func org(_ org: FixtureOrg) throws {
        let id = orgIDs[org.name.lowercased()]!
        let firstOwner = usersByEmail[org.members.first { $0.role == OrgRole.owner.rawValue }!.email.lowercased()]!
        let created = time(org.createdAt)
        var seed = OrgWriter.Seed()
        seed.creatorId = userId(org.creator)
        seed.updatedAt = org.updatedAt
        seed.logoUrl = org.logoUrl
        seed.accountId = org.account?.id
        seed.accountCreatorId = userId(org.account?.creator)
        seed.accountCreatedAt = org.account?.createdAt
        seed.accountUpdatedAt = org.account?.updatedAt
        seed.systemProjectId = org.systemProject?.id
        seed.systemProjectCreatorId = userId(org.systemProject?.creator)
        seed.systemProjectCreatedAt = org.systemProject?.createdAt
        seed.systemProjectUpdatedAt = org.systemProject?.updatedAt
        let made = try OrgWriter.insertOrg(
            db, id: id, name: org.name, plan: OrgPlan(rawValue: org.plan ?? "freemium") ?? .freemium,
            providerId: nil, owner: firstOwner, createdAt: created, seed: seed)
        var memberships: [OrgMemberRecord] = []
        for (position, member) in org.members.enumerated() {
            let user = usersByEmail[member.email.lowercased()]!
            // The validator has checked every role.
            let membership = OrgMemberRecord(orgId: id, userId: user.id, role: OrgRole(rawValue: member.role)!, position: Int64(position),
                                             createdAt: member.createdAt ?? created)
            try inserter.insert(membership, into: db)
            memberships.append(membership)
        }
        // Usually the first owner listed; an export's membership dates may say otherwise.
        if let owner = OrgOwnerRule.owner(of: memberships), owner != firstOwner.id {
            try OrgWriter.setOwner(db, orgId: id, ownerId: owner)
        }
        if let cache = org.cache {
            try OrgRecord.filter(OrgRecord.Columns.id == id).updateAll(
                db, OrgRecord.Columns.cacheState.set(to: OrgCacheState(rawValue: cache.state)!), OrgRecord.Columns.cacheReadyAt.set(to: cache.readyAt))
        }
        if let system = org.systemProject {
            try projectContents(made.systemProject, contributors: system.contributors, datasets: system.datasets, tasks: nil,
                                ownerId: firstOwner.id)
        }
        for (index, group) in (org.groups ?? []).enumerated() {
            let groupID = group.id ?? DeterministicID.uuid("group", id, String(index))
            let groupCreated = group.createdAt ?? created
            try GroupRecord(id: groupID, orgId: id, name: group.name, ownerId: userId(group.owner) ?? firstOwner.id,
                            createdAt: groupCreated, updatedAt: group.updatedAt ?? groupCreated).insert(db)
            for email in group.members {
                try GroupMemberRecord(groupId: groupID, userId: usersByEmail[email.lowercased()]!.id).insert(db)
            }
        }
        for (index, integration) in (org.integrations ?? []).enumerated() {
            let integrationCreated = integration.createdAt ?? created
            try IntegrationRecord(
                id: integration.id ?? DeterministicID.uuid("integration", id, String(index)), orgId: id,
                type: integration.type, name: integration.name,
                options: try JSONText.encode(integration.options ?? .object([:])),
                metadata: try integration.metadata.map(JSONText.encode),
                creatorId: userId(integration.creator) ?? firstOwner.id, createdAt: integrationCreated,
                updatedAt: integration.updatedAt ?? integrationCreated).insert(db)
        }
    }

    mutating func projects(_ projects: [FixtureProject]) throws {
        for (index, project) in projects.enumerated() {
            let orgID = orgIDs[project.org.lowercased()]!
            let id = project.id ?? DeterministicID.uuid("project", orgID, project.name, String(index))
            let created = time(project.createdAt)
            let owner = project.contributors.first { $0.role == ProjectRole.owner.rawValue }.flatMap { usersByEmail[$0.email.lowercased()] }
            let record = ProjectRecord(
                id: id, name: project.name, orgId: orgID,
                accountId: accountIDs[(project.account ?? project.org).lowercased()]!,
                creatorId: userId(project.creator) ?? owner?.id, systemProject: false, isBlocked: false, archived: false,
                createdAt: created, updatedAt: project.updatedAt ?? created)
            let rows = ProjectWriter.rows(of: record)
            try inserter.insert(rows.project, into: db)
            try inserter.insert(rows.binaries, into: db)
            try projectContents(record, contributors: project.contributors, datasets: project.datasets, tasks: project.tasks,
                                ownerId: owner?.id, replacingContributors: false)
        }
    }

    /// A project's contributors, datasets and tasks. A system project was made with its owner
    /// as contributor: the fixture's list replaces that.
    mutating func projectContents(_ project: ProjectRecord, contributors: [FixtureMember]?, datasets: [FixtureDataset]?, tasks: [String]?,
                                  ownerId: String?, replacingContributors: Bool = true) throws {
        if let contributors {
            if replacingContributors { try ProjectContributorRecord.filter(ProjectContributorRecord.scope == project.id).deleteAll(db) }
            for (position, contributor) in contributors.enumerated() {
                try inserter.insert(ProjectContributorRecord(
                    projectId: project.id, userId: usersByEmail[contributor.email.lowercased()]!.id, role: ProjectRole(rawValue: contributor.role)!,
                    position: Int64(position), createdAt: contributor.createdAt ?? project.createdAt), into: db)
            }
        }
        for (n, dataset) in (datasets ?? []).enumerated() {
            let datasetCreated = dataset.createdAt ?? project.createdAt
            try inserter.insert(DatasetRecord(id: dataset.id ?? FixtureDataset.derivedID(projectId: project.id, index: n), projectId: project.id,
                                              name: dataset.name, creatorId: userId(dataset.creator) ?? ownerId,
                                              systemDataset: false, createdAt: datasetCreated, updatedAt: datasetCreated), into: db)
        }
        for (n, name) in (tasks ?? []).enumerated() {
            try TaskRecord(id: DeterministicID.uuid("task", project.id, String(n)), projectId: project.id, name: name).insert(db)
        }
    }
}
