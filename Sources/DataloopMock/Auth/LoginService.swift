import GRDB

/// Checks credentials for the token endpoint and the login page.
public struct LoginService: Sendable {
    let clock: MockClock
    public init(clock: MockClock) { self.clock = clock }

    public func authenticate(_ db: Database, email: String, password: String) throws -> UserRecord {
        guard var user = try Lookups.user(db, email: email),
              !user.invited, PasswordHasher.verify(password: password, email: user.email, hash: user.passwordHash) else {
            throw DomainError.unauthorized("wrong email or password")
        }
        user.lastLogin = clock.nowMs()
        try user.update(db)
        return user
    }
}
