import Crypto
import Foundation

/// Ids and times derived from names, so that the same fixture always yields the same state.
public enum DeterministicID {
    /// A UUID string (version 5 layout) from a namespace-qualified key.
    public static func uuid(_ parts: String...) -> String {
        var bytes = Array(SHA256.hash(data: Data(parts.joined(separator: "\u{1F}").utf8)).prefix(16))
        bytes[6] = (bytes[6] & 0x0F) | 0x50
        bytes[8] = (bytes[8] & 0x3F) | 0x80
        let hex = bytes.map { String(format: "%02x", $0) }.joined()
        let i = hex.startIndex
        func slice(_ a: Int, _ b: Int) -> Substring { hex[hex.index(i, offsetBy: a)..<hex.index(i, offsetBy: b)] }
        return "\(slice(0, 8))-\(slice(8, 12))-\(slice(12, 16))-\(slice(16, 20))-\(slice(20, 32))"
    }

    /// 2026-01-01T00:00:00Z: fixture entities without `createdAt` are dated from here on.
    public static let fixtureEpochMs: Int64 = 1_767_225_600_000
}

/// Password hashing: salted with the email so that equal passwords give different hashes.
/// A mock does not need a slow KDF; it only must never store or return a plain password.
public enum PasswordHasher {
    public static func hash(password: String, email: String) -> String {
        let key = SymmetricKey(data: Data(email.lowercased().utf8))
        let mac = HMAC<SHA256>.authenticationCode(for: Data(password.utf8), using: key)
        return "hmac-sha256:" + mac.map { String(format: "%02x", $0) }.joined()
    }

    public static func verify(password: String, email: String, hash: String?) -> Bool {
        guard let hash else { return false }
        return Self.hash(password: password, email: email) == hash
    }
}
