import GRDB

/// Organization membership: list, add (inviting unknown emails), change role, remove.
public struct OrgMemberService: Sendable {
    public let clock: MockClock
    let orgs: OrganizationService
    public init(clock: MockClock) {
        self.clock = clock
        self.orgs = OrganizationService(clock: clock)
    }

    public func list(_ db: Database, caller: Caller, orgId: String) throws -> [Member] {
        let (org, _) = try orgs.authorize(db, caller, orgId: orgId, .listMembers)
        return try Lookups.orgMembers(db, orgId: org.id)
    }

    /// Adds every email or none: an invalid email or an existing member refuses the whole call.
    public func add(_ db: Database, caller: Caller, orgId: String, emails: [String], role: String) throws -> [Member] {
        let org = try Lookups.org(db, id: orgId)
        let actor = try OrgMemberRecord.role(db, in: org.id, userId: caller.id)
        guard let newRole = OrgRole(rawValue: role) else {
            throw DomainError.badRequest("unknown org role '\(role)'; expected one of: owner, admin, member, worker")
        }
        try OrgMembershipRule.checkAdd(actor: actor, isSuperuser: caller.isSuperuser, newRole: newRole, orgName: org.name)
        guard !emails.isEmpty else { throw DomainError.badRequest("emails must list at least one email address") }
        var seen: Set<String> = []
        for email in emails {
            if let problem = EmailRule.problem(with: email) { throw DomainError.badRequest("\(problem); no member was added") }
            guard EmailAddress.isValid(email) else { throw DomainError.badRequest("'\(email)' is not a valid email address; no member was added") }
            guard seen.insert(email.lowercased()).inserted else { throw DomainError.badRequest("'\(email)' is listed twice; no member was added") }
        }
        let now = clock.nowMs()
        var position = try OrgMemberRecord.nextPosition(db, in: org.id)
        var added: [Member] = []
        for email in emails {
            let user = try Lookups.user(db, email: email) ?? invite(db, email: email, now: now)
            if try OrgMemberRecord.role(db, in: org.id, userId: user.id) != nil {
                throw DomainError.conflict("'\(email)' is already a member of organization '\(org.name)'; no member was added")
            }
            try OrgMemberRecord(orgId: org.id, userId: user.id, role: newRole, position: position, createdAt: now).insert(db)
            position += 1
            if user.activeOrgId == nil {
                try UserRecord.setActiveOrg(db, userId: user.id, orgId: org.id)
            }
            added.append(Member(user: try UserRecord.find(db, id: user.id)!, role: newRole.rawValue))
        }
        try OrgWriter.refreshOwner(db, orgId: org.id)
        return added
    }

    /// An email nobody signed up with becomes an invited user: UUID id, no password.
    func invite(_ db: Database, email: String, now: Int64) throws -> UserRecord {
        let user = UserRecord(id: UUIDs.random(), email: email, firstName: nil, lastName: nil, avatar: nil, passwordHash: nil,
                              superuser: false, invited: true, activeOrgId: nil, createdAt: now, updatedAt: now, lastLogin: nil)
        try user.insert(db)
        return user
    }

    public func updateRole(_ db: Database, caller: Caller, orgId: String, email: String, role: String) throws -> Member {
        let org = try Lookups.org(db, id: orgId)
        let actor = try OrgMemberRecord.role(db, in: org.id, userId: caller.id)
        guard let newRole = OrgRole(rawValue: role) else {
            throw DomainError.badRequest("unknown org role '\(role)'; expected one of: owner, admin, member, worker")
        }
        let user = try Lookups.user(db, idOrEmail: email)
        let current = try user.flatMap { try OrgMemberRecord.role(db, in: org.id, userId: $0.id) }
        // Callers who may not manage members learn nothing about who is in the org: 403 first.
        try OrgMembershipRule.checkChange(actor: actor, isSuperuser: caller.isSuperuser, from: current, to: newRole, orgName: org.name)
        guard let user, let current else { throw DomainError.notFound("'\(email)' is not a member of organization '\(org.name)'") }
        try OrgMembershipRule.checkOwnersRemain(current: current, new: newRole, ownerCount: try OrgMemberRecord.ownerCount(db, in: org.id), orgName: org.name)
        try OrgMemberRecord.setRole(db, in: org.id, userId: user.id, to: newRole)
        try OrgWriter.refreshOwner(db, orgId: org.id)
        return Member(user: user, role: newRole.rawValue)
    }

    public func remove(_ db: Database, caller: Caller, orgId: String, userId: String) throws -> Member {
        let org = try Lookups.org(db, id: orgId)
        let actor = try OrgMemberRecord.role(db, in: org.id, userId: caller.id)
        let found = try Lookups.user(db, idOrEmail: userId)
        let role = try found.flatMap { try OrgMemberRecord.role(db, in: org.id, userId: $0.id) }
        try OrgMembershipRule.checkRemove(actor: actor, isSuperuser: caller.isSuperuser, target: role, orgName: org.name)
        guard let user = found, let current = role else {
            throw DomainError.notFound("'\(userId)' is not a member of organization '\(org.name)'")
        }
        try OrgMembershipRule.checkOwnersRemain(current: current, new: nil, ownerCount: try OrgMemberRecord.ownerCount(db, in: org.id), orgName: org.name)
        try OrgMemberRecord.remove(db, orgId: org.id, userId: user.id)
        try OrgWriter.refreshOwner(db, orgId: org.id)
        if user.activeOrgId == org.id {
            // Their active org moves to another org of theirs, or to none.
            let next = try OrgMemberRecord.firstOrgId(db, userId: user.id)
            try UserRecord.setActiveOrg(db, userId: user.id, orgId: next, at: clock.nowMs())
        }
        return Member(user: try UserRecord.find(db, id: user.id) ?? user, role: current.rawValue)
    }

}
