import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
@testable import DataloopMock

/// The console over HTTP, without a browser: sessions, the CSRF check, post/redirect/get.
@Suite struct ConsoleHTTPTests {
    struct Answer {
        var status: HTTPResponse.Status
        var headers: HTTPFields
        var text: String
    }

    static func send(_ client: some TestClientProtocol, _ method: HTTPRequest.Method, _ uri: String,
                     form: String? = nil, cookie: String? = nil) async throws -> Answer {
        var headers: HTTPFields = [:]
        if let form { headers[.contentType] = "application/x-www-form-urlencoded" }
        if let cookie { headers[.cookie] = cookie }
        return try await client.execute(uri: uri, method: method, headers: headers, body: form.map { ByteBuffer(string: $0) }) { response in
            Answer(status: response.status, headers: response.headers, text: String(buffer: response.body))
        }
    }

    /// Signs in through the login form: the session cookie and the CSRF token of its pages.
    static func signIn(_ client: some TestClientProtocol, _ email: String, base: String = "") async throws -> (cookie: String, csrf: String) {
        let login = try await send(client, .post, base + "/login", form: "email=\(email)&password=\(email.prefix { $0 != "@" })-pass")
        #expect(login.status == .seeOther && login.headers[.location] == base + "/")
        let setCookie = try #require(login.headers[.setCookie])
        let cookie = String(setCookie.prefix { $0 != ";" })
        let page = try await send(client, .get, base + "/", cookie: cookie)
        let csrf = try #require(page.text.components(separatedBy: "name=\"csrf_token\" value=\"").dropFirst().first?.prefix { $0 != "\"" })
        return (cookie, String(csrf))
    }

    @Test func formsNeedTheSessionsTokenAndAnswerWithARedirect() async throws {
        let platform = try await makePlatform()
        let orgId = try await platform.orgId("Provider Inc")
        let app = ServerApp.application(platform: platform, options: ServerOptions())
        try await app.test(.router) { client in
            let signedOut = try await Self.send(client, .post, "/org/name", form: "org=\(orgId)&name=X")
            #expect(signedOut.status == .seeOther && signedOut.headers[.location] == "/login")
            let (cookie, csrf) = try await Self.signIn(client, "ada@provider.example")
            #expect(cookie.hasPrefix("dm_session=") && csrf.count == 64)
            let before = try await platform.stateDigest()
            for form in ["org=\(orgId)&name=Renamed", "org=\(orgId)&name=Renamed&csrf_token=", "org=\(orgId)&name=Renamed&csrf_token=\(String(csrf.reversed()))"] {
                let refused = try await Self.send(client, .post, "/org/name", form: form, cookie: cookie)
                #expect(refused.status == .forbidden && refused.text.contains("nothing was changed"))
            }
            #expect(try await platform.stateDigest() == before)
            let renamed = try await Self.send(client, .post, "/org/name", form: "org=\(orgId)&name=Renamed+Inc&csrf_token=\(csrf)", cookie: cookie)
            #expect(renamed.status == .seeOther && renamed.headers[.location] == "/")
            let page = try await Self.send(client, .get, "/", cookie: cookie)
            #expect(page.text.contains("<p id=\"flash\" class=\"flash\" role=\"status\">The organization is now named Renamed Inc</p>"))
            let again = try await Self.send(client, .get, "/", cookie: cookie)
            #expect(!again.text.contains("id=\"flash\""))  // shown once
        }
    }

    @Test func aNamespacesConsoleHasItsOwnCookieAndPaths() async throws {
        let platform = try await makePlatform()
        let app = ServerApp.application(platform: platform, options: ServerOptions())
        try await app.test(.router) { client in
            let login = try await Self.send(client, .post, "/ns/demo/login", form: "email=carol@client-a.example&password=carol-pass")
            #expect(login.headers[.location] == "/ns/demo/")
            let setCookie = try #require(login.headers[.setCookie])
            #expect(setCookie.hasPrefix("dm_session_demo=") && setCookie.contains("Path=/ns/demo") && setCookie.contains("HttpOnly"))
            let cookie = String(setCookie.prefix { $0 != ";" })
            let page = try await Self.send(client, .get, "/ns/demo/members", cookie: cookie)
            #expect(page.status == .ok && page.text.contains("action=\"/ns/demo/members\""))
            let elsewhere = try await Self.send(client, .get, "/members", cookie: cookie)
            #expect(elsewhere.status == .seeOther && elsewhere.headers[.location] == "/login")
        }
    }
}
