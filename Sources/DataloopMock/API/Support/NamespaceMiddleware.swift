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

/// Picks the namespace's platform for the request; bad names get 400, too many 429. A namespace
/// named but empty (`x-mock-namespace:` with no value, often a CI variable left unset, or the
/// prefix `/ns//`) is a 400 too, never the default namespace: that would share state silently.
struct NamespaceMiddleware: RouterMiddleware {
    typealias Context = MockRequestContext
    let registry: NamespaceRegistry

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        let names = request.headers[values: .mockNamespace]
        if names.isEmpty {
            context.platform = registry.defaultPlatform
        } else {
            guard names.count == 1, NamespaceRegistry.isValidName(names[0]) else {
                throw DomainError.badRequest(
                    "invalid namespace '\(names.joined(separator: ", ").prefix(80))' (header x-mock-namespace or path /ns/NAME/): use 1 to 64 letters, digits, '-' or '_'")
            }
            context.platform = try await registry.platform(for: names[0])
        }
        return try await next(request, context)
    }
}
