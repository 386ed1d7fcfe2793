import GRDB
import Hummingbird
import Mustache

/// The web console: the platform's organization screens, server-rendered, on the same domain
/// services and rules as the API. Every page needs a session (else: the login page); every
/// form is a POST carrying the session's CSRF token and answers with a redirect
/// (post/redirect/get), leaving the outcome as the session's flash for the next page.
struct ConsoleRoutes {
    let layout = try! MustacheTemplate(string: ConsoleTemplates.layout)

    func add(to routes: DocumentedRoutes) {
        let router = routes.tagged("web")
        OverviewPage(console: self).add(to: router)
        ProjectsPage(console: self).add(to: router)
        MembersPage(console: self).add(to: router)
        ClientsPage(console: self).add(to: router)
        AllOrgsPage(console: self).add(to: router)
    }

    /// Pages a form may return to (the org switch goes back where it was used).
    static let pages: [(id: String, path: String, label: String)] = [
        ("overview", "/", "Overview"), ("projects", "/projects", "Projects"), ("members", "/members", "Members"),
        ("clients", "/clients", "Clients"), ("orgs", "/orgs", "All organizations"),
    ]

    /// Registers a GET page: without a session it redirects to the login page.
    func page(_ router: DocumentedRoutes, _ path: String, _ summary: String, query: [QueryParameter] = [],
              _ render: @escaping @Sendable (ConsoleRequest, Request) async throws -> Response) {
        let doc = RouteDoc(summary: summary, returns: .page, query: query, otherResponses: [ResponseDoc.consoleRedirect])
        router.get(path, doc) { request, context in
            guard let console = ConsoleRequest(request, context) else { return ConsoleSite(namespace: context.platform.namespace).redirect("/login") }
            return try await render(console, request)
        }
    }

    /// Registers a form post: session, form and CSRF token first; then one domain write whose
    /// notice (or refusal, with the typed values) the page at `back` shows (`afterSuccess`,
    /// when given, replaces it once the write succeeded).
    func post(_ router: DocumentedRoutes, _ path: String, _ summary: String, form name: String, schema: NamedSchema,
              back: @escaping @Sendable (ConsoleForm) -> String, afterSuccess: String? = nil,
              _ action: @escaping @Sendable (Database, Caller, ConsoleForm, MockPlatform) throws -> String) {
        let doc = RouteDoc(summary: summary, body: .form(schema), status: .seeOther, returns: .redirect,
                           otherResponses: [ResponseDoc.consoleRedirect, ResponseDoc.csrfRefused])
        router.post(path, doc) { request, context in
            let platform = context.platform
            let site = ConsoleSite(namespace: platform.namespace)
            guard let session = site.session(request, platform: platform) else { return site.redirect("/login") }
            let form = try await ConsoleForm.read(request, context: context)
            guard form.hasToken(of: session) else { return Self.csrfRefusal(site) }
            do {
                let notice = try await platform.write { db in try action(db, try Caller.load(db, userId: session.userId), form, platform) }
                platform.webSessions.setFlash(Flash(message: notice, isError: false, form: name), for: session.id)
                if let afterSuccess { return site.redirect(afterSuccess) }
            } catch let error as DomainError {
                if case .unauthorized = error { return Self.signOut(site, platform: platform, session: session) }
                platform.webSessions.setFlash(Flash(message: error.message, isError: true, form: name, values: form.typed), for: session.id)
            }
            return site.redirect(back(form))
        }
    }

    static func csrfRefusal(_ site: ConsoleSite) -> Response {
        WebRoutes.html("""
            <!doctype html><html lang="en"><head><meta charset="utf-8"><title>dataloop-mock — refused</title></head><body>
            <p id="csrf-refused">This form did not carry this session's CSRF token, so nothing was changed.
            Open the page again from <a href="\(site.path("/"))">the console</a> and resend it.</p></body></html>
            """, status: .forbidden)
    }

    static func signOut(_ site: ConsoleSite, platform: MockPlatform, session: WebSession) -> Response {
        platform.webSessions.remove(session.id)
        var response = site.redirect("/login")
        response.setCookie(site.clearedCookie())
        return response
    }

    /// The page in the console's frame: left-side menu (user, active-org dropdown, links),
    /// the flash, then the page's own content.
    func render(_ console: ConsoleRequest, menu: ConsoleService.Menu, current: String, title: String, content: String) -> Response {
        let site = console.site
        let user = menu.user
        let name = [user.firstName, user.lastName].compactMap { $0 }.joined(separator: " ")
        var model: [String: Any] = [
            "style": Templates.layoutStyle + ConsoleTemplates.style, "base": site.base, "csrf": console.session.csrfToken,
            "title": title, "content": content, "current": Self.pages.first { $0.id == current }?.path ?? "/",
            "user": ["email": user.email, "name": name, "superuser": user.superuser],
            "hasOrgs": !menu.memberships.isEmpty, "noActive": menu.active == nil,
            "orgs": menu.memberships.map { ["id": $0.org.id, "name": $0.org.name, "role": $0.role.rawValue,
                                            "selected": $0.org.id == menu.active?.org.id] as [String: Any] },
            "nav": Self.pages.map { ["id": $0.id, "href": site.path($0.path), "label": $0.label, "current": $0.id == current] as [String: Any] },
        ]
        if menu.memberships.isEmpty { model["onboarding"] = site.path("/onboarding") }
        if let flash = console.flash { model["flash"] = ["message": flash.message, "isError": flash.isError] }
        return WebRoutes.html(layout.render(model))
    }
}

/// A signed-in page request: the namespace's platform, where its console lives, the session
/// and the flash the last form post left (taken once).
struct ConsoleRequest: Sendable {
    let platform: MockPlatform
    let site: ConsoleSite
    let session: WebSession
    let flash: Flash?

    init?(_ request: Request, _ context: MockRequestContext) {
        platform = context.platform
        site = ConsoleSite(namespace: platform.namespace)
        guard let session = site.session(request, platform: platform) else { return nil }
        self.session = session
        flash = platform.webSessions.takeFlash(for: session.id)
    }

    var console: ConsoleService { ConsoleService(clock: platform.clock) }

    /// One read with the caller and their menu; nil when the session's user is gone.
    func read<T: Sendable>(_ body: @escaping @Sendable (Database, Caller, ConsoleService.Menu) throws -> T) async throws -> (ConsoleService.Menu, T)? {
        let userId = session.userId
        let console = console
        return try await platform.read { db in
            guard let caller = try? Caller.load(db, userId: userId) else { return nil }
            let menu = try console.menu(db, caller: caller)
            return (menu, try body(db, caller, menu))
        }
    }

    /// One read about the active org: nil inside when there is none; a refusal (the caller may
    /// not see this page of it) as the rule's error, which the page shows.
    func readActive<T: Sendable>(_ body: @escaping @Sendable (Database, Caller, ConsoleService.Membership) throws -> T)
        async throws -> (ConsoleService.Menu, Result<T, DomainError>?)? {
        try await read { db, caller, menu -> Result<T, DomainError>? in
            guard let active = menu.active else { return nil }
            do { return .success(try body(db, caller, active)) } catch let error as DomainError { return .failure(error) }
        }
    }

    /// The typed values of a refused form, when the flash belongs to `form`.
    func typed(_ form: String) -> [String: String] {
        guard let flash, flash.isError, flash.form == form else { return [:] }
        return flash.values
    }

    func signOut() -> Response { ConsoleRoutes.signOut(site, platform: platform, session: session) }
}
