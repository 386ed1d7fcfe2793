import Foundation
import GRDB
@testable import DataloopMock

/// A platform on the default fixture, in memory.
func makePlatform(jwtSecret: String = "test-secret") async throws -> MockPlatform {
    var options = ServerOptions()
    options.jwtSecret = jwtSecret
    return try await ServerApp.makePlatform(options)
}

extension MockPlatform {
    func caller(_ email: String) async throws -> Caller {
        Caller(user: try await user(email))
    }

    func user(_ email: String) async throws -> UserRecord {
        try await read { db in try UserRecord.fetchOne(db, key: email)! }
    }

    func orgId(_ name: String) async throws -> String {
        try await read { db in try String.fetchOne(db, sql: "SELECT id FROM org WHERE name = ?", arguments: [name])! }
    }

    func accountId(ofOrg name: String) async throws -> String {
        try await read { db in
            try String.fetchOne(db, sql: "SELECT account.id FROM account JOIN org ON org.id = account.orgId WHERE org.name = ?", arguments: [name])!
        }
    }

    func projectId(_ name: String) async throws -> String {
        try await read { db in try String.fetchOne(db, sql: "SELECT id FROM project WHERE name = ?", arguments: [name])! }
    }

    /// A digest of the whole state, to prove a refused call changed nothing. Without secrets:
    /// integration options left out (an export carries them redacted; no read shows them).
    func stateDigest(withSecrets: Bool = true) async throws -> String {
        try await read { db in
            var out = ""
            for table in ["user", "org", "account", "orgMember", "orgGroup", "groupMember", "project", "projectContributor", "integration", "dataset", "task"] {
                // Positions only order the lists: their rank is what a read shows.
                let columns = switch table {
                case "integration" where !withSecrets: "id, orgId, type, name, metadata, creatorId, createdAt, updatedAt"
                case "orgMember": "orgId, userId, role, createdAt, RANK() OVER (PARTITION BY orgId ORDER BY position) AS rank"
                case "projectContributor": "projectId, userId, role, createdAt, RANK() OVER (PARTITION BY projectId ORDER BY position) AS rank"
                default: "*"
                }
                for row in try Row.fetchAll(db, sql: "SELECT \(columns) FROM \(table) ORDER BY 1, 2") { out += "\(table) \(row)\n" }
            }
            return out
        }
    }
}

/// The domain error a throwing expression produced, for asserting on kind and message.
func domainError(_ body: () async throws -> Void) async -> DomainError? {
    do {
        try await body()
        return nil
    } catch let error as DomainError {
        return error
    } catch {
        return nil
    }
}
