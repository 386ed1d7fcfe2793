import Hummingbird
import Synchronization

/// Encoded answers of read routes, per caller and URI, valid while the namespace's state is
/// unchanged (not the platform's cache feature, which is `CacheService`). A read is a pure
/// function of the state, the caller and the URI, so a repeated GET (SDKs re-fetch the same org and project all the time) skips SQLite and JSON encoding.
/// Any write, reset, restore or fixture replacement moves `StateStore.generation` on, which
/// retires every entry at once.
///
/// Bounded in bytes (`--cache-bytes`), not only in entries: distinct URIs with large answers
/// (`GET /projects?n=1`, `?n=2`, ...) would otherwise keep gigabytes. Past the bound the memo
/// starts over; an answer larger than an eighth of it is not cached at all.
public final class ReadAnswerMemo: Sendable {
    private struct Entry { var generation: Int; var body: ByteBuffer; var cost: Int }
    private struct State {
        var entries: [String: Entry] = [:]
        var bytes = 0
        /// The newest generation stored; older entries are stale by definition.
        var generation = Int.min
    }
    private let state = Mutex(State())
    public let maxBytes: Int
    static let capacity = 2048

    public init(maxBytes: Int = Limits().cacheBytes) { self.maxBytes = max(0, maxBytes) }

    func body(for key: String, generation: Int) -> ByteBuffer? {
        state.withLock { state in
            guard let entry = state.entries[key], entry.generation == generation else { return nil }
            return entry.body
        }
    }

    /// - Parameter generation: the state generation read *before* the data was read, so a
    ///   write racing with the read leaves an entry that is already stale.
    func store(_ body: ByteBuffer, for key: String, generation: Int) {
        let cost = body.capacity + key.utf8.count + 64
        guard cost <= maxBytes / 8 else { return }
        state.withLock { state in
            if generation < state.generation { return }
            if generation > state.generation || state.entries.count >= Self.capacity || state.bytes + cost > maxBytes {
                state.entries = [:]
                state.bytes = 0
                state.generation = generation
            }
            if let old = state.entries[key] { state.bytes -= old.cost }
            state.entries[key] = Entry(generation: generation, body: body, cost: cost)
            state.bytes += cost
        }
    }

    /// Bytes held now (answers and keys).
    public var bytes: Int { state.withLock { $0.bytes } }

    public func clear() { state.withLock { $0 = State() } }
}
