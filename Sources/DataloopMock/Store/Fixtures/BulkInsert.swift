import GRDB

/// Loading a fixture inserts hundreds of thousands of rows. GRDB's `insert()` builds a
/// persistence container through `Encodable` and the SQL for every row; a bulk load binds a
/// row's values straight from the record (`ParameterBinder`), many rows to one `INSERT`
/// statement, so SQLite starts and ends a statement once per batch rather than once per row
/// (docs/NOTES.md, "Speed"). `BulkInsertTests` checks every conforming type's columns and values
/// against GRDB's own encoding, so the two cannot drift.
protocol BulkInsertable: EncodableRecord, TableRecord {
    /// The record's columns, in the order `bindBulkValues` binds them.
    static var bulkColumns: [String] { get }
    func bindBulkValues(to binder: inout ParameterBinder) throws
}

/// The rows of one load waiting to be inserted, by table, in the order they were given.
/// Nothing may read those tables until `flush`.
struct BulkInserter {
    /// Rows to one statement: a few hundred parameters, well inside SQLite's limit.
    static let batchSize = 32
    private var batches: [String: any PendingRows] = [:]

    mutating func insert<Record: BulkInsertable>(_ record: Record, into db: Database) throws {
        let batch: Batch<Record>
        if let pending = batches[Record.databaseTableName] {
            batch = pending as! Batch<Record>  // one table, one record type
        } else {
            batch = Batch<Record>()
            batches[Record.databaseTableName] = batch
        }
        batch.rows.append(record)
        if batch.rows.count == Self.batchSize { try batch.insertAll(db) }
    }

    /// Inserts every waiting row.
    func flush(_ db: Database) throws {
        for batch in batches.values { try batch.insertAll(db) }
    }

    private protocol PendingRows: AnyObject {
        func insertAll(_ db: Database) throws
    }

    private final class Batch<Record: BulkInsertable>: PendingRows {
        var rows: [Record] = []

        init() { rows.reserveCapacity(BulkInserter.batchSize) }

        func insertAll(_ db: Database) throws {
            guard !rows.isEmpty else { return }
            let columns = Record.bulkColumns
            let row = "(" + Array(repeating: "?", count: columns.count).joined(separator: ", ") + ")"
            let sql = "INSERT INTO \(Record.databaseTableName.quotedDatabaseIdentifier) (\(columns.map(\.quotedDatabaseIdentifier).joined(separator: ", "))) "
                + "VALUES " + Array(repeating: row, count: rows.count).joined(separator: ", ")
            // Cached by its SQL: a full batch's statement is made once per load.
            let statement = try db.cachedStatement(sql: sql)
            // A cursor steps the statement the way GRDB does (its error, its observers); an insert yields no row.
            try DecodingCursor(statement, count: columns.count * rows.count, bind: { binder in
                for record in rows { try record.bindBulkValues(to: &binder) }
            }, decode: { _ in () }).forEach { _ in }
            rows.removeAll(keepingCapacity: true)
        }
    }
}

extension UserRecord: BulkInsertable {
    static let bulkColumns = ["id", "email", "firstName", "lastName", "avatar", "passwordHash", "superuser", "invited", "activeOrgId",
                              "createdAt", "updatedAt", "lastLogin"]
    func bindBulkValues(to b: inout ParameterBinder) throws {
        try b.bind(id); try b.bind(email); try b.bind(firstName); try b.bind(lastName); try b.bind(avatar); try b.bind(passwordHash)
        try b.bind(superuser); try b.bind(invited); try b.bind(activeOrgId); try b.bind(createdAt); try b.bind(updatedAt); try b.bind(lastLogin)
    }
}

extension OrgMemberRecord: BulkInsertable {
    static let bulkColumns = ["orgId", "userId", "role", "position", "createdAt"]
    func bindBulkValues(to b: inout ParameterBinder) throws {
        try b.bind(orgId); try b.bind(userId); try b.bind(role); try b.bind(position); try b.bind(createdAt)
    }
}

extension ProjectRecord: BulkInsertable {
    static let bulkColumns = ["id", "name", "orgId", "accountId", "creatorId", "systemProject", "isBlocked", "archived", "createdAt", "updatedAt"]
    func bindBulkValues(to b: inout ParameterBinder) throws {
        try b.bind(id); try b.bind(name); try b.bind(orgId); try b.bind(accountId); try b.bind(creatorId)
        try b.bind(systemProject); try b.bind(isBlocked); try b.bind(archived); try b.bind(createdAt); try b.bind(updatedAt)
    }
}

extension ProjectContributorRecord: BulkInsertable {
    static let bulkColumns = ["projectId", "userId", "role", "position", "createdAt"]
    func bindBulkValues(to b: inout ParameterBinder) throws {
        try b.bind(projectId); try b.bind(userId); try b.bind(role); try b.bind(position); try b.bind(createdAt)
    }
}

extension DatasetRecord: BulkInsertable {
    static let bulkColumns = ["id", "projectId", "name", "creatorId", "systemDataset", "createdAt", "updatedAt"]
    func bindBulkValues(to b: inout ParameterBinder) throws {
        try b.bind(id); try b.bind(projectId); try b.bind(name); try b.bind(creatorId); try b.bind(systemDataset); try b.bind(createdAt)
        try b.bind(updatedAt)
    }
}
