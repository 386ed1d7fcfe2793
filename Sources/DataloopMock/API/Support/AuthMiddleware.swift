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
        let userId = claims.sub
        guard let user = try await platform.read({ db in try UserRecord.fetchOne(db, key: userId) }) else {
            throw DomainError.unauthorized("the user of this token no longer exists")
        }
        var context = context
        context.caller = Caller(user: user)
        context.notes.caller = user.email
        return try await next(request, context)
    }
}
