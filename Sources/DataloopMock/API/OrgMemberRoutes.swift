import Hummingbird

/// `/orgs/{orgId}/members`: list, add, change role, remove.
struct OrgMemberRoutes {
    struct AddBody: Decodable, Sendable { var emails: [String]; var role: String? }
    struct UpdateBody: Decodable, Sendable { var email: String; var role: String }

    func add(to routes: RouteCollection<MockRequestContext>) {
        routes.read("orgs/{orgId}/members") { db, input in
            try input.platform.orgMembers.list(db, caller: input.caller, orgId: input["orgId"]).map(UserJSON.init)
        }
        routes.write("orgs/{orgId}/members", method: .post, body: AddBody.self, allowed: ["emails", "role"], status: .created) { db, input, body in
            try input.platform.orgMembers.add(db, caller: input.caller, orgId: input["orgId"], emails: body.emails,
                                              role: body.role ?? OrgRole.member.rawValue).map(UserJSON.init)
        }
        routes.write("orgs/{orgId}/members", method: .patch, body: UpdateBody.self, allowed: ["email", "role"]) { db, input, body in
            UserJSON(try input.platform.orgMembers.updateRole(db, caller: input.caller, orgId: input["orgId"], email: body.email, role: body.role))
        }
        routes.write("orgs/{orgId}/members/{userId}", method: .delete) { db, input in
            UserJSON(try input.platform.orgMembers.remove(db, caller: input.caller, orgId: input["orgId"], userId: input["userId"]))
        }
    }
}
