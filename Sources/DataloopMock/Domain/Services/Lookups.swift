import GRDB

/// Fetches shared by the services; each turns "not there" into the 404 a client should see.
enum Lookups {
    // The lookups every request makes use cached statements: prepared once per connection.

    static func org(_ db: Database, id: String) throws -> OrgRecord {
        guard let org = try OrgRecord.fetchOne(db.cachedStatement(sql: "SELECT * FROM org WHERE id = ?"), arguments: [id]) else { throw DomainError.notFound("organization '\(id)' not found") }
        return org
    }

    static func account(_ db: Database, orgId: String) throws -> AccountRecord {
        guard let account = try AccountRecord.fetchOne(db.cachedStatement(sql: "SELECT * FROM account WHERE orgId = ?"), arguments: [orgId]) else {
            throw DomainError.notFound("organization '\(orgId)' has no account")
        }
        return account
    }

    static func project(_ db: Database, id: String) throws -> ProjectRecord {
        guard let project = try ProjectRecord.fetchOne(db, key: id) else { throw DomainError.notFound("project '\(id)' not found") }
        return project
    }

    /// Whether the user contributes to a project with this name, ignoring case (`except` one).
    static func contributesToProject(_ db: Database, userId: String, named name: String, except projectId: String? = nil) throws -> Bool {
        try Bool.fetchOne(db, sql: """
            SELECT EXISTS (SELECT 1 FROM project JOIN projectContributor c ON c.projectId = project.id
                           WHERE c.userId = ? AND project.name = ? COLLATE NOCASE AND project.id IS NOT ?)
            """, arguments: [userId, name, projectId]) ?? false
    }

    static func user(_ db: Database, email: String) throws -> UserRecord? {
        try UserRecord.filter(sql: "email = ? COLLATE NOCASE", arguments: [email]).fetchOne(db)
    }

    /// A user named by id or by email (user ids are emails for registered users).
    static func user(_ db: Database, idOrEmail: String) throws -> UserRecord? {
        if let user = try UserRecord.fetchOne(db, key: idOrEmail) { return user }
        return try user(db, email: idOrEmail)
    }

    static func orgRole(_ db: Database, orgId: String, userId: String) throws -> OrgRole? {
        let raw = try String.fetchOne(db.cachedStatement(sql: "SELECT role FROM orgMember WHERE orgId = ? AND userId = ?"), arguments: [orgId, userId])
        return raw.flatMap(OrgRole.init(rawValue:))
    }

    static func projectRole(_ db: Database, projectId: String, userId: String) throws -> ProjectRole? {
        let raw = try String.fetchOne(db.cachedStatement(sql: "SELECT role FROM projectContributor WHERE projectId = ? AND userId = ?"),
                                      arguments: [projectId, userId])
        return raw.flatMap(ProjectRole.init(rawValue:))
    }

    static func orgMembers(_ db: Database, orgId: String) throws -> [Member] {
        let rows = try Row.fetchAll(db.cachedStatement(sql: """
            SELECT user.*, orgMember.role AS memberRole FROM orgMember
            JOIN user ON user.id = orgMember.userId
            WHERE orgMember.orgId = ? ORDER BY orgMember.position
            """), arguments: [orgId])
        return try rows.map { Member(user: try UserRecord(row: $0), role: $0["memberRole"]) }
    }

    static func contributors(_ db: Database, projectId: String) throws -> [Member] {
        let rows = try Row.fetchAll(db.cachedStatement(sql: """
            SELECT user.*, projectContributor.role AS memberRole FROM projectContributor
            JOIN user ON user.id = projectContributor.userId
            WHERE projectContributor.projectId = ? ORDER BY projectContributor.position
            """), arguments: [projectId])
        return try rows.map { Member(user: try UserRecord(row: $0), role: $0["memberRole"]) }
    }

    static func nextPosition(_ db: Database, table: String, column: String, value: String) throws -> Int64 {
        // Table and column names are ours, never user input.
        try Int64.fetchOne(db, sql: "SELECT COALESCE(MAX(position), -1) + 1 FROM \(table) WHERE \(column) = ?", arguments: [value]) ?? 0
    }
}
