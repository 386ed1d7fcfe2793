import Hummingbird

/// `/services/fs-cache` and `/services/cache`: the org cache that `cache_action` drives.
struct CacheRoutes {
    struct Body: Decodable {
        struct OrgRef: Decodable { var id: String; var name: String? }
        struct Runner: Decodable { var podType: String? }
        var org: OrgRef
        var runner: Runner?
    }
    struct StateJSON: Encodable { var state: String }

    static let mode = QueryParameter(name: "mode", required: true, schema: .oneOf("apply-filestore", "apply", "destroy", "get"))

    func add(to routes: DocumentedRoutes) {
        let routes = routes.tagged("cache")
        for (path, summary) in [("services/fs-cache", "File-system cache: ?mode=apply-filestore|apply|destroy|get"),
                                ("services/cache", "Cache: ?mode=apply|destroy")] {
            let doc = RouteDoc(summary: summary, body: .json(.cache), returns: .json(.ref(.cacheState)), query: [Self.mode])
            routes.post(path, doc) { request, context in
                let route = try RouteRequest(context, names: [])
                guard let raw = request.uri.queryParameters["mode"] else {
                    throw DomainError.badRequest("missing query parameter 'mode' (apply-filestore, apply, destroy or get)")
                }
                let mode = try CacheService.mode(String(raw))
                let body = try await request.decode(as: Body.self, context: context)
                let state = try await route.platform.write { db in
                    try route.platform.cache.perform(db, caller: try route.input(db).caller, orgId: body.org.id, mode: mode)
                }
                return try JSONResponse.make(StateJSON(state: state.rawValue))
            }
        }
    }
}

/// The request bodies these routes read: their properties are the fields the routes accept.
extension NamedSchema {
    static let cache = NamedSchema("Cache", .object(
        ["org": .object(["id": .string, "name": .string], required: ["id"]), "runner": .object(["podType": .string])],
        required: ["org"]))
}
