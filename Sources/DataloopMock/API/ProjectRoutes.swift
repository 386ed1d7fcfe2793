import Hummingbird

/// `/projects`: create in the active org, read, rename, paying account, delete.
struct ProjectRoutes {
    struct CreateBody: Decodable { var name: String }
    struct AccountBody: Decodable { var accountId: String }
    /// The SDK sends the whole project it holds; only these fields can change.
    struct PatchBody: Decodable { var name: String?; var account: String? }

    func add(to routes: RouteCollection<MockRequestContext>) {
        routes.post("projects") { request, context in
            let platform = context.platform
            let caller = try context.requireCaller()
            let body = try await RequestBody.formOrJSON(CreateBody.self, request, context: context, allowed: ["name"])
            let project = try await platform.write { db in try platform.projects.create(db, caller: caller, name: body.name) }
            return JSONResponse.make(ProjectJSON(project), status: .created)
        }
        routes.get("projects") { _, context in
            let platform = context.platform
            let caller = try context.requireCaller()
            let projects = try await platform.read { db in try platform.projects.list(db, caller: caller) }
            return JSONResponse.make(projects.map(ProjectJSON.init))
        }
        routes.get("projects/{projectId}") { _, context in
            let platform = context.platform
            let caller = try context.requireCaller()
            let projectId = try context.pathParameter("projectId")
            let project = try await platform.read { db in try platform.projects.get(db, caller: caller, projectId: projectId) }
            return JSONResponse.make(ProjectJSON(project))
        }
        routes.get("projects/{projectId}/name") { _, context in
            let platform = context.platform
            let caller = try context.requireCaller()
            let name = try context.pathParameter("projectId")
            let projects = try await platform.read { db in try platform.projects.byName(db, caller: caller, name: name) }
            return JSONResponse.make(projects.map(ProjectJSON.init))
        }
        routes.patch("projects/{projectId}") { request, context in
            let platform = context.platform
            let caller = try context.requireCaller()
            let projectId = try context.pathParameter("projectId")
            let body = try await RequestBody.json(PatchBody.self, request, context: context, allowed: nil)
            let project = try await platform.write { db in
                var project = try platform.projects.get(db, caller: caller, projectId: projectId)
                if let name = body.name {
                    project = try platform.projects.rename(db, caller: caller, projectId: projectId, name: name)
                }
                if let account = body.account, account != project.project.accountId {
                    project = try platform.projects.setPayingAccount(db, caller: caller, projectId: projectId, accountId: account)
                }
                return project
            }
            return JSONResponse.make(ProjectJSON(project))
        }
        routes.patch("projects/{projectId}/account") { request, context in
            let platform = context.platform
            let caller = try context.requireCaller()
            let projectId = try context.pathParameter("projectId")
            let body = try await RequestBody.json(AccountBody.self, request, context: context, allowed: ["accountId"])
            let project = try await platform.write { db in
                try platform.projects.setPayingAccount(db, caller: caller, projectId: projectId, accountId: body.accountId)
            }
            return JSONResponse.make(ProjectJSON(project))
        }
        routes.delete("projects/{projectId}") { _, context in
            let platform = context.platform
            let caller = try context.requireCaller()
            let projectId = try context.pathParameter("projectId")
            try await platform.write { db in try platform.projects.delete(db, caller: caller, projectId: projectId) }
            return JSONResponse.make(true)
        }
    }
}
