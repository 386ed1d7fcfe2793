import GRDB

/// The whole state as a fixture document, with everything a read can show (times, creators,
/// membership dates, cache state, system projects), so that loading the export answers every
/// read endpoint the same for every user, and exporting that gives the same document.
/// Integration secrets are exported redacted.
public enum FixtureExporter {
    public static func export(_ db: Database) throws -> FixtureDocument {
        var export = Exporting(db: db)
        try export.prepare()
        var doc = FixtureDocument()
        doc.users = try export.users()
        doc.orgs = try export.orgs()
        doc.projects = try export.projects()
        return doc
    }
}

/// One export in progress: names and emails by id.
struct Exporting {
    let db: Database
    var orgName: [String: String] = [:]
    var accountOrg: [String: String] = [:]
    var email: [String: String] = [:]
    var orgRecords: [OrgRecord] = []

    init(db: Database) { self.db = db }

    mutating func prepare() throws {
        orgRecords = try OrgRecord.order(OrgRecord.Columns.createdAt, Column.rowID).fetchAll(db)
        orgName = Dictionary(uniqueKeysWithValues: orgRecords.map { ($0.id, $0.name) })
        accountOrg = Dictionary(uniqueKeysWithValues: try AccountRecord.fetchAll(db).map { ($0.id, $0.orgId) })
        email = Dictionary(uniqueKeysWithValues: try UserRecord.fetchAll(db).map { ($0.id, $0.email) })
    }

    func users() throws -> [FixtureUser] {
        try UserRecord.order(UserRecord.Columns.createdAt, Column.rowID).fetchAll(db).map { user in
            var fixture = FixtureUser(email: user.email, firstName: user.firstName, lastName: user.lastName,
                                      superuser: user.superuser ? true : nil,
                                      activeOrg: user.activeOrgId.flatMap { orgName[$0] }.map { .named($0) } ?? .none)
            fixture.passwordHash = user.passwordHash
            fixture.id = user.id == user.email ? nil : user.id
            fixture.invited = user.invited ? true : nil
            fixture.createdAt = user.createdAt
            fixture.updatedAt = user.updatedAt
            fixture.lastLogin = user.lastLogin
            fixture.avatar = user.avatar
            return fixture
        }
    }

    func members(orgId: String) throws -> [FixtureMember] {
        try OrgMemberRecord.filter(OrgMemberRecord.scope == orgId).order(OrgMemberRecord.Columns.position).fetchAll(db).map {
            FixtureMember(email: email[$0.userId] ?? $0.userId, role: $0.role.rawValue, createdAt: $0.createdAt)
        }
    }

    func contributors(projectId: String) throws -> [FixtureMember] {
        try ProjectContributorRecord.filter(ProjectContributorRecord.scope == projectId).order(ProjectContributorRecord.Columns.position).fetchAll(db).map {
            FixtureMember(email: email[$0.userId] ?? $0.userId, role: $0.role.rawValue, createdAt: $0.createdAt)
        }
    }

    func datasets(projectId: String) throws -> [FixtureDataset] {
        try DatasetRecord.filter(DatasetRecord.Columns.projectId == projectId && DatasetRecord.Columns.systemDataset == false)
            .order(Column.rowID).fetchAll(db).map {
                FixtureDataset(name: $0.name, id: $0.id, createdAt: $0.createdAt, creator: $0.creatorId.flatMap { email[$0] })
            }
    }

    func orgs() throws -> [FixtureOrg] {
        try orgRecords.map { org in
            var fixture = FixtureOrg(name: org.name, plan: org.plan.rawValue, provider: org.providerId.flatMap { orgName[$0] },
                                     members: try members(orgId: org.id))
            fixture.id = org.id
            fixture.createdAt = org.createdAt
            fixture.updatedAt = org.updatedAt
            fixture.creator = org.creatorId.flatMap { email[$0] }
            fixture.logoUrl = org.logoUrl
            fixture.cache = org.cacheState == .none && org.cacheReadyAt == nil ? nil : FixtureCache(state: org.cacheState.rawValue, readyAt: org.cacheReadyAt)
            let account = try Lookups.account(db, orgId: org.id)
            fixture.account = FixtureAccount(id: account.id, creator: account.creatorId.flatMap { email[$0] },
                                             createdAt: account.createdAt, updatedAt: account.updatedAt)
            if let system = try ProjectRecord.filter(ProjectRecord.Columns.orgId == org.id && ProjectRecord.Columns.systemProject == true).fetchOne(db) {
                fixture.systemProject = FixtureSystemProject(
                    id: system.id, creator: system.creatorId.flatMap { email[$0] }, createdAt: system.createdAt,
                    updatedAt: system.updatedAt, contributors: try contributors(projectId: system.id), datasets: try datasets(projectId: system.id))
            }
            fixture.groups = try GroupRecord.withMemberIds(db, orgId: org.id, exportOrder: true).map { group, memberIds in
                FixtureGroup(id: group.id, name: group.name, members: memberIds.map { email[$0] ?? $0 }, owner: group.ownerId.flatMap { email[$0] },
                                    createdAt: group.createdAt, updatedAt: group.updatedAt)
            }
            fixture.integrations = try IntegrationRecord.ofOrg(db, orgId: org.id).map { integration in
                FixtureIntegration(id: integration.id, type: integration.type, name: integration.name,
                                   options: Redaction.redactAll(JSONText.decode(integration.options)),
                                   metadata: integration.metadata.map(JSONText.decode),
                                   creator: integration.creatorId.flatMap { email[$0] },
                                   createdAt: integration.createdAt, updatedAt: integration.updatedAt)
            }
            return fixture
        }
    }

    func projects() throws -> [FixtureProject] {
        try ProjectRecord.filter(ProjectRecord.Columns.systemProject == false).order(ProjectRecord.Columns.createdAt, Column.rowID).fetchAll(db).map { project in
            let payingOrg = accountOrg[project.accountId]
            var fixture = FixtureProject(
                name: project.name, org: orgName[project.orgId] ?? project.orgId,
                account: payingOrg == project.orgId ? nil : payingOrg.flatMap { orgName[$0] },
                contributors: try contributors(projectId: project.id))
            fixture.id = project.id
            fixture.createdAt = project.createdAt
            fixture.updatedAt = project.updatedAt
            fixture.creator = project.creatorId.flatMap { email[$0] }
            fixture.datasets = try datasets(projectId: project.id)
            fixture.tasks = try TaskRecord.names(db, projectId: project.id)
            return fixture
        }
    }
}
