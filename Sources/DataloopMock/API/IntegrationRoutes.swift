import Hummingbird

/// `/orgs/{orgId}/integrations` and `/availableIntegrations`.
struct IntegrationRoutes {
    struct CreateBody: Decodable, Sendable { var type: String; var name: String; var options: JSONValue; var metadata: JSONValue? }
    struct UpdateBody: Decodable, Sendable {
        struct Credentials: Decodable, Sendable { var options: JSONValue; var type: String? }
        var integrationId: String
        var name: String?
        var credentials: Credentials?
    }

    func add(to routes: RouteCollection<MockRequestContext>) {
        for path in ["orgs/{orgId}/integrations", "orgs/{orgId}/availableIntegrations"] {
            routes.read(path) { db, input in
                try input.platform.integrations.list(db, caller: input.caller, orgId: input["orgId"]).map(IntegrationJSON.init)
            }
        }
        routes.write("orgs/{orgId}/integrations", method: .post, body: CreateBody.self,
                     allowed: ["type", "name", "options", "metadata"], status: .created) { db, input, body in
            IntegrationJSON(try input.platform.integrations.create(db, caller: input.caller, orgId: input["orgId"], type: body.type,
                                                                   name: body.name, options: body.options, metadata: body.metadata))
        }
        routes.write("orgs/{orgId}/integrations", method: .patch, body: UpdateBody.self,
                     allowed: ["integrationId", "name", "credentials"]) { db, input, body in
            IntegrationJSON(try input.platform.integrations.update(db, caller: input.caller, orgId: input["orgId"], integrationId: body.integrationId,
                                                                   name: body.name, options: body.credentials?.options))
        }
        routes.read("orgs/{orgId}/integrations/{integrationId}") { db, input in
            IntegrationJSON(try input.platform.integrations.get(db, caller: input.caller, orgId: input["orgId"], integrationId: input["integrationId"]))
        }
        routes.write("orgs/{orgId}/integrations/{integrationId}", method: .delete) { db, input in
            try input.platform.integrations.delete(db, caller: input.caller, orgId: input["orgId"], integrationId: input["integrationId"])
            return true
        }
    }
}
