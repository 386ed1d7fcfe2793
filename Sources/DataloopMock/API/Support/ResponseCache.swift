import Hummingbird
import Synchronization

/// Encoded answers of read routes, per caller and URI, valid while the namespace's state is
/// unchanged. A read is a pure function of the state, the caller and the URI, so a repeated
/// GET (SDKs re-fetch the same org and project all the time) skips SQLite and JSON encoding.
/// Any write, reset, restore or fixture replacement moves `StateStore.generation` on, which
/// retires every entry at once.
public final class ResponseCache: Sendable {
    private struct Entry { var generation: Int; var body: ByteBuffer }
    private let entries = Mutex<[String: Entry]>([:])
    static let capacity = 2048

    public init() {}

    func body(for key: String, generation: Int) -> ByteBuffer? {
        entries.withLock { entries in
            guard let entry = entries[key], entry.generation == generation else { return nil }
            return entry.body
        }
    }

    /// - Parameter generation: the state generation read *before* the data was read, so a
    ///   write racing with the read leaves an entry that is already stale.
    func store(_ body: ByteBuffer, for key: String, generation: Int) {
        entries.withLock { entries in
            if entries.count >= Self.capacity { entries.removeAll(keepingCapacity: true) }
            entries[key] = Entry(generation: generation, body: body)
        }
    }
}
