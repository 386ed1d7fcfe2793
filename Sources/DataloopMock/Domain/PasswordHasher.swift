import Crypto
import Foundation

/// Password hashing: salted with the email so that equal passwords give different hashes.
/// A mock needs no slow KDF (fixtures hold 100,000 users); it only must never store or
/// return a plain password.
public enum PasswordHasher {
    public static func hash(password: String, email: String) -> String {
        // Bytes, not an interpolated string through `Data`: a 100k-user fixture hashes 100,000.
        var salted = Array(CaseInsensitiveKey.of(email).utf8)
        salted.append(0)
        salted.append(contentsOf: password.utf8)
        return "sha256:" + SHA256.hash(data: salted).withUnsafeBytes { Hex.string($0) }
    }

    public static func verify(password: String, email: String, hash: String?) -> Bool {
        guard let hash else { return false }
        return Self.hash(password: password, email: email) == hash
    }
}
