import Foundation
import GRDB
import Synchronization

/// The live database plus in-memory copies: the seeded state and named snapshots. Restore
/// and new namespaces copy whole databases with SQLite's online backup API (milliseconds),
/// never by reloading fixtures. Reset of an in-memory database swaps in a spare copy of the
/// seed made ahead of time, so its cost does not grow with the fixture; the next spare is
/// copied in the background.
public final class StateStore: Sendable {
    /// The live database. Swapped, never mutated, by `reset()`: a reader that took the old one
    /// finishes on it.
    private let live: Mutex<any DatabaseWriter>
    private var writer: any DatabaseWriter { live.withLock { $0 } }
    /// In-memory stores only: a ready copy of the seed for the next reset (made after the first
    /// reset, so a server that never resets never holds a third copy), tagged with the seed
    /// it copies.
    private let spare = Mutex<(database: DatabaseQueue, seedID: Int)?>(nil)
    private let seedID = Atomic<Int>(0)
    private let isInMemory: Bool
    /// The state right after seeding; `reset()` copies it back. Replaced by `replace(with:)`.
    private let seedBox: Mutex<Seed>
    private let snapshotBox = Mutex<[String: Snapshot]>([:])
    private let generationCounter = Atomic<Int>(0)
    /// In-memory stores only: user and org records for reads (see `RecordCache`).
    public let records: RecordCaches

    /// Moves on with every change of state; cached reads are valid for one generation.
    public var generation: Int { generationCounter.load(ordering: .acquiring) }

    /// Called before and after every write, and by every operation here that replaces the state.
    @discardableResult
    public func stateChanged() -> Int { generationCounter.add(1, ordering: .releasing).newValue }

    /// The generation and seed at which the last reset left the state: while both still hold,
    /// nothing has changed since, the state is the seed, and a reset has nothing to do. (Test
    /// suites reset before every test, and many tests only read.)
    private let pristine = Mutex<(generation: Int, seedID: Int)?>(nil)

    public struct Seed: Sendable {
        public var database: DatabaseQueue
        public var summary: String
        /// A seed kept in a file was loaded in memory first: that database becomes the first
        /// live state, instead of a copy read back from the file. Taken by the store, never kept.
        var loaded: DatabaseQueue? = nil
    }

    /// Seeds bigger than this are kept in a temporary file, not in memory: the live database is
    /// then the only full copy in RSS (the 100k-user fixture's seed is about 100 MB, and RSS at
    /// rest halved). Reset and new namespaces copy from the file through the page cache.
    public static let seedInMemoryMaxBytes = 32 << 20

    struct Snapshot: Sendable {
        var database: DatabaseQueue
        var createdAtMs: Int64
        var bytes: Int
    }

    public var seed: Seed { seedBox.withLock { $0 } }
    public var fixtureSummary: String { seed.summary }

    /// A seed database built from a fixture document not yet validated: `FixtureValidator` runs
    /// on one core while the load runs on the other (on the 100k-user fixture, validating took
    /// 0.25 s of 2.2). A problem is thrown, the first one, and the loaded database dropped; the
    /// load itself never traps on an invalid document (`UnvalidatedFixture`).
    public static func makeSeed(validating fixtures: FixtureDocument, summary: String,
                                inMemoryMaxBytes: Int = seedInMemoryMaxBytes) throws -> Seed {
        final class Outcome: @unchecked Sendable {
            // Each written by one job; read after `concurrentPerform` returns.
            var problems: [FixtureProblem] = []
            var seed: Result<Seed, any Error>?
        }
        let outcome = Outcome()
        DispatchQueue.concurrentPerform(iterations: 2) { job in
            if job == 0 {
                outcome.problems = FixtureValidator.problems(in: fixtures)
            } else {
                outcome.seed = Result { try makeSeed(fixtures, summary: summary, inMemoryMaxBytes: inMemoryMaxBytes) }
            }
        }
        if let first = outcome.problems.first { throw first }
        return try outcome.seed!.get()
    }

    /// A seed database built from a fixture document (validate it first).
    public static func makeSeed(_ fixtures: FixtureDocument, summary: String, inMemoryMaxBytes: Int = seedInMemoryMaxBytes) throws -> Seed {
        let queue = try DatabaseQueue(configuration: configuration())
        try Schema.migrator.migrate(queue)
        try queue.writeWithoutTransaction { db in try FixtureLoader.load(fixtures, into: db) }
        guard try sizeBytes(queue) > inMemoryMaxBytes else { return Seed(database: queue, summary: summary) }
        let path = (NSTemporaryDirectory() as NSString).appendingPathComponent("dataloop-mock-seed-\(UUID().uuidString).sqlite")
        var config = configuration()
        config.prepareDatabase { db in
            // A scratch copy: nothing to recover after a crash, so no journal and no fsync.
            try db.execute(sql: "PRAGMA journal_mode = OFF")
            try db.execute(sql: "PRAGMA synchronous = OFF")
        }
        let onDisk = try DatabaseQueue(path: path, configuration: config)
        try queue.backup(to: onDisk)
        // The seed is only read from now on, through the open connection: the name can go, so
        // no file outlives the process however it ends (SQLite refuses writes to a removed file).
        try FileManager.default.removeItem(atPath: path)
        return Seed(database: onDisk, summary: summary, loaded: queue)
    }

