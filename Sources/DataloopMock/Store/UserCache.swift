import GRDB
import Synchronization

/// User records as reads decoded them, kept for the next reads while the `user` table is
/// unchanged: member and contributor lists then read only their memberships from SQLite and
/// take each user from here, and a request's caller is found here too. Joined user rows were
/// the largest cost of an uncached `GET /projects` (each one a seek, twelve column copies and a
/// record of seven strings; callgrind, docs/NOTES.md "Speed").
///
/// Only reads use it (`StateStore.read` opens a `ReadScope`); writes read SQLite as always.
/// The cache answers for one `version` of the user table. The version moves on with every
/// change to a user row (`UserTableObserver`, in the write's transaction, and again when the
/// transaction ends, committed or not) and before and after every reset, snapshot restore and
/// fixture replacement. A read takes the version before its first statement, is served only
/// entries filled at that version, and fills only while the version still holds: on the
/// in-memory store reads and writes take turns on one connection, so an entry is always the
/// row as that read saw it. A file store (a pool of readers beside the writer) has no cache.
///
/// Bounded in bytes (`--user-cache-bytes`): past the bound it starts over.
public final class UserRecordCache: Sendable {
    private struct State {
        var version = Int.min
        var users: [String: UserRecord] = [:]
        var bytes = 0
    }
    private let versionCounter = Atomic<Int>(0)
    private let state = Mutex(State())
    public let maxBytes: Int

    public init(maxBytes: Int) { self.maxBytes = max(0, maxBytes) }

    /// The user table's version now.
    var version: Int { versionCounter.load(ordering: .acquiring) }

    /// Retires every entry: a user row changed, or the whole state is being replaced.
    func invalidate() { versionCounter.add(1, ordering: .acquiringAndReleasing) }

    /// The user, if a read at `version` stored it.
    func user(id: String, at version: Int) -> UserRecord? {
        state.withLock { $0.version == version ? $0.users[id] : nil }
    }

    /// Keeps users a read at `version` decoded, unless the table has changed since.
    func store(_ users: some Sequence<UserRecord>, at version: Int) {
        guard maxBytes > 0 else { return }
        state.withLock { state in
            guard version == self.version, version >= state.version else { return }
            if version != state.version { state = State(version: version) }
            for user in users {
                let cost = Self.cost(of: user)
                if state.bytes + cost > maxBytes { state = State(version: version) }
                if let old = state.users.updateValue(user, forKey: user.id) { state.bytes -= Self.cost(of: old) }
                state.bytes += cost
            }
        }
    }

    /// Bytes held now (an estimate: the strings' UTF-8 and a fixed record overhead).
    public var bytes: Int { state.withLock { $0.bytes } }

    static func cost(of user: UserRecord) -> Int {
        func size(_ text: String?) -> Int { text?.utf8.count ?? 0 }
        return 256 + size(user.id) * 2 + size(user.email) + size(user.firstName) + size(user.lastName) + size(user.avatar)
            + size(user.passwordHash) + size(user.activeOrgId)
    }
}

/// Moves the cache's version on whenever a row of `user` changes. (SQLite reports every
/// change to a rowid table, cascades included; GRDB turns off the truncate optimization for
/// observed tables, so a `DELETE FROM user` is reported too.)
final class UserTableObserver: TransactionObserver, @unchecked Sendable {
    // Called on the database's queue only: the flag needs no lock.
    private var changed = false
    let cache: UserRecordCache

    init(cache: UserRecordCache) { self.cache = cache }

    func observes(eventsOfKind eventKind: DatabaseEventKind) -> Bool { eventKind.tableName == UserRecord.databaseTableName }

    func databaseDidChange(with event: DatabaseEvent) {
        changed = true
        cache.invalidate()
    }

    func databaseDidCommit(_ db: Database) { transactionEnded() }
    func databaseDidRollback(_ db: Database) { transactionEnded() }

    private func transactionEnded() {
        if changed { cache.invalidate() }
        changed = false
    }
}

/// The cache a read may use, and the user-table version it took before its first statement.
struct ReadScope: Sendable {
    let users: UserRecordCache
    let version: Int

    /// Set by `StateStore.read` for the read's closure; nil in writes and outside the store.
    @TaskLocal static var current: ReadScope?

    func user(id: String) -> UserRecord? { users.user(id: id, at: version) }
    func store(_ users: some Sequence<UserRecord>) { self.users.store(users, at: version) }
}
