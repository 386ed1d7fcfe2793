import GRDB

/// Project contributors: list, add, change role, remove.
public struct ProjectMemberService: Sendable {
    public let clock: MockClock
    let projects: ProjectService
    public init(clock: MockClock) {
        self.clock = clock
        self.projects = ProjectService(clock: clock)
    }

    public func list(_ db: Database, caller: Caller, projectId: String) throws -> [Member] {
        let project = try projects.visibleProject(db, caller: caller, projectId: projectId)
        return try Lookups.contributors(db, projectId: project.id)
    }

    public func add(_ db: Database, caller: Caller, projectId: String, email: String, role: String) throws -> Member {
        let project = try projects.visibleProject(db, caller: caller, projectId: projectId)
        let newRole = try Self.role(role)
        let actor = try ProjectContributorRecord.role(db, in: project.id, userId: caller.id)
        try ProjectMembershipRule.checkManage(actor: actor, targetCurrent: nil, targetNew: newRole, projectName: project.name)
        guard let user = try Lookups.user(db, idOrEmail: email) else {
            throw DomainError.notFound("no user '\(email)'; invite them to an organization first")
        }
        if try ProjectContributorRecord.role(db, in: project.id, userId: user.id) != nil {
            throw DomainError.conflict("'\(email)' is already a member of project '\(project.name)'")
        }
        let now = clock.nowMs()
        try ProjectContributorRecord(
            projectId: project.id, userId: user.id, role: newRole,
            position: try ProjectContributorRecord.nextPosition(db, in: project.id),
            createdAt: now).insert(db)
        return Member(user: user, role: newRole.rawValue)
    }

    public func updateRole(_ db: Database, caller: Caller, projectId: String, email: String, role: String) throws -> Member {
        let project = try projects.visibleProject(db, caller: caller, projectId: projectId)
        let newRole = try Self.role(role)
        let (user, current) = try contributor(db, project: project, email: email, caller: caller)
        try ProjectMembershipRule.checkManage(actor: try ProjectContributorRecord.role(db, in: project.id, userId: caller.id),
                                              targetCurrent: current, targetNew: newRole, projectName: project.name)
        try ProjectMembershipRule.checkOwnersRemain(current: current, new: newRole,
                                                    ownerCount: try ProjectContributorRecord.ownerCount(db, in: project.id), projectName: project.name)
        try ProjectContributorRecord.setRole(db, in: project.id, userId: user.id, to: newRole)
        return Member(user: user, role: newRole.rawValue)
    }

    public func remove(_ db: Database, caller: Caller, projectId: String, email: String) throws -> Member {
        let project = try projects.visibleProject(db, caller: caller, projectId: projectId)
        let (user, current) = try contributor(db, project: project, email: email, caller: caller)
        try ProjectMembershipRule.checkManage(actor: try ProjectContributorRecord.role(db, in: project.id, userId: caller.id),
                                              targetCurrent: current, targetNew: nil, projectName: project.name)
        try ProjectMembershipRule.checkOwnersRemain(current: current, new: nil,
                                                    ownerCount: try ProjectContributorRecord.ownerCount(db, in: project.id), projectName: project.name)
        try ProjectContributorRecord.delete(db, in: project.id, userId: user.id)
        return Member(user: user, role: current.rawValue)
    }

    func contributor(_ db: Database, project: ProjectRecord, email: String, caller: Caller) throws -> (UserRecord, ProjectRole) {
        guard let user = try Lookups.user(db, idOrEmail: email),
              let role = try ProjectContributorRecord.role(db, in: project.id, userId: user.id) else {
            throw DomainError.notFound("'\(email)' is not a member of project '\(project.name)'")
        }
        return (user, role)
    }


    static func role(_ raw: String) throws -> ProjectRole {
        guard let role = ProjectRole(rawValue: raw) else {
            throw DomainError.badRequest("unknown project role '\(raw)'; expected one of: owner, engineer, annotator, annotationManager")
        }
        return role
    }
}
