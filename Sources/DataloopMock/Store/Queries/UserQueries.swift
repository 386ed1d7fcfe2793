import GRDB

// Users: by id, by email, and the one column many operations write, the active org.

extension UserRecord {
    /// The user with this id (the caller of every request is looked up so: literal SQL, prepared
    /// once per connection); a read takes it from the record cache, or reads it and keeps it there.
    public static func find(_ db: Database, id: String) throws -> UserRecord? {
        try find(db, id: id, sql: "SELECT * FROM user WHERE id = ?")
    }

    /// A user's email and superuser flag (nil: no such user): what a request's caller is. A write
    /// reads only these two columns; a read finds the whole user, usually in the record cache.
    public static func identity(_ db: Database, id: String) throws -> (email: String, superuser: Bool)? {
        if ReadScope.current != nil { return try find(db, id: id).map { ($0.email, $0.superuser) } }
        return try db.decodeOne(sql: "SELECT email, superuser FROM user WHERE id = ?", arguments: [id]) {
            (email: try $0.next() as String, superuser: try $0.next() as Bool)
        }
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
