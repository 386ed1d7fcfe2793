import Foundation
import GRDB

/// The live database plus an in-memory copy of the seeded state. Reset and snapshots copy
/// whole databases with SQLite's online backup API: milliseconds, no fixture reload.
public final class StateStore: Sendable {
    public let writer: any DatabaseWriter
    /// The state right after seeding from the fixtures; `reset()` copies it back.
    let seed: DatabaseQueue
    public let fixtureSummary: String

    /// - Parameters:
    ///   - path: `nil` or ":memory:" for an in-memory database, else a file that survives restarts.
    ///   - fixtures: the seed. A file database is seeded only when empty, unless `resetDatabase`.
    public init(path: String?, fixtures: FixtureDocument, fixtureSummary: String, resetDatabase: Bool = false) throws {
        seed = try DatabaseQueue(configuration: Self.configuration())
        try Schema.migrator.migrate(seed)
        try seed.write { db in try FixtureLoader.load(fixtures, into: db) }
        self.fixtureSummary = fixtureSummary

        if let path, path != ":memory:" {
            if resetDatabase {
                for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
            }
            let pool = try DatabasePool(path: path, configuration: Self.configuration())
            try Schema.migrator.migrate(pool)
            let empty = try pool.read { db in try UserRecord.fetchCount(db) == 0 && OrgRecord.fetchCount(db) == 0 }
            if empty { try seed.backup(to: pool) }
            writer = pool
        } else {
            let queue = try DatabaseQueue(configuration: Self.configuration())
            try seed.backup(to: queue)
            writer = queue
        }
    }

    static func configuration() -> Configuration {
        var config = Configuration()
        config.foreignKeysEnabled = true
        // Concurrent SDK threads wait for the writer instead of failing with "database is locked".
        config.busyMode = .timeout(10)
        config.prepareDatabase { db in
            // Every acknowledged write is on disk before the response goes out (kill -9 safe).
            try db.execute(sql: "PRAGMA synchronous = FULL")
        }
        return config
    }

    /// Back to the seeded fixtures, atomically: one backup step under the writer lock.
    public func reset() throws {
        try seed.backup(to: writer)
    }

    /// Counts for `/_mock/health` and logs.
    public func counts() throws -> [String: Int] {
        try writer.read { db in
            [
                "users": try UserRecord.fetchCount(db),
                "orgs": try OrgRecord.fetchCount(db),
                "projects": try ProjectRecord.fetchCount(db),
            ]
        }
    }
}
