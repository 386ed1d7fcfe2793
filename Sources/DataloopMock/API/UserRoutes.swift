import Hummingbird

/// `/users/me`: who the caller is, and switching their active organization.
struct UserRoutes {
    struct SwitchOrgBody: Decodable, Sendable { var org: String }

    func add(to routes: RouteCollection<MockRequestContext>) {
        routes.read("users/me") { db, input in UserJSON(try input.platform.users.me(db, caller: input.caller)) }
        routes.write("users/me", method: .patch, body: SwitchOrgBody.self, allowed: ["org"]) { db, input, body in
            UserJSON(try input.platform.users.switchActiveOrg(db, caller: input.caller, orgId: body.org))
        }
    }
}
