import GRDB

/// Projects: creation in the active org, visibility, rename, deletion and the paying account.
public struct ProjectService: Sendable {
    public let clock: MockClock
    public init(clock: MockClock) { self.clock = clock }

    public func create(_ db: Database, caller: Caller, name: String) throws -> ProjectDetails {
        let user = try caller.user(db)
        let activeOrg = try user.activeOrgId.flatMap { try OrgRecord.find(db, id: $0) }
        let role = try activeOrg.flatMap { try OrgMemberRecord.role(db, in: $0.id, userId: caller.id) }
        try ProjectAccessRule.checkCreate(activeOrg: activeOrg, roleInActiveOrg: role)
        let org = activeOrg!
        let projectName = try NameRule.project.validated(name)
        try ProjectNameRule.checkUnique(projectName, callerAlreadyHasIt: try ProjectRecord.contributorHasName(db, userId: caller.id, name: projectName),
                                        action: .create)
        let now = clock.nowMs()
        let project = ProjectRecord(
            id: UUIDs.random(), name: projectName, orgId: org.id, accountId: try Lookups.account(db, orgId: org.id).id,
            creatorId: caller.id, systemProject: false, isBlocked: false, archived: false, createdAt: now, updatedAt: now)
        try ProjectWriter.insertProject(db, project)
        try ProjectContributorRecord(projectId: project.id, userId: caller.id, role: .owner,
                                     position: 0, createdAt: now).insert(db)
        return try details(db, project, caller: caller)
    }

    /// Projects the caller contributes to; a superuser sees all of them.
    public func list(_ db: Database, caller: Caller) throws -> [ProjectDetails] {
        let projects: [ProjectRecord]
        if caller.isSuperuser {
            projects = try ProjectRecord.allInListOrder(db)
        } else {
            projects = try ProjectRecord.contributedTo(db, by: caller.id)
        }
        return try details(db, projects, caller: caller)
    }

    public func listOfOrg(_ db: Database, caller: Caller, orgId: String) throws -> [ProjectDetails] {
        let (org, _) = try OrganizationService(clock: clock).authorize(db, caller, orgId: orgId, .listProjects)
        let projects = try ProjectRecord.ownedBy(db, orgId: org.id)
        return try details(db, projects, caller: caller)
    }

    public func get(_ db: Database, caller: Caller, projectId: String) throws -> ProjectDetails {
        let project = try visibleProject(db, caller: caller, projectId: projectId)
        return try details(db, project, caller: caller)
    }

    /// Visible projects with exactly this name (the SDK's get-by-name); 404 when there is none,
    /// since the SDK indexes the first element of the answer.
    public func byName(_ db: Database, caller: Caller, name: String) throws -> [ProjectDetails] {
        let candidates = try ProjectRecord.named(db, name)
        let visible = try candidates.filter { try canView(db, caller: caller, $0) }
        guard !visible.isEmpty else { throw DomainError.notFound("project '\(name)' not found") }
        return try details(db, visible, caller: caller)
    }

    public func rename(_ db: Database, caller: Caller, projectId: String, name: String) throws -> ProjectDetails {
        var project = try visibleProject(db, caller: caller, projectId: projectId)
        let newName = try NameRule.project.validated(name)
        if newName != project.name {
            let role = try ProjectContributorRecord.role(db, in: project.id, userId: caller.id)
            try ProjectAccessRule.checkRename(projectRole: role, project: project)
            try ProjectNameRule.checkUnique(newName, callerAlreadyHasIt: try ProjectRecord.contributorHasName(db, userId: caller.id, name: newName, except: project.id),
                                            action: .update)
            project.name = newName
            project.updatedAt = clock.nowMs()
            try project.update(db)
        }
        return try details(db, project, caller: caller)
    }

    /// Moves the project's bill to another org's account, through `PayingAccountRule`.
    public func setPayingAccount(_ db: Database, caller: Caller, projectId: String, accountId: String) throws -> ProjectDetails {
        var project = try visibleProject(db, caller: caller, projectId: projectId)
        guard let account = try AccountRecord.find(db, id: accountId) else {
            throw DomainError.badRequest("account '\(accountId)' not found")
        }
        let payingOrg = try Lookups.org(db, id: account.orgId)
        try PayingAccountRule.check(
            callerProjectRole: try ProjectContributorRecord.role(db, in: project.id, userId: caller.id),
            callerRoleInPayingOrg: try OrgMemberRecord.role(db, in: payingOrg.id, userId: caller.id),
            projectName: project.name, payingOrgName: payingOrg.name)
        if project.accountId != account.id {
            project.accountId = account.id
            project.updatedAt = clock.nowMs()
            try project.update(db)
        }
        return try details(db, project, caller: caller)
    }

    public func delete(_ db: Database, caller: Caller, projectId: String) throws {
        let project = try visibleProject(db, caller: caller, projectId: projectId)
        try ProjectAccessRule.checkDelete(projectRole: try ProjectContributorRecord.role(db, in: project.id, userId: caller.id), project: project)
        try project.delete(db)
    }

    func canView(_ db: Database, caller: Caller, _ project: ProjectRecord) throws -> Bool {
        ProjectAccessRule.canView(
            projectRole: try ProjectContributorRecord.role(db, in: project.id, userId: caller.id),
            roleInOwningOrg: try OrgMemberRecord.role(db, in: project.orgId, userId: caller.id),
            isSuperuser: caller.isSuperuser)
    }

    /// The project, if the caller may see it: 404 when it does not exist, 403 when it is not theirs.
    func visibleProject(_ db: Database, caller: Caller, projectId: String) throws -> ProjectRecord {
        let project = try Lookups.project(db, id: projectId)
        guard try canView(db, caller: caller, project) else {
            throw DomainError.forbidden("you are not a contributor of project '\(projectId)' nor an owner or admin of the organization that owns it")
        }
        return project
    }

    func details(_ db: Database, _ project: ProjectRecord, caller: Caller) throws -> ProjectDetails {
        try details(db, [project], caller: caller)[0]
    }

    /// Projects with their orgs and contributors; the caller's own role is among the
    /// contributors. Each org is read once, each project's contributors with one prepared
    /// statement (no id sets or maps built first: they were a twentieth of an uncached
    /// `GET /projects`, callgrind, docs/NOTES.md "Speed").
    func details(_ db: Database, _ projects: [ProjectRecord], caller: Caller) throws -> [ProjectDetails] {
        var orgs: [String: OrgRecord] = [:]
        return try projects.map { project in
            let org: OrgRecord
            if let known = orgs[project.orgId] {
                org = known
            } else {
                org = try Lookups.org(db, id: project.orgId)
                orgs[project.orgId] = org
            }
            let members = try ProjectContributorRecord.withUsers(db, in: project.id) { Member(user: $0, role: $1.rawValue) }
            return ProjectDetails(project: project, org: org, contributors: members,
                                  callerRole: members.first { $0.user.id == caller.id }?.role)
        }
    }
}
