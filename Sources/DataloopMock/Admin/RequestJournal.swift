import Foundation
import Synchronization

/// The last N requests a namespace served, for tests to assert on what their client did.
public final class RequestJournal: Sendable {
    public struct Entry: Encodable, Sendable {
        public var seq: Int
        public var method: String
        public var path: String
        @Nullable public var query: String?
        public var status: Int
        @Nullable public var caller: String?
        @Nullable public var body: JSONValue?
        public var timeMs: Int64
        public var durationMs: Double
        public var unmatched: Bool
    }

    public struct Filter: Sendable {
        public var method: String?
        public var pathPrefix: String?
        public var status: Int?
        public var unmatchedOnly = false
        public init() {}

        func matches(_ entry: Entry) -> Bool {
            if let method, entry.method.uppercased() != method.uppercased() { return false }
            if let pathPrefix, !Glob.matches(pattern: pathPrefix, entry.path) && !entry.path.hasPrefix(pathPrefix) { return false }
            if let status, entry.status != status { return false }
            if unmatchedOnly && !entry.unmatched { return false }
            return true
        }
    }

    private struct Ring {
        var entries: [Entry] = []
        var start = 0
        var nextSeq = 1
    }

    public let capacity: Int
    private let ring = Mutex(Ring())

    public init(capacity: Int) { self.capacity = max(1, capacity) }

    public func record(_ make: (Int) -> Entry) {
        ring.withLock { ring in
            let entry = make(ring.nextSeq)
            ring.nextSeq += 1
            if ring.entries.count < capacity {
                ring.entries.append(entry)
            } else {
                ring.entries[ring.start] = entry
                ring.start = (ring.start + 1) % capacity
            }
        }
    }

    /// Oldest first.
    public func entries(_ filter: Filter = Filter()) -> [Entry] {
        ring.withLock { ring in
            Array(ring.entries[ring.start...] + ring.entries[..<ring.start]).filter(filter.matches)
        }
    }

    public func clear() { ring.withLock { ring in ring.entries = []; ring.start = 0 } }

    /// Bodies are journaled with passwords, tokens and integration secrets replaced.
    public static func redacted(_ data: Data, contentType: String?) -> JSONValue? {
        guard !data.isEmpty else { return nil }
        if let json = try? JSONDecoder().decode(JSONValue.self, from: data) { return Redaction.redact(json) }
        guard let text = String(data: data, encoding: .utf8) else { return .string("<\(data.count) bytes, not UTF-8>") }
        if contentType?.lowercased().hasPrefix("application/x-www-form-urlencoded") == true {
            var fields: [String: JSONValue] = [:]
            for pair in text.split(separator: "&") {
                let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                    .map { String($0).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? String($0) }
                fields[parts[0]] = .string(parts.count > 1 ? parts[1] : "")
            }
            return Redaction.redact(.object(fields))
        }
        return .string(text.count > 4096 ? String(text.prefix(4096)) + "…" : text)
    }
}

/// What counts as a secret in a request body or an integration's options.
public enum Redaction {
    public static let placeholder = "***redacted***"

    public static func isSecretKey(_ key: String) -> Bool {
        let k = key.lowercased()
        return ["password", "secret", "token", "key", "credential", "authorization", "privatekey", "json"].contains { k.contains($0) }
    }

    public static func redact(_ value: JSONValue) -> JSONValue {
        switch value {
        case .object(let object):
            return .object(object.reduce(into: [:]) { out, pair in
                if pair.key == "options" || pair.key == "credentials" {
                    out[pair.key] = redactAll(pair.value)
                } else {
                    out[pair.key] = isSecretKey(pair.key) ? .string(placeholder) : redact(pair.value)
                }
            })
        case .array(let array):
            return .array(array.map(redact))
        default:
            return value
        }
    }

    /// Every leaf replaced: integration options are secrets through and through.
    public static func redactAll(_ value: JSONValue) -> JSONValue {
        switch value {
        case .object(let object): return .object(object.mapValues(redactAll))
        case .array(let array): return .array(array.map(redactAll))
        case .null: return .null
        default: return .string(placeholder)
        }
    }
}

/// `*` matches within a path segment, `**` across segments.
public enum Glob {
    public static func matches(pattern: String, _ path: String) -> Bool {
        let p = Array(pattern), s = Array(path)
        func match(_ i: Int, _ j: Int) -> Bool {
            if i == p.count { return j == s.count }
            if p[i] == "*" {
                let deep = i + 1 < p.count && p[i + 1] == "*"
                let next = deep ? i + 2 : i + 1
                var k = j
                while true {
                    if match(next, k) { return true }
                    if k == s.count || (!deep && s[k] == "/") { return false }
                    k += 1
                }
            }
            return j < s.count && p[i] == s[j] && match(i + 1, j + 1)
        }
        return match(0, 0)
    }
}
