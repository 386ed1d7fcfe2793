import GRDB

/// Fetches shared by the services; each turns "not there" into the 404 a client should see.
/// The queries themselves live in `Store/Queries`.
enum Lookups {
    static func org(_ db: Database, id: String) throws -> OrgRecord {
        guard let org = try OrgRecord.find(db, id: id) else { throw DomainError.notFound("organization '\(id)' not found") }
        return org
    }

    static func account(_ db: Database, orgId: String) throws -> AccountRecord {
        guard let account = try AccountRecord.ofOrg(db, orgId: orgId) else {
            throw DomainError.notFound("organization '\(orgId)' has no account")
        }
        return account
    }

    static func project(_ db: Database, id: String) throws -> ProjectRecord {
        guard let project = try ProjectRecord.find(db, id: id) else { throw DomainError.notFound("project '\(id)' not found") }
        return project
    }

    /// The user with this email (ignoring ASCII case), compared exactly: an email with a control
    /// character is a 400 (`EmailRule`), never a prefix match.
    static func user(_ db: Database, email: String) throws -> UserRecord? {
        try EmailRule.check(email)
        return try UserRecord.withEmail(db, email).flatMap { EmailRule.sameAddress($0.email, email) ? $0 : nil }
    }

    /// A user named by id or by email (user ids are emails for registered users).
    static func user(_ db: Database, idOrEmail: String) throws -> UserRecord? {
        try EmailRule.check(idOrEmail)
        if let user = try UserRecord.find(db, id: idOrEmail), user.id == idOrEmail { return user }
        return try user(db, email: idOrEmail)
    }

    static func orgMembers(_ db: Database, orgId: String) throws -> [Member] {
        try OrgMemberRecord.withUsers(db, in: orgId) { Member(user: $0, role: $1.rawValue) }
    }

    static func contributors(_ db: Database, projectId: String) throws -> [Member] {
        try ProjectContributorRecord.withUsers(db, in: projectId) { Member(user: $0, role: $1.rawValue) }
    }
}
