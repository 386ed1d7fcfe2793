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
        public var owningOrg: String
        public var payingOrg: String
        public var datasets: Int
        public var tasks: Int
        public var contributors: Int
        /// Owned by one org, paid for by another.
        public var billedElsewhere: Bool { owningOrg != payingOrg }
    }

    let clock: MockClock
    public init(clock: MockClock) { self.clock = clock }

    public func cards(_ db: Database, caller: Caller) throws -> [OrgCard] {
        let orgs = OrganizationService(clock: clock)
        let projectService = ProjectService(clock: clock)
        let names = Dictionary(uniqueKeysWithValues: try OrgRecord.fetchAll(db).map { ($0.id, $0.name) })
        let payingOrgOfAccount = Dictionary(uniqueKeysWithValues: try AccountRecord.fetchAll(db).map { ($0.id, $0.orgId) })
        return try orgs.list(db, caller: caller).map { details in
            let org = details.org
            let projects = try ProjectRecord.fetchAll(db, sql: """
                SELECT * FROM project WHERE orgId = ? OR accountId = ? ORDER BY systemProject DESC, createdAt, name
                """, arguments: [org.id, details.account.id])
            let visible = try projects.filter { try projectService.canView(db, caller: caller, $0) }
            let lines = try visible.map { project in
                ProjectLine(
                    project: project, owningOrg: names[project.orgId] ?? project.orgId,
                    payingOrg: payingOrgOfAccount[project.accountId].flatMap { names[$0] } ?? project.accountId,
                    datasets: try DatasetRecord.filter(DatasetRecord.Columns.projectId == project.id && DatasetRecord.Columns.systemDataset == false).fetchCount(db),
                    tasks: try TaskRecord.filter(Column("projectId") == project.id).fetchCount(db),
                    contributors: try ProjectContributorRecord.filter(Column("projectId") == project.id).fetchCount(db))
            }
            let clients = try String.fetchAll(db, sql: "SELECT name FROM org WHERE providerId = ? ORDER BY name", arguments: [org.id])
            return OrgCard(details: details, providerName: org.providerId.flatMap { names[$0] }, clientNames: clients,
                           overview: try orgs.overviewCounts(db, org: org), projects: lines)
        }
    }
}
