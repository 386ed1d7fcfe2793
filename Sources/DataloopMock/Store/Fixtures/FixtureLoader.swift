import Foundation
import GRDB

/// Writes a validated fixture into an empty database. Absent ids and times are derived
/// from names and positions, so loading the same document twice gives identical state; what
/// an export carries (times, creators, cache, system projects) is loaded as given, so that
/// `PUT /_mock/fixtures` of `GET /_mock/state` answers every read the same.
public enum FixtureLoader {
    /// Loads in one transaction of its own (call it outside any). A bulk load: the schema's
    /// secondary indexes are built once from the loaded rows instead of growing row by row, and
    /// foreign keys are not checked on every row (docs/NOTES.md, "Speed").
    public static func load(_ doc: FixtureDocument, into db: Database) throws {
        // Only outside a transaction does this pragma take effect.
        try db.execute(sql: "PRAGMA foreign_keys = OFF")
        defer { try? db.execute(sql: "PRAGMA foreign_keys = ON") }
        try db.inTransaction {
            // Explicit indexes only: those SQLite made for keys and UNIQUE have no SQL and stay.
            let indexes = try Row.fetchAll(db, sql: "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL")
            for index in indexes { try db.execute(sql: "DROP INDEX \((index["name"] as String).quotedDatabaseIdentifier)") }
            var load = Loading(db: db)
            load.assignOrgIDs(doc.orgs, firstOrgFor: doc.users)
            try load.users(doc.users)
            try load.orgs(doc.orgs)
            try load.projects(doc.projects)
            try load.inserter.flush(db)
            // The indexes are sorted from the rows: SQLite's sorter may use the other core.
            try db.execute(sql: "PRAGMA threads = 2")
            for index in indexes { try db.execute(sql: index["sql"]) }
            try db.execute(sql: "PRAGMA threads = 0")
            #if DEBUG
            // Every reference comes from the validated document, looked up by the loader. The
            // debug build, which every test runs, checks that; the release build spares the
            // 100k-user fixture's load the 0.16 s it takes.
            if let broken = try Row.fetchOne(db, sql: "PRAGMA foreign_key_check") {
                throw DatabaseError(resultCode: .SQLITE_CONSTRAINT_FOREIGNKEY, message: "the fixture load broke a reference: \(broken)")
            }
            #endif
            return .commit
        }
    }
}

/// What the validator guarantees, checked again: a load runs beside the validator, on a
/// document not yet known to be valid (`StateStore.makeSeed(validating:)`), so a reference
/// that is not there throws instead of trapping; the caller then reports the validator's problem.
struct UnvalidatedFixture: Error, CustomStringConvertible {
    let missing: String
    var description: String { "the fixture has no \(missing)" }
}

func required<Value>(_ value: Value?, _ missing: @autoclosure () -> String) throws -> Value {
    guard let value else { throw UnvalidatedFixture(missing: missing()) }
    return value
}

/// One load in progress: the ids assigned so far, by email and by org name (`CaseInsensitiveKey`).
struct Loading {
    let db: Database
    var clockTick: Int64 = 0
    var userIDs: [String: String] = [:]
    var orgIDs: [String: String] = [:]
    var accountIDs: [String: String] = [:]  // by org id
    /// Org ids by name as the document spells it: a fixture nearly always refers to an org by
    /// its exact name, and lowercasing 120,000 references was a fifth of loading the big one.
    var orgIDsAsSpelt: [String: String] = [:]
    /// The first org each user (by lowercased email) is listed in: their active org by default.
    var firstOrgOfEmail: [String: String] = [:]
    var inserter = BulkInserter()

    init(db: Database) { self.db = db }

    /// A given time, or the next derived one (a second apart, from the fixture epoch).
    mutating func time(_ given: Int64?) -> Int64 {
        clockTick += 1
        return given ?? DeterministicID.fixtureEpochMs + clockTick * 1000
    }

    /// The id of the org a document names.
    func orgId(_ name: String) throws -> String { try required(orgIDsAsSpelt[name] ?? orgIDs[CaseInsensitiveKey.of(name)], "org '\(name)'") }

    func userId(_ email: String?) -> String? { email.flatMap { userIDs[CaseInsensitiveKey.of($0)] } }
    func userId(_ email: String) throws -> String { try required(userIDs[CaseInsensitiveKey.of(email)], "user '\(email)'") }

    /// Org and account ids come from names (or the document), so users can name their active
    /// org before the orgs are inserted. A user whose active org is left out gets their first;
    /// only those users' orgs are looked for (on the 100k-user fixture every user names theirs,
    /// and walking 200,000 memberships for nothing took 80 ms).
    mutating func assignOrgIDs(_ orgs: [FixtureOrg], firstOrgFor users: [FixtureUser]) {
        var wanted = Set(users.filter { $0.activeOrg == .firstOrg }.map { CaseInsensitiveKey.of($0.email) })
        for org in orgs {
            let key = CaseInsensitiveKey.of(org.name)
            let id = org.id ?? DeterministicID.uuid("org", key)
            orgIDs[key] = id
            orgIDsAsSpelt[org.name] = id
            accountIDs[id] = org.account?.id ?? DeterministicID.uuid("account", id)
            guard !wanted.isEmpty else { continue }
            for member in org.members {
                let email = CaseInsensitiveKey.of(member.email)
                if wanted.remove(email) != nil { firstOrgOfEmail[email] = id }
            }
        }
    }

    func activeOrgId(_ user: FixtureUser) throws -> String? {
        switch user.activeOrg {
        case .firstOrg: firstOrgOfEmail[CaseInsensitiveKey.of(user.email)]
        case .none: nil
        case .named(let name): try orgId(name)
        }
    }

