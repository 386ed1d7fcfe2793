import Hummingbird

/// `/orgs` and the org-level reads: one org, rename, plan, onboarding, clients, overview.
struct OrgRoutes {
    struct RenameBody: Decodable, Sendable { var name: String }
    struct PlanBody: Decodable, Sendable { var plan: String }
    struct CreateBody: Decodable, Sendable { var name: String; var provider: String? }

    func add(to routes: DocumentedRoutes) {
        let routes = routes.tagged("orgs")
        routes.read("orgs", "Organizations of the caller (superuser: all)", returns: .array(.ref(.org))) { db, input in
            try input.platform.orgs.list(db, caller: input.caller).map(OrgJSON.init)
        }
        routes.write("orgs", .post, "Onboarding: a user in no org creates one", body: CreateBody.self, schema: .createOrg,
                     status: .created, returns: .ref(.org)) { db, input, body in
            OrgJSON(try input.platform.orgs.create(db, caller: input.caller, name: body.name, providerId: body.provider))
        }
        routes.read("orgs/{orgId}", "One organization", returns: .ref(.org)) { db, input in
            OrgJSON(try input.platform.orgs.get(db, caller: input.caller, orgId: input.parameter("orgId")))
        }
        routes.write("orgs/{orgId}", .patch, "Rename (owner, admin)", body: RenameBody.self, schema: .rename, returns: .ref(.org)) { db, input, body in
            OrgJSON(try input.platform.orgs.rename(db, caller: input.caller, orgId: input.parameter("orgId"), name: body.name))
        }
        routes.write("orgs/{orgId}/plan", .patch, "Change the plan (superuser)", body: PlanBody.self, schema: .plan,
                     returns: .ref(.org)) { db, input, body in
            OrgJSON(try input.platform.orgs.setPlan(db, caller: input.caller, orgId: input.parameter("orgId"), plan: body.plan))
        }
        routes.read("orgs/{orgId}/groups", "Groups", returns: .array(.ref(.group))) { db, input in
            try input.platform.orgs.groups(db, caller: input.caller, orgId: input.parameter("orgId")).map(GroupJSON.init)
        }
        routes.read("orgs/{orgId}/clients", "Client organizations (owner, admin)", returns: .array(.ref(.org))) { db, input in
            try input.platform.orgs.clients(db, caller: input.caller, orgId: input.parameter("orgId")).map(OrgJSON.init)
        }
        routes.read("orgs/{orgId}/overview", "Counts: projects owned and billed, members by role", returns: .ref(.overview)) { db, input in
            OverviewJSON(try input.platform.orgs.overview(db, caller: input.caller, orgId: input.parameter("orgId")))
        }
        routes.read("orgs/{orgId}/projects", "Projects the org owns", returns: .array(.ref(.project))) { db, input in
            try input.platform.projects.listOfOrg(db, caller: input.caller, orgId: input.parameter("orgId")).map(ProjectJSON.init)
        }
    }
}

/// The request bodies these routes read: their properties are the fields the routes accept.
extension NamedSchema {
    static let createOrg = NamedSchema("CreateOrg", .object(["name": .string, "provider": .string], required: ["name"]))
    static let rename = NamedSchema("Rename", .object(["name": .string], required: ["name"]))
    static let plan = NamedSchema("Plan", .object(["plan": .oneOf("freemium", "premium")], required: ["plan"]))
}
