import Foundation
import GRDB
import Hummingbird
import Mustache

/// The pages a person sees: `/` (the organization dashboard) and `/login` (pick a fixture user;
/// with `?callback=URL` it hands tokens to the SDK's `dl.login()` listener).
struct WebRoutes {
    static let sessionCookie = "dm_session"
    let dashboard = try! MustacheTemplate(string: Templates.dashboard)
    let login = try! MustacheTemplate(string: Templates.login)

    struct LoginForm: Decodable { var email: String; var password: String; var callback: String? }

    func add(to router: some RouterMethods<MockRequestContext>) {
        router.get("/") { request, context in
            let platform = context.platform
            let user = await Self.sessionUser(request, platform: platform)
            var model: [String: Any] = ["style": Templates.layoutStyle]
            if let user {
                model["user"] = ["email": user.email, "superuser": user.superuser]
                let cards = try await platform.read { db in try DashboardService(clock: platform.clock).cards(db, caller: Caller(user: user)) }
                model["orgs"] = cards.map(Self.cardModel)
            }
            return Self.html(dashboard.render(model))
        }
        // The SDK's open_in_web (`dlp projects web`) opens the environment's web `url` + projects/{id}:
        // the dashboard is where the mock shows projects.
        for path in ["/projects", "/projects/{projectId}"] {
            router.get(RouterPath(path)) { _, context in
                let prefix = context.platform.namespace.isEmpty ? "" : "/ns/\(context.platform.namespace)"
                return Response(status: .seeOther, headers: [.location: prefix + "/"])
            }
        }
        router.get("/logout") { _, _ in
            var response = Response(status: .seeOther, headers: [.location: "/"])
            response.setCookie(Cookie(name: Self.sessionCookie, value: "", expires: Date(timeIntervalSince1970: 0), path: "/"))
            return response
        }
        router.get("/login") { request, context in
            let callback = request.uri.queryParameters["callback"].map(String.init)
            if let callback, !Self.isLoopbackCallback(callback) {
                throw DomainError.badRequest("callback must be an http URL on localhost or 127.0.0.1 (the SDK's login listener)")
            }
            return Self.html(try await renderLogin(context.platform, request: request, callback: callback, error: nil, selected: nil))
        }
        router.post("/login") { request, context in
            let platform = context.platform
            let form = try await RequestBody.formOrJSON(LoginForm.self, request, context: context, allowed: ["email", "password", "callback"])
            let callback = form.callback.flatMap { $0.isEmpty ? nil : $0 }
            if let callback, !Self.isLoopbackCallback(callback) {
                throw DomainError.badRequest("callback must be an http URL on localhost or 127.0.0.1 (the SDK's login listener)")
            }
            let session: (UserRecord, String)
            do {
                session = try await platform.write { db in
                    let user = try platform.logins.authenticate(db, email: form.email, password: form.password)
                    return (user, try platform.tokens.newRefreshToken(db, for: user))
                }
            } catch let error as DomainError {
                let page = try await renderLogin(platform, request: request, callback: callback, error: error.message, selected: form.email)
                return Self.html(page, status: .unauthorized)
            }
            let token = try await platform.tokens.issue(for: session.0)
            if let callback, var components = URLComponents(string: callback) {
                components.queryItems = (components.queryItems ?? []) + [
                    URLQueryItem(name: "id_token", value: token), URLQueryItem(name: "access_token", value: token),
                    URLQueryItem(name: "refresh_token", value: session.1),
                ]
                return Response(status: .found, headers: [.location: components.string ?? callback])
            }
            var response = Response(status: .seeOther, headers: [.location: "/"])
            response.setCookie(Cookie(name: Self.sessionCookie, value: token, path: "/", httpOnly: true, sameSite: .lax))
            return response
        }
    }

    func renderLogin(_ platform: MockPlatform, request: Request, callback: String?, error: String?, selected: String?) async throws -> String {
        let users = try await platform.read { db in
            try UserRecord.filter(Column("invited") == false).order(Column("createdAt"), Column("rowid")).fetchAll(db)
        }
        let prefix = platform.namespace.isEmpty ? "" : "/ns/\(platform.namespace)"
        let options: [[String: Any]] = users.map { user in
            let name = [user.firstName, user.lastName].compactMap { $0 }.joined(separator: " ")
            return ["email": user.email, "label": name.isEmpty ? user.email : "\(name) — \(user.email)", "selected": user.email == selected]
        }
        var model: [String: Any] = ["style": Templates.layoutStyle, "users": options, "action": prefix + "/login"]
        if let callback { model["callback"] = callback }
        if let error { model["error"] = error }
        return login.render(model)
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

    /// The session user of the dashboard cookie, if its token is still valid.
    static func sessionUser(_ request: Request, platform: MockPlatform) async -> UserRecord? {
        guard let token = request.cookies[sessionCookie]?.value, !token.isEmpty,
              let claims = try? await platform.tokens.verify(token) else { return nil }
        let id = claims.sub
        return try? await platform.read { db in try UserRecord.fetchOne(db, key: id) }
    }

    /// Tokens only go back to a listener on this machine: no open redirect to elsewhere.
    static func isLoopbackCallback(_ callback: String) -> Bool {
        guard let url = URLComponents(string: callback), url.scheme == "http", let host = url.host else { return false }
        return ["localhost", "127.0.0.1", "[::1]", "::1"].contains(host)
    }

    static func html(_ body: String, status: HTTPResponse.Status = .ok) -> Response {
        Response(status: status, headers: [.contentType: "text/html; charset=utf-8"],
                 body: .init(byteBuffer: ByteBuffer(string: body)))
    }
}
