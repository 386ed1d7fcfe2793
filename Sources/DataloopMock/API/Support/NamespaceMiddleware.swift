import HTTPTypes
import Hummingbird

extension HTTPField.Name {
    static let mockNamespace = HTTPField.Name("x-mock-namespace")!
    static let mockAdminToken = HTTPField.Name("x-mock-admin-token")!
}

/// Clients that cannot set headers reach a namespace by path: `/ns/NAME/api/v1/...` is served
/// as `/api/v1/...` with `x-mock-namespace: NAME`. Runs before routing.
struct NamespacePathResponder<Wrapped: HTTPResponder>: HTTPResponder where Wrapped.Context == MockRequestContext {
    let wrapped: Wrapped

    func respond(to request: Request, context: MockRequestContext) async throws -> Response {
        let path = request.uri.path
        guard path.hasPrefix("/ns/") else { return try await wrapped.respond(to: request, context: context) }
        let rest = path.dropFirst(4)
        let name = rest.prefix { $0 != "/" }
        var head = request.head
        let remainder = String(rest.dropFirst(name.count))
        head.path = (remainder.isEmpty ? "/" : remainder) + (request.uri.query.map { "?\($0)" } ?? "")
        head.headerFields[.mockNamespace] = String(name)
        return try await wrapped.respond(to: Request(head: head, body: request.body), context: context)
    }
}

/// Picks the namespace's platform for the request; bad names get 400, too many 429.
struct NamespaceMiddleware: RouterMiddleware {
    typealias Context = MockRequestContext
    let registry: NamespaceRegistry

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        do {
            if let name = request.headers[.mockNamespace], !name.isEmpty {
                context.platform = try await registry.platform(for: name)
            } else {
                context.platform = registry.defaultPlatform
            }
        } catch {
            return ErrorResponse.make(for: error)
        }
        return try await next(request, context)
    }
}
