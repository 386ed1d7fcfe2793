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

    func add(to routes: DocumentedRoutes) {
        let routes = routes.tagged("integrations")
        for (path, summary) in [("orgs/{orgId}/integrations", "Integrations (owner, admin)"),
                                ("orgs/{orgId}/availableIntegrations", "Available integrations")] {
            routes.read(path, summary, returns: .array(.ref(.integration))) { db, input in
                try input.platform.integrations.list(db, caller: input.caller, orgId: input.parameter("orgId")).map(IntegrationJSON.init)
            }
        }
        routes.write("orgs/{orgId}/integrations", .post, "Create an integration", body: CreateBody.self, schema: .createIntegration,
                     status: .created, returns: .ref(.integration)) { db, input, body in
            IntegrationJSON(try input.platform.integrations.create(db, caller: input.caller, orgId: input.parameter("orgId"), type: body.type,
                                                                   name: body.name, options: body.options, metadata: body.metadata))
        }
        routes.write("orgs/{orgId}/integrations", .patch, "Update an integration", body: UpdateBody.self, schema: .updateIntegration,
                     returns: .ref(.integration)) { db, input, body in
            IntegrationJSON(try input.platform.integrations.update(db, caller: input.caller, orgId: input.parameter("orgId"), integrationId: body.integrationId,
                                                                   name: body.name, options: body.credentials?.options))
        }
        routes.read("orgs/{orgId}/integrations/{integrationId}", "One integration", returns: .ref(.integration)) { db, input in
            IntegrationJSON(try input.platform.integrations.get(db, caller: input.caller, orgId: input.parameter("orgId"), integrationId: input.parameter("integrationId")))
        }
        routes.write("orgs/{orgId}/integrations/{integrationId}", .delete, "Delete an integration", returns: .boolean) { db, input in
            try input.platform.integrations.delete(db, caller: input.caller, orgId: input.parameter("orgId"), integrationId: input.parameter("integrationId"))
            return true
        }
    }
}

/// The request bodies these routes read: their properties are the fields the routes accept.
extension NamedSchema {
    static let createIntegration = NamedSchema("CreateIntegration", .object(
        ["type": .string, "name": .string, "options": .openObject, "metadata": .any], required: ["type", "name", "options"]))
    static let updateIntegration = NamedSchema("UpdateIntegration", .object([
        "integrationId": .string, "name": .string,
        "credentials": .object(["options": .openObject, "type": .string], required: ["options"]),
    ], required: ["integrationId"]))
}
