import Hummingbird

/// `/orgs/{orgId}/members`: list, add, change role, remove.
struct OrgMemberRoutes {
    struct AddBody: Decodable, Sendable { var emails: [String]; var role: String? }
    struct UpdateBody: Decodable, Sendable { var email: String; var role: String }

    func add(to routes: DocumentedRoutes) {
        let routes = routes.tagged("members")
        routes.read("orgs/{orgId}/members", "Members with their role", returns: .array(.ref(.user))) { db, input in
            try input.platform.orgMembers.list(db, caller: input.caller, orgId: input.parameter("orgId")).map(UserJSON.init)
        }
        routes.write("orgs/{orgId}/members", .post, "Add members (all or nothing)", body: AddBody.self, schema: .addMembers,
                     status: .created, returns: .array(.ref(.user))) { db, input, body in
            try input.platform.orgMembers.add(db, caller: input.caller, orgId: input.parameter("orgId"), emails: body.emails,
                                              role: body.role ?? OrgRole.member.rawValue).map(UserJSON.init)
        }
        routes.write("orgs/{orgId}/members", .patch, "Change a member's role", body: UpdateBody.self, schema: .updateMember,
                     returns: .ref(.user)) { db, input, body in
            UserJSON(try input.platform.orgMembers.updateRole(db, caller: input.caller, orgId: input.parameter("orgId"), email: body.email, role: body.role))
        }
        routes.write("orgs/{orgId}/members/{userId}", .delete, "Remove a member", returns: .ref(.user)) { db, input in
            UserJSON(try input.platform.orgMembers.remove(db, caller: input.caller, orgId: input.parameter("orgId"), userId: input.parameter("userId")))
        }
    }
}

/// The request bodies these routes read: their properties are the fields the routes accept.
extension NamedSchema {
    static let addMembers = NamedSchema("AddMembers", .object(["emails": .array(.string), "role": orgRole], required: ["emails"]))
    static let updateMember = NamedSchema("UpdateMember", .object(["email": .string, "role": orgRole], required: ["email", "role"]))
}
