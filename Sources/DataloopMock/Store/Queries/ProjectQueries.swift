import GRDB

// Projects, their datasets and tasks, as record requests.

extension ProjectRecord {
    static let contributors = hasMany(ProjectContributorRecord.self)

    public static func find(_ db: Database, id: String) throws -> ProjectRecord? {
        try db.decodeOne(ProjectRecord.self, sql: "SELECT * FROM project WHERE id = ?", arguments: [id])
    }

    public static func allInListOrder(_ db: Database) throws -> [ProjectRecord] {
        try all().inListOrder().fetchAll(db)
    }

    /// The projects a user contributes to, in list order.
    /// (`GET /projects` reads it on every call: literal SQL, prepared once per connection, and
    /// put in order here: SQLite sorted the joined rows through a temporary b-tree.)
    public static func contributedTo(_ db: Database, by userId: String) throws -> [ProjectRecord] {
        var projects = try db.decodeAll(ProjectRecord.self, sql: """
            SELECT project.* FROM project JOIN projectContributor ON projectContributor.projectId = project.id
            WHERE projectContributor.userId = ?
            """, arguments: [userId])
        projects.sort(by: inListOrder)
        return projects
    }

    /// List order, as `inListOrder()` asks SQL for it: by creation, then by name as SQLite
    /// compares text (BINARY: its bytes). Stable, like SQLite's sorter.
    static func inListOrder(_ a: ProjectRecord, _ b: ProjectRecord) -> Bool {
        if a.createdAt != b.createdAt { return a.createdAt < b.createdAt }
        return a.name.utf8.lexicographicallyPrecedes(b.name.utf8)
    }

    public static func ownedBy(_ db: Database, orgId: String) throws -> [ProjectRecord] {
        try filter(Columns.orgId == orgId).inListOrder().fetchAll(db)
    }

    /// Projects named exactly so, oldest first.
    public static func named(_ db: Database, _ name: String) throws -> [ProjectRecord] {
        try filter(Columns.name == name).order(Columns.createdAt).fetchAll(db)
    }

    /// The projects an org owns or whose bill its account pays, the system project first.
    public static func ownedOrBilled(_ db: Database, orgId: String, accountId: String) throws -> [ProjectRecord] {
        try filter(Columns.orgId == orgId || Columns.accountId == accountId)
            .order(Columns.systemProject.desc, Columns.createdAt, Columns.name).fetchAll(db)
    }

    /// The projects a user contributes to or that an org of theirs owns: every project they
    /// might see (the access rule decides).
    public static func reachable(_ db: Database, by userId: String) throws -> [ProjectRecord] {
        let orgIds = OrgMemberRecord.filter(OrgMemberRecord.Columns.userId == userId).select(OrgMemberRecord.Columns.orgId)
        let contributed = ProjectContributorRecord.filter(ProjectContributorRecord.Columns.userId == userId)
            .select(ProjectContributorRecord.Columns.projectId)
        return try filter(contributed.contains(Columns.id) || orgIds.contains(Columns.orgId)).fetchAll(db)
    }

    /// Whether a user contributes to a project with this name, ignoring case (`except` one).
    public static func contributorHasName(_ db: Database, userId: String, name: String, except projectId: String? = nil) throws -> Bool {
        try all().contributedTo(by: userId).filter(Columns.name.collating(.nocase) == name && Columns.id !== projectId).isEmpty(db) == false
    }

    /// Counts for an org's overview: projects it owns, other orgs' projects it pays for, its
    /// projects another org pays for.
    public static func billingCounts(_ db: Database, orgId: String, accountId: String) throws -> (owned: Int, billed: Int, billedElsewhere: Int) {
        (try filter(Columns.orgId == orgId).fetchCount(db),
         try filter(Columns.accountId == accountId && Columns.orgId != orgId).fetchCount(db),
         try filter(Columns.orgId == orgId && Columns.accountId != accountId).fetchCount(db))
    }
}

extension DerivableRequest<ProjectRecord> {
    /// Oldest first, then by name: the order of every project list.
    func inListOrder() -> Self { order(ProjectRecord.Columns.createdAt, ProjectRecord.Columns.name) }

    func contributedTo(by userId: String) -> Self {
        joining(required: ProjectRecord.contributors.filter(ProjectContributorRecord.Columns.userId == userId))
    }
}

extension DatasetRecord {
    /// Whether a project has a dataset with this name, ignoring case.
    public static func nameTaken(_ db: Database, projectId: String, name: String) throws -> Bool {
        try filter(Columns.projectId == projectId && Columns.name.collating(.nocase) == name).fetchCount(db) > 0
    }

    /// Datasets of an org's projects, the `Binaries` ones not counted.
    public static func userDatasetCount(_ db: Database, orgId: String) throws -> Int {
        let projectIds = ProjectRecord.filter(ProjectRecord.Columns.orgId == orgId).select(ProjectRecord.Columns.id)
        return try filter(projectIds.contains(Columns.projectId) && Columns.systemDataset == false).fetchCount(db)
    }
}

extension TaskRecord {
    public static func count(_ db: Database, projectId: String) throws -> Int {
        try filter(Columns.projectId == projectId).fetchCount(db)
    }

    /// A project's task names, in the order they were made.
    public static func names(_ db: Database, projectId: String) throws -> [String] {
        try filter(Columns.projectId == projectId).order(Column.rowID).select(Columns.name, as: String.self).fetchAll(db)
    }

    public static func count(_ db: Database, orgId: String) throws -> Int {
        let projectIds = ProjectRecord.filter(ProjectRecord.Columns.orgId == orgId).select(ProjectRecord.Columns.id)
        return try filter(projectIds.contains(Columns.projectId)).fetchCount(db)
    }
}
