import Hummingbird

/// `/projects/{projectId}/members`: contributors and their project roles.
struct ProjectMemberRoutes {
    struct RoleBody: Decodable { var role: String }

    func add(to routes: RouteCollection<MockRequestContext>) {
        routes.get("projects/{projectId}/members") { _, context in
            let platform = context.platform
            let caller = try context.requireCaller()
            let projectId = try context.pathParameter("projectId")
            let members = try await platform.read { db in try platform.projectMembers.list(db, caller: caller, projectId: projectId) }
            return JSONResponse.make(members.map(UserJSON.init))
        }
        routes.post("projects/{projectId}/members/{email}") { request, context in
            let platform = context.platform
            let caller = try context.requireCaller()
            let (projectId, email) = (try context.pathParameter("projectId"), try context.pathParameter("email"))
            let body = try await RequestBody.json(RoleBody.self, request, context: context, allowed: ["role"])
            let member = try await platform.write { db in
                try platform.projectMembers.add(db, caller: caller, projectId: projectId, email: email, role: body.role)
            }
            return JSONResponse.make(UserJSON(member), status: .created)
        }
        routes.patch("projects/{projectId}/members/{email}") { request, context in
            let platform = context.platform
            let caller = try context.requireCaller()
            let (projectId, email) = (try context.pathParameter("projectId"), try context.pathParameter("email"))
            let body = try await RequestBody.json(RoleBody.self, request, context: context, allowed: ["role"])
            let member = try await platform.write { db in
                try platform.projectMembers.updateRole(db, caller: caller, projectId: projectId, email: email, role: body.role)
            }
            return JSONResponse.make(UserJSON(member))
        }
        routes.delete("projects/{projectId}/members/{email}") { _, context in
            let platform = context.platform
            let caller = try context.requireCaller()
            let (projectId, email) = (try context.pathParameter("projectId"), try context.pathParameter("email"))
            let member = try await platform.write { db in
                try platform.projectMembers.remove(db, caller: caller, projectId: projectId, email: email)
            }
            return JSONResponse.make(UserJSON(member))
        }
    }
}
