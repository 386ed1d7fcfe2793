import Hummingbird
import Mustache

/// Project cards (owning org, paying account, "Set under ‹org› account" actions) and the
/// new-project form, which names the org the project will land in: the active org.
struct ProjectsPage {
    let console: ConsoleRoutes
    let template = try! MustacheTemplate(string: ConsoleTemplates.projects)

    func add(to router: DocumentedRoutes) {
        console.page(router, "/projects", "Console: project cards and the new-project form (HTML)") { page, _ in
            let service = page.console
            guard let loaded = try await page.read({ db, caller, menu in try service.projects(db, caller: caller, menu: menu) }) else {
                return page.signOut()
            }
            let (menu, projects) = loaded
            let typed = page.typed("create-project")
            var model: [String: Any] = [
                "base": page.site.base, "csrf": page.session.csrfToken, "newName": typed["name"] ?? "",
                "ofActive": projects.ofActiveOrg.map(Self.cardModel), "elsewhere": projects.elsewhere.map(Self.cardModel),
                "hasElsewhere": !projects.elsewhere.isEmpty,
            ]
            if let active = menu.active?.org { model["active"] = ["id": active.id, "name": active.name] }
            if let problem = projects.createProblem { model["createProblem"] = problem }
            return console.render(page, menu: menu, current: "projects", title: "Projects", content: template.render(model))
        }
        console.post(router, "/projects", "Console: create a project in the active org (POST /projects)", form: "create-project",
                     schema: .consoleCreateProject, back: { _ in "/projects" }) { db, caller, form, platform in
            let active = try platform.users.me(db, caller: caller).activeOrgId
            if let active, !form["org"].isEmpty, form["org"] != active {
                throw DomainError.conflict("your active organization changed since this form was shown; check the org it names and submit again")
            }
            let details = try platform.projects.create(db, caller: caller, name: form["name"])
            return "Created project \(details.project.name) in \(details.org.name)"
        }
        console.post(router, "/projects/account", "Console: Set under an org's account (PATCH /projects/{id}/account)",
                     form: "paying-account", schema: .consolePayingAccount, back: { _ in "/projects" }) { db, caller, form, platform in
            let details = try platform.projects.setPayingAccount(db, caller: caller, projectId: form["project"], accountId: form["account"])
            let payer = try ConsoleService(clock: platform.clock).orgName(db, accountId: details.project.accountId)
            return "Project \(details.project.name) is now under the \(payer) account"
        }
    }

    static func cardModel(_ card: ConsoleService.ProjectCard) -> [String: Any] {
        let line = card.line
        return [
            "id": line.project.id, "name": line.project.name, "system": line.project.systemProject,
            "owner": line.owningOrg, "payer": line.payingOrg, "billedElsewhere": line.billedElsewhere,
            "role": card.callerRole?.rawValue ?? "—", "datasets": line.datasets, "tasks": line.tasks, "contributors": line.contributors,
            "hasActions": !card.actions.isEmpty,
            "actions": card.actions.map { action in
                var item: [String: Any] = [
                    "label": "Set \(action.backToOwner ? "back " : "")under \(action.target.name) account",
                    "targetName": action.target.name, "accountId": action.accountId, "allowed": action.problem == nil,
                ]
                if let problem = action.problem { item["problem"] = problem }
                return item
            },
        ]
    }
}

/// The forms these routes read.
extension NamedSchema {
    static let consoleCreateProject = NamedSchema("ConsoleCreateProject", .object(
        ["csrf_token": .string, "org": .string, "name": .string], required: ["csrf_token", "name"]))
    static let consolePayingAccount = NamedSchema("ConsolePayingAccount", .object(
        ["csrf_token": .string, "project": .string, "account": .string], required: ["csrf_token", "project", "account"]))
}
