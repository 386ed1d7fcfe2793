import Hummingbird

/// `/orgs/{orgId}/integrations` and `/availableIntegrations`.
struct IntegrationRoutes {
    struct CreateBody: Decodable { var type: String; var name: String; var options: JSONValue; var metadata: JSONValue? }
    struct UpdateBody: Decodable {
        struct Credentials: Decodable { var options: JSONValue; var type: String? }
        var integrationId: String
        var name: String?
        var credentials: Credentials?
    }

    func add(to routes: RouteCollection<MockRequestContext>) {
        for path in ["orgs/{orgId}/integrations", "orgs/{orgId}/availableIntegrations"] {
            routes.get(RouterPath(path)) { _, context in
                let platform = context.platform
                let caller = try context.requireCaller()
                let orgId = try context.pathParameter("orgId")
                let list = try await platform.read { db in try platform.integrations.list(db, caller: caller, orgId: orgId) }
                return JSONResponse.make(list.map(IntegrationJSON.init))
            }
        }
        routes.post("orgs/{orgId}/integrations") { request, context in
            let platform = context.platform
            let caller = try context.requireCaller()
            let orgId = try context.pathParameter("orgId")
            let body = try await RequestBody.json(CreateBody.self, request, context: context, allowed: ["type", "name", "options", "metadata"])
            let created = try await platform.write { db in
                try platform.integrations.create(db, caller: caller, orgId: orgId, type: body.type, name: body.name,
                                                 options: body.options, metadata: body.metadata)
            }
            return JSONResponse.make(IntegrationJSON(created), status: .created)
        }
        routes.patch("orgs/{orgId}/integrations") { request, context in
            let platform = context.platform
            let caller = try context.requireCaller()
            let orgId = try context.pathParameter("orgId")
            let body = try await RequestBody.json(UpdateBody.self, request, context: context, allowed: ["integrationId", "name", "credentials"])
            let updated = try await platform.write { db in
                try platform.integrations.update(db, caller: caller, orgId: orgId, integrationId: body.integrationId,
                                                 name: body.name, options: body.credentials?.options)
            }
            return JSONResponse.make(IntegrationJSON(updated))
        }
        routes.get("orgs/{orgId}/integrations/{integrationId}") { _, context in
            let platform = context.platform
            let caller = try context.requireCaller()
            let (orgId, integrationId) = (try context.pathParameter("orgId"), try context.pathParameter("integrationId"))
            let integration = try await platform.read { db in
                try platform.integrations.get(db, caller: caller, orgId: orgId, integrationId: integrationId)
            }
            return JSONResponse.make(IntegrationJSON(integration))
        }
        routes.delete("orgs/{orgId}/integrations/{integrationId}") { _, context in
            let platform = context.platform
            let caller = try context.requireCaller()
            let (orgId, integrationId) = (try context.pathParameter("orgId"), try context.pathParameter("integrationId"))
            try await platform.write { db in try platform.integrations.delete(db, caller: caller, orgId: orgId, integrationId: integrationId) }
            return JSONResponse.make(true)
        }
    }
}
