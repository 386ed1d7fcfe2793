import GRDB

/// The authenticated user a request acts for.
public struct Caller: Sendable, Equatable {
    public var user: UserRecord
    public init(user: UserRecord) { self.user = user }
    public var id: String { user.id }
    public var isSuperuser: Bool { user.superuser }

    /// The caller as the database knows them now (a token outlives nothing it names).
    public static func load(_ db: Database, userId: String) throws -> Caller {
        guard let user = try UserRecord.find(db, id: userId) else {
            throw DomainError.unauthorized("the user of this token no longer exists")
        }
        return Caller(user: user)
    }
}
