import GRDB
import GRDBSQLite
import Testing
@testable import DataloopMock

/// The fixture loader's bulk inserts take columns and values from `BulkInsertable`; GRDB's
/// `insert()` takes them from `Encodable`. Both must write the same row.
@Suite struct BulkInsertTests {
    func expectSameRow<Record: BulkInsertable & PersistableRecord & FetchableRecord & Equatable>(_ record: Record) throws {
        var configuration = Configuration()
        configuration.foreignKeysEnabled = false  // one row at a time, without the rows it names
        let queue = try DatabaseQueue(configuration: configuration)
        try Schema.migrator.migrate(queue)
        try queue.write { db in
            #expect(Record.bulkColumns.sorted() == Array(try record.databaseDictionary.keys).sorted(), "\(Record.self) columns")
            var inserter = BulkInserter()
            try inserter.insert(record, into: db)
            try inserter.flush(db)
            let bulk = try Row.fetchOne(db, sql: "SELECT * FROM \(Record.databaseTableName)")!
            try db.execute(sql: "DELETE FROM \(Record.databaseTableName)")
            try record.insert(db)
            let grdb = try Row.fetchOne(db, sql: "SELECT * FROM \(Record.databaseTableName)")!
            #expect(bulk == grdb, "\(Record.self): bulk \(bulk) vs insert() \(grdb)")
            #expect(try Record(row: bulk) == record)
        }
    }

    /// Full batches and a remainder, in the order given; with SQLite's parameter limit lowered
    /// too, so a statement holds only three rows.
    @Test(arguments: [nil, 40] as [Int32?]) func batchesKeepTheOrderRowsWereGiven(parameterLimit: Int32?) throws {
        let queue = try DatabaseQueue()
        try Schema.migrator.migrate(queue)
        let count = BulkInserter.batchSize * 2 + 5
        let given = (0..<count).map { n in
            UserRecord(id: "u\(count - n)", email: "u\(count - n)@x.example", firstName: nil, lastName: nil, avatar: nil, passwordHash: nil,
                       superuser: false, invited: n % 2 == 0, activeOrgId: nil, createdAt: Int64(n), updatedAt: Int64(n), lastLogin: nil)
        }
        let stored = try queue.write { db in
            if let parameterLimit { sqlite3_limit(db.sqliteConnection, SQLITE_LIMIT_VARIABLE_NUMBER, parameterLimit) }
            var inserter = BulkInserter()
            for user in given { try inserter.insert(user, into: db) }
            #expect(try UserRecord.fetchCount(db) == BulkInserter.batchSize * 2, "full batches go in as they fill")
            try inserter.flush(db)
            return try UserRecord.fetchAll(db, sql: "SELECT * FROM user ORDER BY rowid")
        }
        #expect(stored == given)
    }

    /// Memberships wait for the end of the load, then go in by key: all of them, none lost.
    @Test func tablesWithoutRowidWaitAndGoInByKey() throws {
        var configuration = Configuration()
        configuration.foreignKeysEnabled = false
        let queue = try DatabaseQueue(configuration: configuration)
        try Schema.migrator.migrate(queue)
        var rng = SeededGenerator(seed: 7)
        let given = (0..<(BulkInserter.batchSize * 3 + 1)).map { n in
            OrgMemberRecord(orgId: "org-\(Int.random(in: 0..<5, using: &rng))", userId: "user-\(n)", role: .member, position: Int64(n), createdAt: 0)
        }.shuffled(using: &rng)
        let (early, late, stored) = try queue.write { db in
            var inserter = BulkInserter()
            for membership in given { try inserter.insert(membership, into: db) }
            try inserter.flush(db, final: false)
            let early = try OrgMemberRecord.fetchCount(db)
            try inserter.flush(db)
            return (early, try OrgMemberRecord.fetchCount(db), try OrgMemberRecord.fetchAll(db, sql: "SELECT * FROM orgMember ORDER BY orgId, userId"))
        }
        #expect(early == 0 && late == given.count)
        #expect(stored == given.sorted { ($0.orgId, $0.userId) < ($1.orgId, $1.userId) })
    }

    @Test func bulkInsertsWriteWhatInsertWrites() throws {
        try expectSameRow(UserRecord(id: "u", email: "u@x.example", firstName: "F", lastName: nil, avatar: "a", passwordHash: "h",
                                     superuser: true, invited: false, activeOrgId: "o", createdAt: 1, updatedAt: 2, lastLogin: 3))
        try expectSameRow(OrgMemberRecord(orgId: "o", userId: "u", role: .admin, position: 4, createdAt: 5))
        try expectSameRow(ProjectRecord(id: "p", name: "P", orgId: "o", accountId: "a", creatorId: nil, systemProject: true,
                                        isBlocked: false, archived: true, createdAt: 6, updatedAt: 7))
        try expectSameRow(ProjectContributorRecord(projectId: "p", userId: "u", role: .annotationManager, position: 8, createdAt: 9))
        try expectSameRow(DatasetRecord(id: "d", projectId: "p", name: "D", creatorId: "u", systemDataset: false, createdAt: 10, updatedAt: 11))
    }
}
