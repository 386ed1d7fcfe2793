import Crypto
import Foundation
import GRDB
import JWTKit
import Synchronization

/// Issues and verifies id tokens (HS256 JWTs) and the opaque refresh tokens that renew them.
public final class TokenService: Sendable {
    public static let issuer = "dataloop-mock"
    public static let refreshLifetimeMs: Int64 = 30 * 24 * 3600 * 1000
    let keys: JWTKeyCollection
    let clock: MockClock
    public let lifetimeS: Int64
    /// A random string unique to this process, from which namespaces derive their own keys
    /// when no `--jwt-secret` is given.
    public let instanceSecret: String
    let verified = VerifiedTokenMemo()

    /// - Parameter secret: any length; it is stretched to the 32 bytes HS256 needs.
    ///   nil: a random per-process secret, so tokens do not survive a restart.
    public init(secret: String?, clock: MockClock, lifetimeS: Int64 = 24 * 3600) async {
        let keyBytes: [UInt8]
        if let secret {
            keyBytes = Array(SHA256.hash(data: Data(secret.utf8)))
        } else {
            keyBytes = SymmetricKey(size: .bits256).withUnsafeBytes { Array($0) }
        }
        keys = JWTKeyCollection()
        await keys.add(hmac: HMACKey(key: SymmetricKey(data: keyBytes)), digestAlgorithm: .sha256)
        self.clock = clock
        self.lifetimeS = lifetimeS
        instanceSecret = Data(keyBytes).base64EncodedString()
    }

    public func issue(for user: UserRecord, lifetimeS: Int64? = nil) async throws -> String {
        try await mint(for: user, lifetimeS: lifetimeS).token
    }

    /// A signed token and its `exp` (seconds since the epoch).
    public func mint(for user: UserRecord, lifetimeS: Int64? = nil) async throws -> (token: String, exp: Int64) {
        let now = clock.nowMs() / 1000
        let claims = TokenClaims(
            email: user.email, sub: user.id, iat: now, exp: now + (lifetimeS ?? self.lifetimeS),
            iss: Self.issuer, aud: "mock",
            authorization: .init(roles: user.superuser ? ["admin", "user"] : ["user"]))
        return (try await keys.sign(claims), claims.exp)
    }

    /// The claims of a token this server signed and that has not expired by the mock clock.
    public func verify(_ token: String) async throws(DomainError) -> TokenClaims {
        let claims: TokenClaims
        if let known = verified.claims(of: token) {
            claims = known
        } else {
            do {
                claims = try await keys.verify(token, as: TokenClaims.self)
            } catch {
                throw .unauthorized("invalid token: not a token signed by this server")
            }
            verified.remember(claims, of: token)
        }
        // `exp` comes from a signed token, but anyone holding --jwt-secret can sign any number.
        let (expMs, overflow) = claims.exp.multipliedReportingOverflow(by: 1000)
        if !overflow && expMs <= clock.nowMs() || overflow && claims.exp < 0 {
            throw .unauthorized("token expired; log in again or renew it with the refresh token")
        }
        return claims
    }

    public func newRefreshToken(_ db: Database, for user: UserRecord) throws -> String {
        let token = "rt_" + SymmetricKey(size: .bits256).withUnsafeBytes { Data($0) }.base64EncodedString()
            .replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "=", with: "")
        try RefreshTokenRecord(token: token, userId: user.id, expiresAt: clock.nowMs() + Self.refreshLifetimeMs).insert(db)
        return token
    }

    /// The user a refresh token belongs to. Refresh tokens are not rotated: the SDK keeps
    /// using the same one after a renewal.
    public func redeem(_ db: Database, refreshToken: String) throws -> UserRecord {
        guard let record = try RefreshTokenRecord.fetchOne(db, key: refreshToken), record.expiresAt > clock.nowMs(),
              let user = try UserRecord.fetchOne(db, key: record.userId) else {
            throw DomainError.unauthorized("invalid or expired refresh token; log in again")
        }
        return user
    }
}
