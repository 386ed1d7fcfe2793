import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
@testable import DataloopMock

/// The HTTP layer: status codes, the platform's error shape, auth, body handling.
@Suite struct HTTPTests {
    struct Client {
        let client: any TestClientProtocol

        func token(_ email: String, _ password: String) async throws -> String {
            let response = try await send(.post, "/token?default", json: ["type": "user_credentials", "username": email, "password": password])
            #expect(response.status == .ok)
            return try #require(response.json["id_token"] as? String)
        }

        func send(_ method: HTTPRequest.Method, _ uri: String, token: String? = nil, json: [String: Any]? = nil,
                  body: String? = nil, contentType: String? = nil) async throws -> Reply {
            var headers: HTTPFields = [:]
            if let token { headers[.authorization] = "Bearer \(token)" }
            var buffer: ByteBuffer?
            if let json {
                headers[.contentType] = "application/json"
                buffer = ByteBuffer(data: try JSONSerialization.data(withJSONObject: json))
            } else if let body {
                buffer = ByteBuffer(string: body)
            }
            if let contentType { headers[.contentType] = contentType }
            return try await client.execute(uri: uri, method: method, headers: headers, body: buffer) { response in
                Reply(status: response.status, body: Data(buffer: response.body))
            }
        }
    }

    struct Reply {
        var status: HTTPResponse.Status
        var body: Data
        var json: [String: Any] { ((try? JSONSerialization.jsonObject(with: body)) as? [String: Any]) ?? [:] }
        var array: [[String: Any]] { ((try? JSONSerialization.jsonObject(with: body)) as? [[String: Any]]) ?? [] }
    }

    func withServer(_ options: ServerOptions = ServerOptions(),
                    _ body: @escaping @Sendable (Client, MockPlatform) async throws -> Void) async throws {
        let platform = try await makePlatform()
        let app = ServerApp.application(platform: platform, options: options)
        try await app.test(.router) { client in try await body(Client(client: client), platform) }
    }

    @Test func loginIssuesAJWTWithTheClaimsTheSDKReads() async throws {
        try await withServer { c, _ in
            let token = try await c.token("root@dataloop.example", "root-pass")
            let payload = token.split(separator: ".")[1]
            var base64 = payload.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
            while base64.count % 4 != 0 { base64 += "=" }
            let claims = try #require(try JSONSerialization.jsonObject(with: Data(base64Encoded: base64)!) as? [String: Any])
            #expect(claims["email"] as? String == "root@dataloop.example")
            #expect(claims["exp"] is Int)
            let roles = (claims["https://dataloop.ai/authorization"] as? [String: Any])?["roles"] as? [String]
            #expect(roles?.contains("admin") == true)
        }
    }

    @Test func badCredentialsAre401InThePlatformShape() async throws {
        try await withServer { c, _ in
            let reply = try await c.send(.post, "/token?default", json: ["type": "user_credentials", "username": "ada@provider.example", "password": "nope"])
            #expect(reply.status == .unauthorized)
            #expect(reply.json["status"] as? Int == 401 && reply.json["error"] as? String == "Unauthorized")
            #expect((reply.json["message"] as? String)?.contains("wrong email or password") == true)
        }
    }

    @Test func missingMalformedAndForgedTokensAre401() async throws {
        try await withServer { c, _ in
            #expect(try await c.send(.get, "/api/v1/orgs").status == .unauthorized)
            #expect(try await c.send(.get, "/api/v1/orgs", token: "not-a-jwt").status == .unauthorized)
            let other = try await makePlatform(jwtSecret: "another-secret")
            let forged = try await other.tokens.issue(for: try await other.user("ada@provider.example"))
            #expect(try await c.send(.get, "/api/v1/orgs", token: forged).status == .unauthorized)
        }
    }

    @Test func expiredTokenIs401ByTheServerClock() async throws {
        try await withServer { c, platform in
            let token = try await c.token("ada@provider.example", "ada-pass")
            #expect(try await c.send(.get, "/api/v1/users/me", token: token).status == .ok)
            try platform.clock.advance(byMs: 25 * 3600 * 1000)
            let reply = try await c.send(.get, "/api/v1/users/me", token: token)
            #expect(reply.status == .unauthorized)
            #expect((reply.json["message"] as? String)?.contains("expired") == true)
        }
    }

    @Test func refreshTokenRenewsAndIsNotRotated() async throws {
        try await withServer { c, _ in
            let login = try await c.send(.post, "/token?default", json: ["type": "user_credentials", "username": "ada@provider.example", "password": "ada-pass"])
            let refresh = try #require(login.json["refresh_token"] as? String)
            for _ in 0..<2 {
                let renewed = try await c.send(.post, "/token?default", json: ["type": "refresh_token", "refresh_token": refresh])
                #expect(renewed.status == .ok)
                let token = try #require(renewed.json["id_token"] as? String)
                #expect(try await c.send(.get, "/api/v1/users/me", token: token).json["email"] as? String == "ada@provider.example")
            }
            #expect(try await c.send(.post, "/token?default", json: ["type": "refresh_token", "refresh_token": "rt_bogus"]).status == .unauthorized)
        }
    }

