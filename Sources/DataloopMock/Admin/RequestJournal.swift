import Foundation
import Synchronization

/// The last requests a namespace served, for tests to assert on what their client did.
/// Bounded twice: at most `capacity` entries and `maxBytes` bytes (bodies included); the
/// oldest entries go first. A body is kept up to `bodyBytes`, then cut and marked truncated.
public final class RequestJournal: Sendable {
    public struct Entry: Encodable, Sendable {
        public var seq: Int
        public var method: String
        public var path: String
        @Nullable public var query: String?
        public var status: Int
        @Nullable public var caller: String?
        @Nullable public var body: JSONValue?
        /// The body's size as received, and whether `body` is only its first part.
        public var bodyBytes: Int
        public var bodyTruncated: Bool
        public var timeMs: Int64
        public var durationMs: Double
        public var unmatched: Bool

        /// The body fields, from what the journal kept (`record(body:)` sets them).
        mutating func setBody(_ kept: Body) {
            (body, bodyBytes, bodyTruncated) = (kept.value, kept.receivedBytes, kept.truncated)
        }
    }

    /// A redacted body, ready for an entry.
    public struct Body: Sendable {
        public var value: JSONValue?
        public var receivedBytes: Int
        public var truncated: Bool
        /// The bytes it costs in the journal (its encoded size).
        public var cost: Int
    }

    public struct Filter: Sendable {
        public var method: String?
        public var pathPrefix: String?
        public var status: Int?
        public var unmatchedOnly = false
        public init() {}

        func matches(_ entry: Entry, glob: Glob.Compiled?) -> Bool {
            if let method, entry.method.uppercased() != method.uppercased() { return false }
            if let pathPrefix, let glob, !entry.path.hasPrefix(pathPrefix) && !glob.matches(entry.path) { return false }
            if let status, entry.status != status { return false }
            if unmatchedOnly && !entry.unmatched { return false }
            return true
        }
    }

    /// A body as recorded. One that fits in `bodyBytes` is kept as received and redacted when
    /// the journal is read: parsing every request's body to redact it was a tenth of a write's
    /// instructions, and the journal is read far less often than it is written. Larger ones are
    /// redacted and cut at once, so what the journal holds never exceeds `bodyBytes` per body.
    public enum RecordedBody: Sendable {
        case redacted(Body)
        case received(Data, contentType: String?)

        public static let none = RecordedBody.redacted(Body(value: nil, receivedBytes: 0, truncated: false, cost: 0))
    }

    private struct Slot {
        var entry: Entry
        /// A body still to redact (`RecordedBody.received`).
        var received: (data: Data, contentType: String?)?
        var cost: Int
    }

    private struct Ring {
        /// Oldest first from `start`; slots before it are freed (nil) and compacted away.
        var slots: [Slot?] = []
        var start = 0
        var bytes = 0
        var nextSeq = 1
        var count: Int { slots.count - start }

        mutating func dropOldest() {
            guard let oldest = slots[start] else { return }
            bytes -= oldest.cost
            slots[start] = nil
            start += 1
            if start > 64 && start * 2 > slots.count {
                slots.removeFirst(start)
                start = 0
            }
        }
    }

    public let capacity: Int
    public let maxBytes: Int
    public let bodyBytes: Int
    /// Bodies up to this size are parsed to redact secrets field by field; larger ones are
    /// only cut to `bodyBytes` and redacted as text (parsing a megabyte per request would cost
    /// more memory than the journal is allowed).
    static let parseLimit = 64 * 1024
    private let ring = Mutex(Ring())

    public init(capacity: Int, maxBytes: Int = Limits().journalBytes, bodyBytes: Int = Limits().journalBodyBytes) {
        self.capacity = max(1, capacity)
        self.maxBytes = max(1024, maxBytes)
        self.bodyBytes = max(0, bodyBytes)
    }

    /// What the journal keeps of a request body (see `RecordedBody`).
    public func recorded(_ data: Data, contentType: String?) -> RecordedBody {
        data.isEmpty || data.count > bodyBytes ? .redacted(body(data, contentType: contentType)) : .received(data, contentType: contentType)
    }

