import GRDB

/// The authenticated user a request acts for: what the rules ask of them on every request.
/// (Not their whole user record: every API request loads the caller, and decoding all of a
/// user's columns was a thirtieth of an uncached `GET /projects`, callgrind, docs/NOTES.md
/// "Speed". A service that needs the record reads it.)
public struct Caller: Sendable, Equatable {
    public let id: String
    public let email: String
    public let isSuperuser: Bool

    public init(user: UserRecord) { self.init(id: user.id, email: user.email, isSuperuser: user.superuser) }

    init(id: String, email: String, isSuperuser: Bool) {
        self.id = id
        self.email = email
        self.isSuperuser = isSuperuser
    }

    /// The caller as the database knows them now (a token outlives nothing it names).
    public static func load(_ db: Database, userId: String) throws -> Caller {
        guard let identity = try UserRecord.identity(db, id: userId) else { throw DomainError.callerGone }
        return Caller(id: userId, email: identity.email, isSuperuser: identity.superuser)
    }

    /// The caller's whole user record, read in the caller's transaction.
    public func user(_ db: Database) throws -> UserRecord {
        guard let user = try UserRecord.find(db, id: id) else { throw DomainError.callerGone }
        return user
    }
}

extension DomainError {
    static var callerGone: DomainError { .unauthorized("the user of this token no longer exists") }
}
