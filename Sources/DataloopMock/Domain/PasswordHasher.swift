import Crypto
import Foundation

/// Password hashing: salted with the email so that equal passwords give different hashes.
/// A mock needs no slow KDF (fixtures hold 100,000 users); it only must never store or
/// return a plain password.
public enum PasswordHasher {
    public static func hash(password: String, email: String) -> String {
        let digest = SHA256.hash(data: Data("\(email.lowercased())\u{0}\(password)".utf8))
        return "sha256:" + Hex.string(digest)
    }

    public static func verify(password: String, email: String, hash: String?) -> Bool {
        guard let hash else { return false }
        return Self.hash(password: password, email: email) == hash
    }
}
