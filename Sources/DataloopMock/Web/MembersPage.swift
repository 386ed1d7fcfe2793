import Hummingbird
import Mustache

/// The active org's members: add by email with a role, change a role, remove; every refusal
/// (the last-owner rule among them) comes back as the rule's message, the form as typed.
struct MembersPage {
    let console: ConsoleRoutes
    let template = try! MustacheTemplate(string: ConsoleTemplates.members)

    struct Listing: Sendable {
        var members: [Member]
        var addProblem: String?
    }

    func add(to router: DocumentedRoutes) {
        console.page(router, "/members", "Console: members of the active org (HTML)") { page, _ in
            let service = page.console
            let platform = page.platform
            guard let loaded = try await page.readActive({ db, caller, active in
                Listing(members: try platform.orgMembers.list(db, caller: caller, orgId: active.org.id),
                        addProblem: try service.addMemberProblem(db, caller: caller, orgId: active.org.id))
            }) else { return page.signOut() }
            let (menu, result) = loaded
            let typed = page.typed("add-member")
            var model: [String: Any] = [
                "base": page.site.base, "csrf": page.session.csrfToken, "chooseOrg": result == nil,
                "emails": typed["emails"] ?? "", "roles": Self.roles(selected: typed["role"] ?? OrgRole.member.rawValue),
            ]
            if let active = menu.active?.org { model["org"] = ["id": active.id, "name": active.name] }
            switch result {
            case .failure(let error)?: model["refused"] = error.message
            case .success(let listing)?:
                let changed = page.typed("member")
                model["members"] = listing.members.map { member in
                    let name = [member.user.firstName, member.user.lastName].compactMap { $0 }.joined(separator: " ")
                    let shownRole = changed["user"] == member.user.id ? (changed["role"] ?? member.role) : member.role
                    return ["id": member.user.id, "email": member.user.email, "name": name, "role": member.role,
                            "invited": member.user.invited, "roles": Self.roles(selected: shownRole)] as [String: Any]
                }
                if let problem = listing.addProblem { model["addProblem"] = problem }
            case .none: break
            }
            return console.render(page, menu: menu, current: "members", title: "Members", content: template.render(model))
        }
        console.post(router, "/members", "Console: add members (POST /orgs/{id}/members)", form: "add-member",
                     schema: .consoleAddMembers, back: { _ in "/members" }) { db, caller, form, platform in
            let emails = form["emails"].split(whereSeparator: { $0 == "," || $0.isWhitespace }).map(String.init)
            let added = try platform.orgMembers.add(db, caller: caller, orgId: form["org"], emails: emails, role: form["role"])
            return "Added \(added.map(\.user.email).joined(separator: ", ")) as \(form["role"])"
        }
        console.post(router, "/members/role", "Console: change a member's role (PATCH /orgs/{id}/members)", form: "member",
                     schema: .consoleMemberRole, back: { _ in "/members" }) { db, caller, form, platform in
            let member = try platform.orgMembers.updateRole(db, caller: caller, orgId: form["org"], email: form["user"], role: form["role"])
            return "\(member.user.email) is now \(member.role)"
        }
        console.post(router, "/members/remove", "Console: remove a member (DELETE /orgs/{id}/members/{userId})", form: "member",
                     schema: .consoleRemoveMember, back: { _ in "/members" }) { db, caller, form, platform in
            let member = try platform.orgMembers.remove(db, caller: caller, orgId: form["org"], userId: form["user"])
            return "Removed \(member.user.email)"
        }
    }

    static func roles(selected: String) -> [[String: Any]] {
        OrgRole.allCases.map { ["value": $0.rawValue, "selected": $0.rawValue == selected] }
    }
}

/// The forms these routes read.
extension NamedSchema {
    static let consoleAddMembers = NamedSchema("ConsoleAddMembers", .object(
        ["csrf_token": .string, "org": .string, "emails": .string, "role": orgRole], required: ["csrf_token", "org", "emails", "role"]))
    static let consoleMemberRole = NamedSchema("ConsoleMemberRole", .object(
        ["csrf_token": .string, "org": .string, "user": .string, "role": orgRole], required: ["csrf_token", "org", "user", "role"]))
    static let consoleRemoveMember = NamedSchema("ConsoleRemoveMember", .object(
        ["csrf_token": .string, "org": .string, "user": .string], required: ["csrf_token", "org", "user"]))
}
