import HTTPTypes
import Hummingbird

/// Registers routes on a router (or a route collection) together with their OpenAPI doc:
/// the route goes to the router, the doc to the catalog, in one call.
struct DocumentedRoutes {
    typealias Handler = @Sendable (Request, MockRequestContext) async throws -> Response
    let catalog: RouteCatalog
    /// Where the router mounts these routes (`/api/v1`), for the document's paths.
    let prefix: String
    /// The document's tag for the routes registered through this value.
    let tag: String
    private let register: (String, HTTPRequest.Method, @escaping Handler) -> Void

    init(_ router: some RouterMethods<MockRequestContext>, prefix: String = "", tag: String = "", catalog: RouteCatalog) {
        self.catalog = catalog
        self.prefix = prefix
        self.tag = tag
        register = { path, method, handler in router.on(RouterPath(path), method: method, use: handler) }
    }

    private init(_ other: DocumentedRoutes, tag: String) {
        catalog = other.catalog
        prefix = other.prefix
        self.tag = tag
        register = other.register
    }

    /// The same routes under another tag of the document.
    func tagged(_ tag: String) -> DocumentedRoutes { DocumentedRoutes(self, tag: tag) }

    func on(_ path: String, _ method: HTTPRequest.Method, _ doc: RouteDoc, _ handler: @escaping Handler) {
        let relative = path.split(separator: "/").joined(separator: "/")
        let full = prefix + "/" + relative
        catalog.add(.init(method: method, path: full, tag: tag, doc: doc))
        let body = doc.body
        register(relative.isEmpty ? "/" : relative, method) { request, context in
            var context = context
            context.bodyDoc = body
            return try await handler(request, context)
        }
    }

    func get(_ path: String, _ doc: RouteDoc, _ handler: @escaping Handler) { on(path, .get, doc, handler) }
    func post(_ path: String, _ doc: RouteDoc, _ handler: @escaping Handler) { on(path, .post, doc, handler) }
    func put(_ path: String, _ doc: RouteDoc, _ handler: @escaping Handler) { on(path, .put, doc, handler) }
    func delete(_ path: String, _ doc: RouteDoc, _ handler: @escaping Handler) { on(path, .delete, doc, handler) }

    /// The `{name}` segments of a route's path.
    static func parameterNames(_ path: String) -> [String] {
        path.split(separator: "/").filter { $0.hasPrefix("{") && $0.hasSuffix("}") }.map { String($0.dropFirst().dropLast()) }
    }
}
