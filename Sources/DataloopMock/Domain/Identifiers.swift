import Crypto
import Foundation

/// Ids and times derived from names, so that the same fixture always yields the same state.
public enum DeterministicID {
    /// A UUID string (version 5 layout) from a namespace-qualified key.
    public static func uuid(_ parts: String...) -> String { uuid(parts: parts) }

    static func uuid(parts: [String]) -> String {
        // Written byte by byte: a 100k-user fixture derives 60,000 of these on load, and
        // joining, slicing and interpolating strings was a third of loading its projects.
        var key: [UInt8] = []
        for (n, part) in parts.enumerated() {
            if n > 0 { key.append(0x1F) }
            key.append(contentsOf: part.utf8)
        }
        let digest = SHA256.hash(data: key)
        return String(unsafeUninitializedCapacity: 36) { out in
            var at = 0
            for (n, var byte) in digest.prefix(16).enumerated() {
                if n == 6 { byte = (byte & 0x0F) | 0x50 }
                if n == 8 { byte = (byte & 0x3F) | 0x80 }
                if n == 4 || n == 6 || n == 8 || n == 10 {
                    out[at] = UInt8(ascii: "-")
                    at += 1
                }
                out[at] = Hex.digits[Int(byte >> 4)]
                out[at + 1] = Hex.digits[Int(byte & 0x0F)]
                at += 2
            }
            return at
        }
    }

    /// 2026-01-01T00:00:00Z: fixture entities without `createdAt` are dated from here on.
    public static let fixtureEpochMs: Int64 = 1_767_225_600_000
}

/// Lowercase hex. `String(format: "%02x")` per byte went through Foundation's formatter and
/// took a quarter of the load time of a 100,000-user fixture.
enum Hex {
    static let digits = Array("0123456789abcdef".utf8)

    static func string(_ bytes: some Collection<UInt8>) -> String {
        String(unsafeUninitializedCapacity: bytes.count * 2) { out in
            for (n, byte) in bytes.enumerated() {
                out[2 * n] = digits[Int(byte >> 4)]
                out[2 * n + 1] = digits[Int(byte & 0x0F)]
            }
            return bytes.count * 2
        }
    }
}
