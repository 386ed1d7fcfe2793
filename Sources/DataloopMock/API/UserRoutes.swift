import Hummingbird

/// `/users/me`: who the caller is, and switching their active organization.
struct UserRoutes {
    struct SwitchOrgBody: Decodable, Sendable { var org: String }

    func add(to routes: DocumentedRoutes) {
        let routes = routes.tagged("users")
        routes.read("users/me", "The caller", returns: .ref(.user)) { db, input in UserJSON(try input.platform.users.me(db, caller: input.caller)) }
        routes.write("users/me", .patch, "Switch the active organization", body: SwitchOrgBody.self, schema: .switchOrg,
                     returns: .ref(.user)) { db, input, body in
            UserJSON(try input.platform.users.switchActiveOrg(db, caller: input.caller, orgId: body.org))
        }
    }
}

/// The request bodies these routes read: their properties are the fields the routes accept.
extension NamedSchema {
    static let switchOrg = NamedSchema("SwitchOrg", .object(["org": .string], required: ["org"]))
}
