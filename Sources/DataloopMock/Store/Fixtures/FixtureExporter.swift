import GRDB

/// The whole state as a fixture document. Loading the export gives the same state, and
/// exporting that gives the same document. Integration secrets are exported redacted.
public enum FixtureExporter {
    public static func export(_ db: Database) throws -> FixtureDocument {
        let orgs = try OrgRecord.order(Column("createdAt"), Column("rowid")).fetchAll(db)
        let orgName = Dictionary(uniqueKeysWithValues: orgs.map { ($0.id, $0.name) })
        let accountOrg = Dictionary(uniqueKeysWithValues: try AccountRecord.fetchAll(db).map { ($0.id, $0.orgId) })

        var doc = FixtureDocument()
        for user in try UserRecord.order(Column("createdAt"), Column("rowid")).fetchAll(db) {
            var fixture = FixtureUser(email: user.email, firstName: user.firstName, lastName: user.lastName,
                                      superuser: user.superuser ? true : nil,
                                      activeOrg: user.activeOrgId.flatMap { orgName[$0] }.map { .named($0) } ?? .none)
            fixture.passwordHash = user.passwordHash
            fixture.id = user.id == user.email ? nil : user.id
            fixture.invited = user.invited ? true : nil
            fixture.createdAt = user.createdAt
            doc.users.append(fixture)
        }
        for org in orgs {
            var fixture = FixtureOrg(name: org.name, plan: org.plan, provider: org.providerId.flatMap { orgName[$0] },
                                     members: try Lookups.orgMembers(db, orgId: org.id).map { FixtureMember(email: $0.user.email, role: $0.role) })
            fixture.id = org.id
            fixture.createdAt = org.createdAt
            let groups = try GroupRecord.filter(Column("orgId") == org.id).order(Column("createdAt"), Column("rowid")).fetchAll(db)
            fixture.groups = try groups.map { group in
                let emails = try String.fetchAll(db, sql: """
                    SELECT user.email FROM groupMember JOIN user ON user.id = groupMember.userId
                    WHERE groupMember.groupId = ? ORDER BY groupMember.rowid
                    """, arguments: [group.id])
                return FixtureGroup(id: group.id, name: group.name, members: emails)
            }
            let integrations = try IntegrationRecord.filter(Column("orgId") == org.id).order(Column("createdAt"), Column("rowid")).fetchAll(db)
            fixture.integrations = integrations.map { integration in
                FixtureIntegration(id: integration.id, type: integration.type, name: integration.name,
                                   options: Redaction.redactAll(JSONText.decode(integration.options)),
                                   metadata: integration.metadata.map(JSONText.decode))
            }
            doc.orgs.append(fixture)
        }
        for project in try ProjectRecord.filter(Column("systemProject") == false).order(Column("createdAt"), Column("rowid")).fetchAll(db) {
            let payingOrg = accountOrg[project.accountId]
            var fixture = FixtureProject(
                name: project.name, org: orgName[project.orgId] ?? project.orgId,
                account: payingOrg == project.orgId ? nil : payingOrg.flatMap { orgName[$0] },
                contributors: try Lookups.contributors(db, projectId: project.id).map { FixtureMember(email: $0.user.email, role: $0.role) })
            fixture.id = project.id
            fixture.createdAt = project.createdAt
            let ownerId = fixture.contributors.first { $0.role == ProjectRole.owner.rawValue }.map { $0.email }
            let datasets = try DatasetRecord.filter(DatasetRecord.Columns.projectId == project.id && DatasetRecord.Columns.systemDataset == false)
                .order(Column.rowID).fetchAll(db)
            fixture.datasets = try datasets.enumerated().map { index, dataset in
                // Only what loading the plain name would not derive is written out.
                let creatorEmail = try dataset.creatorId.flatMap { try UserRecord.fetchOne(db, key: $0)?.email }
                return FixtureDataset(
                    name: dataset.name,
                    id: dataset.id == FixtureDataset.derivedID(projectId: project.id, index: index) ? nil : dataset.id,
                    createdAt: dataset.createdAt == project.createdAt ? nil : dataset.createdAt,
                    creator: creatorEmail?.lowercased() == ownerId?.lowercased() ? nil : creatorEmail)
            }
            fixture.tasks = try String.fetchAll(db, sql: "SELECT name FROM task WHERE projectId = ? ORDER BY rowid", arguments: [project.id])
            doc.projects.append(fixture)
        }
        return doc
    }
}
