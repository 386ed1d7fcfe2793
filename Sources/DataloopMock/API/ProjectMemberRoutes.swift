import Hummingbird

/// `/projects/{projectId}/members`: contributors and their project roles.
struct ProjectMemberRoutes {
    struct RoleBody: Decodable, Sendable { var role: String }

    func add(to routes: RouteCollection<MockRequestContext>) {
        let path = "projects/{projectId}/members/{email}"
        routes.read("projects/{projectId}/members") { db, input in
            try input.platform.projectMembers.list(db, caller: input.caller, projectId: input["projectId"]).map(UserJSON.init)
        }
        routes.write(path, method: .post, body: RoleBody.self, allowed: ["role"], status: .created) { db, input, body in
            UserJSON(try input.platform.projectMembers.add(db, caller: input.caller, projectId: input["projectId"], email: input["email"], role: body.role))
        }
        routes.write(path, method: .patch, body: RoleBody.self, allowed: ["role"]) { db, input, body in
            UserJSON(try input.platform.projectMembers.updateRole(db, caller: input.caller, projectId: input["projectId"], email: input["email"], role: body.role))
        }
        routes.write(path, method: .delete) { db, input in
            UserJSON(try input.platform.projectMembers.remove(db, caller: input.caller, projectId: input["projectId"], email: input["email"]))
        }
    }
}
