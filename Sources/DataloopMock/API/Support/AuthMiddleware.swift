import Foundation
import Hummingbird

/// Every `/api/v1` request carries `Authorization: Bearer <id token>` signed by this server.
struct AuthMiddleware: RouterMiddleware {
    typealias Context = MockRequestContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let header = request.headers[.authorization] else {
            throw DomainError.unauthorized("missing Authorization header; log in and send 'Authorization: Bearer <token>'")
        }
        let parts = header.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else {
            throw DomainError.unauthorized("malformed Authorization header; expected 'Bearer <token>'")
        }
        let platform = context.platform
        let claims = try await platform.tokens.verify(String(parts[1]).trimmingCharacters(in: .whitespaces))
        // The user itself is loaded by the route, inside its own transaction: one database
        // round trip per request, and never a stale user.
        var context = context
        context.callerId = claims.sub
        context.notes.caller = claims.email
        return try await next(request, context)
    }
}