    /// - Parameters:
    ///   - path: `nil` or ":memory:" for an in-memory database, else a file that survives restarts.
    ///   - seed: the seeded state. A file database is seeded only when empty, unless `resetDatabase`.
    public init(path: String?, seed: Seed, resetDatabase: Bool = false, recordCacheBytes: Int = Limits().recordCacheBytes) throws {
        var seed = seed
        let loaded = seed.loaded
        seed.loaded = nil
        seedBox = Mutex(seed)
        if let path, path != ":memory:" {
            if resetDatabase {
                for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
            }
            let pool = try DatabasePool(path: path, configuration: Self.configuration())
            try Schema.migrator.migrate(pool)
            let empty = try pool.read { db in try UserRecord.fetchCount(db) == 0 && OrgRecord.fetchCount(db) == 0 }
            if empty { try seed.database.backup(to: pool) }
            live = Mutex(pool)
            isInMemory = false
            records = RecordCaches(maxBytes: 0)
        } else {
            records = RecordCaches(maxBytes: recordCacheBytes)
            let database = try loaded ?? Self.copy(of: seed.database)
            database.add(transactionObserver: CachedTablesObserver(caches: records), extent: .databaseLifetime)
            live = Mutex(database)
            isInMemory = true
        }
    }

    public convenience init(path: String?, fixtures: FixtureDocument, fixtureSummary: String, resetDatabase: Bool = false,
                            recordCacheBytes: Int = Limits().recordCacheBytes) throws {
        try self.init(path: path, seed: try Self.makeSeed(validating: fixtures, summary: fixtureSummary), resetDatabase: resetDatabase,
                      recordCacheBytes: recordCacheBytes)
    }

    /// Copies `source` over the live database, pages not rows (the transaction observer sees
    /// nothing): the record caches are retired on the database's queue the moment the copy
    /// completes, in the same turn, so no read runs between the new pages and the new versions.
    private func copyOver(from source: some DatabaseReader) throws {
        let records = records
        defer { records.invalidate() }
        try source.backup(to: writer) { progress in
            if progress.isCompleted { records.invalidate() }
        }
    }

