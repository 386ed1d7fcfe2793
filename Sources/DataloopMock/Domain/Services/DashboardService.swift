import GRDB

/// What the dashboard shows one user: the orgs they see (a superuser: all), each with its
/// plan, provider, clients, members by role, and projects with owner and paying account.
public struct DashboardService: Sendable {
    public struct OrgCard: Sendable {
        public var details: OrgDetails
        public var providerName: String?
        public var clientNames: [String]
        public var overview: OrgOverview
        public var projects: [ProjectLine]
    }

    public struct ProjectLine: Sendable {
        public var project: ProjectRecord
        public var owningOrgId: String
        public var owningOrg: String
        public var payingOrgId: String
        public var payingOrg: String
        public var datasets: Int
        public var tasks: Int
        public var contributors: Int
        /// Owned by one org, paid for by another.
        public var billedElsewhere: Bool { owningOrgId != payingOrgId }
    }

    let clock: MockClock
    public init(clock: MockClock) { self.clock = clock }

    public func cards(_ db: Database, caller: Caller) throws -> [OrgCard] {
        let orgs = OrganizationService(clock: clock)
        let lines = try ProjectLines(db, projects: ProjectService(clock: clock))
        let names = lines.orgNames
        return try orgs.list(db, caller: caller).map { details in
            let org = details.org
            let clients = try OrgRecord.clientNames(db, of: org.id)
            return OrgCard(details: details, providerName: org.providerId.flatMap { names[$0] }, clientNames: clients,
                           overview: try orgs.overviewCounts(db, org: org),
                           projects: try lines.visible(db, caller: caller, ownedOrBilledTo: org, account: details.account))
        }
    }
}

/// Project lines as the pages show them: owning and paying org, and what the project holds.
struct ProjectLines {
    let orgNames: [String: String]
    let payingOrgOfAccount: [String: String]
    let projects: ProjectService

    init(_ db: Database, projects: ProjectService) throws {
        orgNames = Dictionary(uniqueKeysWithValues: try OrgRecord.fetchAll(db).map { ($0.id, $0.name) })
        payingOrgOfAccount = Dictionary(uniqueKeysWithValues: try AccountRecord.fetchAll(db).map { ($0.id, $0.orgId) })
        self.projects = projects
    }

    /// The projects an org owns or pays for that the caller may see, system project first.
    func visible(_ db: Database, caller: Caller, ownedOrBilledTo org: OrgRecord, account: AccountRecord) throws -> [DashboardService.ProjectLine] {
        let candidates = try ProjectRecord.ownedOrBilled(db, orgId: org.id, accountId: account.id)
        return try candidates.filter { try projects.canView(db, caller: caller, $0) }.map { try line(db, $0) }
    }

    func line(_ db: Database, _ project: ProjectRecord) throws -> DashboardService.ProjectLine {
        let payer = payingOrgOfAccount[project.accountId] ?? project.accountId
        return DashboardService.ProjectLine(
            project: project, owningOrgId: project.orgId, owningOrg: orgNames[project.orgId] ?? project.orgId,
            payingOrgId: payer, payingOrg: orgNames[payer] ?? payer,
            datasets: try DatasetRecord.filter(DatasetRecord.Columns.projectId == project.id && DatasetRecord.Columns.systemDataset == false).fetchCount(db),
            tasks: try TaskRecord.count(db, projectId: project.id),
            contributors: try ProjectContributorRecord.count(db, in: project.id))
    }
}
