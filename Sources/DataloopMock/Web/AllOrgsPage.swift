import Hummingbird
import Mustache

/// Every organization the user sees at once (a superuser: all), each with its plan,
/// provider, clients, members by role and projects: the read-only dashboard of old.
struct AllOrgsPage {
    let console: ConsoleRoutes
    let template = try! MustacheTemplate(string: ConsoleTemplates.allOrgs)

    func add(to router: DocumentedRoutes) {
        console.page(router, "/orgs", "Console: every organization the user sees (HTML)") { page, _ in
            let dashboard = DashboardService(clock: page.platform.clock)
            guard let loaded = try await page.read({ db, caller, _ in try dashboard.cards(db, caller: caller) }) else {
                return page.signOut()
            }
            let (menu, cards) = loaded
            let model: [String: Any] = ["email": menu.user.email, "orgs": cards.map(Self.cardModel)]
            return console.render(page, menu: menu, current: "orgs", title: "All organizations", content: template.render(model))
        }
    }

    static func cardModel(_ card: DashboardService.OrgCard) -> [String: Any] {
        let overview = card.overview
        let count = { (role: OrgRole) in overview.membersByRole[role] ?? 0 }
        var model: [String: Any] = [
            "name": card.details.org.name, "plan": card.details.org.plan,
            "hasClients": !card.clientNames.isEmpty, "clients": card.clientNames.joined(separator: ", "),
            "members": ["total": overview.membersByRole.values.reduce(0, +), "owner": count(.owner), "admin": count(.admin),
                        "member": count(.member), "worker": count(.worker)],
            "owned": overview.ownedProjects, "billed": overview.billedProjects, "billedElsewhere": overview.billedElsewhere,
            "datasets": overview.datasets, "tasks": overview.tasks,
            "projects": card.projects.map { line in
                ["name": line.project.name, "system": line.project.systemProject, "owner": line.owningOrg, "payer": line.payingOrg,
                 "billedElsewhere": line.billedElsewhere, "contributors": line.contributors, "datasets": line.datasets, "tasks": line.tasks] as [String: Any]
            },
        ]
        if let provider = card.providerName { model["provider"] = provider }
        return model
    }
}
