import GRDB

/// Creating an org always creates its account and its system project with it; fixture
/// loading and onboarding both go through here so the three never drift apart.
public enum OrgWriter {
    public struct Created: Sendable {
        public var org: OrgRecord
        public var account: AccountRecord
        public var systemProject: ProjectRecord
    }

    @discardableResult
    public static func insertOrg(
        _ db: Database, id: String, name: String, plan: OrgPlan, providerId: String?,
        owner: UserRecord, createdAt: Int64
    ) throws -> Created {
        let org = OrgRecord(
            id: id, name: name, nameKey: OrgRecord.nameKey(name), plan: plan.rawValue,
            ownerId: owner.id, creatorId: owner.id, providerId: providerId, logoUrl: nil,
            cacheState: "NONE", cacheReadyAt: nil, createdAt: createdAt, updatedAt: createdAt)
        try org.insert(db)
        let account = AccountRecord(
            id: DeterministicID.uuid("account", id), orgId: id, name: name,
            ownerId: owner.id, creatorId: owner.id, createdAt: createdAt, updatedAt: createdAt)
        try account.insert(db)
        let system = ProjectRecord(
            id: DeterministicID.uuid("system-project", id), name: "\(name) system project", orgId: id,
            accountId: account.id, creatorId: owner.id, systemProject: true, isBlocked: false,
            archived: false, createdAt: createdAt, updatedAt: createdAt)
        try ProjectWriter.insertProject(db, system)
        try ProjectContributorRecord(projectId: system.id, userId: owner.id, role: ProjectRole.owner.rawValue,
                                     position: 0, createdAt: createdAt).insert(db)
        return Created(org: org, account: account, systemProject: system)
    }
}
