import Foundation
import HTTPTypes
import Synchronization

/// Every route the router serves, with its doc, collected as the router is built
/// (`DocumentedRoutes`). It answers which methods a path has (for 405s) and renders the
/// OpenAPI document (`dataloop-mock openapi`, `GET /_mock/openapi.json`, `docs/openapi.json`).
public final class RouteCatalog: Sendable {
    struct Route: Sendable {
        var method: HTTPRequest.Method
        /// The full path, `{name}` for a parameter: `/api/v1/orgs/{orgId}`.
        var path: String
        var tag: String
        var doc: RouteDoc
        var segments: [Substring] { path.split(separator: "/") }
    }

    private let state = Mutex<(routes: [Route], rendered: String?)>(([], nil))
    public init() {}

    func add(_ route: Route) {
        state.withLock { state in
            precondition(!state.routes.contains { $0.method == route.method && $0.path == route.path },
                         "\(route.method) \(route.path) is registered twice")
            state.routes.append(route)
            state.rendered = nil
        }
    }

    var routes: [Route] { state.withLock { $0.routes } }

    /// Methods served on a path, by pattern (`{param}` segments match anything).
    func methods(forPath path: String) -> [HTTPRequest.Method] {
        let segments = path.split(separator: "/")
        return routes.filter { route in
            let pattern = route.segments
            return pattern.count == segments.count && zip(pattern, segments).allSatisfy { $0.hasPrefix("{") || $0 == $1 }
        }.map(\.method)
    }

    /// The OpenAPI 3.1 document, pretty-printed with sorted keys, ending in a newline.
    public var openAPIText: String {
        if let rendered = state.withLock({ $0.rendered }) { return rendered }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        // A JSONValue always encodes.
        let text = String(decoding: try! encoder.encode(openAPIDocument), as: UTF8.self) + "\n"
        state.withLock { $0.rendered = text }
        return text
    }

    var openAPIDocument: JSONValue {
        let routes = routes
        var paths: [String: [String: JSONValue]] = [:]
        for route in routes {
            paths[route.path, default: [:]][route.method.rawValue.lowercased()] = route.doc.operation(method: route.method, path: route.path, tag: route.tag)
        }
        return .object([
            "openapi": .string("3.1.0"),
            "info": .object([
                "title": .string("dataloop-mock"), "version": .string(dataloopMockVersion),
                "description": .string("The emulated Dataloop organizations API (/api/v1, /token, /login) and the /_mock test-control API."),
            ]),
            "servers": .array([.object(["url": .string("/")])]),
            "paths": .object(paths.mapValues(JSONValue.object)),
            "components": .object([
                "schemas": .object(Self.components(reachedFrom: routes.flatMap(\.doc.references))),
                "securitySchemes": .object(["bearer": .object(["type": .string("http"), "scheme": .string("bearer"), "bearerFormat": .string("JWT")])]),
            ]),
        ])
    }

    /// The named schemas the routes refer to, and those they refer to in turn.
    static func components(reachedFrom roots: [NamedSchema]) -> [String: JSONValue] {
        var found: [String: NamedSchema] = [:]
        var pending = roots
        while let named = pending.popLast() {
            if let known = found[named.name] {
                precondition(known === named, "two schemas are named \(named.name)")
                continue
            }
            found[named.name] = named
            pending.append(contentsOf: named.schema.references)
        }
        return found.mapValues(\.schema.json)
    }
}
