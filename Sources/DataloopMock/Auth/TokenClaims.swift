import JWTKit

/// The claims of the id tokens this server issues, as the SDK and CLI read them: `email` and
/// an integer `exp` (SDK), `https://dataloop.ai/authorization.roles` (CLI).
public struct TokenClaims: JWTPayload, Equatable {
    public struct Authorization: Codable, Sendable, Equatable {
        public var roles: [String]
    }

    public var email: String
    public var sub: String
    public var iat: Int64
    public var exp: Int64
    public var iss: String
    public var aud: String
    public var authorization: Authorization

    enum CodingKeys: String, CodingKey {
        case email, sub, iat, exp, iss, aud
        case authorization = "https://dataloop.ai/authorization"
    }

    /// Expiry is checked by `TokenService` against the mock clock, not the wall clock.
    public func verify(using algorithm: some JWTAlgorithm) async throws {}
}
