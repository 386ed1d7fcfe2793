import GRDB
import Testing
@testable import DataloopMock

/// A request's caller is read in the request's own transaction: what every rule asks (id,
/// email, superuser), and the whole record only when a service asks for it.
@Suite struct CallerTests {
    @Test func theCallerIsWhatTheUserRecordSays() async throws {
        let platform = try await makePlatform()
        try await platform.read { db in
            for user in try UserRecord.fetchAll(db) {
                let caller = try Caller.load(db, userId: user.id)
                #expect(caller == Caller(user: user))
                #expect(caller.email == user.email && caller.isSuperuser == user.superuser)
                #expect(try caller.user(db) == user)
            }
            #expect(try UserRecord.fetchAll(db).contains { $0.superuser })  // both flags were seen
        }
    }

    @Test func aTokenWhoseUserIsGoneIsRefused() async throws {
        let platform = try await makePlatform()
        let caller = try await platform.caller("ada@provider.example")
        try await platform.write { db in _ = try UserRecord.deleteOne(db, key: caller.id) }
        try await platform.read { db in
            #expect(throws: DomainError.unauthorized("the user of this token no longer exists")) { try Caller.load(db, userId: caller.id) }
            #expect(throws: DomainError.unauthorized("the user of this token no longer exists")) { try caller.user(db) }
        }
    }
}
