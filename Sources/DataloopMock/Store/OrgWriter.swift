import GRDB

/// Creating an org always creates its account and its system project with it; fixture
/// loading and onboarding both go through here so the three never drift apart. The account
/// and the system project are named after the org and follow its renames.
public enum OrgWriter {
    public struct Created: Sendable {
        public var org: OrgRecord
        public var account: AccountRecord
        public var systemProject: ProjectRecord
    }

    /// What a fixture may say about an org beyond its name (absent: derived, see `insertOrg`).
    public struct Seed: Sendable {
        public var creatorId: String? = nil
        public var updatedAt: Int64? = nil
        public var logoUrl: String? = nil
        public var accountId: String? = nil
        public var accountCreatorId: String? = nil
        public var accountCreatedAt: Int64? = nil
        public var accountUpdatedAt: Int64? = nil
        public var systemProjectId: String? = nil
        public var systemProjectCreatorId: String? = nil
        public var systemProjectCreatedAt: Int64? = nil
        public var systemProjectUpdatedAt: Int64? = nil
        public init() {}
    }

    /// The org, its account and its system project (with its `Binaries` dataset), the owner as
    /// the system project's owner. Membership is the caller's business (then `refreshOwner`).
    @discardableResult
    public static func insertOrg(
        _ db: Database, id: String, name: String, plan: OrgPlan, providerId: String?,
        ownerId: String, createdAt: Int64, seed: Seed = Seed()
    ) throws -> Created {
        let creator = seed.creatorId ?? ownerId
        let org = OrgRecord(
            id: id, name: name, nameKey: OrgRecord.nameKey(name), plan: plan,
            ownerId: ownerId, creatorId: creator, providerId: providerId, logoUrl: seed.logoUrl,
            cacheState: .none, cacheReadyAt: nil, createdAt: createdAt, updatedAt: seed.updatedAt ?? createdAt)
        try org.insert(db)
        let accountCreated = seed.accountCreatedAt ?? createdAt
        let account = AccountRecord(
            id: seed.accountId ?? DeterministicID.uuid("account", id), orgId: id, name: name,
            ownerId: ownerId, creatorId: seed.accountCreatorId ?? creator, createdAt: accountCreated,
            updatedAt: seed.accountUpdatedAt ?? accountCreated)
        try account.insert(db)
        let systemCreated = seed.systemProjectCreatedAt ?? createdAt
        let system = ProjectRecord(
            id: seed.systemProjectId ?? DeterministicID.uuid("system-project", id), name: systemProjectName(orgName: name), orgId: id,
            accountId: account.id, creatorId: seed.systemProjectCreatorId ?? ownerId, systemProject: true, isBlocked: false,
            archived: false, createdAt: systemCreated, updatedAt: seed.systemProjectUpdatedAt ?? systemCreated)
        try ProjectWriter.insertProject(db, system)
        try ProjectContributorRecord(projectId: system.id, userId: ownerId, role: .owner,
                                     position: 0, createdAt: systemCreated).insert(db)
        return Created(org: org, account: account, systemProject: system)
    }

    /// Derives the owner of the org and of its account again (`OrgOwnerRule`) after a change
    /// of membership; a fixture load calls it too.
    public static func refreshOwner(_ db: Database, orgId: String) throws {
        let members = try OrgMemberRecord.filter(OrgMemberRecord.scope == orgId).fetchAll(db)
        try setOwner(db, orgId: orgId, ownerId: OrgOwnerRule.owner(of: members))
    }

    /// Sets the owner of the org and of its account (derived by `OrgOwnerRule`, see `refreshOwner`).
    static func setOwner(_ db: Database, orgId: String, ownerId owner: String?) throws {
        try OrgRecord.filter(OrgRecord.Columns.id == orgId && OrgRecord.Columns.ownerId !== owner)
            .updateAll(db, OrgRecord.Columns.ownerId.set(to: owner))
        try AccountRecord.filter(AccountRecord.Columns.orgId == orgId && AccountRecord.Columns.ownerId !== owner)
            .updateAll(db, AccountRecord.Columns.ownerId.set(to: owner))
    }

    /// A rename: the org's account and its system project are named after it, so they follow.
    public static func rename(_ db: Database, org: inout OrgRecord, to name: String, at now: Int64) throws {
        org.name = name
        org.nameKey = OrgRecord.nameKey(name)
        org.updatedAt = now
        // Renames are the common write of a test suite: literal SQL, prepared once per connection
        // (a record's `update` builds its statement on every call).
        try db.cachedStatement(sql: "UPDATE org SET name = ?, nameKey = ?, updatedAt = ? WHERE id = ?")
            .execute(arguments: [org.name, org.nameKey, now, org.id])
        try db.cachedStatement(sql: "UPDATE account SET name = ?, updatedAt = ? WHERE orgId = ?").execute(arguments: [name, now, org.id])
        try db.cachedStatement(sql: "UPDATE project SET name = ?, updatedAt = ? WHERE orgId = ? AND systemProject")
            .execute(arguments: [systemProjectName(orgName: name), now, org.id])
    }

    public static func systemProjectName(orgName: String) -> String { "\(orgName) system project" }
}