    static func configuration() -> Configuration {
        _ = ConnectionTuning.processSettings
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

    static func copy(of database: DatabaseQueue) throws -> DatabaseQueue {
        let queue = try DatabaseQueue(configuration: configuration())
        try database.backup(to: queue)
        return queue
    }

    /// Back to the seeded fixtures, atomically. When nothing has changed since the last reset,
    /// the state is the seed already and nothing is done. In memory: the spare copy of the seed
    /// becomes the live database (constant time) and the next spare is made in the background;
    /// without a spare (the first reset, or resets faster than copies), one backup under the
    /// writer lock. A file database is always restored by backup, so the file keeps being the state.
    public func reset() throws {
        let currentSeed = seedID.load(ordering: .acquiring)
        let now = generation
        if pristine.withLock({ $0.map { $0 == (now, currentSeed) } ?? false }) { return }
        do {
            try restoreSeed(currentSeed)
        } catch {
            stateChanged()
            throw error
        }
        let settled = stateChanged()
        pristine.withLock { $0 = (settled, currentSeed) }
    }

    private func restoreSeed(_ currentSeed: Int) throws {
        guard isInMemory else { return try copyOver(from: seed.database) }
        let ready = spare.withLock { spare -> DatabaseQueue? in
            defer { spare = nil }
            return spare?.seedID == currentSeed ? spare?.database : nil
        }
        if let ready {
            ready.add(transactionObserver: CachedTablesObserver(caches: records), extent: .databaseLifetime)
            // The caches' versions move with the swap, under the same lock a read takes them
            // under (see `read`).
            let old = live.withLock { live in
                defer {
                    live = ready
                    records.invalidate()
                }
                return live
            }
            // Closing the old database frees every page it held: off the request's path too.
            Task.detached(priority: .utility) { withExtendedLifetime(old) {} }
        } else {
            try copyOver(from: seed.database)
        }
        refillSpare()
    }

    /// Whether a spare copy of the current seed is ready (for tests).
    var hasSpare: Bool {
        let current = seedID.load(ordering: .acquiring)
        return spare.withLock { $0?.seedID == current }
    }

    /// Copies the seed for the next reset, off the request's path.
    private func refillSpare() {
        let seed = self.seed
        let id = seedID.load(ordering: .acquiring)
        Task.detached(priority: .utility) { [weak self] in
            guard let copy = try? Self.copy(of: seed.database) else { return }
            self?.spare.withLock { $0 = (copy, id) }
        }
    }

    /// Replaces the whole state and the seed that `reset()` returns to.
    public func replace(with newSeed: Seed) throws {
        defer { stateChanged() }
        var newSeed = newSeed
        newSeed.loaded = nil
        try copyOver(from: newSeed.database)
        seedBox.withLock { $0 = newSeed }
        seedID.add(1, ordering: .releasing)
        spare.withLock { $0 = nil }
    }

    /// Saves (or replaces) a named snapshot; 429 when it would make more than `maxCount`
    /// snapshots or more than `maxBytes` of them.
    public func saveSnapshot(_ name: String, nowMs: Int64, maxCount: Int = Limits().maxSnapshots,
                             maxBytes: Int = Limits().snapshotBytes) throws {
        func check(_ snapshots: [String: Snapshot], adding bytes: Int) throws(DomainError) {
            let others = snapshots.filter { $0.key != name }
            guard others.count < maxCount else {
                throw .tooManyRequests("snapshot limit reached (\(maxCount) per namespace, see --max-snapshots); delete one with DELETE /_mock/snapshots/NAME")
            }
            let total = others.values.reduce(bytes) { $0 + $1.bytes }
            guard total <= maxBytes else {
                throw .tooManyRequests("snapshots would take \(total) bytes, over the \(maxBytes)-byte limit (see --snapshot-bytes); delete one with DELETE /_mock/snapshots/NAME")
            }
        }
        try snapshotBox.withLock { (snapshots) throws(DomainError) in try check(snapshots, adding: 0) }
        let copy = try DatabaseQueue(configuration: Self.configuration())
        try writer.backup(to: copy)
        let bytes = try Self.sizeBytes(copy)
        try snapshotBox.withLock { (snapshots) throws(DomainError) in
            try check(snapshots, adding: bytes)
            snapshots[name] = Snapshot(database: copy, createdAtMs: nowMs, bytes: bytes)
        }
    }

    /// - Returns: false when there is no snapshot of that name.
    public func restoreSnapshot(_ name: String) throws -> Bool {
        guard let snapshot = snapshotBox.withLock({ $0[name] }) else { return false }
        defer { stateChanged() }
        try copyOver(from: snapshot.database)
        return true
    }

    public func deleteSnapshot(_ name: String) -> Bool {
        snapshotBox.withLock { $0.removeValue(forKey: name) != nil }
    }

    public func snapshotList() -> [(name: String, createdAtMs: Int64)] {
        snapshotBox.withLock { $0.map { ($0.key, $0.value.createdAtMs) }.sorted { $0.name < $1.name } }
    }

    /// A read. The in-memory database is one serialized connection: its reads skip the
    /// transaction bookkeeping (`unsafeRead`). They run on GRDB's queue while the request's task
    /// waits suspended: run inline they blocked one of the two cooperative threads whenever
    /// another request held the connection, which cut the uncached throughput at 32 connections
    /// by a quarter and the write-then-read pairs by two fifths (docs/NOTES.md, "Speed").
    /// File databases (a pool of readers in WAL mode) read in an isolated snapshot.
    public func read<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        let writer = writer
        if let queue = writer as? DatabaseQueue {
            return try await queue.unsafeRead { db in
                // The caches' versions before the read's first statement (see `RecordCache`),
                // taken with the check that this is still the live database: a reset swaps
                // databases and moves the versions under the same lock. A read that finishes on
                // the old one reads without the caches.
                let scope = self.live.withLock { $0 as AnyObject === queue ? ReadScope(self.records) : nil }
                guard let scope else { return try body(db) }
                return try ReadScope.$current.withValue(scope) { try body(db) }
            }
        }
        return try await writer.read(body)
    }

    /// One transaction: a thrown error rolls back everything the closure wrote; the state's
    /// generation moves on either way (cached reads of the old state are retired).
    public func write<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        // Before as well as after: a write under way is a change to a reset that checks whether
        // anything changed.
        stateChanged()
        defer { stateChanged() }
        return try await writer.write(body)
    }

    /// Counts for `/_mock/health` and `/_mock/namespaces`.
    public func counts() throws -> [String: Int] {
        try writer.read { db in
            [
                "users": try UserRecord.fetchCount(db),
                "orgs": try OrgRecord.fetchCount(db),
                "projects": try ProjectRecord.fetchCount(db),
            ]
        }
    }

    /// Bytes the database occupies (pages × page size).
    public func sizeBytes() throws -> Int { try Self.sizeBytes(writer) }

    static func sizeBytes(_ database: some DatabaseReader) throws -> Int {
        try database.read { db in
            (try Int.fetchOne(db, sql: "PRAGMA page_count") ?? 0) * (try Int.fetchOne(db, sql: "PRAGMA page_size") ?? 0)
        }
    }
}

