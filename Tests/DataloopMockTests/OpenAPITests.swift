import Foundation
import Hummingbird
import Testing
@testable import DataloopMock

/// The OpenAPI document and the router describe the same routes, both ways.
@Suite struct OpenAPITests {
    static func normalized(_ path: String) -> String {
        // `{orgId}` and `:orgId` alike become `{}`; parameter names may differ.
        path.split(separator: "/", omittingEmptySubsequences: false).map { segment in
            segment.hasPrefix("{") || segment.hasPrefix(":") ? "{}" : String(segment)
        }.joined(separator: "/")
    }

    static func documentRoutes() throws -> Set<String> {
        let doc = try #require(try JSONSerialization.jsonObject(with: Data(OpenAPIDocument.json.utf8)) as? [String: Any])
        let paths = try #require(doc["paths"] as? [String: [String: Any]])
        var routes: Set<String> = []
        for (path, operations) in paths {
            for method in operations.keys where ["get", "post", "put", "patch", "delete"].contains(method) {
                routes.insert("\(method.uppercased()) \(normalized(path))")
            }
        }
        return routes
    }

    @Test func everyServedRouteIsDocumentedAndViceVersa() async throws {
        let platform = try await makePlatform()
        let registry = NamespaceRegistry(defaultPlatform: platform, maxNamespaces: 4, jwtSecret: nil)
        let router = MockServer.router(registry: registry, options: ServerOptions())
        let served = Set(router.routes.map { route in
            let path = "\(route.path)"
            return "\(route.method) \(Self.normalized(path.hasPrefix("/") ? path : "/" + path))"
        })
        let documented = try Self.documentRoutes()
        #expect(served.count > 50 && served.contains("PATCH /api/v1/projects/{}/account"))
        #expect(served.subtracting(documented).sorted() == [], "served but not in docs/openapi.json")
        #expect(documented.subtracting(served).sorted() == [], "in docs/openapi.json but not served")
    }

    @Test func embeddedDocumentMatchesTheFile() throws {
        let file = try String(contentsOf: FixtureTests.repoRoot.appendingPathComponent("docs/openapi.json"), encoding: .utf8)
        #expect(OpenAPIDocument.json + "\n" == file || OpenAPIDocument.json == file, "run scripts/embed-resources after editing docs/openapi.json")
    }
}
