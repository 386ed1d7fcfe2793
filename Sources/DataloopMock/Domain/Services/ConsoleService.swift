import GRDB

/// What the web console shows one signed-in user, each action with the verdict of the rule
/// that decides it (run through `RuleProblem`, so a page and the API never differ): the menu
/// (the user's orgs and the active one), the active org's overview, project cards with their
/// paying-account actions, the new-project form, the members form and onboarding.
public struct ConsoleService: Sendable {
    public struct Membership: Sendable {
        public var org: OrgRecord
        public var role: OrgRole
    }

    public struct Menu: Sendable {
        public var user: UserRecord
        public var memberships: [Membership]
        /// The active org, when the user belongs to it.
        public var active: Membership?
    }

    /// "Set under ‹org› account": the account a project's bill would move to, and why not.
    public struct PayingAction: Sendable {
        public var target: OrgRecord
        public var accountId: String
        /// The target is the org that owns the project ("Set back under ...").
        public var backToOwner: Bool
        public var problem: String?
    }

    public struct ProjectCard: Sendable {
        public var line: DashboardService.ProjectLine
        public var callerRole: ProjectRole?
        public var actions: [PayingAction]
    }

    public struct Overview: Sendable {
        public var counts: OrgOverview
        public var providerName: String?
        /// Nil when the caller may not list the org's clients (`clientsProblem` says why).
        public var clientNames: [String]?
        public var clientsProblem: String?
        public var renameProblem: String?
        public var projects: [ProjectCard]
    }

    public struct Projects: Sendable {
        public var ofActiveOrg: [ProjectCard]
        public var elsewhere: [ProjectCard]
        public var createProblem: String?
    }

    public struct Onboarding: Sendable {
        public var problem: String?
        public var providers: [OrgRecord]
    }

    public let clock: MockClock
    let orgs: OrganizationService
    let projectService: ProjectService
    public init(clock: MockClock) {
        self.clock = clock
        orgs = OrganizationService(clock: clock)
        projectService = ProjectService(clock: clock)
    }

    public func menu(_ db: Database, caller: Caller) throws -> Menu {
        let user = try UserService(clock: clock).me(db, caller: caller)
        let memberships = try OrgRecord.memberOrgsWithRoles(db, userId: caller.id).map { Membership(org: $0.org, role: $0.role) }
        return Menu(user: user, memberships: memberships, active: memberships.first { $0.org.id == user.activeOrgId })
    }

    /// The overview of an org (`GET /orgs/{id}/overview`'s permission), with its project cards.
    public func overview(_ db: Database, caller: Caller, orgId: String) throws -> Overview {
        let counts = try orgs.overview(db, caller: caller, orgId: orgId)
        let org = counts.org
        let role = try OrgMemberRecord.role(db, in: org.id, userId: caller.id)
        let clientsProblem = RuleProblem.of { () throws(DomainError) in
            try OrgAccessRule.check(.listClients, role: role, isSuperuser: caller.isSuperuser, orgName: org.name)
        }
        let clients = clientsProblem == nil ? try orgs.clients(db, caller: caller, orgId: org.id).map(\.org.name) : nil
        let lines = try ProjectLines(db, projects: projectService)
        let cards = try lines.visible(db, caller: caller, ownedOrBilledTo: org, account: try Lookups.account(db, orgId: org.id))
            .map { try card(db, caller: caller, $0, activeOrg: org) }
        return Overview(
            counts: counts, providerName: try org.providerId.flatMap { try OrgRecord.fetchOne(db, key: $0)?.name },
            clientNames: clients, clientsProblem: clientsProblem,
            renameProblem: RuleProblem.of { () throws(DomainError) in
                try OrgAccessRule.check(.rename, role: role, isSuperuser: caller.isSuperuser, orgName: org.name)
            },
            projects: cards)
    }

    /// Project cards: those of the active org (owned or billed there), then the caller's
    /// projects in other orgs; and whether the caller may create a project in the active org.
    public func projects(_ db: Database, caller: Caller, menu: Menu) throws -> Projects {
        let lines = try ProjectLines(db, projects: projectService)
        var ofActive: [ProjectCard] = []
        if let active = menu.active?.org {
            ofActive = try lines.visible(db, caller: caller, ownedOrBilledTo: active, account: try Lookups.account(db, orgId: active.id))
                .map { try card(db, caller: caller, $0, activeOrg: active) }
        }
        let shown = Set(ofActive.map(\.line.project.id))
        let elsewhere = try projectService.list(db, caller: caller).map(\.project).filter { !shown.contains($0.id) }
            .map { try card(db, caller: caller, try lines.line(db, $0), activeOrg: menu.active?.org) }
        let createProblem = RuleProblem.of { () throws(DomainError) in
            try ProjectAccessRule.checkCreate(activeOrg: menu.active?.org, roleInActiveOrg: menu.active?.role)
        }
        return Projects(ofActiveOrg: ofActive, elsewhere: elsewhere, createProblem: createProblem)
    }

    /// The card's paying-account actions: under the active org's account, and back under the
    /// owning org's, each judged by `PayingAccountRule`.
    func card(_ db: Database, caller: Caller, _ line: DashboardService.ProjectLine, activeOrg: OrgRecord?) throws -> ProjectCard {
        let project = line.project
        let role = try ProjectContributorRecord.role(db, in: project.id, userId: caller.id)
        var targets: [String] = []
        if let activeOrg, activeOrg.id != line.payingOrgId { targets.append(activeOrg.id) }
        if line.billedElsewhere, !targets.contains(line.owningOrgId) { targets.append(line.owningOrgId) }
        let actions = try targets.map { orgId in
            let target = try Lookups.org(db, id: orgId)
            let roleInTarget = try OrgMemberRecord.role(db, in: orgId, userId: caller.id)
            return PayingAction(
                target: target, accountId: try Lookups.account(db, orgId: orgId).id, backToOwner: orgId == line.owningOrgId,
                problem: RuleProblem.of { () throws(DomainError) in
                    try PayingAccountRule.check(callerProjectRole: role, callerRoleInPayingOrg: roleInTarget,
                                                projectName: project.name, payingOrgName: target.name)
                })
        }
        return ProjectCard(line: line, callerRole: role, actions: actions)
    }

    /// Why the caller may not add members to an org (nil: they may, for some role).
    public func addMemberProblem(_ db: Database, caller: Caller, orgId: String) throws -> String? {
        let org = try Lookups.org(db, id: orgId)
        let actor = try OrgMemberRecord.role(db, in: org.id, userId: caller.id)
        return RuleProblem.of { () throws(DomainError) in
            try OrgMembershipRule.checkAdd(actor: actor, isSuperuser: caller.isSuperuser, newRole: .worker, orgName: org.name)
        }
    }

    /// Whether the caller may onboard (create an org), and the orgs that may be its provider.
    public func onboarding(_ db: Database, caller: Caller) throws -> Onboarding {
        let memberships = try OrgMemberRecord.membershipCount(db, userId: caller.id)
        return Onboarding(
            problem: RuleProblem.of { () throws(DomainError) in try OnboardingRule.checkCreate(membershipCount: memberships) },
            providers: try OrgRecord.allInListOrder(db))
    }
}

extension ConsoleService {
    /// The name of the org an account belongs to.
    public func orgName(_ db: Database, accountId: String) throws -> String {
        guard let account = try AccountRecord.fetchOne(db, key: accountId) else { throw DomainError.notFound("account '\(accountId)' not found") }
        return try Lookups.org(db, id: account.orgId).name
    }
}
