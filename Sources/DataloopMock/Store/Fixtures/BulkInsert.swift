import GRDB
import GRDBSQLite

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
    /// For a table stored in its primary key (WITHOUT ROWID), which keeps no order of
    /// insertion: the row's key, a scope (an org) and a member. Such rows are held to the end of
    /// the load and inserted in key order, each appended to the b-tree instead of splitting a
    /// page somewhere in it, so its pages end full (docs/NOTES.md, "Speed").
    var scopedKey: (scope: String, member: String)? { get }
}

extension BulkInsertable {
    /// Rows of a table with a rowid are inserted in the order given: it is the order reads
    /// without `ORDER BY` see.
    var scopedKey: (scope: String, member: String)? { nil }
}

/// The rows of one load waiting to be inserted, by table, in the order they were given.
/// Nothing may read those tables until `flush`.
struct BulkInserter {
    /// Rows to one statement, at most: on the 100k-user fixture, 32 rows to a statement loaded
    /// in 1.97 s, 128 in 1.80 s, 512 in 1.75 s. Fewer when SQLite's parameter limit says so.
    static let batchSize = 512
    private var batches: [String: any PendingRows] = [:]

    mutating func insert<Record: BulkInsertable>(_ record: Record, into db: Database) throws {
        let batch: Batch<Record>
        if let pending = batches[Record.databaseTableName] {
            batch = pending as! Batch<Record>  // one table, one record type
        } else {
            batch = Batch<Record>()
            batches[Record.databaseTableName] = batch
        }
        try batch.append(record, db)
    }

    /// Inserts every waiting row; with `final` false, rows in key order wait still.
    func flush(_ db: Database, final: Bool = true) throws {
        for batch in batches.values { try batch.insertAll(db, final: final) }
    }

    private protocol PendingRows: AnyObject {
        func insertAll(_ db: Database, final: Bool) throws
    }

    private final class Batch<Record: BulkInsertable>: PendingRows {
        var rows: [Record] = []

        /// Rows in key order, as runs of one scope each: the loader gives a scope's rows
        /// together, so sorting the runs by scope and each run by member sorts them all, at a
        /// fraction of sorting every row.
        var runs: [(scope: String, rows: [Record])] = []

        init() { rows.reserveCapacity(BulkInserter.batchSize) }

        func append(_ record: Record, _ db: Database) throws {
            if let key = record.scopedKey {
                if runs.last?.scope == key.scope { runs[runs.count - 1].rows.append(record) } else { runs.append((key.scope, [record])) }
                return
            }
            rows.append(record)
            if rows.count == BulkInserter.batchSize { try insertAll(db, final: false) }
        }

        func insertAll(_ db: Database, final: Bool) throws {
            try insert(rows[...], db)
            rows.removeAll(keepingCapacity: true)
            guard final, !runs.isEmpty else { return }
            // Stable: runs of one scope given apart keep their order, then their members sort.
            if !Self.isSorted(runs.map(\.scope)) { runs.sort { $0.scope < $1.scope } }
            var ordered: [Record] = []
            ordered.reserveCapacity(runs.reduce(0) { $0 + $1.rows.count })
            var start = 0
            while start < runs.count {
                var end = start + 1
                var scopeRows = runs[start].rows
                while end < runs.count && runs[end].scope == runs[start].scope {
                    scopeRows += runs[end].rows
                    end += 1
                }
                let members = scopeRows.map { $0.scopedKey!.member }
                if !Self.isSorted(members) { scopeRows = members.indices.sorted { members[$0] < members[$1] }.map { scopeRows[$0] } }
                ordered += scopeRows
                start = end
            }
            try insert(ordered[...], db)
            runs = []
        }

        /// SQLite orders text by its UTF-8 bytes, which is code-point order; so does Swift's `<`
        /// for text in normal form C. Where they differ, a row is only appended less neatly.
        static func isSorted(_ keys: [String]) -> Bool { zip(keys, keys.dropFirst()).allSatisfy { $0 <= $1 } }

        /// In statements of as many rows as fit, each bound straight from its records.
        private func insert(_ rows: ArraySlice<Record>, _ db: Database) throws {
            let columns = Record.bulkColumns
            let parameterLimit = Int(sqlite3_limit(db.sqliteConnection, SQLITE_LIMIT_VARIABLE_NUMBER, -1))
            let rowsPerStatement = max(1, min(BulkInserter.batchSize, parameterLimit / columns.count))
            var start = rows.startIndex
            while start < rows.endIndex {
                let chunk = rows[start..<min(start + rowsPerStatement, rows.endIndex)]
                let row = "(" + Array(repeating: "?", count: columns.count).joined(separator: ", ") + ")"
                let sql = "INSERT INTO \(Record.databaseTableName.quotedDatabaseIdentifier) (\(columns.map(\.quotedDatabaseIdentifier).joined(separator: ", "))) "
                    + "VALUES " + Array(repeating: row, count: chunk.count).joined(separator: ", ")
                // A full statement is prepared once per load; the shorter ones that end a run
                // are not kept, so the live database's statement cache does not fill with them.
                let statement = chunk.count == rowsPerStatement ? try db.cachedStatement(sql: sql) : try db.makeStatement(sql: sql)
                // A cursor steps the statement the way GRDB does (its error, its observers); an insert yields no row.
                try DecodingCursor(statement, count: columns.count * chunk.count, bind: { binder in
                    for record in chunk { try record.bindBulkValues(to: &binder) }
                }, decode: { _ in () }).forEach { _ in }
                start = chunk.endIndex
            }
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
    /// The biggest table of a big fixture (200,000 rows on the 100k-user one). Project
    /// contributors are fewer, in more runs, and sorting them cost more than it saved.
    var scopedKey: (scope: String, member: String)? { (orgId, userId) }
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
