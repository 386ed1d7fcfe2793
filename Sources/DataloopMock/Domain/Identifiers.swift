import Crypto
import Foundation

/// Ids and times derived from names, so that the same fixture always yields the same state.
public enum DeterministicID {
    /// A UUID string (version 5 layout) from a namespace-qualified key.
    public static func uuid(_ parts: String...) -> String {
        var bytes = Array(SHA256.hash(data: Data(parts.joined(separator: "\u{1F}").utf8)).prefix(16))
        bytes[6] = (bytes[6] & 0x0F) | 0x50
        bytes[8] = (bytes[8] & 0x3F) | 0x80
        let hex = Hex.string(bytes)
        let i = hex.startIndex
        func slice(_ a: Int, _ b: Int) -> Substring { hex[hex.index(i, offsetBy: a)..<hex.index(i, offsetBy: b)] }
        return "\(slice(0, 8))-\(slice(8, 12))-\(slice(12, 16))-\(slice(16, 20))-\(slice(20, 32))"
    }

    /// 2026-01-01T00:00:00Z: fixture entities without `createdAt` are dated from here on.
    public static let fixtureEpochMs: Int64 = 1_767_225_600_000
}

/// Lowercase hex. `String(format: "%02x")` per byte went through Foundation's formatter and
/// took a quarter of the load time of a 100,000-user fixture.
enum Hex {
    static let digits = Array("0123456789abcdef".utf8)

    static func string(_ bytes: some Sequence<UInt8>) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(64)
        for byte in bytes {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}
