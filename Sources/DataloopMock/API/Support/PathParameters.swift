import Foundation
import Hummingbird

extension MockRequestContext {
    /// A path parameter, percent-decoded: clients send `Street%20scenes` and `ada%40x.example`.
    /// A control character (`%00`) is a 400: SQLite would read the text only up to a NUL and
    /// find another id, name or email.
    func pathParameter(_ name: String) throws -> String {
        let raw = try parameters.require(name)
        // Foundation's decoding only when there is something to decode (every request reads these).
        let decoded = raw.utf8.contains(UInt8(ascii: "%")) ? raw.removingPercentEncoding ?? raw : raw
        if ControlCharacters.contains(decoded) {
            throw DomainError.badRequest("path segment {\(name)} cannot contain control characters (such as %00)")
        }
        return decoded
    }
}
