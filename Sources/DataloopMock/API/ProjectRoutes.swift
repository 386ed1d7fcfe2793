import Hummingbird

/// `/projects`: create in the active org, read, rename, paying account, delete.
struct ProjectRoutes {
    struct CreateBody: Decodable, Sendable { var name: String }
    struct AccountBody: Decodable, Sendable { var accountId: String }
    /// The SDK sends the whole project it holds; only these fields can change.
    struct PatchBody: Decodable, Sendable { var name: String?; var account: String? }

    func add(to routes: DocumentedRoutes) {
        let routes = routes.tagged("projects")
        // The SDK sends this one form-encoded, so it does not use the JSON-only helpers.
        routes.post("projects", RouteDoc(summary: "Create a project in the caller's active org (form or JSON)", body: .jsonOrForm(.createProject),
                                         status: .created, returns: .json(.ref(.project)))) { request, context in
            let route = try RouteRequest(context, names: [])
            let body = try await request.decode(as: CreateBody.self, context: context)
            let project = try await route.platform.write { db in
                try route.platform.projects.create(db, caller: try route.input(db).caller, name: body.name)
            }
            return try JSONResponse.make(ProjectJSON(project), status: .created)
        }
        routes.read("projects", "Projects the caller contributes to (superuser: all)", returns: .array(.ref(.project))) { db, input in
            try input.platform.projects.list(db, caller: input.caller).map(ProjectJSON.init)
        }
        routes.read("projects/{projectId}", "One project", returns: .ref(.project)) { db, input in
            ProjectJSON(try input.platform.projects.get(db, caller: input.caller, projectId: input.parameter("projectId")))
        }
        // The path segment is a project name here; one trie position, one parameter name.
        routes.read("projects/{projectId}/name", "Visible projects with this name (the path segment is the name)",
                    returns: .array(.ref(.project))) { db, input in
            try input.platform.projects.byName(db, caller: input.caller, name: input.parameter("projectId")).map(ProjectJSON.init)
        }
        routes.write("projects/{projectId}", .patch, "Rename; a changed account is the paying-account action", body: PatchBody.self,
                     schema: .patchProject, returns: .ref(.project)) { db, input, body in
            let projects = input.platform.projects
            var project = try projects.get(db, caller: input.caller, projectId: input.parameter("projectId"))
            if let name = body.name {
                project = try projects.rename(db, caller: input.caller, projectId: project.project.id, name: name)
            }
            if let account = body.account, account != project.project.accountId {
                project = try projects.setPayingAccount(db, caller: input.caller, projectId: project.project.id, accountId: account)
            }
            return ProjectJSON(project)
        }
        routes.write("projects/{projectId}/account", .patch, "Set the paying account", body: AccountBody.self, schema: .setAccount,
                     returns: .ref(.project)) { db, input, body in
            ProjectJSON(try input.platform.projects.setPayingAccount(db, caller: input.caller, projectId: input.parameter("projectId"),
                                                                     accountId: body.accountId))
        }
        routes.write("projects/{projectId}", .delete, "Delete a project (not the system project)", returns: .boolean) { db, input in
            try input.platform.projects.delete(db, caller: input.caller, projectId: input.parameter("projectId"))
            return true
        }
    }
}

/// The request bodies these routes read: their properties are the fields the routes accept.
extension NamedSchema {
    static let createProject = NamedSchema("CreateProject", .object(["name": .string], required: ["name"]))
    /// The SDK sends the whole project it holds; only `name` and `account` change anything.
    static let patchProject = NamedSchema("PatchProject", .object(["name": .string, "account": .string], open: true))
    static let setAccount = NamedSchema("SetAccount", .object(["accountId": .string], required: ["accountId"]))
}
