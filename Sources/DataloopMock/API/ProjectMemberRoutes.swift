import Hummingbird

/// `/projects/{projectId}/members`: contributors and their project roles.
struct ProjectMemberRoutes {
    struct RoleBody: Decodable, Sendable { var role: String }

    func add(to routes: DocumentedRoutes) {
        let routes = routes.tagged("project members")
        let path = "projects/{projectId}/members/{email}"
        routes.read("projects/{projectId}/members", "Contributors with their project role", returns: .array(.ref(.user))) { db, input in
            try input.platform.projectMembers.list(db, caller: input.caller, projectId: input.parameter("projectId")).map(UserJSON.init)
        }
        routes.write(path, .post, "Add a contributor", body: RoleBody.self, schema: .projectRoleBody, status: .created,
                     returns: .ref(.user)) { db, input, body in
            UserJSON(try input.platform.projectMembers.add(db, caller: input.caller, projectId: input.parameter("projectId"),
                                                           email: input.parameter("email"), role: body.role))
        }
        routes.write(path, .patch, "Change a contributor's role", body: RoleBody.self, schema: .projectRoleBody,
                     returns: .ref(.user)) { db, input, body in
            UserJSON(try input.platform.projectMembers.updateRole(db, caller: input.caller, projectId: input.parameter("projectId"),
                                                                  email: input.parameter("email"), role: body.role))
        }
        routes.write(path, .delete, "Remove a contributor", returns: .ref(.user)) { db, input in
            UserJSON(try input.platform.projectMembers.remove(db, caller: input.caller, projectId: input.parameter("projectId"), email: input.parameter("email")))
        }
    }
}

/// The request bodies these routes read: their properties are the fields the routes accept.
extension NamedSchema {
    static let projectRole = JSONSchema.oneOf("owner", "engineer", "annotator", "annotationManager")
    static let projectRoleBody = NamedSchema("ProjectRole", .object(["role": projectRole], required: ["role"]))
}
