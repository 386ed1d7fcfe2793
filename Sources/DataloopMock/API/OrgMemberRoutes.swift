import Hummingbird

/// `/orgs/{orgId}/members`: list, add, change role, remove.
struct OrgMemberRoutes {
    struct AddBody: Decodable { var emails: [String]; var role: String? }
    struct UpdateBody: Decodable { var email: String; var role: String }

    func add(to routes: RouteCollection<MockRequestContext>) {
        routes.get("orgs/{orgId}/members") { _, context in
            let platform = context.platform
            let caller = try context.requireCaller()
            let orgId = try context.pathParameter("orgId")
            let members = try await platform.read { db in try platform.orgMembers.list(db, caller: caller, orgId: orgId) }
            return JSONResponse.make(members.map(UserJSON.init))
        }
        routes.post("orgs/{orgId}/members") { request, context in
            let platform = context.platform
            let caller = try context.requireCaller()
            let orgId = try context.pathParameter("orgId")
            let body = try await RequestBody.json(AddBody.self, request, context: context, allowed: ["emails", "role"])
            let added = try await platform.write { db in
                try platform.orgMembers.add(db, caller: caller, orgId: orgId, emails: body.emails, role: body.role ?? OrgRole.member.rawValue)
            }
            return JSONResponse.make(added.map(UserJSON.init), status: .created)
        }
        routes.patch("orgs/{orgId}/members") { request, context in
            let platform = context.platform
            let caller = try context.requireCaller()
            let orgId = try context.pathParameter("orgId")
            let body = try await RequestBody.json(UpdateBody.self, request, context: context, allowed: ["email", "role"])
            let member = try await platform.write { db in
                try platform.orgMembers.updateRole(db, caller: caller, orgId: orgId, email: body.email, role: body.role)
            }
            return JSONResponse.make(UserJSON(member))
        }
        routes.delete("orgs/{orgId}/members/{userId}") { _, context in
            let platform = context.platform
            let caller = try context.requireCaller()
            let orgId = try context.pathParameter("orgId")
            let userId = try context.pathParameter("userId")
            let removed = try await platform.write { db in try platform.orgMembers.remove(db, caller: caller, orgId: orgId, userId: userId) }
            return JSONResponse.make(UserJSON(removed))
        }
    }
}
