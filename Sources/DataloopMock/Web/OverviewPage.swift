import Hummingbird
import Mustache

/// The Organization Overview of the active org (`/`), its ellipsis menu's Rename Org, and the
/// active-organization dropdown of the left-side menu (`PATCH /users/me` semantics).
struct OverviewPage {
    let console: ConsoleRoutes
    let welcome = try! MustacheTemplate(string: ConsoleTemplates.welcome)
    let overview = try! MustacheTemplate(string: ConsoleTemplates.overview)

    func add(to router: DocumentedRoutes) {
        let overviewDoc = RouteDoc(summary: "Console: Organization Overview of the active org (HTML; signed out: a pointer to the login page)",
                                   returns: .page)
        router.get("/", overviewDoc) { request, context in
            guard let page = ConsoleRequest(request, context) else {
                let site = ConsoleSite(namespace: context.platform.namespace)
                return WebRoutes.html(welcome.render(["style": Templates.layoutStyle + ConsoleTemplates.style, "base": site.base]))
            }
            return try await render(page)
        }
        console.post(router, "/active-org", "Console: switch the active organization (PATCH /users/me)", form: "switch",
                     schema: .consoleSwitchOrg, back: { form in
            ConsoleRoutes.pages.map(\.path).contains(form["return"]) ? form["return"] : "/"
        }) { db, caller, form, platform in
            let user = try platform.users.switchActiveOrg(db, caller: caller, orgId: form["org"])
            let org = try platform.orgs.get(db, caller: Caller(user: user), orgId: form["org"]).org
            return "\(org.name) is now your active organization"
        }
        console.post(router, "/org/name", "Console: Rename Org (PATCH /orgs/{id})", form: "rename", schema: .consoleRename,
                     back: { _ in "/" }) { db, caller, form, platform in
            let details = try platform.orgs.rename(db, caller: caller, orgId: form["org"], name: form["name"])
            return "The organization is now named \(details.org.name)"
        }
    }

    func render(_ page: ConsoleRequest) async throws -> Response {
        let service = page.console
        guard let loaded = try await page.readActive({ db, caller, active in try service.overview(db, caller: caller, orgId: active.org.id) }) else {
            return page.signOut()
        }
        let (menu, result) = loaded
        if menu.active == nil, menu.memberships.isEmpty { return page.site.redirect(menu.user.superuser ? "/orgs" : "/onboarding") }
        var model: [String: Any] = ["base": page.site.base, "csrf": page.session.csrfToken]
        switch result {
        case .none:
            model["chooseOrg"] = true
        case .failure(let error)?:
            model["refused"] = error.message
            model["activeName"] = menu.active?.org.name ?? ""
        case .success(let overview)?:
            model.merge(Self.model(overview, typed: page.typed("rename")), uniquingKeysWith: { $1 })
        }
        return console.render(page, menu: menu, current: "overview", title: "Overview", content: overview.render(model))
    }

    static func model(_ overview: ConsoleService.Overview, typed: [String: String]) -> [String: Any] {
        let counts = overview.counts
        let org = counts.org
        let byRole = { (role: OrgRole) in counts.membersByRole[role] ?? 0 }
        var model: [String: Any] = [
            "org": ["id": org.id, "name": org.name, "plan": org.plan],
            "owned": counts.ownedProjects, "billed": counts.billedProjects, "billedElsewhere": counts.billedElsewhere, "datasets": counts.datasets, "tasks": counts.tasks,
            "members": ["total": counts.membersByRole.values.reduce(0, +), "owner": byRole(.owner), "admin": byRole(.admin),
                        "member": byRole(.member), "worker": byRole(.worker)],
            "renameValue": typed["name"] ?? org.name, "renameOpen": !typed.isEmpty,
            "projects": overview.projects.map(ProjectsPage.cardModel),
        ]
        if let provider = overview.providerName { model["provider"] = provider }
        if let clients = overview.clientNames {
            model["clients"] = clients.isEmpty ? "none" : clients.joined(separator: ", ")
        }
        if let problem = overview.clientsProblem { model["clientsProblem"] = problem }
        if let problem = overview.renameProblem { model["renameProblem"] = problem }
        return model
    }
}

/// The forms these routes read.
extension NamedSchema {
    static let consoleSwitchOrg = NamedSchema("ConsoleSwitchOrg", .object(
        ["csrf_token": .string, "org": .string, "return": .string], required: ["csrf_token", "org"]))
    static let consoleRename = NamedSchema("ConsoleRename", .object(
        ["csrf_token": .string, "org": .string, "name": .string], required: ["csrf_token", "org", "name"]))
}
