import GRDB

/// Organizations: reading, renaming, plans, onboarding, clients and overview.
public struct OrganizationService: Sendable {
    public let clock: MockClock
    public init(clock: MockClock) { self.clock = clock }

    /// Loads the org and checks the caller may perform `action` on it.
    func authorize(_ db: Database, _ caller: Caller, orgId: String, _ action: OrgAccessRule.Action) throws -> (OrgRecord, OrgRole?) {
        let org = try Lookups.org(db, id: orgId)
        let role = try Lookups.orgRole(db, orgId: org.id, userId: caller.id)
        try OrgAccessRule.check(action, role: role, isSuperuser: caller.isSuperuser, orgName: org.name)
        return (org, role)
    }

    public func list(_ db: Database, caller: Caller) throws -> [OrgDetails] {
        let orgs: [OrgRecord]
        if caller.isSuperuser {
            orgs = try OrgRecord.order(Column("createdAt"), Column("name")).fetchAll(db)
        } else {
            orgs = try OrgRecord.fetchAll(db, sql: """
                SELECT org.* FROM org JOIN orgMember ON orgMember.orgId = org.id
                WHERE orgMember.userId = ? ORDER BY org.createdAt, org.name
                """, arguments: [caller.id])
        }
        return try orgs.map { try details(db, $0) }
    }

    public func get(_ db: Database, caller: Caller, orgId: String) throws -> OrgDetails {
        let (org, _) = try authorize(db, caller, orgId: orgId, .view)
        return try details(db, org)
    }

    func details(_ db: Database, _ org: OrgRecord) throws -> OrgDetails {
        OrgDetails(org: org, account: try Lookups.account(db, orgId: org.id),
                   members: try Lookups.orgMembers(db, orgId: org.id), groups: try groupDetails(db, orgId: org.id))
    }

    public func rename(_ db: Database, caller: Caller, orgId: String, name: String) throws -> OrgDetails {
        var (org, _) = try authorize(db, caller, orgId: orgId, .rename)
        let newName = try NameRule.org.validated(name)
        let key = OrgRecord.nameKey(newName)
        if key != org.nameKey, try OrgRecord.filter(Column("nameKey") == key).fetchCount(db) > 0 {
            throw DomainError.conflict("an organization named '\(newName)' already exists (names are unique, ignoring case)")
        }
        if newName != org.name { try OrgWriter.rename(db, org: &org, to: newName, at: clock.nowMs()) }
        return try details(db, org)
    }

    public func setPlan(_ db: Database, caller: Caller, orgId: String, plan: String) throws -> OrgDetails {
        var (org, _) = try authorize(db, caller, orgId: orgId, .setPlan)
        guard let plan = OrgPlan(rawValue: plan) else {
            throw DomainError.badRequest("unknown plan '\(plan)'; expected one of: freemium, premium")
        }
        org.plan = plan.rawValue
        org.updatedAt = clock.nowMs()
        try org.update(db)
        return try details(db, org)
    }

    /// Onboarding: a user in no org creates one, with its account and system project, and
    /// becomes its owner; it becomes their active org.
    public func create(_ db: Database, caller: Caller, name: String, providerId: String?) throws -> OrgDetails {
        let memberships = try OrgMemberRecord.filter(Column("userId") == caller.id).fetchCount(db)
        try OnboardingRule.checkCreate(membershipCount: memberships)
        let newName = try NameRule.org.validated(name)
        if try OrgRecord.filter(Column("nameKey") == OrgRecord.nameKey(newName)).fetchCount(db) > 0 {
            throw DomainError.conflict("an organization named '\(newName)' already exists (names are unique, ignoring case)")
        }
        if let providerId {
            guard try OrgRecord.fetchOne(db, key: providerId) != nil else {
                throw DomainError.badRequest("provider organization '\(providerId)' not found")
            }
        }
        let now = clock.nowMs()
        let created = try OrgWriter.insertOrg(
            db, id: UUIDs.random(), name: newName, plan: .freemium, providerId: providerId, owner: caller.user, createdAt: now)
        try OrgMemberRecord(orgId: created.org.id, userId: caller.id, role: OrgRole.owner.rawValue, position: 0, createdAt: now).insert(db)
        try OrgWriter.refreshOwner(db, orgId: created.org.id)
        try db.execute(sql: "UPDATE user SET activeOrgId = ?, updatedAt = ? WHERE id = ?", arguments: [created.org.id, now, caller.id])
        return try details(db, created.org)
    }

    public func groups(_ db: Database, caller: Caller, orgId: String) throws -> [GroupDetails] {
        let (org, _) = try authorize(db, caller, orgId: orgId, .listGroups)
        return try groupDetails(db, orgId: org.id)
    }

    func groupDetails(_ db: Database, orgId: String) throws -> [GroupDetails] {
        let groups = try GroupRecord.fetchAll(db.cachedStatement(sql: "SELECT * FROM orgGroup WHERE orgId = ? ORDER BY createdAt, name"),
                                              arguments: [orgId])
        var members: [String: [String]] = [:]
        let rows = try Row.fetchCursor(db.cachedStatement(sql: """
            SELECT groupMember.groupId, groupMember.userId FROM groupMember JOIN orgGroup ON orgGroup.id = groupMember.groupId
            WHERE orgGroup.orgId = ? ORDER BY groupMember.rowid
            """), arguments: [orgId])
        while let row = try rows.next() { members[row[0], default: []].append(row[1]) }
        return groups.map { GroupDetails(group: $0, memberIds: members[$0.id] ?? []) }
    }

    public func clients(_ db: Database, caller: Caller, orgId: String) throws -> [OrgDetails] {
        let (org, _) = try authorize(db, caller, orgId: orgId, .listClients)
        let clients = try OrgRecord.filter(Column("providerId") == org.id).order(Column("createdAt"), Column("name")).fetchAll(db)
        return try clients.map { try details(db, $0) }
    }

    public func overview(_ db: Database, caller: Caller, orgId: String) throws -> OrgOverview {
        let (org, _) = try authorize(db, caller, orgId: orgId, .viewOverview)
        return try overviewCounts(db, org: org)
    }

    func overviewCounts(_ db: Database, org: OrgRecord) throws -> OrgOverview {
        let account = try Lookups.account(db, orgId: org.id)
        let owned = try ProjectRecord.filter(Column("orgId") == org.id).fetchCount(db)
        let billed = try ProjectRecord.filter(Column("accountId") == account.id && Column("orgId") != org.id).fetchCount(db)
        let billedElsewhere = try ProjectRecord.filter(Column("orgId") == org.id && Column("accountId") != account.id).fetchCount(db)
        let datasets = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM dataset JOIN project ON project.id = dataset.projectId WHERE project.orgId = ? AND NOT dataset.systemDataset", arguments: [org.id]) ?? 0
        let tasks = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM task JOIN project ON project.id = task.projectId WHERE project.orgId = ?", arguments: [org.id]) ?? 0
        var byRole: [OrgRole: Int] = Dictionary(uniqueKeysWithValues: OrgRole.allCases.map { ($0, 0) })
        for row in try Row.fetchAll(db, sql: "SELECT role, COUNT(*) AS n FROM orgMember WHERE orgId = ? GROUP BY role", arguments: [org.id]) {
            if let role = OrgRole(rawValue: row["role"]) { byRole[role] = row["n"] }
        }
        return OrgOverview(org: org, ownedProjects: owned, billedProjects: billed, billedElsewhere: billedElsewhere, datasets: datasets, tasks: tasks, membersByRole: byRole)
    }
}
