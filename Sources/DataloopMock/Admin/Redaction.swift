import Foundation

/// What counts as a secret in a request body or an integration's options.
public enum Redaction {
    public static let placeholder = "***redacted***"

    static let secretWords = ["password", "secret", "token", "key", "credential", "authorization", "privatekey", "json"]

    public static func isSecretKey(_ key: String) -> Bool {
        // The journal asks this of every query parameter: an ASCII key is searched byte by byte
        // (Foundation's `contains` was a twelfth of an uncached read); any other key goes through
        // Unicode lowercasing, which can turn a non-ASCII letter into an ASCII one (K, U+212A).
        guard key.utf8.allSatisfy({ $0 < 0x80 }) else {
            let k = key.lowercased()
            return secretWords.contains { k.contains($0) }
        }
        return containsSecretWord(key.utf8)
    }

    /// Whether ASCII bytes hold a secret word, in any case.
    private static func containsSecretWord(_ key: some Collection<UInt8>) -> Bool {
        let bytes = Array(key)
        return secretWordBytes.contains { word in
            guard bytes.count >= word.count else { return false }
            return (0...(bytes.count - word.count)).contains { start in
                var k = 0
                while k < word.count, asciiLower(bytes[start + k]) == word[k] { k += 1 }
                return k == word.count
            }
        }
    }

    /// Whether `redactQuery` could change the query: false when the query is ASCII (so its
    /// `Character`s are its bytes, as far as `&` and `=` go), no key has an escape to decode
    /// and none holds a secret word. Read as bytes in place: splitting the query into
    /// `Character` pieces on every request was 1% of an uncached `GET /orgs/{id}`, and most
    /// queries hold no secret.
    static func mayHoldSecret(_ query: String) -> Bool {
        let utf8 = query.utf8
        guard utf8.allSatisfy({ $0 < 0x80 }) else { return true }
        var start = utf8.startIndex
        while start <= utf8.endIndex {
            let end = utf8[start...].firstIndex(of: UInt8(ascii: "&")) ?? utf8.endIndex
            let key = utf8[start..<end].prefix { $0 != UInt8(ascii: "=") }
            if key.contains(where: { $0 == UInt8(ascii: "+") || $0 == UInt8(ascii: "%") }) || containsSecretWord(key) {
                return true
            }
            guard end < utf8.endIndex else { break }
            start = utf8.index(after: end)
        }
        return false
    }

    /// A query string with the values of secret-named parameters replaced (`?password=x`).
    public static func redactQuery(_ query: String) -> String {
        mayHoldSecret(query) ? redactEveryKey(query) : query
    }

    /// `redactQuery` without the shortcut: each key decoded and tested.
    static func redactEveryKey(_ query: String) -> String {
        query.split(separator: "&", omittingEmptySubsequences: false).map { pair in
            let key = pair.prefix { $0 != "=" }
            // Foundation's decoding only for a key that needs it: the journal runs this on every request.
            let name = key.contains(where: { $0 == "+" || $0 == "%" })
                ? String(key).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? String(key) : String(key)
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