    /// 404, not 501: dtlpy retries a 501 for about 30 s before it raises.
    @Test func unemulatedRoutesAre404NamingTheRoute() async throws {
        try await withServer { c, _ in
            let token = try await c.token("ada@provider.example", "ada-pass")
            let reply = try await c.send(.get, "/api/v1/items/abc", token: token)
            #expect(reply.status == .notFound)
            #expect(reply.json["message"] as? String == "dataloop-mock does not emulate GET /api/v1/items/abc")
        }
    }

    @Test func unmatchedStatusFlagRestores501() async throws {
        var options = ServerOptions()
        options.unmatchedStatus = 501
        try await withServer(options) { c, _ in
            let token = try await c.token("ada@provider.example", "ada-pass")
            let reply = try await c.send(.get, "/api/v1/items/abc", token: token)
            #expect(reply.status == .notImplemented)
            #expect(reply.json["status"] as? Int == 501)
            #expect(reply.json["message"] as? String == "dataloop-mock does not emulate GET /api/v1/items/abc")
            // A path the mock serves with another method is still a 405, whatever the flag.
            #expect(try await c.send(.delete, "/api/v1/orgs", token: token).status == .methodNotAllowed)
        }
    }

    @Test func badBodiesAre4xxAndChangeNothing() async throws {
        try await withServer { c, platform in
            let token = try await c.token("ada@provider.example", "ada-pass")
            let org = try await platform.orgId("Provider Inc")
            let before = try await platform.stateDigest()
            let malformed = try await c.send(.patch, "/api/v1/orgs/\(org)", token: token, body: "{\"name\": ", contentType: "application/json")
            #expect(malformed.status == .badRequest)
            #expect((malformed.json["message"] as? String)?.contains("malformed JSON") == true)
            let wrongType = try await c.send(.patch, "/api/v1/orgs/\(org)", token: token, body: "name=x", contentType: "text/plain")
            #expect(wrongType.status == .unsupportedMediaType)
            let unknown = try await c.send(.patch, "/api/v1/orgs/\(org)", token: token, json: ["name": "x", "color": "red"])
            #expect(unknown.status == .badRequest)
            #expect((unknown.json["message"] as? String)?.contains("unknown field 'color'") == true)
            let typed = try await c.send(.patch, "/api/v1/orgs/\(org)", token: token, json: ["name": 5])
            #expect(typed.status == .badRequest)
            #expect((typed.json["message"] as? String)?.contains("'name'") == true)
            let huge = try await c.send(.patch, "/api/v1/orgs/\(org)", token: token, json: ["name": String(repeating: "x", count: 2_000_000)])
            #expect(huge.status == .contentTooLarge)
            // Raw bytes: `{"name": "<0xFF 0xFE>"}` is not UTF-8.
            let nonUTF8 = try await c.client.execute(
                uri: "/api/v1/orgs/\(org)", method: .patch,
                headers: [.authorization: "Bearer \(token)", .contentType: "application/json"],
                body: ByteBuffer(bytes: Array(#"{"name": ""#.utf8) + [0xFF, 0xFE] + Array(#""}"#.utf8))
            ) { Reply(status: $0.status, body: Data(buffer: $0.body)) }
            #expect(nonUTF8.status == .badRequest)
            #expect((nonUTF8.json["message"] as? String)?.contains("UTF-8") == true)
            let unknownOrg = try await c.send(.get, "/api/v1/orgs/no-such-org", token: token)
            #expect(unknownOrg.status == .notFound)
            #expect(try await platform.stateDigest() == before)
        }
    }

    @Test func injectionLookingNamesAreStoredVerbatim() async throws {
        try await withServer { c, platform in
            let token = try await c.token("ada@provider.example", "ada-pass")
            let org = try await platform.orgId("Provider Inc")
            // Org names keep to the platform's alphabet, which still spells SQL.
            let name = "Robert) DROP TABLE org--"
            let reply = try await c.send(.patch, "/api/v1/orgs/\(org)", token: token, json: ["name": name])
            #expect(reply.status == .ok)
            #expect(try await c.send(.get, "/api/v1/orgs/\(org)", token: token).json["name"] as? String == name)
            // Integration names are free text: quotes and semicolons included.
            let free = "Robert'); DROP TABLE org;--"
            let created = try await c.send(.post, "/api/v1/orgs/\(org)/integrations", token: token,
                                           json: ["type": "s3", "name": free, "options": ["key": "k"]])
            #expect(created.status == .created)
            let id = try #require(created.json["id"] as? String)
            #expect(try await c.send(.get, "/api/v1/orgs/\(org)/integrations/\(id)", token: token).json["name"] as? String == free)
        }
    }

    @Test func projectCreateAcceptsTheSDKsFormBody() async throws {
        try await withServer { c, _ in
            let token = try await c.token("linus@provider.example", "linus-pass")
            let reply = try await c.send(.post, "/api/v1/projects", token: token, body: "name=Form+made", contentType: "application/x-www-form-urlencoded")
            #expect(reply.status == .created)
            #expect(reply.json["name"] as? String == "Form made")
            #expect((reply.json["org"] as? [String: Any])?["name"] as? String == "Provider Inc")
            #expect(reply.json["role"] as? String == "owner")
        }
    }

    @Test func memberEndpointsAnswerWithJSON() async throws {
        try await withServer { c, platform in
            let token = try await c.token("ada@provider.example", "ada-pass")
            let org = try await platform.orgId("Provider Inc")
            let updated = try await c.send(.patch, "/api/v1/orgs/\(org)/members", token: token, json: ["email": "linus@provider.example", "role": "admin"])
            #expect(updated.status == .ok && updated.json["role"] as? String == "admin")
            let removed = try await c.send(.delete, "/api/v1/orgs/\(org)/members/linus@provider.example", token: token)
            #expect(removed.status == .ok && removed.json["email"] as? String == "linus@provider.example")
        }
    }

    @Test func cachedReadsFollowEveryKindOfChange() async throws {
        try await withServer { c, platform in
            let token = try await c.token("ada@provider.example", "ada-pass")
            let org = try await platform.orgId("Provider Inc")
            func name() async throws -> String? { try await c.send(.get, "/api/v1/orgs/\(org)", token: token).json["name"] as? String }
            #expect(try await name() == "Provider Inc")
            #expect(try await name() == "Provider Inc") // served from the cache
            _ = try await c.send(.patch, "/api/v1/orgs/\(org)", token: token, json: ["name": "Renamed"])
            #expect(try await name() == "Renamed")
            _ = try await c.send(.post, "/_mock/snapshots/renamed")
            _ = try await c.send(.post, "/_mock/reset")
            #expect(try await name() == "Provider Inc")
            _ = try await c.send(.post, "/_mock/snapshots/renamed/restore")
            #expect(try await name() == "Renamed")
            // Another caller never gets someone else's answer.
            let grace = try await c.token("grace@provider.example", "grace-pass")
            let projects = try await c.send(.get, "/api/v1/projects", token: grace).array.map { $0["name"] as? String }
            let adas = try await c.send(.get, "/api/v1/projects", token: token).array.map { $0["name"] as? String }
            #expect(projects != adas)
        }
    }

    @Test func resetRestoresTheSeed() async throws {
        try await withServer { c, platform in
            let seeded = try await platform.stateDigest()
            let token = try await c.token("ada@provider.example", "ada-pass")
            _ = try await c.send(.post, "/api/v1/projects", token: token, json: ["name": "Scratch"])
            #expect(try await platform.stateDigest() != seeded)
            #expect(try await c.send(.post, "/_mock/reset").status == .ok)
            #expect(try await platform.stateDigest() == seeded)
        }
    }
}

@Suite struct JournalTests {
    @Test func oddFormBodiesAreJournaledRedactedWithoutCrashing() {
        for body in ["=", "&=&", "name=a&=", "password=secret&x", "%F1=%zz"] {
            _ = RequestJournal.redacted(Data(body.utf8), contentType: "application/x-www-form-urlencoded")
        }
        let redacted = RequestJournal.redacted(Data("email=a%40b.example&password=hunter2".utf8), contentType: "application/x-www-form-urlencoded")
        #expect(redacted == .object(["email": .string("a@b.example"), "password": .string(Redaction.placeholder)]))
    }

    @Test func integrationOptionsAreRedactedEntirely() throws {
        let body = #"{"name":"s3","options":{"key":"AKIA","nested":{"secret":"x"}},"credentials":{"options":{"a":"b"},"type":"s3"}}"#
        let redacted = try #require(RequestJournal.redacted(Data(body.utf8), contentType: "application/json"))
        let text = String(decoding: try JSONEncoder().encode(redacted), as: UTF8.self)
        #expect(!text.contains("AKIA") && !text.contains("\"x\"") && !text.contains("\"b\""))
        #expect(text.contains("\"name\":\"s3\""))
    }

    @Test func ringKeepsTheNewest() {
        let journal = RequestJournal(capacity: 3)
        for i in 0..<5 {
            journal.record(body: .none) { seq in
                RequestJournal.Entry(seq: seq, method: "GET", path: "/p\(i)", query: nil, status: 200, caller: nil, body: nil,
                                     bodyBytes: 0, bodyTruncated: false, timeMs: 0, durationMs: 0, unmatched: false)
            }
        }
        #expect(journal.entries().map(\.path) == ["/p2", "/p3", "/p4"])
        var filter = RequestJournal.Filter()
        filter.pathPrefix = "/p3"
        #expect(journal.entries(filter).map(\.seq) == [4])
    }

    @Test func globs() {
        #expect(Glob.matches(pattern: "/api/v1/orgs/*/members", "/api/v1/orgs/x/members"))
        #expect(!Glob.matches(pattern: "/api/v1/orgs/*", "/api/v1/orgs/x/members"))
        #expect(Glob.matches(pattern: "/api/v1/**", "/api/v1/orgs/x/members"))
    }
}
