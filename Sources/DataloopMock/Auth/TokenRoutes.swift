import Hummingbird

/// `POST /token?default`: log in with email and password, or renew with a refresh token.
struct TokenRoutes {
    struct TokenRequest: Decodable {
        var type: String
        var username: String?
        var password: String?
        var refresh_token: String?
    }

    struct TokenResponse: Encodable {
        var id_token: String
        var access_token: String
        var refresh_token: String
        var expires_in: Int64
        var token_type = "Bearer"
    }

    func add(to routes: DocumentedRoutes) {
        let doc = RouteDoc(summary: "Log in (user_credentials) or renew (refresh_token)", body: .json(.tokenRequest), returns: .json(.ref(.tokens)))
        routes.tagged("auth").post("token", doc) { request, context in
            let platform = context.platform
            let body = try await request.decode(as: TokenRequest.self, context: context)
            let (user, refreshToken): (UserRecord, String)
            switch body.type {
            case "user_credentials", "password":
                guard let email = body.username, let password = body.password else {
                    throw DomainError.badRequest("user_credentials needs 'username' and 'password'")
                }
                (user, refreshToken) = try await platform.write { db in
                    let user = try platform.logins.authenticate(db, email: email, password: password)
                    return (user, try platform.tokens.newRefreshToken(db, for: user))
                }
            case "refresh_token":
                guard let token = body.refresh_token else { throw DomainError.badRequest("refresh_token needs 'refresh_token'") }
                user = try await platform.read { db in try platform.tokens.redeem(db, refreshToken: token) }
                refreshToken = token
            default:
                throw DomainError.badRequest("unknown token request type '\(body.type)'; expected user_credentials or refresh_token")
            }
            let idToken = try await platform.tokens.issue(for: user)
            return try JSONResponse.make(TokenResponse(
                id_token: idToken, access_token: idToken, refresh_token: refreshToken, expires_in: platform.tokens.lifetimeS))
        }
    }
}

/// The request bodies these routes read: their properties are the fields the routes accept.
extension NamedSchema {
    static let tokenRequest = NamedSchema("Token", .object([
        "type": .oneOf("user_credentials", "refresh_token"), "username": .string, "password": .string,
        "refresh_token": .string, "client_id": .string, "audience": .string, "scope": .string,
    ], required: ["type"]))
}
