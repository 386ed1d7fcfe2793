import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
@testable import DataloopMock

/// DESIGN's permission tables as data: every role against every org endpoint, over HTTP.
/// A cell is the status the caller must get; refusals must leave the state unchanged.
@Suite struct PermissionMatrixTests {
    enum Actor: String, CaseIterable, Sendable {
        case owner = "ada@provider.example", admin = "grace@provider.example", member = "linus@provider.example"
        case worker = "wendy@provider.example", outsider = "carol@client-a.example", superuser = "root@dataloop.example"
    }

    struct Endpoint: Sendable, CustomStringConvertible {
        var method: HTTPRequest.Method
        var path: String            // `{org}` is Provider Inc's id
        var body: [String: String]? // JSON object of strings
        var allowed: Set<Actor>
        var description: String { "\(method) \(path)" }
    }

    static let all = Set(Actor.allCases)
    static let members: Set<Actor> = [.owner, .admin, .member, .superuser]
    static let managers: Set<Actor> = [.owner, .admin, .superuser]

    static let endpoints: [Endpoint] = [
        Endpoint(method: .get, path: "/api/v1/orgs/{org}", allowed: all.subtracting([.outsider])),
        Endpoint(method: .get, path: "/api/v1/orgs/{org}/members", allowed: members),
        Endpoint(method: .get, path: "/api/v1/orgs/{org}/groups", allowed: members),
        Endpoint(method: .get, path: "/api/v1/orgs/{org}/projects", allowed: members),
        Endpoint(method: .get, path: "/api/v1/orgs/{org}/overview", allowed: members),
        Endpoint(method: .get, path: "/api/v1/orgs/{org}/clients", allowed: managers),
        Endpoint(method: .get, path: "/api/v1/orgs/{org}/integrations", allowed: managers),
        Endpoint(method: .patch, path: "/api/v1/orgs/{org}", body: ["name": "Provider Inc"], allowed: managers),
        Endpoint(method: .patch, path: "/api/v1/orgs/{org}/plan", body: ["plan": "premium"], allowed: [.superuser]),
        Endpoint(method: .patch, path: "/api/v1/orgs/{org}/members", body: ["email": "wendy@provider.example", "role": "worker"], allowed: managers),
        Endpoint(method: .post, path: "/api/v1/services/fs-cache?mode=get", body: nil, allowed: [.owner, .superuser]),
    ]

    static let cases: [(Endpoint, Actor)] = endpoints.flatMap { endpoint in Actor.allCases.map { (endpoint, $0) } }

    @Test(arguments: cases)
    func statusFollowsTheTable(endpoint: Endpoint, actor: Actor) async throws {
        let platform = try await makePlatform()
        let app = ServerApp.application(platform: platform, options: ServerOptions())
        let orgId = try await platform.orgId("Provider Inc")
        let before = try await platform.stateDigest()
        // Minted directly: logging in through /token would itself change state (lastLogin).
        let token = try await platform.tokens.issue(for: try await platform.user(actor.rawValue))
        try await app.test(.router) { client in
            var headers: HTTPFields = [.authorization: "Bearer \(token)"]
            var body: ByteBuffer?
            let json: [String: Any]? = endpoint.path.contains("fs-cache") ? ["org": ["id": orgId]] : endpoint.body
            if let json {
                headers[.contentType] = "application/json"
                body = ByteBuffer(data: try JSONSerialization.data(withJSONObject: json))
            }
            let uri = endpoint.path.replacingOccurrences(of: "{org}", with: orgId)
            try await client.execute(uri: uri, method: endpoint.method, headers: headers, body: body) { response in
                let expected: HTTPResponse.Status = endpoint.allowed.contains(actor) ? .ok : .forbidden
                #expect(response.status == expected, "\(actor) \(endpoint)")
                if expected == .forbidden {
                    let error = try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any]
                    #expect((error?["message"] as? String)?.contains("only") == true)
                }
            }
        }
        if !endpoint.allowed.contains(actor) {
            #expect(try await platform.stateDigest() == before, "a refused \(endpoint) changed state")
        }
    }
}
