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
        let claims = try await platform.tokens.verify(String(Self.trimmingSpaces(parts[1])))
        // The user itself is loaded by the route, inside its own transaction: one database
        // round trip per request, and never a stale user.
        var context = context
        context.callerId = claims.sub
        context.notes.caller = claims.email
        return try await next(request, context)
    }

    /// What `trimmingCharacters(in: .whitespaces)` trims (tab and the space separators, Zs),
    /// without Foundation: on Linux that went through `NSString` and was a third of the
    /// instructions of a cached read (callgrind, docs/BENCH.md).
    static func trimmingSpaces(_ text: Substring) -> Substring {
        func isSpace(_ scalar: Unicode.Scalar) -> Bool { scalar == "\t" || scalar.properties.generalCategory == .spaceSeparator }
        let scalars = text.unicodeScalars
        guard let first = scalars.firstIndex(where: { !isSpace($0) }), let last = scalars.lastIndex(where: { !isSpace($0) }) else { return "" }
        return Substring(scalars[first...last])
    }
}