    /// - Parameter body: the request's body (see `recorded(_:contentType:)`), counted against the bound.
    public func record(body: RecordedBody, _ make: (Int) -> Entry) {
        ring.withLock { ring in
            var entry = make(ring.nextSeq)
            ring.nextSeq += 1
            let received: (data: Data, contentType: String?)?
            let bodyCost: Int
            switch body {
            case .redacted(let kept):
                entry.setBody(kept)
                (received, bodyCost) = (nil, kept.cost)
            case .received(let data, let contentType):
                // Counted as a redacted body is (its encoded size, twice): redaction changes
                // the size by a few bytes per secret, and the cut keeps it within `bodyBytes`.
                (entry.body, entry.bodyBytes, entry.bodyTruncated) = (nil, data.count, false)
                (received, bodyCost) = ((data, contentType), 2 * data.count)
            }
            let cost = 256 + bodyCost + entry.path.utf8.count + (entry.query?.utf8.count ?? 0) + (entry.caller?.utf8.count ?? 0)
            ring.slots.append(Slot(entry: entry, received: received, cost: cost))
            ring.bytes += cost
            while ring.count > 1 && (ring.count > capacity || ring.bytes > maxBytes) { ring.dropOldest() }
        }
    }

    /// Oldest first.
    public func entries(_ filter: Filter = Filter()) -> [Entry] {
        let glob = filter.pathPrefix.map(Glob.Compiled.init)
        let slots = ring.withLock { ring in ring.slots[ring.start...].compactMap { $0 }.filter { filter.matches($0.entry, glob: glob) } }
        // Redacted here, outside the lock, so recording never waits on a reader's parsing.
        return slots.map { slot in
            guard let received = slot.received else { return slot.entry }
            var entry = slot.entry
            entry.setBody(body(received.data, contentType: received.contentType))
            return entry
        }
    }

    /// Bytes the entries hold now (estimated from their encoded sizes).
    public var bytes: Int { ring.withLock { $0.bytes } }

    public func clear() {
        ring.withLock { ring in
            ring.slots = []
            ring.start = 0
            ring.bytes = 0
        }
    }

    /// A request body as the journal keeps it: passwords, tokens and integration secrets
    /// replaced whatever the body's shape (JSON, a form, malformed or plain text), then cut to
    /// `bodyBytes`.
    public func body(_ data: Data, contentType: String?) -> Body {
        guard !data.isEmpty else { return Body(value: nil, receivedBytes: 0, truncated: false, cost: 0) }
        if data.count <= Self.parseLimit, let parsed = Self.redacted(data, contentType: contentType) {
            return cut(parsed, receivedBytes: data.count, alreadyCut: false)
        }
        // Too large to parse, or neither JSON nor a form: kept as text, cut first, then
        // redacted as text (a secret past the cut is not kept at all). Bytes that are not
        // UTF-8 show as U+FFFD.
        let text = String(decoding: data.prefix(bodyBytes), as: UTF8.self)
        return cut(.string(Redaction.redactText(text)), receivedBytes: data.count, alreadyCut: data.count > bodyBytes)
    }

    /// `value` whole when its encoding fits in `bodyBytes`, else the first `bodyBytes` of its
    /// encoding as a string, marked truncated.
    func cut(_ value: JSONValue, receivedBytes: Int, alreadyCut: Bool) -> Body {
        let encoded: String
        if case .string(let text) = value {
            encoded = text
        } else {
            encoded = (try? JSONResponse.encode(value)).map { String(buffer: $0) } ?? ""
        }
        if !alreadyCut && encoded.utf8.count <= bodyBytes {
            return Body(value: value, receivedBytes: receivedBytes, truncated: false, cost: encoded.utf8.count * 2)
        }
        var kept = Substring(encoded).utf8.prefix(bodyBytes)
        while !kept.isEmpty, String(kept) == nil { kept = kept.dropLast() }
        let prefix = String(kept) ?? ""
        return Body(value: .string(prefix), receivedBytes: receivedBytes, truncated: true, cost: prefix.utf8.count * 2)
    }

    /// A parsed body with its secrets replaced: JSON, or a form; nil when it is neither.
    static func redacted(_ data: Data, contentType: String?) -> JSONValue? {
        if let json = try? JSONDecoder().decode(JSONValue.self, from: data) {
            if case .string(let text) = json { return .string(Redaction.redactText(text)) }
            return Redaction.redact(json)
        }
        guard contentType?.lowercased().hasPrefix("application/x-www-form-urlencoded") == true,
              let text = String(data: data, encoding: .utf8) else { return nil }
        var fields: [String: JSONValue] = [:]
        for pair in text.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                .map { String($0).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? String($0) }
            fields[parts[0]] = .string(parts.count > 1 ? parts[1] : "")
        }
        return Redaction.redact(.object(fields))
    }
}
