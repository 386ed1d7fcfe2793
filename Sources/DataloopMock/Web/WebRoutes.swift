import Foundation
import GRDB
import Hummingbird
import Mustache

/// The login page (`/login`: pick a fixture user; with `?callback=URL` it hands tokens to the
/// SDK's `dl.login()` listener, without one it signs the browser in to the console) and
/// `/logout`. The console's pages are `ConsoleRoutes`.
struct WebRoutes {
    let login = try! MustacheTemplate(string: Templates.login)

    struct LoginForm: Decodable { var email: String; var password: String; var callback: String? }

    func add(to routes: DocumentedRoutes) {
        let router = routes.tagged("web")
        router.get("/logout", RouteDoc(summary: "Leave the console session", status: .seeOther, returns: .redirect)) { request, context in
            let platform = context.platform
            let site = ConsoleSite(namespace: platform.namespace)
            if let session = site.session(request, platform: platform) { platform.webSessions.remove(session.id) }
            var response = site.redirect("/")
            response.setCookie(site.clearedCookie())
            return response
        }
        // The SDK's open_in_web (`dlp projects web`) opens the environment's web `url` +
        // projects/{id}: the console's project cards are where the mock shows projects.
        let projectDoc = RouteDoc(summary: "Where `dlp projects web` goes: redirects to the console's projects", status: .seeOther,
                                  returns: .redirect, otherResponses: [ResponseDoc.consoleRedirect])
        router.get("/projects/{projectId}", projectDoc) { _, context in
            ConsoleSite(namespace: context.platform.namespace).redirect("/projects")
        }
        router.get("/login", RouteDoc(summary: "The login page (HTML); ?callback=http://localhost:PORT", returns: .page)) { request, context in
            let callback = request.uri.queryParameters["callback"].map(String.init)
            if let callback, !Self.isLoopbackCallback(callback) {
                throw DomainError.badRequest("callback must be an http URL on localhost or 127.0.0.1 (the SDK's login listener)")
            }
            return Self.html(try await renderLogin(context.platform, request: request, callback: callback, error: nil, selected: nil))
        }
        let wrongPassword = (status: 401, response: ResponseDoc.html("Wrong email or password: the page again, with the error"))
        let submit = RouteDoc(summary: "Submit the login form", body: .jsonOrForm(.loginForm), status: .found, returns: .redirect,
                              otherResponses: [wrongPassword])
        router.post("/login", submit) { request, context in
            let platform = context.platform
            let form = try await request.decode(as: LoginForm.self, context: context)
            let callback = form.callback.flatMap { $0.isEmpty ? nil : $0 }
            if let callback, !Self.isLoopbackCallback(callback) {
                throw DomainError.badRequest("callback must be an http URL on localhost or 127.0.0.1 (the SDK's login listener)")
            }
            let user: UserRecord
            do {
                user = try await platform.write { db in try platform.logins.authenticate(db, email: form.email, password: form.password) }
            } catch let error as DomainError {
                let page = try await renderLogin(platform, request: request, callback: callback, error: error.message, selected: form.email)
                return Self.html(page, status: .unauthorized)
            }
            if let callback, var components = URLComponents(string: callback) {
                let refresh = try await platform.write { db in try platform.tokens.newRefreshToken(db, for: user) }
                let token = try await platform.tokens.issue(for: user)
                components.queryItems = (components.queryItems ?? []) + [
                    URLQueryItem(name: "id_token", value: token), URLQueryItem(name: "access_token", value: token),
                    URLQueryItem(name: "refresh_token", value: refresh),
                ]
                return Response(status: .found, headers: [.location: components.string ?? callback])
            }
            let site = ConsoleSite(namespace: platform.namespace)
            let session = platform.webSessions.create(userId: user.id, nowMs: platform.clock.nowMs())
            var response = site.redirect("/")
            response.setCookie(site.sessionCookie(session))
            return response
        }
    }

    func renderLogin(_ platform: MockPlatform, request: Request, callback: String?, error: String?, selected: String?) async throws -> String {
        let users = try await platform.read { db in
            try UserRecord.registered(db)
        }
        let prefix = platform.namespace.isEmpty ? "" : "/ns/\(platform.namespace)"
        let options: [[String: Any]] = users.map { user in
            let name = [user.firstName, user.lastName].compactMap { $0 }.joined(separator: " ")
            return ["email": user.email, "label": name.isEmpty ? user.email : "\(name) — \(user.email)", "selected": user.email == selected]
        }
        var model: [String: Any] = ["style": Templates.layoutStyle, "users": options, "action": prefix + "/login", "base": prefix]
        if let callback { model["callback"] = callback }
        if let error { model["error"] = error }
        return login.render(model)
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

/// The forms these routes read.
extension NamedSchema {
    static let loginForm = NamedSchema("LoginForm", .object(
        ["email": .string, "password": .string, "callback": .string], required: ["email", "password"]))
}
