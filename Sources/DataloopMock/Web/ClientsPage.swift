import Hummingbird
import Mustache

/// Client organizations of the active org (a provider sees its clients), and onboarding: a
/// signed-in user in no org creates one, optionally under a provider, and becomes its owner.
struct ClientsPage {
    let console: ConsoleRoutes
    let clients = try! MustacheTemplate(string: ConsoleTemplates.clients)
    let onboarding = try! MustacheTemplate(string: ConsoleTemplates.onboarding)
    static let provider = QueryParameter(name: "provider", required: false, schema: .string,
                                         description: "the provider org preselected (a provider's signup link)")

    func add(to router: DocumentedRoutes) {
        console.page(router, "/clients", "Console: client organizations of the active org (HTML)") { page, _ in
            let platform = page.platform
            guard let loaded = try await page.readActive({ db, caller, active in
                try platform.orgs.clients(db, caller: caller, orgId: active.org.id)
            }) else { return page.signOut() }
            let (menu, result) = loaded
            var model: [String: Any] = ["base": page.site.base, "chooseOrg": result == nil]
            if let active = menu.active?.org {
                model["org"] = ["id": active.id, "name": active.name]
                model["signupLink"] = page.site.path("/onboarding?provider=\(active.id)")
            }
            switch result {
            case .failure(let error)?: model["refused"] = error.message
            case .success(let clients)?:
                // A provider sees a client's owner (the org's `owner`), not its people: the
                // client's members are for the client's own members (see docs/NOTES.md).
                model["clients"] = clients.map { client in
                    ["name": client.org.name, "plan": client.org.plan, "owners": client.org.ownerId ?? ""] as [String: Any]
                }
                model["noClients"] = clients.isEmpty
            case .none: break
            }
            return console.render(page, menu: menu, current: "clients", title: "Clients", content: clients.render(model))
        }
        console.page(router, "/onboarding", "Console: create an organization when in none (HTML); ?provider=ORG_ID",
                     query: [Self.provider]) { page, request in
            let service = page.console
            guard let loaded = try await page.read({ db, caller, _ in try service.onboarding(db, caller: caller) }) else {
                return page.signOut()
            }
            let (menu, state) = loaded
            let typed = page.typed("onboarding")
            let chosen = typed["provider"] ?? request.uri.queryParameters["provider"].map(String.init) ?? ""
            var model: [String: Any] = [
                "base": page.site.base, "csrf": page.session.csrfToken, "name": typed["name"] ?? "",
                "providers": state.providers.map { ["id": $0.id, "name": $0.name, "selected": $0.id == chosen] as [String: Any] },
            ]
            if let problem = state.problem { model["problem"] = problem }
            return console.render(page, menu: menu, current: "onboarding", title: "Create your organization", content: onboarding.render(model))
        }
        console.post(router, "/onboarding", "Console: onboarding (POST /orgs)", form: "onboarding", schema: .consoleOnboarding,
                      back: { _ in "/onboarding" }, afterSuccess: "/") { db, caller, form, platform in
            let provider = form["provider"].isEmpty ? nil : form["provider"]
            let details = try platform.orgs.create(db, caller: caller, name: form["name"], providerId: provider)
            return "Created \(details.org.name); you are its owner"
        }
    }
}

/// The forms these routes read.
extension NamedSchema {
    static let consoleOnboarding = NamedSchema("ConsoleOnboarding", .object(
        ["csrf_token": .string, "name": .string, "provider": .string], required: ["csrf_token", "name"]))
}
