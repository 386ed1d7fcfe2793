import Hummingbird

/// `/orgs` and the org-level reads: one org, rename, plan, onboarding, clients, overview.
struct OrgRoutes {
    struct RenameBody: Decodable, Sendable { var name: String }
    struct PlanBody: Decodable, Sendable { var plan: String }
    struct CreateBody: Decodable, Sendable { var name: String; var provider: String? }

    func add(to routes: RouteCollection<MockRequestContext>) {
        routes.read("orgs") { db, input in try input.platform.orgs.list(db, caller: input.caller).map(OrgJSON.init) }
        routes.write("orgs", method: .post, body: CreateBody.self, allowed: ["name", "provider"], status: .created) { db, input, body in
            OrgJSON(try input.platform.orgs.create(db, caller: input.caller, name: body.name, providerId: body.provider))
        }
        routes.read("orgs/{orgId}") { db, input in OrgJSON(try input.platform.orgs.get(db, caller: input.caller, orgId: input["orgId"])) }
        routes.write("orgs/{orgId}", method: .patch, body: RenameBody.self, allowed: ["name"]) { db, input, body in
            OrgJSON(try input.platform.orgs.rename(db, caller: input.caller, orgId: input["orgId"], name: body.name))
        }
        routes.write("orgs/{orgId}/plan", method: .patch, body: PlanBody.self, allowed: ["plan"]) { db, input, body in
            OrgJSON(try input.platform.orgs.setPlan(db, caller: input.caller, orgId: input["orgId"], plan: body.plan))
        }
        routes.read("orgs/{orgId}/groups") { db, input in
            try input.platform.orgs.groups(db, caller: input.caller, orgId: input["orgId"]).map(GroupJSON.init)
        }
        routes.read("orgs/{orgId}/clients") { db, input in
            try input.platform.orgs.clients(db, caller: input.caller, orgId: input["orgId"]).map(OrgJSON.init)
        }
        routes.read("orgs/{orgId}/overview") { db, input in
            OverviewJSON(try input.platform.orgs.overview(db, caller: input.caller, orgId: input["orgId"]))
        }
        routes.read("orgs/{orgId}/projects") { db, input in
            try input.platform.projects.listOfOrg(db, caller: input.caller, orgId: input["orgId"]).map(ProjectJSON.init)
        }
    }
}
