import Hummingbird

/// `/users/me`: who the caller is, and switching their active organization.
struct UserRoutes {
    struct SwitchOrgBody: Decodable { var org: String }

    func add(to routes: RouteCollection<MockRequestContext>) {
        routes.get("users/me") { _, context in
            let platform = context.platform
            let caller = try context.requireCaller()
            let user = try await platform.read { db in try platform.users.me(db, caller: caller) }
            return JSONResponse.make(UserJSON(user))
        }
        routes.patch("users/me") { request, context in
            let platform = context.platform
            let caller = try context.requireCaller()
            let body = try await RequestBody.json(SwitchOrgBody.self, request, context: context, allowed: ["org"])
            let user = try await platform.write { db in try platform.users.switchActiveOrg(db, caller: caller, orgId: body.org) }
            return JSONResponse.make(UserJSON(user))
        }
    }
}
