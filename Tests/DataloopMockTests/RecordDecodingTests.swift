import GRDB
import Testing
@testable import DataloopMock

/// The hand-written `init(row:)` of the hot records must read back exactly what GRDB's
/// `Encodable` insert wrote, nulls included. They read by column position, so the sample values
/// differ in every column of a type: a column read out of order changes the record.
@Suite struct RecordDecodingTests {
    func roundTrip<Record: PersistableRecord & FetchableRecord & ColumnDecodable & Equatable>(_ records: [Record]) throws {
        var configuration = Configuration()
        configuration.foreignKeysEnabled = false
        let queue = try DatabaseQueue(configuration: configuration)
        try Schema.migrator.migrate(queue)
        try queue.write { db in
            try db.execute(sql: "DELETE FROM \(Record.databaseTableName)")
            for record in records {
                try record.insert(db)
            }
            let sql = "SELECT * FROM \(Record.databaseTableName) ORDER BY rowid"
            // Through GRDB's Row, and straight from the statement: both read by position.
            #expect(try Record.fetchAll(db, sql: sql) == records)
            #expect(try db.decodeAll(Record.self, sql: sql, arguments: []) == records)
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

    @Test func aNullWhereAValueMustBeIsAnErrorNamingTheColumn() throws {
        let queue = try DatabaseQueue()
        try queue.read { db in
            let pair = try db.decodeOne(sql: "SELECT 'a', NULL", arguments: []) { (try $0.next() as String, try $0.nextIfPresent() as String?) }
            #expect(pair?.0 == "a" && pair?.1 == nil)
            let error = #expect(throws: DatabaseError.self) {
                try db.decodeOne(sql: "SELECT 'a', NULL", arguments: []) { (try $0.next() as String, try $0.next() as String) }
            }
            #expect(error?.message?.contains("column 1") == true)
            #expect(throws: DatabaseError.self) { try db.decodeOne(sql: "SELECT 'boss'", arguments: []) { try $0.next() as OrgRole } }
            let roles = try db.decodeAll(sql: "SELECT 'owner' UNION ALL SELECT 'worker'", arguments: []) { try $0.next() as OrgRole }
            #expect(roles == [.owner, .worker])
            // Arguments are bound by their bytes: a NUL inside, an empty string (not NULL), non-ASCII.
            let bound = try db.decodeOne(sql: "SELECT length(CAST(? AS BLOB)), ? = '' AND ? IS NOT NULL, ? = 'é'", arguments: ["a\0b", "", "", "é"]) {
                (try $0.next() as Int, try $0.next() as Bool, try $0.next() as Bool)
            }
            #expect(bound?.0 == 3 && bound?.1 == true && bound?.2 == true)
            #expect(throws: DatabaseError.self) { try db.decodeOne(sql: "SELECT ?", arguments: ["a", "b"]) { try $0.next() as String } }
            // The same cached statement, run again with other arguments, answers for them.
            let first = try db.decodeOne(sql: "SELECT ?", arguments: ["one"]) { try $0.next() as String }
            let second = try db.decodeOne(sql: "SELECT ?", arguments: ["two"]) { try $0.next() as String }
            #expect(first == "one" && second == "two")
        }
    }
}

/// A scope's members come in the order they joined (positions inserted out of order), each
/// built once by the caller's `make`, for scopes with none, one and several members.
@Suite struct MembersInJoinOrderTests {
    @Test func membersComeInTheOrderSQLGives() async throws {
        let platform = try await makePlatform()
        try await platform.write { db in
            let users = try UserRecord.fetchAll(db)
            let org = try OrgRecord.fetchOne(db)!
            let account = try AccountRecord.ofOrg(db, orgId: org.id)!
            for index in 0..<70 {
                let project = ProjectRecord(id: "p-\(index)", name: "P\(index)", orgId: org.id, accountId: account.id, creatorId: nil,
                                            systemProject: false, isBlocked: false, archived: false, createdAt: Int64(index), updatedAt: 0)
                try project.insert(db)
                // 0 to 3 contributors, joined in an order that is not the users' order.
                for (position, user) in users.shuffled().prefix(index % 4).enumerated() {
                    try ProjectContributorRecord(projectId: project.id, userId: user.id, role: ProjectRole.allCases[position % 4],
                                                 position: Int64(10 - position), createdAt: 0).insert(db)
                }
            }
        }
        try await platform.read { db in
            var outOfOrder = 0
            for scope in try String.fetchAll(db, sql: "SELECT id FROM project ORDER BY id") {
                let expected = try Row.fetchAll(db, sql: "SELECT userId, role FROM projectContributor WHERE projectId = ? ORDER BY position",
                                                arguments: [scope]).map { "\($0[0] as String) \($0[1] as String)" }
                let byRowOrder = try Row.fetchAll(db, sql: "SELECT userId, role FROM projectContributor WHERE projectId = ?",
                                                  arguments: [scope]).map { "\($0[0] as String) \($0[1] as String)" }
                if byRowOrder != expected { outOfOrder += 1 }
                #expect(try ProjectContributorRecord.withUsers(db, in: scope) { "\($0.id) \($1.rawValue)" } == expected, "\(scope)")
            }
            #expect(outOfOrder > 10)  // the sort was needed, not just passed through
        }
    }
}

/// An org's groups and their members are put in order in Swift: the same order SQL's
/// `ORDER BY` gives, for names that sort differently by bytes, by case and by Unicode.
@Suite struct GroupOrderTests {
    @Test func groupsAndMembersComeInTheOrderSQLGives() async throws {
        let platform = try await makePlatform()
        let orgId = try await platform.write { db -> String in
            let users = try UserRecord.fetchAll(db)
            let org = try OrgRecord.fetchOne(db)!
            var rng = SeededGenerator(seed: 11)
            let names = ["b", "B", "a", "é", "e", "Z", "é2", "b"]  // "b" twice: a tie on name and time
            for (n, name) in names.enumerated().shuffled(using: &rng) {
                let group = GroupRecord(id: "g-\(n)", orgId: org.id, name: name, ownerId: users[0].id, createdAt: Int64(n % 3), updatedAt: 0)
                try group.insert(db)
                for user in users.shuffled(using: &rng).prefix(n % 4) { try GroupMemberRecord(groupId: group.id, userId: user.id).insert(db) }
            }
            return org.id
        }
        try await platform.read { db in
            for exportOrder in [false, true] {
                let order = exportOrder ? "createdAt, rowid" : "createdAt, name, rowid"
                let expected = try String.fetchAll(db, sql: "SELECT id FROM orgGroup WHERE orgId = ? ORDER BY \(order)", arguments: [orgId])
                let got = try GroupRecord.withMemberIds(db, orgId: orgId, exportOrder: exportOrder)
                #expect(got.map(\.group.id) == expected, "export order: \(exportOrder)")
                for (group, memberIds) in got {
                    let members = try String.fetchAll(db, sql: "SELECT userId FROM groupMember WHERE groupId = ? ORDER BY rowid", arguments: [group.id])
                    #expect(memberIds == members, "\(group.name)")
                }
            }
        }
    }
}

/// `GET /projects` puts a user's projects in list order in Swift: the order SQL gives.
@Suite struct ProjectListOrderTests {
    @Test func contributedProjectsComeInListOrder() async throws {
        let platform = try await makePlatform()
        let userId = try await platform.write { db -> String in
            let user = try UserRecord.fetchOne(db)!
            let org = try OrgRecord.fetchOne(db)!
            let account = try AccountRecord.ofOrg(db, orgId: org.id)!
            var rng = SeededGenerator(seed: 13)
            let names = ["b", "B", "a", "é", "e", "Z", "é2", "a b", "ab"]
            for (n, name) in names.enumerated().shuffled(using: &rng) {
                let project = ProjectRecord(id: "lp-\(n)", name: name, orgId: org.id, accountId: account.id, creatorId: nil,
                                            systemProject: false, isBlocked: false, archived: false, createdAt: Int64(n % 3), updatedAt: 0)
                try project.insert(db)
                try ProjectContributorRecord(projectId: project.id, userId: user.id, role: .engineer, position: 0, createdAt: 0).insert(db)
            }
            return user.id
        }
        try await platform.read { db in
            let expected = try String.fetchAll(db, sql: """
                SELECT project.id FROM project JOIN projectContributor ON projectContributor.projectId = project.id
                WHERE projectContributor.userId = ? ORDER BY project.createdAt, project.name
                """, arguments: [userId])
            #expect(try ProjectRecord.contributedTo(db, by: userId).map(\.id) == expected)
            #expect(expected.count >= 9)
        }
    }
}
