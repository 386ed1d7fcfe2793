import Hummingbird

/// `/orgs` and the org-level reads: one org, rename, plan, onboarding, clients, overview.
struct OrgRoutes {
    struct RenameBody: Decodable { var name: String }
    struct PlanBody: Decodable { var plan: String }
    struct CreateBody: Decodable { var name: String; var provider: String? }

    func add(to routes: RouteCollection<MockRequestContext>) {
        routes.get("orgs") { _, context in
            let platform = context.platform
            let caller = try context.requireCaller()
            let orgs = try await platform.read { db in try platform.orgs.list(db, caller: caller) }
            return JSONResponse.make(orgs.map(OrgJSON.init))
        }
        routes.post("orgs") { request, context in
            let platform = context.platform
            let caller = try context.requireCaller()
            let body = try await RequestBody.json(CreateBody.self, request, context: context, allowed: ["name", "provider"])
            let org = try await platform.write { db in
                try platform.orgs.create(db, caller: caller, name: body.name, providerId: body.provider)
            }
            return JSONResponse.make(OrgJSON(org), status: .created)
        }
        routes.get("orgs/{orgId}") { _, context in
            let platform = context.platform
            let caller = try context.requireCaller()
            let orgId = try context.pathParameter("orgId")
            let org = try await platform.read { db in try platform.orgs.get(db, caller: caller, orgId: orgId) }
            return JSONResponse.make(OrgJSON(org))
        }
        routes.patch("orgs/{orgId}") { request, context in
            let platform = context.platform
            let caller = try context.requireCaller()
            let orgId = try context.pathParameter("orgId")
            let body = try await RequestBody.json(RenameBody.self, request, context: context, allowed: ["name"])
            let org = try await platform.write { db in try platform.orgs.rename(db, caller: caller, orgId: orgId, name: body.name) }
            return JSONResponse.make(OrgJSON(org))
        }
        routes.patch("orgs/{orgId}/plan") { request, context in
            let platform = context.platform
            let caller = try context.requireCaller()
            let orgId = try context.pathParameter("orgId")
            let body = try await RequestBody.json(PlanBody.self, request, context: context, allowed: ["plan"])
            let org = try await platform.write { db in try platform.orgs.setPlan(db, caller: caller, orgId: orgId, plan: body.plan) }
            return JSONResponse.make(OrgJSON(org))
        }
        routes.get("orgs/{orgId}/groups") { _, context in
            let platform = context.platform
            let caller = try context.requireCaller()
            let orgId = try context.pathParameter("orgId")
            let groups = try await platform.read { db in try platform.orgs.groups(db, caller: caller, orgId: orgId) }
            return JSONResponse.make(groups.map(GroupJSON.init))
        }
        routes.get("orgs/{orgId}/clients") { _, context in
            let platform = context.platform
            let caller = try context.requireCaller()
            let orgId = try context.pathParameter("orgId")
            let clients = try await platform.read { db in try platform.orgs.clients(db, caller: caller, orgId: orgId) }
            return JSONResponse.make(clients.map(OrgJSON.init))
        }
        routes.get("orgs/{orgId}/overview") { _, context in
            let platform = context.platform
            let caller = try context.requireCaller()
            let orgId = try context.pathParameter("orgId")
            let overview = try await platform.read { db in try platform.orgs.overview(db, caller: caller, orgId: orgId) }
            return JSONResponse.make(OverviewJSON(overview))
        }
        routes.get("orgs/{orgId}/projects") { _, context in
            let platform = context.platform
            let caller = try context.requireCaller()
            let orgId = try context.pathParameter("orgId")
            let projects = try await platform.read { db in try platform.projects.listOfOrg(db, caller: caller, orgId: orgId) }
            return JSONResponse.make(projects.map(ProjectJSON.init))
        }
    }
}
