import GRDB

/// Loading a fixture inserts hundreds of thousands of rows. GRDB's `insert()` builds a
/// persistence container through `Encodable` and the SQL for every row; a bulk load uses one
/// prepared statement per table and takes a row's values straight from the record. On the
/// 100k-user fixture the load went from GRDB's `insert()` for every row to this for the five
/// tables that grow with it (docs/BENCH.md). `BulkInsertTests` checks every conforming type's
/// columns and values against GRDB's own encoding, so the two cannot drift.
protocol BulkInsertable: EncodableRecord, TableRecord {
    /// The record's columns, in the order of `bulkValues`.
    static var bulkColumns: [String] { get }
    var bulkValues: StatementArguments { get }
}

/// The prepared insert statements of one load, one per table.
struct BulkInserter {
    private var statements: [String: Statement] = [:]

    mutating func insert<Record: BulkInsertable>(_ record: Record, into db: Database) throws {
        let table = Record.databaseTableName
        let statement: Statement
        if let prepared = statements[table] {
            statement = prepared
        } else {
            let columns = Record.bulkColumns.map { "\"\($0)\"" }.joined(separator: ", ")
            let marks = Array(repeating: "?", count: Record.bulkColumns.count).joined(separator: ", ")
            statement = try db.makeStatement(sql: "INSERT INTO \"\(table)\" (\(columns)) VALUES (\(marks))")
            statements[table] = statement
        }
        try statement.execute(arguments: record.bulkValues)
    }
}

extension UserRecord: BulkInsertable {
    static let bulkColumns = ["id", "email", "firstName", "lastName", "avatar", "passwordHash", "superuser", "invited", "activeOrgId",
                              "createdAt", "updatedAt", "lastLogin"]
    var bulkValues: StatementArguments {
        [id, email, firstName, lastName, avatar, passwordHash, superuser, invited, activeOrgId, createdAt, updatedAt, lastLogin]
    }
}

extension OrgMemberRecord: BulkInsertable {
    static let bulkColumns = ["orgId", "userId", "role", "position", "createdAt"]
    var bulkValues: StatementArguments { [orgId, userId, role, position, createdAt] }
}

extension ProjectRecord: BulkInsertable {
    static let bulkColumns = ["id", "name", "orgId", "accountId", "creatorId", "systemProject", "isBlocked", "archived", "createdAt", "updatedAt"]
    var bulkValues: StatementArguments {
        [id, name, orgId, accountId, creatorId, systemProject, isBlocked, archived, createdAt, updatedAt]
    }
}

extension ProjectContributorRecord: BulkInsertable {
    static let bulkColumns = ["projectId", "userId", "role", "position", "createdAt"]
    var bulkValues: StatementArguments { [projectId, userId, role, position, createdAt] }
}

extension DatasetRecord: BulkInsertable {
    static let bulkColumns = ["id", "projectId", "name", "creatorId", "systemDataset", "createdAt", "updatedAt"]
    var bulkValues: StatementArguments { [id, projectId, name, creatorId, systemDataset, createdAt, updatedAt] }
}
