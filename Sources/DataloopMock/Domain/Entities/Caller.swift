import GRDB

/// The authenticated user a request acts for.
public struct Caller: Sendable, Equatable {
    public var user: UserRecord
    public init(user: UserRecord) { self.user = user }
    public var id: String { user.id }
    public var isSuperuser: Bool { user.superuser }
}
