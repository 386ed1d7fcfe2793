import GRDB
import Synchronization

/// Records as reads decoded them, kept for the next reads while their table is unchanged: one
/// cache for `user` rows, one for `org` rows (`StateStore.records`). Member and contributor
/// lists then read only their memberships from SQLite and take each user from here; a request's
/// caller and a project's org are found here too. Joined user rows were the largest cost of an
/// uncached `GET /projects` (each a seek, twelve column copies and a record of seven strings;
/// callgrind, docs/NOTES.md "Speed").
///
/// Only reads use them (`StateStore.read` opens a `ReadScope`); writes read SQLite as always.
/// A cache answers for one `version` of its table. The version moves on with every change to a
/// row of the table (`CachedTablesObserver`, in the write's transaction, and again when the
/// transaction ends, committed or not) and before and after every reset, snapshot restore and
/// fixture replacement. A read takes the versions before its first statement, is served only
/// entries filled at them, and fills only while they still hold: on the in-memory store reads
/// and writes take turns on one connection, so an entry is always the row as that read saw it.
/// A file store (a pool of readers beside the writer) has no cache.
///
/// Bounded in bytes (`--record-cache-bytes`, split between the two): past its bound a cache
/// starts over.
public final class RecordCache<Record: CachedRecord>: Sendable {
    private struct State {
        var version = Int.min
        var records: [String: Record] = [:]
        var bytes = 0
    }
    private let versionCounter = Atomic<Int>(0)
    private let state = Mutex(State())
    public let maxBytes: Int

    public init(maxBytes: Int) { self.maxBytes = max(0, maxBytes) }

    /// The table's version now.
    var version: Int { versionCounter.load(ordering: .acquiring) }

    /// Retires every entry: a row changed, or the whole state is being replaced.
    func invalidate() { versionCounter.add(1, ordering: .acquiringAndReleasing) }

    /// The record, if a read at `version` stored it.
    func record(id: String, at version: Int) -> Record? {
        state.withLock { $0.version == version ? $0.records[id] : nil }
    }

    /// Keeps records a read at `version` decoded, unless the table has changed since.
    func store(_ records: some Sequence<Record>, at version: Int) {
        guard maxBytes > 0 else { return }
        state.withLock { state in
            guard version == self.version, version >= state.version else { return }
            if version != state.version { state = State(version: version) }
            for record in records {
                let cost = record.cacheCost
                if state.bytes + cost > maxBytes { state = State(version: version) }
                if let old = state.records.updateValue(record, forKey: record.id) { state.bytes -= old.cacheCost }
                state.bytes += cost
            }
        }
    }

    /// Bytes held now (an estimate: the strings' UTF-8 and a fixed record overhead).
    public var bytes: Int { state.withLock { $0.bytes } }
}

/// A record a `RecordCache` can hold: found by its `id`, sized by its strings.
public protocol CachedRecord: Sendable, TableRecord {
    var id: String { get }
    /// About what it takes in memory: its strings' UTF-8 and 256 bytes.
    var cacheCost: Int { get }
    /// Its type's cache in a read, and the version the read took of it.
    static func cache(in scope: ReadScope) -> (cache: RecordCache<Self>, version: Int)
}

extension CachedRecord where Self: ColumnDecodable {
    /// The record `sql` selects by its id; a read takes it from the cache, or reads it and
    /// keeps it there.
    static func find(_ db: Database, id: String, sql: String) throws -> Self? {
        guard let read = ReadScope.current else { return try db.decodeOne(Self.self, sql: sql, arguments: [id]) }
        if let record = read.record(Self.self, id: id) { return record }
        let record = try db.decodeOne(Self.self, sql: sql, arguments: [id])
        if let record { read.store(CollectionOfOne(record)) }
        return record
    }
}

extension UserRecord: CachedRecord {
    public static func cache(in scope: ReadScope) -> (cache: RecordCache<UserRecord>, version: Int) { (scope.caches.users, scope.userVersion) }

    public var cacheCost: Int {
        [id, email, firstName, lastName, avatar, passwordHash, activeOrgId].reduce(256 + id.utf8.count) { $0 + ($1?.utf8.count ?? 0) }
    }
}

extension OrgRecord: CachedRecord {
    public static func cache(in scope: ReadScope) -> (cache: RecordCache<OrgRecord>, version: Int) { (scope.caches.orgs, scope.orgVersion) }

    public var cacheCost: Int {
        [id, name, nameKey, ownerId, creatorId, providerId, logoUrl].reduce(256 + id.utf8.count) { $0 + ($1?.utf8.count ?? 0) }
    }
}

/// The store's record caches.
public struct RecordCaches: Sendable {
    public let users: RecordCache<UserRecord>
    public let orgs: RecordCache<OrgRecord>

    /// `maxBytes` in all: three quarters for users (there are many more), a quarter for orgs.
    init(maxBytes: Int) {
        users = RecordCache(maxBytes: maxBytes / 4 * 3)
        orgs = RecordCache(maxBytes: maxBytes / 4)
    }

    func invalidate() {
        users.invalidate()
        orgs.invalidate()
    }
}

/// Moves a cache's version on whenever a row of its table changes. (SQLite reports every
/// change to a rowid table, cascades included; GRDB turns off the truncate optimization for
/// observed tables, so a `DELETE FROM user` is reported too.)
final class CachedTablesObserver: TransactionObserver, @unchecked Sendable {
    // Called on the database's queue only: the flags need no lock.
    private var changedUsers = false
    private var changedOrgs = false
    let caches: RecordCaches

    init(caches: RecordCaches) { self.caches = caches }

    func observes(eventsOfKind eventKind: DatabaseEventKind) -> Bool {
        [UserRecord.databaseTableName, OrgRecord.databaseTableName].contains(eventKind.tableName)
    }

    func databaseDidChange(with event: DatabaseEvent) {
        if event.tableName == UserRecord.databaseTableName {
            changedUsers = true
            caches.users.invalidate()
        } else {
            changedOrgs = true
            caches.orgs.invalidate()
        }
    }

    func databaseDidCommit(_ db: Database) { transactionEnded() }
    func databaseDidRollback(_ db: Database) { transactionEnded() }

    private func transactionEnded() {
        if changedUsers { caches.users.invalidate() }
        if changedOrgs { caches.orgs.invalidate() }
        changedUsers = false
        changedOrgs = false
    }
}

/// The caches a read may use, and the table versions it took before its first statement.
public struct ReadScope: Sendable {
    let caches: RecordCaches
    let userVersion: Int
    let orgVersion: Int

    init(_ caches: RecordCaches) {
        self.caches = caches
        userVersion = caches.users.version
        orgVersion = caches.orgs.version
    }

    /// Set by `StateStore.read` for the read's closure; nil in writes and outside the store.
    @TaskLocal static var current: ReadScope?

    func record<Record: CachedRecord>(_ type: Record.Type, id: String) -> Record? {
        let (cache, version) = Record.cache(in: self)
        return cache.record(id: id, at: version)
    }

    func store<Record: CachedRecord>(_ records: some Sequence<Record>) {
        let (cache, version) = Record.cache(in: self)
        cache.store(records, at: version)
    }
}