    mutating func users(_ users: [FixtureUser]) throws {
        userIDs.reserveCapacity(users.count)
        for user in users {
            let invited = user.invited ?? false
            let created = time(user.createdAt)
            let record = UserRecord(
                id: user.id ?? (invited ? DeterministicID.uuid("invited", CaseInsensitiveKey.of(user.email)) : user.email),
                email: user.email, firstName: user.firstName, lastName: user.lastName, avatar: user.avatar,
                passwordHash: user.passwordHash ?? user.password.map { PasswordHasher.hash(password: $0, email: user.email) },
                superuser: user.superuser ?? false, invited: invited, activeOrgId: try activeOrgId(user),
                createdAt: created, updatedAt: user.updatedAt ?? created, lastLogin: user.lastLogin)
            try inserter.insert(record, into: db)
            userIDs[CaseInsensitiveKey.of(user.email)] = record.id
        }
    }

    mutating func orgs(_ orgs: [FixtureOrg]) throws {
        for org in orgs { try self.org(org) }
        // Providers are set once every org exists, so a client may precede its provider.
        for org in orgs {
            if let provider = org.provider {
                try OrgRecord.filter(OrgRecord.Columns.id == orgIDs[CaseInsensitiveKey.of(org.name)])
                    .updateAll(db, OrgRecord.Columns.providerId.set(to: orgIDs[CaseInsensitiveKey.of(provider)]))
            }
        }
    }

    mutating func org(_ org: FixtureOrg) throws {
        // An org's rows are partly inserted one by one (OrgWriter): the waiting ones go first,
        // so every table's rows keep the order they had when each row was inserted at once.
        try inserter.flush(db, final: false)
        let id = try orgId(org.name)
        let firstOwner = try userId(required(org.members.first { $0.role == OrgRole.owner.rawValue }, "an owner of '\(org.name)'").email)
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
            providerId: nil, ownerId: firstOwner, createdAt: created, seed: seed)
        var memberships: [OrgMemberRecord] = []
        for (position, member) in org.members.enumerated() {
            let membership = OrgMemberRecord(orgId: id, userId: try userId(member.email), role: try required(OrgRole(rawValue: member.role), "role '\(member.role)'"),
                                             position: Int64(position),
                                             createdAt: member.createdAt ?? created)
            try inserter.insert(membership, into: db)
            memberships.append(membership)
        }
        // Usually the first owner listed; an export's membership dates may say otherwise.
        if let owner = OrgOwnerRule.owner(of: memberships), owner != firstOwner {
            try OrgWriter.setOwner(db, orgId: id, ownerId: owner)
        }
        if let cache = org.cache {
            try OrgRecord.filter(OrgRecord.Columns.id == id).updateAll(
                db, OrgRecord.Columns.cacheState.set(to: try required(OrgCacheState(rawValue: cache.state), "cache state '\(cache.state)'")), OrgRecord.Columns.cacheReadyAt.set(to: cache.readyAt))
        }
        if let system = org.systemProject {
            try projectContents(made.systemProject, contributors: system.contributors, datasets: system.datasets, tasks: nil,
                                ownerId: firstOwner)
        }
        for (index, group) in (org.groups ?? []).enumerated() {
            let groupID = group.id ?? DeterministicID.uuid("group", id, String(index))
            let groupCreated = group.createdAt ?? created
            try GroupRecord(id: groupID, orgId: id, name: group.name, ownerId: userId(group.owner) ?? firstOwner,
                            createdAt: groupCreated, updatedAt: group.updatedAt ?? groupCreated).insert(db)
            for email in group.members {
                try GroupMemberRecord(groupId: groupID, userId: userId(email)).insert(db)
            }
        }
        for (index, integration) in (org.integrations ?? []).enumerated() {
            let integrationCreated = integration.createdAt ?? created
            try IntegrationRecord(
                id: integration.id ?? DeterministicID.uuid("integration", id, String(index)), orgId: id,
                type: integration.type, name: integration.name,
                options: try JSONText.encode(integration.options ?? .object([:])),
                metadata: try integration.metadata.map(JSONText.encode),
                creatorId: userId(integration.creator) ?? firstOwner, createdAt: integrationCreated,
                updatedAt: integration.updatedAt ?? integrationCreated).insert(db)
        }
    }

    mutating func projects(_ projects: [FixtureProject]) throws {
        for (index, project) in projects.enumerated() {
            let orgID = try orgId(project.org)
            let id = project.id ?? DeterministicID.uuid("project", orgID, project.name, String(index))
            let created = time(project.createdAt)
            let owner = userId(project.contributors.first { $0.role == ProjectRole.owner.rawValue }?.email)
            let record = ProjectRecord(
                id: id, name: project.name, orgId: orgID,
                accountId: try required(accountIDs[orgId(project.account ?? project.org)], "the account of '\(project.name)'"),
                creatorId: userId(project.creator) ?? owner, systemProject: false, isBlocked: false, archived: false,
                createdAt: created, updatedAt: project.updatedAt ?? created)
            let rows = ProjectWriter.rows(of: record)
            try inserter.insert(rows.project, into: db)
            try inserter.insert(rows.binaries, into: db)
            try projectContents(record, contributors: project.contributors, datasets: project.datasets, tasks: project.tasks,
                                ownerId: owner, replacingContributors: false)
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
                    projectId: project.id, userId: try userId(contributor.email),
                    role: try required(ProjectRole(rawValue: contributor.role), "role '\(contributor.role)'"),
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
