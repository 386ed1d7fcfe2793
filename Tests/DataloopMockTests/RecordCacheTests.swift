import Foundation
import GRDB
import Testing
@testable import DataloopMock

/// Reads take users and orgs from `RecordCache` while their tables are unchanged. Whatever
/// changes them (a write, a write rolled back, a reset, a snapshot restored), the next read must
/// see exactly what SQLite holds: a read's member lists, project contributors, projects' orgs and
/// callers are compared with the same lookups made inside a write, which never uses the caches.
@Suite struct RecordCacheTests {
    /// Everything a read derives from user rows, for every org and project.
    struct Seen: Equatable, Sendable {
        var members: [String: [Member]] = [:]
        var contributors: [String: [Member]] = [:]
        var callers: [String: Caller] = [:]
        var found: [String: UserRecord?] = [:]
        var orgs: [String: OrgRecord?] = [:]
        var projectOrgs: [String: String] = [:]
    }

    static func seen(_ db: Database) throws -> Seen {
        var seen = Seen()
        for orgId in try String.fetchAll(db, sql: "SELECT id FROM org") { seen.members[orgId] = try Lookups.orgMembers(db, orgId: orgId) }
        for projectId in try String.fetchAll(db, sql: "SELECT id FROM project") {
            seen.contributors[projectId] = try Lookups.contributors(db, projectId: projectId)
        }
        for userId in try String.fetchAll(db, sql: "SELECT id FROM user") { seen.callers[userId] = try Caller.load(db, userId: userId) }
        for userId in ["ada@provider.example", "nobody@nowhere.example"] { seen.found[userId] = try UserRecord.find(db, id: userId) }
        for orgId in try String.fetchAll(db, sql: "SELECT id FROM org") + ["no-such-org"] { seen.orgs[orgId] = try OrgRecord.find(db, id: orgId) }
        let ada = try Caller.load(db, userId: "ada@provider.example")
        for details in try ProjectService(clock: MockClock()).list(db, caller: ada) { seen.projectOrgs[details.project.id] = details.org.name }
        return seen
    }

    /// A read (cached) and a write (SQL only) agree, and the read did use the cache.
    static func expectReadsMatchSQL(_ platform: MockPlatform, _ step: String) async throws {
        let viaRead = try await platform.read { db in try seen(db) }
        let viaSQL = try await platform.store.write { db in try seen(db) }
        #expect(viaRead == viaSQL, "after \(step)")
        let again = try await platform.read { db in try seen(db) }
        #expect(again == viaSQL, "after \(step), read again")
    }

    struct Rollback: Error {}

