import GRDB

/// The caller's own user: who am I, and which org is active.
public struct UserService: Sendable {
    public let clock: MockClock
    public init(clock: MockClock) { self.clock = clock }

    public func me(_ db: Database, caller: Caller) throws -> UserRecord {
        try caller.user(db)
    }

    public func switchActiveOrg(_ db: Database, caller: Caller, orgId: String) throws -> UserRecord {
        let org = try Lookups.org(db, id: orgId)
        try ActiveOrgRule.checkSwitch(roleInTarget: try OrgMemberRecord.role(db, in: org.id, userId: caller.id), orgName: org.name)
        var user = try me(db, caller: caller)
        user.activeOrgId = org.id
        user.updatedAt = clock.nowMs()
        try user.update(db)
        return user
    }
}
