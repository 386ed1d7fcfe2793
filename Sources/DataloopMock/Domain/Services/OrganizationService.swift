import GRDB

/// Organizations: reading, renaming, plans, onboarding, clients and overview.
public struct OrganizationService: Sendable {
    public let clock: MockClock
    public init(clock: MockClock) { self.clock = clock }

    /// Loads the org and checks the caller may perform `action` on it.
    func authorize(_ db: Database, _ caller: Caller, orgId: String, _ action: OrgAccessRule.Action) throws -> (OrgRecord, OrgRole?) {
        let org = try Lookups.org(db, id: orgId)
        let role = try OrgMemberRecord.role(db, in: org.id, userId: caller.id)
        try OrgAccessRule.check(action, role: role, isSuperuser: caller.isSuperuser, orgName: org.name)
        return (org, role)
    }

    public func list(_ db: Database, caller: Caller) throws -> [OrgDetails] {
        if caller.isSuperuser {
            return try OrgRecord.allInListOrder(db).map { try details(db, $0, for: caller, role: nil) }
        }
        return try OrgRecord.memberOrgsWithRoles(db, userId: caller.id).map { try details(db, $0.org, for: caller, role: $0.role) }
    }

    public func get(_ db: Database, caller: Caller, orgId: String) throws -> OrgDetails {
        let (org, role) = try authorize(db, caller, orgId: orgId, .view)
        return try details(db, org, for: caller, role: role)
    }

    /// An org as `caller` may see it: its members and groups only when the permission table
    /// lets the caller list them in that org (`GET /orgs/{id}/members`, `/groups`), in every view
    /// (`GET /orgs`, `/orgs/{id}`, `/orgs/{id}/clients`, ...), else empty lists. A worker sees
    /// its org without them; a provider's owner or admin sees a client's name, plan and account
    /// through `/clients`, not its people.
    /// `role`: the caller's role in the org, which the caller of this has just read.
    func details(_ db: Database, _ org: OrgRecord, for caller: Caller, role: OrgRole?) throws -> OrgDetails {
        let seesMembers = OrgAccessRule.allows(.listMembers, role: role, isSuperuser: caller.isSuperuser)
        let seesGroups = OrgAccessRule.allows(.listGroups, role: role, isSuperuser: caller.isSuperuser)
        return OrgDetails(org: org, account: try Lookups.account(db, orgId: org.id),
                          members: seesMembers ? try Lookups.orgMembers(db, orgId: org.id) : [],
                          groups: seesGroups ? try groupDetails(db, orgId: org.id) : [])
    }

    public func rename(_ db: Database, caller: Caller, orgId: String, name: String) throws -> OrgDetails {
        var (org, role) = try authorize(db, caller, orgId: orgId, .rename)
        let newName = try NameRule.org.validated(name)
        let key = OrgRecord.nameKey(newName)
        if key != org.nameKey, try OrgRecord.nameTaken(db, newName) {
            throw DomainError.conflict("an organization named '\(newName)' already exists (names are unique, ignoring case)")
        }
        if newName != org.name { try OrgWriter.rename(db, org: &org, to: newName, at: clock.nowMs()) }
        return try details(db, org, for: caller, role: role)
    }

    public func setPlan(_ db: Database, caller: Caller, orgId: String, plan: String) throws -> OrgDetails {
        var (org, role) = try authorize(db, caller, orgId: orgId, .setPlan)
        guard let plan = OrgPlan(rawValue: plan) else {
            throw DomainError.badRequest("unknown plan '\(plan)'; expected one of: freemium, premium")
        }
        org.plan = plan
        org.updatedAt = clock.nowMs()
        try org.update(db)
        return try details(db, org, for: caller, role: role)
    }

    /// Onboarding: a user in no org creates one, with its account and system project, and
    /// becomes its owner; it becomes their active org.
    public func create(_ db: Database, caller: Caller, name: String, providerId: String?) throws -> OrgDetails {
        let memberships = try OrgMemberRecord.membershipCount(db, userId: caller.id)
        try OnboardingRule.checkCreate(membershipCount: memberships)
        let newName = try NameRule.org.validated(name)
        if try OrgRecord.nameTaken(db, newName) {
            throw DomainError.conflict("an organization named '\(newName)' already exists (names are unique, ignoring case)")
        }
        if let providerId {
            guard try OrgRecord.find(db, id: providerId) != nil else {
                throw DomainError.badRequest("provider organization '\(providerId)' not found")
            }
        }
        let now = clock.nowMs()
        let created = try OrgWriter.insertOrg(
            db, id: UUIDs.random(), name: newName, plan: .freemium, providerId: providerId, ownerId: caller.id, createdAt: now)
        try OrgMemberRecord(orgId: created.org.id, userId: caller.id, role: .owner, position: 0, createdAt: now).insert(db)
        try OrgWriter.refreshOwner(db, orgId: created.org.id)
        try UserRecord.setActiveOrg(db, userId: caller.id, orgId: created.org.id, at: now)
        return try details(db, created.org, for: caller, role: .owner)
    }

    public func groups(_ db: Database, caller: Caller, orgId: String) throws -> [GroupDetails] {
        let (org, _) = try authorize(db, caller, orgId: orgId, .listGroups)
        return try groupDetails(db, orgId: org.id)
    }

    func groupDetails(_ db: Database, orgId: String) throws -> [GroupDetails] {
        try GroupRecord.withMemberIds(db, orgId: orgId).map { GroupDetails(group: $0.group, memberIds: $0.memberIds) }
    }

    public func clients(_ db: Database, caller: Caller, orgId: String) throws -> [OrgDetails] {
        let (org, _) = try authorize(db, caller, orgId: orgId, .listClients)
        let clients = try OrgRecord.clients(db, of: org.id)
        return try clients.map { try details(db, $0, for: caller, role: try OrgMemberRecord.role(db, in: $0.id, userId: caller.id)) }
    }

    public func overview(_ db: Database, caller: Caller, orgId: String) throws -> OrgOverview {
        let (org, _) = try authorize(db, caller, orgId: orgId, .viewOverview)
        return try overviewCounts(db, org: org)
    }

    func overviewCounts(_ db: Database, org: OrgRecord) throws -> OrgOverview {
        let account = try Lookups.account(db, orgId: org.id)
        let counts = try ProjectRecord.billingCounts(db, orgId: org.id, accountId: account.id)
        return OrgOverview(org: org, ownedProjects: counts.owned, billedProjects: counts.billed, billedElsewhere: counts.billedElsewhere,
                           datasets: try DatasetRecord.userDatasetCount(db, orgId: org.id), tasks: try TaskRecord.count(db, orgId: org.id),
                           membersByRole: try OrgMemberRecord.countsByRole(db, orgId: org.id))
    }
}
