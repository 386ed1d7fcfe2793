import GRDB
import Testing
@testable import DataloopMock

/// The hand-written `init(row:)` of the hot records must read back exactly what GRDB's
/// `Encodable` insert wrote, nulls included.
@Suite struct RecordDecodingTests {
    func roundTrip<Record: PersistableRecord & FetchableRecord & Equatable>(_ records: [Record]) throws {
        var configuration = Configuration()
        configuration.foreignKeysEnabled = false
        let queue = try DatabaseQueue(configuration: configuration)
        try Schema.migrator.migrate(queue)
        try queue.write { db in
            try db.execute(sql: "DELETE FROM \(Record.databaseTableName)")
            for record in records {
                try record.insert(db)
            }
            #expect(try Record.fetchAll(db, sql: "SELECT * FROM \(Record.databaseTableName) ORDER BY rowid") == records)
        }
    }

    @Test func hotRecordsReadBackWhatWasWritten() throws {
        try roundTrip([
            UserRecord(id: "u", email: "u@x.example", firstName: "F", lastName: "L", avatar: "a", passwordHash: "h",
                       superuser: true, invited: false, activeOrgId: "o", createdAt: 1, updatedAt: 2, lastLogin: 3),
            UserRecord(id: "v", email: "v@x.example", firstName: nil, lastName: nil, avatar: nil, passwordHash: nil,
                       superuser: false, invited: true, activeOrgId: nil, createdAt: .min, updatedAt: .max, lastLogin: nil),
        ])
        try roundTrip([
            OrgRecord(id: "o", name: "O", nameKey: "o", plan: .premium, ownerId: "u", creatorId: "u", providerId: "p",
                      logoUrl: "l", cacheState: .pending, cacheReadyAt: 9, createdAt: 1, updatedAt: 2),
            OrgRecord(id: "p", name: "P", nameKey: "p", plan: .freemium, ownerId: nil, creatorId: nil, providerId: nil,
                      logoUrl: nil, cacheState: .none, cacheReadyAt: nil, createdAt: 3, updatedAt: 4),
        ])
        try roundTrip([AccountRecord(id: "a", orgId: "o", name: "O", ownerId: nil, creatorId: "u", createdAt: 1, updatedAt: 2)])
        try roundTrip([ProjectRecord(id: "p", name: "P", orgId: "o", accountId: "a", creatorId: nil, systemProject: true,
                                     isBlocked: true, archived: false, createdAt: 1, updatedAt: 2)])
        try roundTrip([GroupRecord(id: "g", orgId: "o", name: "G", ownerId: nil, createdAt: 1, updatedAt: 2)])
    }
}