    @Test func readsSeeEveryChangeToUsersAndOrgs() async throws {
        let platform = try await makePlatform()
        var rng = SeededGenerator(seed: 55)
        let userIds = try await platform.read { db in try String.fetchAll(db, sql: "SELECT id FROM user ORDER BY id") }
        let orgIds = try await platform.read { db in try String.fetchAll(db, sql: "SELECT id FROM org ORDER BY id") }
        try await Self.expectReadsMatchSQL(platform, "start")
        #expect(platform.store.records.users.bytes > 0 && platform.store.records.orgs.bytes > 0)
        var snapshots = 0
        for step in 0..<160 {
            let user = userIds.randomElement(using: &rng)!
            let text = "n\(step)-\(Int.random(in: 0...9, using: &rng))"
            let name: String
            switch Int.random(in: 0..<11, using: &rng) {
            case 0:
                name = "update a user's name"
                try await platform.write { db in try db.execute(sql: "UPDATE user SET firstName = ?, lastName = ? WHERE id = ?", arguments: [text, text, user]) }
            case 1:
                name = "switch a user's active org and superuser flag"
                let org = orgIds.randomElement(using: &rng)!
                try await platform.write { db in
                    try db.execute(sql: "UPDATE user SET activeOrgId = ?, superuser = NOT superuser WHERE id = ?", arguments: [org, user])
                }
            case 2:
                name = "a write that changes a user, then fails"
                await #expect(throws: Rollback.self) {
                    try await platform.write { db in
                        try db.execute(sql: "UPDATE user SET firstName = 'rolled back' WHERE id = ?", arguments: [user])
                        throw Rollback()
                    }
                }
            case 3:
                name = "a new user joins an org"
                let org = orgIds.randomElement(using: &rng)!
                try await platform.write { db in
                    let id = "new-\(step)@example.com"
                    try UserRecord(id: id, email: id, firstName: text, lastName: nil, avatar: nil, passwordHash: nil, superuser: false,
                                   invited: true, activeOrgId: nil, createdAt: Int64(step), updatedAt: Int64(step), lastLogin: nil).insert(db)
                    try OrgMemberRecord(orgId: org, userId: id, role: .member, position: 1_000 + Int64(step), createdAt: 0).insert(db)
                }
            case 4:
                name = "a user is deleted (their memberships cascade)"
                try await platform.write { db in try db.execute(sql: "DELETE FROM user WHERE id = (SELECT id FROM user ORDER BY id DESC LIMIT 1)") }
            case 5:
                name = "reset"
                try platform.store.reset()
            case 6:
                name = "save a snapshot"
                try platform.store.saveSnapshot("s\(snapshots % 3)", nowMs: Int64(step))
                snapshots += 1
            case 7:
                name = "restore a snapshot"
                _ = try platform.store.restoreSnapshot("s\(Int.random(in: 0..<3, using: &rng))")
            case 8:
                name = "rename an org"
                let org = orgIds.randomElement(using: &rng)!
                try await platform.write { db in
                    try db.execute(sql: "UPDATE org SET name = ?, nameKey = ? WHERE id = ?", arguments: [text, text, org])
                }
            case 9:
                name = "a write that renames an org, then fails"
                let org = orgIds.randomElement(using: &rng)!
                await #expect(throws: Rollback.self) {
                    try await platform.write { db in
                        try db.execute(sql: "UPDATE org SET name = 'rolled back', nameKey = 'rolled back' WHERE id = ?", arguments: [org])
                        throw Rollback()
                    }
                }
            default:
                name = "a login (lastLogin moves)"
                try await platform.write { db in
                    try db.execute(sql: "UPDATE user SET lastLogin = ? WHERE id = ?", arguments: [Int64(step), user])
                }
            }
            try await Self.expectReadsMatchSQL(platform, "step \(step): \(name)")
        }
    }

    @Test func theCacheIsBoundedAndAnswersOnlyForItsVersion() throws {
        let user = UserRecord(id: "a@b.example", email: "a@b.example", firstName: "A", lastName: nil, avatar: nil, passwordHash: nil,
                              superuser: false, invited: false, activeOrgId: nil, createdAt: 0, updatedAt: 0, lastLogin: nil)
        let cost = user.cacheCost
        let cache = RecordCache<UserRecord>(maxBytes: cost * 3)
        let version = cache.version
        cache.store([user], at: version)
        #expect(cache.record(id: user.id, at: version) == user)
        #expect(cache.record(id: user.id, at: version + 1) == nil)
        // Many users: never more bytes than the bound.
        for n in 0..<50 {
            var other = user
            other.id = "u\(n)@b.example"
            cache.store([other], at: version)
            #expect(cache.bytes <= cost * 3 + 64)
        }
        // A change retires everything, and a read that started before it cannot fill.
        cache.invalidate()
        #expect(cache.record(id: "u49@b.example", at: version) != nil)  // only a read at the old version could ask
        cache.store([user], at: version)
        #expect(cache.record(id: user.id, at: cache.version) == nil)
        let empty = RecordCache<UserRecord>(maxBytes: 0)
        empty.store([user], at: empty.version)
        #expect(empty.record(id: user.id, at: empty.version) == nil && empty.bytes == 0)
    }
}
