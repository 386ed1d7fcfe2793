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

    private struct Ring {
        /// Oldest first from `start`; slots before it are freed (nil) and compacted away.
        var slots: [(entry: Entry, cost: Int)?] = []
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

    /// - Parameter body: the redacted body (see `body(_:contentType:)`), counted against the bound.
    public func record(bodyCost: Int, _ make: (Int) -> Entry) {
        ring.withLock { ring in
            let entry = make(ring.nextSeq)
            ring.nextSeq += 1
            let cost = 256 + bodyCost + entry.path.utf8.count + (entry.query?.utf8.count ?? 0) + (entry.caller?.utf8.count ?? 0)
            ring.slots.append((entry, cost))
            ring.bytes += cost
            while ring.count > 1 && (ring.count > capacity || ring.bytes > maxBytes) { ring.dropOldest() }
        }
    }

    /// Oldest first.
    public func entries(_ filter: Filter = Filter()) -> [Entry] {
        let glob = filter.pathPrefix.map(Glob.Compiled.init)
        return ring.withLock { ring in ring.slots[ring.start...].compactMap { $0?.entry }.filter { filter.matches($0, glob: glob) } }
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

/// What counts as a secret in a request body or an integration's options.
public enum Redaction {
    public static let placeholder = "***redacted***"

    static let secretWords = ["password", "secret", "token", "key", "credential", "authorization", "privatekey", "json"]

    public static func isSecretKey(_ key: String) -> Bool {
        let k = key.lowercased()
        return secretWords.contains { k.contains($0) }
    }

    /// A query string with the values of secret-named parameters replaced (`?password=x`).
    public static func redactQuery(_ query: String) -> String {
        query.split(separator: "&", omittingEmptySubsequences: false).map { pair in
            let key = pair.prefix { $0 != "=" }
            let name = String(key).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? String(key)
            return isSecretKey(name) && key.count < pair.count ? "\(key)=\(placeholder)" : String(pair)
        }.joined(separator: "&")
    }

    /// Text that is neither JSON nor a form (malformed JSON, `text/plain`, multipart, a body cut
    /// short): after every secret word (`password`, `"secret":`, `name="token"`), the value
    /// that follows it is replaced, up to its closing quote or the next delimiter.
    public static func redactText(_ text: String) -> String {
        // Bytes, not characters: every word and delimiter is ASCII, and a byte loop stays fast
        // even in a debug build (the journal runs this on every unparsed body).
        let bytes = Array(text.utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var i = 0
        while i < bytes.count {
            guard wordStarts[Int(bytes[i])], let word = secretWordBytes.first(where: { word in
                guard i + word.count <= bytes.count else { return false }
                var k = 0
                while k < word.count, asciiLower(bytes[i + k]) == word[k] { k += 1 }
                return k == word.count
            }) else {
                out.append(bytes[i])
                i += 1
                continue
            }
            // The rest of the name (`password_confirm`, `apiKey2`), then what separates it from its value.
            out.append(contentsOf: bytes[i..<(i + word.count)])
            i += word.count
            while i < bytes.count, isNameByte(bytes[i]) { out.append(bytes[i]); i += 1 }
            var quote: UInt8?
            while i < bytes.count, separators.contains(bytes[i]) {
                // A quote right before the value opens it; one followed by more separators closed the name.
                quote = bytes[i] == UInt8(ascii: "\"") || bytes[i] == UInt8(ascii: "'") ? bytes[i] : nil
                out.append(bytes[i])
                i += 1
            }
            let start = i
            if let quote {
                while i < bytes.count, bytes[i] != quote { i += bytes[i] == UInt8(ascii: "\\") ? 2 : 1 }
                i = min(i, bytes.count)
            } else {
                while i < bytes.count, !delimiters.contains(bytes[i]) { i += 1 }
            }
            if i > start { out.append(contentsOf: placeholder.utf8) }
        }
        return String(decoding: out, as: UTF8.self)
    }

    private static let secretWordBytes = secretWords.map { Array($0.utf8) }
    /// Bytes a secret word can start with, either case.
    private static let wordStarts: [Bool] = (0..<256).map { byte in secretWordBytes.contains { $0[0] == asciiLower(UInt8(byte)) } }
    private static let separators = Set(" \t\r\n\"':=\\".utf8)
    private static let delimiters = Set("&,;}] \t\r\n\"'<".utf8)

    private static func asciiLower(_ byte: UInt8) -> UInt8 {
        (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte) ? byte + 32 : byte
    }

    private static func isNameByte(_ byte: UInt8) -> Bool {
        let lower = asciiLower(byte)
        return (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(lower) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
            || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "-") || byte == UInt8(ascii: ".")
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
///
/// Matched by simulating the pattern's automaton over the path's bytes, one bit per pattern
/// position: time is proportional to the path's length times the pattern's length (in
/// 64-position words), whatever the stars, where backtracking took exponential time on
/// `/**/**/**/...` against a long path. Patterns are at most `maxPatternBytes` long.
public enum Glob {
    public static let maxPatternBytes = 256

    /// The reason a pattern is refused, or nil.
    public static func problem(with pattern: String) -> String? {
        pattern.utf8.count > maxPatternBytes ? "a path pattern is at most \(maxPatternBytes) bytes (got \(pattern.utf8.count))" : nil
    }

    public static func matches(pattern: String, _ path: String) -> Bool {
        Compiled(pattern).matches(path)
    }

    struct Compiled: Sendable {
        enum Token: Equatable { case byte(UInt8), star, deep }
        let tokens: [Token]
        let words: Int
        /// Per byte value, `words` words: the positions whose literal is that byte.
        let literal: [UInt64]
        /// Positions holding `*` (stays on anything but '/') and `**` (stays on anything).
        let star: [UInt64]
        let deep: [UInt64]

        init(_ pattern: String) {
            var tokens: [Token] = []
            var bytes = Array(pattern.utf8.prefix(Glob.maxPatternBytes))[...]
            while let byte = bytes.first {
                bytes = bytes.dropFirst()
                guard byte == UInt8(ascii: "*") else { tokens.append(.byte(byte)); continue }
                // A run of stars is one token: `*` alone, `**` (or more) across segments.
                var deep = false
                while bytes.first == UInt8(ascii: "*") { deep = true; bytes = bytes.dropFirst() }
                tokens.append(deep ? .deep : .star)
            }
            self.tokens = tokens
            words = tokens.count / 64 + 1
            var literal = Array(repeating: UInt64(0), count: words * 256)
            var star = Array(repeating: UInt64(0), count: words)
            var deep = Array(repeating: UInt64(0), count: words)
            for (index, token) in tokens.enumerated() {
                let bit = UInt64(1) << UInt64(index % 64)
                switch token {
                case .byte(let byte): literal[Int(byte) * words + index / 64] |= bit
                case .star: star[index / 64] |= bit
                case .deep: deep[index / 64] |= bit
                }
            }
            self.literal = literal
            self.star = star
            self.deep = deep
        }

        /// Adds, for every active star position, the position after it (a star may match nothing).
        /// Stars are never adjacent, so one step closes the set.
        func closed(_ state: [UInt64]) -> [UInt64] {
            var skips = state
            for w in 0..<words { skips[w] &= star[w] | deep[w] }
            return zip(state, Self.shifted(skips)).map { $0 | $1 }
        }

        static func shifted(_ bits: [UInt64]) -> [UInt64] {
            var out = bits
            var carry: UInt64 = 0
            for w in 0..<bits.count {
                out[w] = (bits[w] << 1) | carry
                carry = bits[w] >> 63
            }
            return out
        }

        func matches(_ path: String) -> Bool {
            var state = Array(repeating: UInt64(0), count: words)
            state[0] = 1
            state = closed(state)
            for byte in path.utf8 {
                var advance = state
                var stay = state
                let slash = byte == UInt8(ascii: "/")
                for w in 0..<words {
                    advance[w] &= literal[Int(byte) * words + w]
                    stay[w] &= slash ? deep[w] : (star[w] | deep[w])
                }
                let moved = Self.shifted(advance)
                for w in 0..<words { state[w] = moved[w] | stay[w] }
                state = closed(state)
                if state.allSatisfy({ $0 == 0 }) { return false }
            }
            let end = tokens.count
            return state[end / 64] & (UInt64(1) << UInt64(end % 64)) != 0
        }
    }
}
