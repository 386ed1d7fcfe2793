import Synchronization

/// Tokens whose signature was already checked, with their claims: a test suite sends the same
/// token thousands of times, and HMAC plus JSON decoding per request would dominate a GET.
/// Expiry is still checked on every use, against the mock clock. Past `capacity` tokens it
/// starts over.
final class VerifiedTokenMemo: Sendable {
    static let capacity = 4096
    private let claimsByToken = Mutex<[String: TokenClaims]>([:])

    func claims(of token: String) -> TokenClaims? { claimsByToken.withLock { $0[token] } }

    func remember(_ claims: TokenClaims, of token: String) {
        claimsByToken.withLock { known in
            if known.count >= Self.capacity { known.removeAll(keepingCapacity: true) }
            known[token] = claims
        }
    }
}
