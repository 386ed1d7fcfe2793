import GRDB

// Users: by id, by email, and the one column many operations write, the active org.

extension UserRecord {
    /// The caller of every request is loaded by id, so the statement is prepared once per connection.
    public static func find(_ db: Database, id: String) throws -> UserRecord? {
        try db.decodeOne(UserRecord.self, sql: "SELECT * FROM user WHERE id = ?", arguments: [id])
    }

    /// Candidates for an email, ignoring case (the caller compares exactly, see `EmailRule`).
    public static func withEmail(_ db: Database, _ email: String) throws -> UserRecord? {
        try filter(Columns.email.collating(.nocase) == email).fetchOne(db)
    }

    /// Registered users (not invited ones), oldest first: the login page's list.
    public static func registered(_ db: Database) throws -> [UserRecord] {
        try filter(Columns.invited == false).order(Columns.createdAt, Column.rowID).fetchAll(db)
    }

    /// Sets a user's active org (nil: none); `updatedAt` moves only when given.
    public static func setActiveOrg(_ db: Database, userId: String, orgId: String?, at now: Int64? = nil) throws {
        var assignments = [Columns.activeOrgId.set(to: orgId)]
        if let now { assignments.append(Columns.updatedAt.set(to: now)) }
        try filter(Columns.id == userId).updateAll(db, assignments)
    }
}
